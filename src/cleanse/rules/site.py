"""Site-specific evidence: what one site prints and no other does.

A sponsor line ("Brought to you by Acme Widgets") is boilerplate on the one
site that carries it and could be prose anywhere else, so it has no place in
the shared phrase lists. ``[[tool.cleanse.sites]]`` entries name such lines
(``drop-phrases``) and SIT001 reports them, only on pages of that site.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from .base import PhraseRule


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
