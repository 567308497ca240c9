"""Navigation: read-more links, related teasers, skip links, breadcrumbs, paging, author boxes."""

from __future__ import annotations

from .base import PhraseRule


class ReadMoreLink(PhraseRule):
    """A "read more" / "continue reading" link line.

    Teaser footers end in it. Only the whole line: a quote such as "read more
    books" inside a sentence is body.
    """

    code = "NAV001"
    name = "read-more-link"
    # Far down the page, the first read-more link is the first teaser's.
    ends_article = True
    drop = ("Read more", "Continue reading →", "Weiterlesen", "Lire la suite", "Читать далее")
    keep = ("“Read more books,” the teacher told her class on the first day of term.",)


class RelatedContent(PhraseRule):
    """A heading or line that introduces related, recommended or more articles.

    "Related articles", "You may also like", "More from Sport", "Also read:".
    Lines only, plus a few prefixes that mark a teaser line ("Also read: ...").
    """

    heads_section = True
    code = "NAV002"
    name = "related-content"
    drop = (
        "Related articles",
        "You may also like",
        "More from World",
        "Also read: Ten things to know about the vote",
        "Lesen Sie auch",
        "Recently by Dana Whitfield",
        "Further reading about typography",
        "If you liked this post you might also like:",
    )
    keep = (
        "The related question of funding was left to the next meeting.",
        "Also from the harbour, a ferry will run twice a day until the bridge reopens in spring.",
    )


class SkipLink(PhraseRule):
    """An accessibility skip link, a navigation toggle or a link block's heading ("Skip to content", "Menu", "Quick links")."""

    code = "NAV003"
    name = "skip-link"
    # "Back to top" and a footer's own heading ("Quick links") close the page.
    heads_section = True
    drop = (
        "Skip to content",
        "Skip to main content",
        "Toggle navigation",
        "Menu",
        "Search",
        "Quick Links",
        "Footer menu",
    )
    keep = ("The skipper steered to the main harbour before the storm.",)


class Breadcrumb(PhraseRule):
    """A breadcrumb trail: short items joined by ›, », >, / or |.

    "Home › World › Europe". Items must be short labels; a sentence with a
    "greater than" sign is not a trail.
    """

    code = "NAV004"
    name = "breadcrumb"
    # A trail repeated in the footer ends the article there; the one above
    # the headline heads nothing (as a section head it took service pages' intros).
    ends_article = True
    lines = (
        # two or more separators between short labels
        # a slash counts only with spaces around it: "180C/350F" is a recipe
        r"[\w][\w&'’.,\- ]{0,40}(?:(?:\s*[›»‹«>|•·]\s*|\s+/\s+)[\w][\w&'’.,\- ]{0,40}){2,}",
        r"(?:home|start|startseite|accueil|inicio|главная)\s*[›»>/|•·]\s*\S.{0,80}",
        # one › or » is enough: prose never uses them between two labels
        r"[\w][\w&'’.,\- ]{0,40}\s*[›»]\s*[\w][\w&'’.,\- ]{0,40}",
    )
    drop = ("Home › World › Europe", "Startseite > Politik > Inland", "News | Sport | Weather | Culture")
    keep = ("Prices rose 5% > inflation, which is 3% in the region.",)


class Pagination(PhraseRule):
    """Paging and post navigation ("Next page", "« Previous post", "1 2 3 … 10 Next")."""

    code = "NAV005"
    name = "pagination"
    lines = (
        # a run of page numbers, optionally with next/prev arrows
        # No two "\s*" side by side, and "\d{1,3}+" possessive: a digit run
        # split into page numbers every way was exponential in the combined
        # matcher ("1" * 25 + "a" took 4 s, 30 digits never ended); a bare
        # "12" is no longer read as pages 1 and 2. The run is possessive too
        # ("{2,}+": what may follow it starts with neither a digit nor a space):
        # giving its numbers back one by one was quadratic on "1 1 1 … x".
        r"(?:[«‹<]?(?:\s*(?:prev(?:ious)?|next|older|newer))?\s*)?(?:\d{1,3}+(?:\s*(?:…|\.\.\.))?\s*){2,}+(?:(?:next|last|»|›|>)\s*)*",
    )
    drop = ("Next page", "« Previous post", "1 2 3 … 10 Next", "Older posts")
    keep = ("The next page of the report deals with pensions.",)


class AuthorBio(PhraseRule):
    """A paragraph introducing the author ("Jane Doe is a freelance writer who ...").

    Author boxes close articles; in plain text they read like prose. Weak
    evidence only: such a paragraph goes at the body's edge and stays inside
    it (an interview that introduces its subject the same way).
    """

    code = "NAV007"
    name = "author-bio"
    drop = (
        "Dana Whitfield is a freelance writer and editor based in Leeds who covers housing and transport.",
        "Jonas Weber ist freier Journalist in Hamburg und schreibt über Verkehr und Stadtplanung.",
    )
    keep = (
        "The council is a major employer in the town and its budget is under strain.",
        "Notepad++ is a free text editor for Windows that many developers use.",
    )
