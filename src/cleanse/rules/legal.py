"""Legal footer: copyright lines and policy links."""

from __future__ import annotations

from .base import PhraseRule


class CopyrightLine(PhraseRule):
    """A copyright or all-rights-reserved line ("© 2025 Foo Media. All rights reserved.")."""

    code = "LEG001"
    name = "copyright-line"
    # The footer's first line: nothing below it is article.
    heads_section = True
    lines = (
        # the © sign or (c) with a year or a name, in any language
        r"(?:copyright\s*)?(?:©|\(c\))\s*.{0,120}",
        # "Copyright law gives authors ..." is news: a year must follow
        r"copyright\s+(?:©\s*)?(?:\d{4}|by\b).{0,120}",
        r".{0,120}(?:©|\(c\))\s*(?:\d{4}|\w).{0,80}",
    )
    drop = ("© 2025 Foo Media. All rights reserved.", "Copyright 2024 The Daily Example", "Alle Rechte vorbehalten.")
    keep = ("The copyright dispute between the two publishers reached the supreme court in March.",)


class LegalLinks(PhraseRule):
    """Links to privacy policy, terms, imprint and similar legal pages."""

    code = "LEG002"
    name = "legal-links"
    drop = ("Privacy Policy", "Terms of Use | Privacy Policy | Cookie Policy", "Impressum", "Datenschutz")
    keep = ("The new privacy policy, the regulator said, breaches European law.",)


class LegalProse(PhraseRule):
    """Terms-of-service and privacy-policy prose embedded in a page.

    Shops and apps print whole clauses of their terms into every page ("By
    posting Comments, you represent that ..."). Weak phrases; three distinct
    ones drop a paragraph, so an article about privacy law with one or two
    survives.
    """

    code = "LEG003"
    name = "legal-prose"
    phrase_weight = 0.4
    drop = (
        "By using the Platform you agree to these Terms of Service and consent to our collection of personal information, which we may share with third parties.",
    )
    keep = (
        "The court ruled that the company's terms of service were unfair to consumers, the regulator said on Monday.",
    )
