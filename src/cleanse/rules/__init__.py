"""Built-in rule packs. ``BUILTIN_RULES`` is their order of evaluation."""

from __future__ import annotations

from .ads import AdLabel
from .appeals import AppealDismissal, DonationAppeal, PaymentMethods, SupportBanner
from .base import PhraseRule, Rule
from .legal import CopyrightLine, LegalLinks, LegalProse
from .navigation import AuthorBio, Breadcrumb, Pagination, ReadMoreLink, RelatedContent, SkipLink
from .prompts import (
    CallToAction,
    CommentPrompt,
    CookieNotice,
    FeedbackPrompt,
    InterfaceLabel,
    LoginPrompt,
    NewsletterPrompt,
    PaywallPrompt,
    ShopLabel,
    ThreadChrome,
)
from .site import SitePhrase, SiteTemplate
from .social import FollowPrompt, ShareButtons
from .structure import (
    CommentThread,
    ContentsLinks,
    FurnitureClass,
    FurnitureContainer,
    LinkDense,
    LooseText,
    StructuredBody,
)
from .text import CommentHeader, ContentsRun, MenuRun, MetadataLine, PageTitle, RepeatedLine, UrlLine

BUILTIN_RULES: tuple[type[Rule], ...] = (
    SupportBanner,
    DonationAppeal,
    PaymentMethods,
    AppealDismissal,
    ReadMoreLink,
    RelatedContent,
    SkipLink,
    Breadcrumb,
    Pagination,
    AuthorBio,
    InterfaceLabel,
    NewsletterPrompt,
    LoginPrompt,
    PaywallPrompt,
    CookieNotice,
    CommentPrompt,
    CallToAction,
    ShopLabel,
    FeedbackPrompt,
    ThreadChrome,
    ShareButtons,
    FollowPrompt,
    CopyrightLine,
    LegalLinks,
    LegalProse,
    AdLabel,
    RepeatedLine,
    MenuRun,
    ContentsRun,
    UrlLine,
    MetadataLine,
    PageTitle,
    CommentHeader,
    FurnitureContainer,
    FurnitureClass,
    LinkDense,
    LooseText,
    ContentsLinks,
    CommentThread,
    StructuredBody,
    SitePhrase,
    SiteTemplate,
)

__all__ = ["BUILTIN_RULES", "PhraseRule", "Rule"]
