"""Prompts aimed at the reader: newsletter, login, paywall, cookies, comments."""

from __future__ import annotations

from .base import PhraseRule


class NewsletterPrompt(PhraseRule):
    """A newsletter or subscription sign-up prompt.

    "Sign up for our newsletter", "Enter your email", "Subscribe". An article
    that mentions a newsletter in passing is not a prompt: phrases ask the
    reader directly.
    """

    code = "PRM001"
    name = "newsletter-prompt"
    drop = (
        "Sign up for our newsletter",
        "Get the best stories delivered to your inbox every morning. Enter your email address",
        "Subscribe",
        "Newsletter abonnieren",
        "Subscribe to our blog and receive notifications of new stories by email.",
        "Subscribe to receive posts by email",
    )
    keep = ("The library's newsletter reported that 300 children joined the reading club this summer.",)


class LoginPrompt(PhraseRule):
    """A login, register or account prompt ("Log in", "Already a subscriber? Sign in")."""

    code = "PRM002"
    name = "login-prompt"
    drop = ("Log in", "Already a subscriber? Log in", "Create an account", "Anmelden")
    keep = ("Users who log in from abroad will be asked for a second code, the bank said.",)


class PaywallPrompt(PhraseRule):
    """A paywall notice ("Subscribe to continue reading", "This article is for subscribers")."""

    code = "PRM003"
    name = "paywall-prompt"
    drop = (
        "Subscribe to continue reading",
        "This article is for subscribers only.",
        "Get unlimited access for $1 a week",
    )
    keep = ("The newspaper put its archive behind a paywall in 2019, a move that angered many readers.",)


class CookieNotice(PhraseRule):
    """A cookie or consent banner and its buttons.

    "We use cookies to improve your experience", "Accept all", "Manage
    preferences". An article about cookie law talks about cookies in the third
    person and survives.
    """

    code = "PRM004"
    name = "cookie-notice"
    drop = (
        "We use cookies to improve your experience on our site. By continuing you agree to our use of cookies.",
        "Accept all cookies",
        "Manage preferences",
        "Wir verwenden Cookies",
    )
    keep = ("The court ruled that websites must let users refuse cookies as easily as they accept them.",)


class CommentPrompt(PhraseRule):
    """A comment-section prompt or counter ("Leave a comment", "12 comments")."""

    heads_section = True
    code = "PRM005"
    name = "comment-prompt"
    drop = (
        "Leave a comment",
        "12 Comments",
        "Be the first to comment",
        "Kommentar schreiben",
        "14 thoughts on “A week on the Hurtigruten”",
        "124 Reader Comments",
        "Discussion about this post",
    )
    keep = ("Critics commented that the plan left out the poorest districts.",)


class CallToAction(PhraseRule):
    """A marketing call to action ("Get started today", "Book a demo", "Shop now").

    Company blogs and product pages scatter these between sections of the
    article. Button-like lines only; a sentence that starts with "Learn" is not
    a button.
    """

    code = "PRM006"
    name = "call-to-action"
    drop = (
        "Get started today",
        "Book a demo",
        "Start your free trial",
        "Shop now",
        "Learn more",
        "Jetzt kaufen",
        "Start free trial Get a demo",
        "Sign up or log in",
        "Book Now * Book Now * Book Now",
    )
    keep = (
        "Learn more about how the council spends its budget by reading the annual report, which was published in May.",
    )


class FeedbackPrompt(PhraseRule):
    """A page-feedback widget ("Was this page helpful?", "Yes No", "Give us feedback")."""

    code = "PRM007"
    name = "feedback-prompt"
    # "Was this page helpful?" closes a documentation page: the links and
    # contributor notes under it are the site's.
    heads_section = True
    drop = ("Was this page helpful?", "Yes No", "How are we doing?", "Give us feedback on this page.")
    keep = ("The feedback from parents was mostly positive, the head teacher said.",)


class ShopLabel(PhraseRule):
    """A shop's label around a product: tax and delivery notes, option pickers, the help line (weak evidence).

    "VAT included", "Order today to get by Mar 17", "Select a size",
    "Frequently bought together", "Free shipping on orders over $50",
    "Refund policy", "Sort: Best Match", "Questions? Call us at ...". Weak,
    not strong: such lines stand between the parts of a product's
    description and between the cards of a listing, and a strong line there
    walls the rest off. Prices ("Sale price $74.95"),
    stock status, "Customer reviews" and "Shipping & returns" belong to
    product cards and content as often as not and are left to context
    (flagging prices cost collections 0.004 F1 on the WCXB share, HTML input).
    """

    code = "PRM009"
    name = "shop-label"
    line_weight = 0.5
    drop = (
        "VAT included (where applicable)",
        "Order today to get by Mar 17-27",
        "Select a size",
        "Frequently Bought Together",
        "Questions? We're happy to help!",
    )
    keep = ("Prices may vary by region, the ferry company said, and the night crossing will cost more in summer.",)


class ThreadChrome(PhraseRule):
    """The furniture of forum and Q&A threads: counters, badges, sort and edit links.

    "Asked 2 years ago", "Viewed 3k times", "Improve this answer", "12 gold
    badges", "Hot Network Questions", "You are using an out of date browser".
    The posts themselves are left to the decision step.
    """

    code = "PRM008"
    name = "thread-chrome"
    drop = (
        "Asked 2 years, 4 months ago",
        "Viewed 3k times",
        "Improve this question",
        "Hot Network Questions",
        "Thread starter harbourmaster",
    )
    keep = ("She asked the council two years ago to improve the crossing outside the school.",)


class InterfaceLabel(PhraseRule):
    """A bare interface label: "Loading…", "Submit", "Embed", "Table of contents", a player clock."""

    code = "NAV006"
    name = "interface-label"
    drop = (
        "Loading…",
        "Submit",
        "Table of Contents",
        "0:01 / 1:00",
        "Show more",
        "JavaScript is disabled. For a better experience, please enable JavaScript in your browser before proceeding.",
        "Edit this page on GitHub",
    )
    keep = ("Loading the lorries took most of the night, the drivers said.",)
