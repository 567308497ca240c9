"""The machinery every rule shares: identity, examples, and declared phrases.

A rule gathers evidence and nothing else: it returns findings (code, weight,
message) and never deletes, rewrites or reorders. ``decide.py`` decides.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import math
import operator
import tomllib
from collections.abc import Iterable, Iterator, Mapping
from importlib import resources
from typing import ClassVar

import ahocorasick
import regex

from ..errors import ConfigError, RuleDefinitionError, did_you_mean
from ..features import Features, Page
from ..model import Block, Finding
from . import triggers as trigger_analysis
from .triggers import MIN_TRIGGER, exact_strings, pattern_parses, search_form, triggers

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
    #: links, comments, a share row, the footer's copyright line): the
    #: decision step drops the short text below them
    heads_section: ClassVar[bool] = False
    #: its weak evidence on a short line leaves the line to context: kept
    #: inside the body, dropped at its edge (a heading that a table of
    #: contents repeats is the article's; a repeated button beside it is not)
    short_by_context: ClassVar[bool] = False
    #: the lines it flags belong to the article they stand in (its table of
    #: contents): dropped, but they do not part the article's lead from the
    #: sections they list (``region_gap``)
    within_article: ClassVar[bool] = False
    #: its line, far enough down the page (``close_share``), is where the
    #: article ends, like a closing section's heading, but it heads no
    #: section: at the top of the page, the text below it is the article
    #: (a breadcrumb trail above the headline)
    ends_article: ClassVar[bool] = False
    #: its lines head the comments of a reader thread ("Ann says:"): where
    #: several follow an article, the thread starts at the first of them
    #: (the decision's ``_close_thread``)
    starts_thread: ClassVar[bool] = False
    #: it recognises reader comment threads: ``comments = "keep"`` switches it off
    comments: ClassVar[bool] = False
    #: the options it takes when comment threads are kept (``comments = "keep"``), unless configured otherwise
    comments_kept_options: ClassVar[Mapping[str, object]] = {}
    #: it judges a line by where it stands on the page (TXT005 reads the
    #: page's first lines): its drop examples are whole pages, not lines that
    #: would be flagged wherever they were inserted
    page_examples: ClassVar[bool] = False
    #: options the rule takes from ``[tool.cleanse.rules.<CODE>]``, each with
    #: its default, whose type is the option's type; every rule also takes ``weight``
    options: ClassVar[Mapping[str, object]] = {}
    #: options the contract test sets before it checks the examples: a rule
    #: that flags nothing until configured (SIT001) still proves it works
    example_options: ClassVar[Mapping[str, object]] = {}
    #: the option values of a configured subclass (see ``configured``)
    settings: ClassVar[tuple[tuple[str, object], ...]] = ()
    #: set by the ``weight`` option: every finding of the rule weighs this
    weight_override: ClassVar[float | None] = None
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

    @classmethod
    def configured(cls, values: Mapping[str, object], where: str = "") -> type[Rule]:
        """This rule with options set, as a subclass built once per process.

        Options live in class attributes, so rules stay stateless and a
        ``Cleaner`` still pickles by its configuration. Unknown options and
        wrong types raise ``ConfigError``.

        >>> from cleanse.rules.appeals import DonationAppeal
        >>> DonationAppeal.configured({"weight": 0.5}).line_weight
        0.5
        >>> DonationAppeal.configured({"weigth": 0.5})
        Traceback (most recent call last):
        ...
        cleanse.errors.ConfigError: rules.APL002: unknown option 'weigth'; did you mean 'weight'? (APL002 takes extra-patterns, extra-phrases, weight)
        """
        checked = check_options(cls, values, where or f"rules.{cls.code}")
        return _configured((cls, tuple(sorted(checked.items())))) if checked else cls

    @classmethod
    def option_attributes(cls, values: Mapping[str, object]) -> dict[str, object]:
        """The class attributes a configured subclass overrides; rules that take options extend this."""
        return {"weight_override": float(values["weight"])} if "weight" in values else {}  # type: ignore[arg-type]

    def option(self, name: str) -> object:
        """The value of one of this rule's options (its default when not configured)."""
        return dict(self.settings).get(name, self.options[name])

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
        """A finding of this rule about ``block`` (the ``weight`` option, when set, wins)."""
        if self.weight_override is not None:
            weight = self.weight_override
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


def check_options(rule: type[Rule], values: Mapping[str, object], where: str) -> dict[str, object]:
    """Options checked against the rule's declaration: names known, types right, lists as tuples."""
    declared: dict[str, object] = {"weight": 1.0, **rule.options}
    out: dict[str, object] = {}
    for key, value in values.items():
        if key not in declared:
            takes = ", ".join(sorted(declared))
            raise ConfigError(
                f"{where}: unknown option {key!r}{did_you_mean(key, declared)} ({rule.code} takes {takes})"
            )
        out[key] = _typed(value, declared[key], f"{where}.{key}")
    return out


def _typed(value: object, default: object, where: str) -> object:
    """``value`` if it has the type of ``default`` (ints pass for floats; lists become tuples)."""
    if isinstance(default, bool):
        ok, kind = isinstance(value, bool), "true or false"
    elif isinstance(default, float):
        ok, kind = isinstance(value, int | float) and not isinstance(value, bool), "a number"
        ok = ok and math.isfinite(value)  # type: ignore[arg-type]
        value = float(value) if ok else value  # type: ignore[arg-type]
    elif isinstance(default, int):
        ok, kind = isinstance(value, int) and not isinstance(value, bool), "a whole number"
    elif isinstance(default, str):
        ok, kind = isinstance(value, str), "a string"
    else:
        ok = isinstance(value, list | tuple) and all(isinstance(v, str) and v.strip() for v in value)
        kind = "a list of non-empty strings"
        value = tuple(value) if ok else value  # type: ignore[arg-type]
    if not ok:
        raise ConfigError(f"{where} must be {kind}, not {value!r}")
    return value


@functools.cache
def _configured(key: tuple[type[Rule], tuple[tuple[str, object], ...]]) -> type[Rule]:
    # Cached so a configuration gives the same class every time: the phrase
    # matcher's cache is keyed by rule classes.
    rule, items = key
    attrs = {
        "__doc__": rule.__doc__,
        "__module__": rule.__module__,
        "__qualname__": rule.__qualname__,
        "settings": items,
        **rule.option_attributes(dict(items)),
    }
    return type(rule.__name__, (rule,), attrs)


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
# The same edges stripped in two anchored steps: the trailing run is found from
# the end (REVERSE) instead of being tried at every character of the label.
_LEADING_EDGE = regex.compile(r"[^\w$€£¥©]+")
_TRAILING_EDGE = regex.compile(r"[\W_]+$", regex.REVERSE)
# Emoji presentation selectors and joiners count as word characters to the
# regex module, so "❤️ Donate" would keep its heart.
_INVISIBLE_MARK_CHARS = "\ufe0e\ufe0f\u200d\u20e3"
_INVISIBLE_MARKS = regex.compile(f"[{_INVISIBLE_MARK_CHARS}]")


def _has_invisible_marks(text: str) -> bool:
    """``_INVISIBLE_MARKS.search(text)``, fifty times faster: a string search per
    mark, and a page without characters that wide is not even read."""
    return any(map(text.__contains__, _INVISIBLE_MARK_CHARS))


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
    return _Quotes(text).at(pos)


class _Quotes:
    """``quoted`` for positions taken left to right along one text, in linear time.

    A paragraph with thousands of phrase matches asked ``quoted`` from its
    start each time: quadratic (tests/test_hostile.py, "many quoted phrases").
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.stack: list[str] = []
        self.straight = False

    def at(self, pos: int) -> bool:
        if pos < self.pos:  # asked out of order: start again
            self.pos, self.stack, self.straight = 0, [], False
        for ch in self.text[self.pos : pos]:
            if ch == '"':
                self.straight = not self.straight
            elif self.stack and ch == self.stack[-1]:
                self.stack.pop()
            elif ch in _PAIRS:
                self.stack.append(_PAIRS[ch])
        self.pos = pos
        return self.straight or bool(self.stack)


def label(text: str) -> str:
    """A block as a label: stripped of the decoration around it."""
    return str(_EDGE.sub("", _INVISIBLE_MARKS.sub("", text.strip())))


def _joined(texts: Iterable[str]) -> tuple[str, int] | None:
    """The texts joined by line breaks and how many, or None when one holds a line break itself."""
    parts = list(texts)
    joined = "\n".join(parts)
    return (joined, len(parts)) if joined.count("\n") == len(parts) - 1 else None


def page_labels(texts: list[str]) -> list[str]:
    """``label`` of every text; most lines begin and end with a letter or digit and are their own label.

    >>> page_labels(["» Donate now! «", "Share", "• • •"])
    ['Donate now', 'Share', '']
    """
    page = _joined(texts)
    if page is None or _has_invisible_marks(page[0]):
        return [label(t) for t in texts]
    out = [t.strip() for t in texts]
    for i, t in enumerate(out):
        # Letters and decimal digits are word characters to the regex module too: no edge to strip.
        first, last = t[:1], t[-1:]
        if not ((first.isalpha() or first.isdecimal()) and (last.isalpha() or last.isdecimal())):
            out[i] = _strip_edges(t)
    return out


def _strip_edges(text: str) -> str:
    """``_EDGE.sub("", text)``, faster.

    >>> _strip_edges("» Donate now! «"), _strip_edges("$5 / month »"), _strip_edges("• • •")
    ('Donate now', '$5 / month', '')
    """
    lead = _LEADING_EDGE.match(text)
    if lead:
        text = text[lead.end() :]
    trail = _TRAILING_EDGE.search(text)
    return text[: trail.start()] if trail else text


def page_forms(texts: list[str]) -> list[str]:
    """``search_form`` of every text, in one call (it works character by character)."""
    page = _joined(texts)
    return search_form(page[0]).split("\n") if page is not None else [search_form(t) for t in texts]


def literal_pattern(phrase: str) -> str:
    r"""A literal phrase as a pattern: word-bounded, any run of spaces, either apostrophe.

    (Every phrase pattern matches case-insensitively.)

    >>> print(literal_pattern("Don't miss"))
    \bDon['’]t\s+miss\b
    >>> bool(regex.search(literal_pattern("$5 a month"), "Just $5  a month!"))
    True
    """
    words = [regex.sub(r"['’]", "['’]", regex.escape(w)) for w in phrase.split()]
    head = r"\b" if regex.match(r"\w", phrase.strip()) else r"(?<!\w)"
    tail = r"\b" if regex.search(r"\w$", phrase.strip()) else r"(?!\w)"
    return head + r"\s+".join(words) + tail


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
    #: ``extra-phrases`` are literal and ``extra-patterns`` regular
    #: expressions, both strong; a subclass that adds options keeps these
    options: ClassVar[Mapping[str, object]] = {"extra-phrases": (), "extra-patterns": ()}

    @classmethod
    def option_attributes(cls, values: Mapping[str, object]) -> dict[str, object]:
        """``weight`` sets the strong weight (weak phrases keep their share); extras join ``strong``."""
        attrs = super().option_attributes(values)
        if "weight" in values:
            weight = float(values["weight"])  # type: ignore[arg-type]
            attrs["line_weight"] = weight
            attrs["phrase_weight"] = cls.phrase_weight * weight / cls.line_weight if cls.line_weight else weight
        patterns: tuple[str, ...] = values.get("extra-patterns", ())  # type: ignore[assignment]
        for p in patterns:
            try:
                regex.compile(p)
            except regex.error as exc:
                raise ConfigError(f"rules.{cls.code}.extra-patterns: bad pattern {p!r}: {exc}") from exc
        phrases: tuple[str, ...] = values.get("extra-phrases", ())  # type: ignore[assignment]
        extra = tuple(literal_pattern(p) for p in phrases) + patterns
        if extra:
            attrs["strong"] = (*cls.strong, *extra)
        return attrs

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
    """All phrase rules of a cleaner for one language, compiled into a few patterns.

    One match per block and list instead of one per rule: the named group that
    matched tells which rule it was. Same findings as running rules one by one.
    Most blocks match nothing, so a block is searched only when it contains a
    trigger, a literal that every match of some pattern must contain (see
    ``triggers.py``); one Aho-Corasick pass per block finds them.
    """

    def __init__(self, rules: tuple[type[PhraseRule], ...], lang: str) -> None:
        self.rules = rules
        self.lang = lang
        # Labels and strong phrases of every language apply to every page: a
        # German page carries English buttons and the other way round, and a
        # whole line "Vielleicht später" is a dismissal whatever the page's
        # language (which is a guess, and changes when lines are removed).
        # Weak phrases are words that prose uses too: English and the page's own.
        per_rule = [r.patterns(None if lang == "*" else lang) for r in rules]
        every = [r.patterns(None) for r in rules]
        for pats, all_pats in zip(per_rule, every, strict=True):
            pats["lines"], pats["strong"] = all_pats["lines"], all_pats["strong"]
        for rule, pats in zip(rules, per_rule, strict=True):
            for kind_patterns in pats.values():
                for p in kind_patterns:
                    _check_pattern(p, rule)
        #: kinds searched on every block: some pattern has no trigger
        self._always = 0
        #: trigger -> bits of the kinds it may start
        entries: dict[str, int] = {}
        #: trigger -> whole-line patterns it may start
        line_entries: dict[str, frozenset[int]] = {}

        def trigger(pattern: str, bit: int, min_score: int = MIN_TRIGGER, line: int = -1) -> bool:
            found = triggers(pattern, min_score)
            for t in found or ():
                if line >= 0:
                    line_entries[t] = line_entries.get(t, frozenset()) | {line}
                else:
                    entries[t] = entries.get(t, 0) | bit
            return found is not None

        # Searched kinds: one group per pattern (per phrase for weak ones:
        # evidence counts distinct phrases, not distinct strings such as
        # "£4.99 a month" and "£49 a year"), searched when a trigger is seen.
        #: the groups of each searched kind, compiled when a block first needs them
        self._groups: dict[str, tuple[str, ...]] = {}
        self._compiled: dict[str, regex.Pattern[str]] = {}
        #: per searched kind: its patterns in the order the alternation tries
        #: them, each with its rule and phrase number (see ``_matches``)
        self._alternatives: dict[str, list[tuple[str, int, int]]] = {}
        #: trigger -> for each searched kind, a bit per alternative it may start (joins ``entries``)
        pattern_entries: dict[str, tuple[int, int]] = {}
        for kind, bit in (("strong", _STRONG), ("phrases", _WEAK)):
            groups: list[str] = []
            for i, pats in enumerate(per_rule):
                for j, p in enumerate(pats[kind]):
                    groups.append(f"(?P<r{i}_{j}>{p})" if kind == "phrases" else f"(?P<r{i}>{p})")
                    if not trigger(p, bit):
                        self._always |= bit
            self._groups[kind] = tuple(groups)
            # The alternation tries the patterns that start with \b first (see _compile_groups).
            alternatives = [(p, i, j) for i, pats in enumerate(per_rule) for j, p in enumerate(pats[kind])]
            alternatives.sort(key=lambda a: not a[0].startswith("\\b"))
            self._alternatives[kind] = alternatives
            for n, (p, _, _) in enumerate(alternatives):
                for t in triggers(p) or ():
                    strong_bits, weak_bits = pattern_entries.get(t, (0, 0))
                    if kind == "strong":
                        strong_bits |= 1 << n
                    else:
                        weak_bits |= 1 << n
                    pattern_entries[t] = (strong_bits, weak_bits)
        #: a searched kind runs only the patterns whose triggers a block holds,
        #: unless one of its patterns has none or might not run alone as in the alternation
        self._one_by_one = {
            kind: not (self._always & bit) and all(_runs_alone(p) for p, _, _ in self._alternatives[kind])
            for kind, bit in (("strong", _STRONG), ("phrases", _WEAK))
        }
        # Whole-line patterns that match only a few texts ("Read more",
        # "Share on (Facebook|X)") are looked up by the label; those with a
        # trigger are tried one by one, only those whose triggers the label
        # holds (a label is short: even one digit or "by" narrows the field);
        # the others form one pattern tried on every short block. The rule
        # listed first wins, as in one big pattern.
        self._line_rules: list[int] = []
        self._line_patterns: list[str] = []  # compiled when first needed
        #: search form of a label -> the whole-line patterns that can match exactly it
        self._line_exact: dict[str, frozenset[int]] = {}
        #: what the search form of a label must start and end with for each
        #: whole-line pattern found by its triggers (None: anything)
        self._line_affixes: dict[int, tuple[tuple[str, ...] | None, tuple[str, ...] | None]] = {}
        untriggered: list[list[str]] = [[] for _ in rules]
        for i, pats in enumerate(per_rule):
            for p in pats["lines"]:
                k = len(self._line_patterns)
                exact = exact_strings(p)
                for text in exact or ():
                    self._line_exact[text] = self._line_exact.get(text, frozenset()) | {k}
                if exact is not None or trigger(p, _LINE, 1, k):
                    self._line_rules.append(i)
                    self._line_patterns.append(p)
                    if exact is None:
                        # A digit or "by" is in many labels, but few labels start with one.
                        starts, ends = trigger_analysis.affixes(p)
                        self._line_affixes[k] = (
                            tuple(sorted(starts)) if starts else None,
                            tuple(sorted(ends)) if ends else None,
                        )
                else:
                    untriggered[i].append(p)
        self._untriggered_lines = _compile_groups(
            tuple(f"(?P<r{i}>{'|'.join(f'(?:{p})' for p in ps)})" for i, ps in enumerate(untriggered) if ps),
            searched=False,
        )
        #: trigger -> (bits of the kinds it may start, bits of the strong and of the weak patterns it may start)
        self._triggers = _automaton(
            {t: (entries.get(t, 0), *pattern_entries.get(t, (0, 0))) for t in entries.keys() | pattern_entries.keys()}
        )
        self._line_triggers = _automaton(line_entries)
        #: pages are scanned whole, lines joined by breaks, unless a trigger holds one (an extra pattern might)
        self._page_scan = not any("\n" in t for t in entries)
        trigger_analysis.save()

    def _kinds(self, texts: list[str]) -> list[int]:
        """Which kinds of pattern can match each text (a bit per kind), in one pass over the page.

        The texts are joined by line breaks; no trigger holds one, so a
        trigger found lies within one text.
        """
        kinds = [self._always] * len(texts)
        if self._triggers is None:
            return kinds
        page = _joined(texts) if self._page_scan else None
        if page is None:
            return [self._always | self._scan(t) for t in texts]
        joined = page[0]
        if _has_invisible_marks(joined):
            joined = _INVISIBLE_MARKS.sub("", joined)  # labels drop them: "don\u200date" is "donate"
        folded = search_form(joined)
        hits = list(self._triggers.iter(folded))
        if hits:
            # Where each text's line break stands in the folded page (folding may lengthen text).
            ends = [n + i for i, n in enumerate(itertools.accumulate(map(len, folded.split("\n"))))]
            for end, (bits, _, _) in hits:
                kinds[bisect.bisect_right(ends, end)] |= bits
        return kinds

    def _scan(self, text: str) -> int:
        """Which kinds of pattern can match ``text``, a text at a time (for texts holding line breaks)."""
        kinds = 0
        if self._triggers is None:
            return kinds
        if _has_invisible_marks(text):
            text = _INVISIBLE_MARKS.sub("", text)
        for _, (bits, _, _) in self._triggers.iter(search_form(text)):
            kinds |= bits
        return kinds

    def _line_hits(self, forms: list[str]) -> list[list[frozenset[int]]]:
        """For each label's search form, the sets of whole-line patterns its triggers name, in one pass per page."""
        hits: list[list[frozenset[int]]] = [[] for _ in forms]
        if self._line_triggers is None:
            return hits
        page = _joined(forms)
        if page is None:
            return [[lines for _, lines in self._line_triggers.iter(f)] for f in forms]
        # Where each form's line break stands in the joined page; hits come in order of their ends.
        ends = [n + i for i, n in enumerate(itertools.accumulate(map(len, forms)))]
        k = 0
        for end, lines in self._line_triggers.iter(page[0]):
            while ends[k] < end:
                k += 1
            found = hits[k]
            if not found or found[-1] is not lines:  # a run of digits names the same patterns again
                found.append(lines)
        return hits

    def _line_candidates(self, form: str, hits: list[frozenset[int]]) -> set[int]:
        """The whole-line patterns a label of this search form can be: looked up, and by their triggers
        (``hits``, see ``_line_hits``) when the label starts and ends as the pattern's matches do."""
        candidates = set(self._line_exact.get(form, ()))
        for k in frozenset().union(*hits) if len(hits) > 1 else hits[0] if hits else ():
            starts, ends = self._line_affixes[k]
            if (starts is None or form.startswith(starts)) and (ends is None or form.endswith(ends)):
                candidates.add(k)
        return candidates

    def _searched(self, kind: str) -> regex.Pattern[str]:
        """The compiled pattern of a searched kind (compiling a few hundred
        groups is most of a cold start, and short pages seldom need both)."""
        pattern = self._compiled.get(kind)
        if pattern is None:
            compiled = _compile_groups(self._groups[kind], searched=True)
            assert compiled is not None  # only asked for when there are groups
            pattern = self._compiled[kind] = compiled
        return pattern

    def _matches(self, kind: str, text: str) -> Iterator[tuple[regex.Match[str], int, int]]:
        """Matches of a searched kind in ``text`` with the rule and phrase of each, as the alternation finds them.

        The alternation of a few hundred patterns is slow to try at every word
        of a block. When every pattern has triggers, only those whose triggers
        the block holds run, each on its own, and their matches are merged the
        way ``finditer`` of the alternation takes them: the leftmost match, at
        a tie the pattern tried first, the next search from its end. A pattern
        with triggers never matches an empty text, so the merge always moves on.
        """
        alternatives = self._alternatives[kind]
        if not self._one_by_one[kind] or self._triggers is None:
            names = {f"r{i}_{j}" if kind == "phrases" else f"r{i}": (i, j) for _, i, j in alternatives}
            for m in self._searched(kind).finditer(text):
                yield (m, *names[m.lastgroup])
            return
        bits = 0
        form = _INVISIBLE_MARKS.sub("", text) if _has_invisible_marks(text) else text
        for _, (_, strong_bits, weak_bits) in self._triggers.iter(search_form(form)):
            bits |= strong_bits if kind == "strong" else weak_bits
        runs = [alternatives[n] for n in range(bits.bit_length()) if bits >> n & 1]
        patterns = [_compile_one(p) for p, _, _ in runs]
        heads = [p.search(text) for p in patterns]
        pos = 0
        while True:
            best = -1
            for n, m in enumerate(heads):
                if m is not None and m.start() < pos:
                    m = heads[n] = patterns[n].search(text, pos)
                if m is not None and (best < 0 or m.start() < heads[best].start()):
                    best = n
            if best < 0:
                return
            m = heads[best]
            assert m is not None
            yield m, runs[best][1], runs[best][2]
            pos = m.end()

    def compiled_patterns(self) -> dict[str, regex.Pattern[str] | None]:
        """Every pattern this matcher runs, compiled, by kind: for audits (tests/test_hostile.py).

        ``lines`` is the alternation of the triggered whole-line patterns the
        matcher tries one by one (the audit times them together).
        """
        lines = tuple(f"(?P<r{i}>{p})" for i, p in zip(self._line_rules, self._line_patterns, strict=True))
        return {
            "lines": _compile_groups(lines, searched=False),
            "lines-untriggered": self._untriggered_lines,
            "strong": self._searched("strong") if self._groups["strong"] else None,
            "phrases": self._searched("phrases") if self._groups["phrases"] else None,
        }

    def _whole_line(self, text: str, candidates: set[int]) -> int | None:
        """The rule whose whole-line pattern the label ``text`` is, the earliest listed winning."""
        best = None
        for k in sorted(candidates):
            if _compile_one(self._line_patterns[k]).fullmatch(text):
                best = self._line_rules[k]
                break
        if self._untriggered_lines is not None:
            m = self._untriggered_lines.fullmatch(text)
            if m and (best is None or int(m.lastgroup[1:]) < best):
                best = int(m.lastgroup[1:])
        return best

    def _line_winners(self, labels: list[str]) -> dict[str, int | None]:
        """The rule whose whole-line pattern each distinct label is (None for most).

        Menus and buttons repeat on a page: each label is looked at once.
        """
        distinct = list(dict.fromkeys(labels))
        forms = page_forms(distinct)
        exact, untriggered = self._line_exact, self._untriggered_lines
        winners: dict[str, int | None] = {}
        for label, form, hits in zip(distinct, forms, self._line_hits(forms), strict=True):
            if not hits and form not in exact and untriggered is None:
                winners[label] = None  # most lines: no pattern to try
            else:
                winners[label] = self._whole_line(label, self._line_candidates(form, hits))
        # A button printed several times on one line ("Book Now * Book Now *
        # Book Now", "Add to cart Add to cart") is that button.
        units = {label: unit for label, won in winners.items() if won is None and (unit := _repeated_unit(label))}
        if units:
            unit_winners = self._line_winners(list(units.values()))
            for label, unit in units.items():
                winners[label] = unit_winners[unit]
        return winners

    def check(self, page: Page) -> list[Finding]:
        """Findings of every rule of this matcher on ``page``, in block order."""
        out: list[Finding] = []
        rules = self.rules
        blocks = page.blocks
        # Labels of the lines short enough to be one; the others never match whole.
        short = [f.chars <= LINE_MAX_CHARS for f in page.features]
        labels = page_labels(list(itertools.compress(map(_TEXT, blocks), short)))
        winners = self._line_winners(labels)
        whole: list[int | None] = [None] * len(blocks)
        for i, label in zip(itertools.compress(itertools.count(), short), labels, strict=True):
            winner = whole[i] = winners[label]
            if winner is not None:
                rule = rules[winner]
                out.append(Finding(rule.code, rule.name, blocks[i].index, rule.line_weight, "the whole line matches"))
        texts = [b.text if len(b.text) <= PHRASE_SEARCH_CHARS else b.text[:PHRASE_SEARCH_CHARS] for b in blocks]
        # Only the few blocks whose triggers name a searched kind are searched.
        kinds = self._kinds(texts)
        for i in itertools.compress(itertools.count(), map(operator.and_, kinds, itertools.repeat(_STRONG | _WEAK))):
            if whole[i] is None:
                out.extend(self._phrase_findings(blocks[i].index, texts[i], kinds[i]))
        # Whole-line findings came first: block order, as rules report.
        out.sort(key=_BLOCK)
        return out

    def _phrase_findings(self, index: int, text: str, kinds: int) -> list[Finding]:
        """The strong finding of one block, else its weak ones (one per rule)."""
        rules = self.rules
        if self._groups["strong"] and kinds & _STRONG:
            quotes = _Quotes(text)
            hit = next((h for h in self._matches("strong", text) if not quotes.at(h[0].start())), None)
            if hit:
                m, rule = hit[0], rules[hit[1]]
                return [Finding(rule.code, rule.name, index, rule.line_weight, f"says {m.group()!r}", m.span())]
        out: list[Finding] = []
        if self._groups["phrases"] and kinds & _WEAK:
            found: dict[int, dict[int, str]] = {}
            quotes = _Quotes(text)
            for m, rule_i, phrase_j in self._matches("phrases", text):
                if quotes.at(m.start()):
                    continue
                found.setdefault(rule_i, {}).setdefault(phrase_j, m.group())
            for i, phrases in found.items():
                rule = rules[i]
                shown = ", ".join(repr(p) for p in sorted(phrases.values())[:3])
                out.append(Finding(rule.code, rule.name, index, rule.phrase_weight * len(phrases), f"says {shown}"))
        return out


#: a label that is one shorter label said again and again, separators between
_REPEATED_LABEL = regex.compile(r"(.{2,80}?)(?:[\W_]+\1)+")


def _repeated_unit(label: str) -> str:
    """The label a line repeats ("Book Now * Book Now" -> "Book Now"), or "".

    >>> _repeated_unit("Book Now * Book Now * Book Now"), _repeated_unit("Book Now"), _repeated_unit("New York, New Jersey")
    ('Book Now', '', '')
    """
    # Most labels: their first three characters do not come back.
    if len(label) < 5 or label.find(label[:3], 3) < 0:
        return ""
    m = _REPEATED_LABEL.fullmatch(label)
    return m.group(1) if m else ""


_TEXT = operator.attrgetter("text")
_BLOCK = operator.attrgetter("block")


# A bit per kind of pattern a block may match, by its triggers.
_LINE, _STRONG, _WEAK = 1, 2, 4


def _automaton(entries: Mapping[str, object]) -> ahocorasick.Automaton | None:
    """An Aho-Corasick automaton of the triggers, None if there are none."""
    if not entries:
        return None
    automaton = ahocorasick.Automaton()
    for t, value in entries.items():
        automaton.add_word(t, value)
    automaton.make_automaton()
    return automaton


# Constructs that behave otherwise alone than inside the alternation: global
# inline flags apply to every alternative, group numbers and names shift.
_NOT_ALONE = regex.compile(r"\(\?[\w-]+\)|\\[1-9]|\\g<|\(\?P?<(?![=!])|\(\?P=|\(\?\||\(\?R|\(\?&|\(\?\d")


def _runs_alone(pattern: str) -> bool:
    """Does ``pattern`` match alone just as it does as one alternative of a searched kind's alternation?"""
    return _NOT_ALONE.search(pattern) is None


def _check_pattern(pattern: str, rule: type[Rule]) -> None:
    """Raise ``RuleDefinitionError`` naming the rule if ``pattern`` is not valid.

    Python's parser reads most of the syntax in a fraction of a compile, so
    building a matcher stays fast; only what it cannot read is compiled.
    """
    if not pattern_parses(pattern):
        try:
            _compile_one(pattern)
        except regex.error as exc:
            raise RuleDefinitionError(f"rule {rule.code} {rule.name}: bad pattern {pattern!r}: {exc}") from exc


@functools.lru_cache(maxsize=8192)
def _compile_one(pattern: str) -> regex.Pattern[str]:
    """One case-insensitive pattern, compiled once per process (shared by every language's matcher)."""
    return regex.compile(pattern, regex.IGNORECASE)


@functools.lru_cache(maxsize=64)
def _compile_groups(groups: tuple[str, ...], *, searched: bool) -> regex.Pattern[str] | None:
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
