"""The machinery every rule shares: identity, examples, and declared phrases.

A rule gathers evidence and nothing else: it returns findings (code, weight,
message) and never deletes, rewrites or reorders. ``decide.py`` decides.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Iterable, Iterator
from importlib import resources
from typing import ClassVar

import regex

from ..errors import RuleDefinitionError
from ..features import Features, Page
from ..model import Block, Finding

CODE_FORMAT = regex.compile(r"[A-Z]{3}\d{3}")
NAME_FORMAT = regex.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
STATUSES = ("preview", "stable", "deprecated", "removed")

#: a finding of this weight drops a block on its own (see docs/algorithm.md)
STRONG = 1.0


class Rule:
    """Base of all rules: subclass, set the class attributes, implement ``check``.

    Identity lives in class attributes: ``code`` (three letters and three
    digits, never reused), ``name`` (kebab-case, the pattern it flags), the
    docstring's first line as summary, ``status``, and ``drop`` / ``keep``
    example texts that the contract test runs for every registered rule.
    """

    code: ClassVar[str] = ""
    name: ClassVar[str] = ""
    status: ClassVar[str] = "stable"
    #: texts this rule must flag (each is segmented and checked as a page)
    drop: ClassVar[tuple[str, ...]] = ()
    #: look-alikes this rule must not flag
    keep: ClassVar[tuple[str, ...]] = ()
    #: its lines head a section that is not article (author box, related
    #: links, comments): the decision step drops the short text below them
    heads_section: ClassVar[bool] = False
    #: pages of one site for rules that read a learned site profile: the
    #: examples are checked as pages of that site, with the profile learned from these
    example_site: ClassVar[tuple[str, ...]] = ()

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        if cls.code:  # abstract bases leave code empty
            validate_rule_class(cls)

    @classmethod
    def summary(cls) -> str:
        """The one-line description: the docstring's first line."""
        return (cls.__doc__ or "").strip().splitlines()[0].strip() if cls.__doc__ else ""

    @classmethod
    def doc(cls) -> str:
        """The docstring without its first line (the why of the rule)."""
        lines = (cls.__doc__ or "").strip().splitlines()[1:]
        return "\n".join(line.strip() for line in lines).strip()

    def check(self, page: Page) -> Iterable[Finding]:
        """Return findings for the page; the default asks ``check_block`` per block."""
        for block, feats in zip(page.blocks, page.features, strict=True):
            finding = self.check_block(block, feats, page)
            if finding is not None:
                yield finding

    def check_block(self, block: Block, feats: Features, page: Page) -> Finding | None:
        """Evidence about one block, or None."""
        raise NotImplementedError(f"{type(self).__name__} must implement check or check_block")

    def finding(self, block: Block, weight: float, message: str, span: tuple[int, int] | None = None) -> Finding:
        """A finding of this rule about ``block``."""
        return Finding(self.code, self.name, block.index, weight, message, span)

    def __repr__(self) -> str:
        return f"<rule {self.code} {self.name}>"

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other)

    def __hash__(self) -> int:
        return hash(type(self))


def validate_rule_class(cls: type[Rule]) -> None:
    """Raise ``RuleDefinitionError`` naming what is wrong with a rule class."""
    where = f"{cls.__module__}.{cls.__qualname__}"
    if not CODE_FORMAT.fullmatch(cls.code or ""):
        raise RuleDefinitionError(f"{where}: code {cls.code!r} is not three capitals and three digits (e.g. APL001)")
    if not NAME_FORMAT.fullmatch(cls.name or ""):
        raise RuleDefinitionError(f"{where}: name {cls.name!r} is not kebab-case (e.g. donation-appeal)")
    if cls.status not in STATUSES:
        raise RuleDefinitionError(f"{where}: status {cls.status!r} is not one of {', '.join(STATUSES)}")
    if not cls.summary():
        raise RuleDefinitionError(f"{where}: a rule needs a docstring whose first line is its summary")
    if not cls.drop:
        raise RuleDefinitionError(f"{where}: a rule needs at least one `drop` example")
    if isinstance(cls.drop, str) or isinstance(cls.keep, str):
        raise RuleDefinitionError(f"{where}: `drop` and `keep` are tuples of texts, not one string")


# -- declared phrases ---------------------------------------------------------

#: blocks longer than this are never whole-line matches (a line is a label,
#: a button or a banner, not a paragraph)
LINE_MAX_CHARS = 160
#: only the head of a block is searched for phrases: appeals say what they
#: are early, and it bounds the time a 100 MB line can take
PHRASE_SEARCH_CHARS = 2000
# Decoration around labels: bullets, arrows, pipes, brackets, emoji.
# Currency and copyright signs are kept: "$5 / month", "© 2025 Foo".
_EDGE = regex.compile(r"^[^\w$€£¥©]+|[\W_]+$")
# Emoji presentation selectors and joiners count as word characters to the
# regex module, so "❤️ Donate" would keep its heart.
_INVISIBLE_MARKS = regex.compile(r"[\ufe0e\ufe0f\u200d\u20e3]")


@functools.cache
def phrase_tables() -> dict[str, dict[str, dict[str, list[str]]]]:
    """All phrase data files: language -> rule name -> kind -> patterns."""
    tables: dict[str, dict[str, dict[str, list[str]]]] = {}
    folder = resources.files("cleanse.rules").joinpath("data")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            try:
                tables[entry.name[:-5]] = tomllib.loads(entry.read_text("utf-8"))
            except tomllib.TOMLDecodeError as exc:
                raise RuleDefinitionError(f"phrase file {entry.name}: {exc}") from exc
    return tables


def compile_alternation(patterns: Iterable[str], where: str) -> regex.Pattern[str] | None:
    """One case-insensitive pattern matching any of ``patterns`` (None if empty)."""
    parts = [p for p in patterns if p]
    if not parts:
        return None
    try:
        return regex.compile("|".join(f"(?:{p})" for p in parts), regex.IGNORECASE)
    except regex.error as exc:
        # Find the culprit so the message names it.
        for p in parts:
            try:
                regex.compile(p)
            except regex.error as inner:
                raise RuleDefinitionError(f"{where}: bad pattern {p!r}: {inner}") from exc
        raise RuleDefinitionError(f"{where}: {exc}") from exc


# Quotation marks that open, and what closes each. German „…“ and »…« reuse
# the English and French marks the other way round, hence a small stack.
_PAIRS = {"“": "”", "„": "“", "«": "»", "»": "«", "‹": "›", "「": "」", "『": "』"}


def quoted(text: str, pos: int) -> bool:
    """Is ``pos`` inside a quotation? Articles quote appeals; boilerplate never quotes.

    >>> quoted('She said: "please donate today" and left.', 12)
    True
    >>> quoted('Please donate today.', 0)
    False
    >>> quoted('Er sprach von einer „historischen Entscheidung“. Bitte spenden Sie.', 55)
    False
    """
    stack: list[str] = []
    straight = False
    for ch in text[:pos]:
        if ch == '"':
            straight = not straight
        elif stack and ch == stack[-1]:
            stack.pop()
        elif ch in _PAIRS:
            stack.append(_PAIRS[ch])
    return straight or bool(stack)


def label(text: str) -> str:
    """A block as a label: stripped of the decoration around it."""
    return str(_EDGE.sub("", _INVISIBLE_MARKS.sub("", text.strip())))


class PhraseRule(Rule):
    """Base of rules that are phrase lists: whole lines, strong and weak phrases.

    Patterns live in ``rules/data/<lang>.toml`` under a table named after the
    rule, with three lists: ``lines`` (the whole block, decoration stripped, is
    this label: strong), ``strong`` (a phrase that alone marks the block) and
    ``phrases`` (weak evidence, ``phrase_weight`` each). Class attributes of the
    same names add language-neutral patterns in code. A page is matched against
    the code patterns, English (the lingua franca of web boilerplate) and its
    own language.
    """

    lines: ClassVar[tuple[str, ...]] = ()
    strong: ClassVar[tuple[str, ...]] = ()
    phrases: ClassVar[tuple[str, ...]] = ()
    #: weight of each distinct weak phrase found
    phrase_weight: ClassVar[float] = 0.5
    #: weight of a whole-line or strong match
    line_weight: ClassVar[float] = STRONG

    @classmethod
    def patterns(cls, lang: str | None = None) -> dict[str, list[str]]:
        """Patterns by kind: code first, then the language files.

        A page is matched against English (the lingua franca of web
        boilerplate) and its own language; ``lang=None`` takes every language.
        """
        out: dict[str, list[str]] = {"lines": list(cls.lines), "strong": list(cls.strong), "phrases": list(cls.phrases)}
        tables = phrase_tables()
        for name, table in tables.items():
            for kind, items in table.get(cls.name, {}).items():
                if kind not in out:
                    raise RuleDefinitionError(
                        f"{name}.toml [{cls.name}]: unknown list {kind!r} (lines, strong, phrases)"
                    )
                if lang is None or name in ("en", lang):
                    out[kind].extend(items)
        return out

    def check(self, page: Page) -> Iterable[Finding]:
        return phrase_matcher((type(self),), page.lang).check(page)


class PhraseMatcher:
    """All phrase rules of a cleaner for one language, compiled into three patterns.

    One match per block and list instead of one per rule: the named group that
    matched tells which rule it was. Same findings as running rules one by one.
    """

    def __init__(self, rules: tuple[type[PhraseRule], ...], lang: str) -> None:
        self.rules = rules
        self.lang = lang
        per_rule = [r.patterns(None if lang == "*" else lang) for r in rules]
        self.patterns: dict[str, regex.Pattern[str] | None] = {}
        for kind in ("lines", "strong", "phrases"):
            groups: list[str] = []
            for i, (rule, pats) in enumerate(zip(rules, per_rule, strict=True)):
                where = f"rule {rule.code} {rule.name}"
                for p in pats[kind]:
                    compile_alternation([p], where)  # names the culprit of a bad pattern
                if kind == "phrases":
                    # One group per phrase: evidence counts distinct phrases,
                    # not distinct strings ("£4.99 a month", "£49 a year").
                    groups += [f"(?P<r{i}_{j}>{p})" for j, p in enumerate(pats[kind])]
                elif kind == "strong":
                    groups += [f"(?P<r{i}>{p})" for p in pats[kind]]
                elif pats[kind]:
                    groups.append(f"(?P<r{i}>{'|'.join(f'(?:{p})' for p in pats[kind])})")
            self.patterns[kind] = _compile_groups(groups, searched=kind != "lines")

    def check(self, page: Page) -> list[Finding]:
        """Findings of every rule of this matcher on ``page``."""
        out: list[Finding] = []
        lines, strong, weak = self.patterns["lines"], self.patterns["strong"], self.patterns["phrases"]
        rules = self.rules
        for block, feats in zip(page.blocks, page.features, strict=True):
            if lines is not None and feats.chars <= LINE_MAX_CHARS:
                m = lines.fullmatch(label(block.text))
                if m:
                    rule = rules[int(m.lastgroup[1:])]
                    msg = "the whole line matches"
                    out.append(Finding(rule.code, rule.name, block.index, rule.line_weight, msg))
                    continue
            text = block.text if len(block.text) <= PHRASE_SEARCH_CHARS else block.text[:PHRASE_SEARCH_CHARS]
            if strong is not None:
                m = next((m for m in strong.finditer(text) if not quoted(text, m.start())), None)
                if m:
                    rule = rules[int(m.lastgroup[1:])]
                    msg = f"says {m.group()!r}"
                    out.append(Finding(rule.code, rule.name, block.index, rule.line_weight, msg, m.span()))
                    continue
            if weak is not None:
                found: dict[int, dict[str, str]] = {}
                for m in weak.finditer(text):
                    if quoted(text, m.start()):
                        continue
                    rule_i, phrase_j = m.lastgroup[1:].split("_")
                    found.setdefault(int(rule_i), {}).setdefault(phrase_j, m.group())
                for i, phrases in found.items():
                    rule = rules[i]
                    shown = ", ".join(repr(p) for p in sorted(phrases.values())[:3])
                    out.append(
                        Finding(rule.code, rule.name, block.index, rule.phrase_weight * len(phrases), f"says {shown}")
                    )
        return out


def _compile_groups(groups: list[str], *, searched: bool) -> regex.Pattern[str] | None:
    """Join named groups into one pattern.

    For searched patterns, the leading ``\\b`` most phrases start with is
    factored out: the engine then tries the alternation only at word starts,
    which makes scanning long paragraphs several times faster.
    """
    if not groups:
        return None
    if not searched:
        return regex.compile("|".join(groups), regex.IGNORECASE)
    bounded = [g for g in groups if g.split(">", 1)[1].startswith("\\b")]
    other = [g for g in groups if g not in bounded]
    bounded = [g.replace(">\\b", ">", 1) for g in bounded]
    parts = ([r"\b(?:" + "|".join(bounded) + ")"] if bounded else []) + other
    return regex.compile("|".join(parts), regex.IGNORECASE)


@functools.lru_cache(maxsize=256)
def phrase_matcher(rules: tuple[type[PhraseRule], ...], lang: str) -> PhraseMatcher:
    """The compiled matcher for these rules and language, built once per process."""
    return PhraseMatcher(rules, lang)


def examples(rule: type[Rule]) -> Iterator[tuple[str, str]]:
    """(expectation, text) pairs of a rule: 'drop' and 'keep'."""
    for text in rule.drop:
        yield "drop", text
    for text in rule.keep:
        yield "keep", text
