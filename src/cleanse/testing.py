"""Helpers for rule authors: check a rule against its own examples.

>>> from cleanse.rules.appeals import PaymentMethods
>>> check_examples(PaymentMethods)
[]
"""

from __future__ import annotations

import functools

from .features import make_page
from .html import html_page, looks_like_html
from .profiles import Profile, learn, with_site
from .rules.base import STRONG, PhraseRule, Rule, phrase_matcher
from .segment import segment

#: the URL every example page of a rule with an ``example_site`` is checked at
EXAMPLE_URL = "https://example.test/news/page"


def example_profile(rule: type[Rule]) -> Profile | None:
    """The site profile learned from a rule's ``example_site`` pages (default thresholds), if it has any.

    >>> from cleanse.rules.site import SiteTemplate
    >>> example_profile(SiteTemplate).sites["example.test"].pages
    4
    """
    return _learned(rule.example_site) if rule.example_site else None


@functools.cache
def _learned(pages: tuple[str, ...]) -> Profile:
    return learn(("example.test", page) for page in pages).prune()


def weight_on(rule: type[Rule], text: str, lang: str = "*") -> float:
    """Total boilerplate weight ``rule`` gives the blocks of ``text`` (plain text or an HTML page).

    By default phrase rules are checked against every language's phrases,
    since examples come in many languages; ``lang`` checks as a page in that
    language would be (English plus its own). A rule's ``example_options`` are
    set first (an unconfigured rule keeps them; a configured one keeps its own).
    A rule with an ``example_site`` sees the text as a page of that site
    (``EXAMPLE_URL``, ``example_profile``).
    """
    if rule.example_options and not rule.settings:
        rule = rule.configured(rule.example_options)
    markup = looks_like_html(text)
    if markup:
        parsed = html_page(text, EXAMPLE_URL)
        blocks, structured_body = parsed.blocks, parsed.structured_body
    else:
        blocks, structured_body = segment(text), ""
    page = make_page(blocks, None if lang == "*" else lang, EXAMPLE_URL, structured_body, markup)
    page = with_site(page, example_profile(rule))
    if issubclass(rule, PhraseRule):
        findings = phrase_matcher((rule,), lang).check(page)
    else:
        findings = list(rule().check(page))
    # Negative weight is evidence of body (HTM004), not a flag: it neither
    # proves a `drop` example nor excuses a strong flag elsewhere on a `keep` page.
    return sum(f.weight for f in findings if f.code == rule.code and f.weight > 0)


def check_examples(rule: type[Rule], drop: tuple[str, ...] = (), keep: tuple[str, ...] = ()) -> list[str]:
    """Problems with a rule's examples (its own plus ``drop``/``keep`` given here).

    A `drop` text must be flagged (any weight); a `keep` look-alike must not
    be flagged strongly enough to drop it alone. An empty list means all is well.
    """
    problems = []
    for text in (*rule.drop, *drop):
        if weight_on(rule, text) <= 0:
            problems.append(f"{rule.code} {rule.name} does not flag {text!r}")
    for text in (*rule.keep, *keep):
        weight = weight_on(rule, text)
        if weight >= STRONG:
            problems.append(f"{rule.code} {rule.name} flags the look-alike {text!r} strongly ({weight})")
    return problems
