"""Appeals for money: support banners, donation prose, payment lines, dismissals.

The pack the project started from: news pages that end in "we have a small
favor to ask", a card list and "Remind me later". Density-based extractors keep
the appeal because it is long, well-formed prose; only its phrasing gives it away.
"""

from __future__ import annotations

from .base import PhraseRule


class SupportBanner(PhraseRule):
    """A short banner asking readers to support, donate to or join the publication.

    Seen at the top of news pages ("Support The Moscow Times!"). Only whole
    short lines count: a headline such as "Support for the bill grows" is not
    a banner and is left alone.
    """

    code = "APL001"
    name = "support-banner"
    drop = ("Support The Moscow Times!", "Donate now", "Become a member today!", "Jetzt unterstützen", "Soutenez-nous")
    keep = ("Support for the new bill grows in parliament", "Donations to the city museum doubled last year.")


class DonationAppeal(PhraseRule):
    """Prose in which the publisher asks readers for money or membership.

    The appeal after the body is long and sentence-like, so it survives
    density heuristics; its first-person asks ("we have a small favor to ask",
    "your support", "support us monthly") mark it. An article *about* a
    donation drive reports such asks in the third person and is not flagged.
    """

    code = "APL002"
    name = "donation-appeal"
    drop = (
        "… we have a small favor to ask. As you may have heard, our newsroom has been targeted again.",
        "Your support, no matter how small, makes a world of difference. Please support us monthly starting from just $2.",
        "If you value our independent journalism, please consider making a donation today.",
    )
    keep = (
        "The food bank said donations fell by a third this year, and volunteers spent the weekend collecting tins outside supermarkets.",
        "Readers of the paper raised money for the hospital in 1998, the mayor recalled in her speech.",
    )


class PaymentMethods(PhraseRule):
    """A line listing payment methods or a price-per-month ask.

    Donation boxes end in card and wallet names ("Visa Mastercard PayPal") or a
    heading such as "paiment methods" (typos included: scraped appeals are
    often machine-translated). An article about a payments company keeps its
    sentences: only label-like lines match.
    """

    code = "APL003"
    name = "payment-methods"
    drop = ("paiment methods", "Payment methods", "Visa Mastercard PayPal Apple Pay", "$5 / month")
    keep = ("Visa and Mastercard reported higher payment volumes in the third quarter, beating analyst forecasts.",)


class AppealDismissal(PhraseRule):
    """A button or line that dismisses an appeal or prompt ("Remind me later").

    These follow donation and newsletter boxes: "Not ready to support today?",
    "Maybe later", "No thanks", "Close". Whole short lines only.
    """

    code = "APL004"
    name = "appeal-dismissal"
    drop = ("Not ready to support today?", "Remind me later.", "Maybe later", "No thanks", "Vielleicht später")
    keep = ("He said he would remind me later that evening, but he never called.",)
