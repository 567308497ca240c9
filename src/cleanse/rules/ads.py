"""Advertising labels: "Advertisement", "Sponsored", "Anzeige"."""

from __future__ import annotations

from .base import PhraseRule


class AdLabel(PhraseRule):
    """An advertisement or sponsored-content label line."""

    code = "ADS001"
    name = "ad-label"
    drop = ("Advertisement", "ADVERTISEMENT", "Sponsored content", "Anzeige", "Publicité")
    keep = ("Advertisement spending fell sharply during the pandemic, the agency reported.",)
