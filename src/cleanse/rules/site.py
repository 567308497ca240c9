"""Site-specific evidence: what one site prints and no other does.

A sponsor line ("Brought to you by Acme Widgets") is boilerplate on the one
site that carries it and could be prose anywhere else, so it has no place in
the shared phrase lists. ``[[tool.cleanse.sites]]`` entries name such lines
(``drop-phrases``) and SIT001 reports them, only on pages of that site.

And what no single-page rule can know: a site's own template ("Get the Harbour
Gazette by pigeon post") says nothing any phrase list has heard of, but it
stands on most of the site's pages while each article's sentences stand on one.
``cleanse learn`` counts that over a corpus (``profiles.py``); SIT002 reads the
result from the page (``Page.site_profile``) and stays stateless.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import ClassVar

from ..features import Page
from ..model import Finding
from ..profiles import line_key
from .base import STRONG, PhraseRule, Rule


class SitePhrase(PhraseRule):
    """A phrase that a site's configuration names as boilerplate on that site.

    It has no phrases of its own: ``drop-phrases`` of a ``[[tool.cleanse.sites]]``
    entry become its ``extra-phrases`` for pages whose URL the entry matches.
    Each phrase is literal, case-insensitive and word-bounded, and a match drops
    its block on its own, so name lines the site prints around every article,
    not words its articles might use.
    """

    code = "SIT001"
    name = "site-phrase"
    example_options: ClassVar[Mapping[str, object]] = {"extra-phrases": ("Brought to you by Acme Widgets",)}
    drop = ("Brought to you by Acme Widgets", "This story was brought to you by ACME WIDGETS.")
    keep = ("Acme Widgets reported higher sales in the third quarter, the company said.",)


class SiteTemplate(Rule):
    """A line the page's site prints on many of its pages (a learned site profile).

    Only with a profile (`--profile FILE`, `Cleaner(profile=...)`, learned by
    `cleanse learn`): a line counts when it stood on at least `min-pages`
    pages and `min-share` of the site's pages of the corpus (3 and 30 % by
    default). Strong on its own, whatever the line's length: menus and
    newsletter boxes in the site's own words go, and so does a site-wide
    disclaimer paragraph. Lines are compared normalised (case, punctuation
    and spacing blind), whole.
    """

    code = "SIT002"
    name = "site-template"
    example_site = (
        "The Harbour Gazette\nTide tables\nMoorings\nGet the Gazette by pigeon post every Sunday\n"
        "The ferry to the island will run on a winter timetable from Monday, the harbour master said.",
        "The Harbour Gazette\nTide tables\nMoorings\nGet the Gazette by pigeon post every Sunday\n"
        "Fishermen landed the largest catch of herring in a decade on Thursday night.",
        "The Harbour Gazette\nTide tables\nMoorings\nGet the Gazette by pigeon post every Sunday\n"
        "The lighthouse will be repainted in the spring, the trust that runs it announced.",
        "The Harbour Gazette\nTide tables\nGet the Gazette by pigeon post every Sunday\n"
        "A storm closed the harbour for two days and damaged three boats at their moorings.",
    )
    drop = ("Get the Gazette by pigeon post every Sunday", "TIDE TABLES", "The Harbour Gazette\nMoorings")
    keep = (
        "Fishermen landed the largest catch of herring in a decade on Thursday night.",
        "Get the Gazette by pigeon post every Monday",
    )

    def check(self, page: Page) -> Iterable[Finding]:
        site = page.site_profile
        if site is None or not site.lines:
            return
        for block in page.blocks:
            key = line_key(block.text)
            if key is not None and key in site.lines:
                n = site.lines[key]
                yield self.finding(block, STRONG, f"on {n} of {site.pages} pages of {page.site} (site profile)")
