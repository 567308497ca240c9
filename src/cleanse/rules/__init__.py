"""Built-in rule packs. ``BUILTIN_RULES`` is their order of evaluation."""

from __future__ import annotations

from .ads import AdLabel
from .appeals import AppealDismissal, DonationAppeal, PaymentMethods, SupportBanner
from .base import PhraseRule, Rule
from .legal import CopyrightLine, LegalLinks
from .navigation import Breadcrumb, Pagination, ReadMoreLink, RelatedContent, SkipLink
from .prompts import CommentPrompt, CookieNotice, LoginPrompt, NewsletterPrompt, PaywallPrompt
from .social import FollowPrompt, ShareButtons
from .text import MenuRun, MetadataLine, RepeatedLine, UrlLine

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
    NewsletterPrompt,
    LoginPrompt,
    PaywallPrompt,
    CookieNotice,
    CommentPrompt,
    ShareButtons,
    FollowPrompt,
    CopyrightLine,
    LegalLinks,
    AdLabel,
    RepeatedLine,
    MenuRun,
    UrlLine,
    MetadataLine,
)

__all__ = ["BUILTIN_RULES", "PhraseRule", "Rule"]
