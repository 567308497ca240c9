"""Trigger strings: literal pieces that every match of a pattern must contain.

Phrase lists are regular expressions run over every block of every page, and
most blocks match none of them. If every match of a pattern contains one of a
few literal strings (``favor`` or ``favour`` for ``favou?r to ask``), a block
that contains none of them cannot match, and one Aho-Corasick pass over the
block tells which blocks deserve the expensive search. The same idea as the
prefilters of RE2 and Hyperscan, on the patterns' parse tree.

Soundness is what matters: a trigger set may be too wide (a wasted search),
never too narrow (a missed match). Anything the analysis does not understand
makes the pattern "untriggered" and it is searched everywhere.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import json
import os
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import regex

# Python's own regex parser reads the parse tree; the syntax the `regex`
# module adds (\p{..}, \L<..>) becomes an opaque character first.
_parser = re._parser  # type: ignore[attr-defined]
_c = re._constants  # type: ignore[attr-defined]
_REGEX_ONLY = regex.compile(r"\\[pP]\{[^}]*\}|\\[pP][A-Za-z]|\\L<[^>]*>")
# A fuzzy constraint ``(?:payment){e<=1}`` ("paiment") lets its item be almost
# anything: read as ``*``, the item requires nothing, which is sound. Only a
# plain limit on errors, ``{e<=k}``, says more (see ``_fuzzy``): it is read as a
# repeat whose upper count, ``_FUZZY_COUNT + k``, no real pattern writes.
_FUZZY = regex.compile(r"(?<!\\)\{[^{}]*[<=>][^{}]*\}")
_FUZZY_ERRORS = regex.compile(r"(?<!\\)\{e<=([1-3])\}")
_FUZZY_COUNT = 4_294_967_000
# Braces that are not a counted repeat are `regex` syntax Python's parser would
# read as literals: fuzzy matching ``(?:payment){e<=1}`` matches "paiment".
_OTHER_BRACES = regex.compile(r"(?<!\\)\{(?!\d*,?\d*\})")

#: a character class of at most this many characters is expanded into literals
_MAX_CLASS = 4
#: an exact set of alternatives larger than this is no longer tracked
_MAX_EXACT = 128
#: triggers that score less than this would fire on nearly every block
MIN_TRIGGER = 3
#: stands for any decimal digit: ``\d`` and literal digits in patterns, and
#: every Unicode digit of the searched text (see ``search_form``)
DIGIT = "\ue000"
_DIGIT_CLASS = regex.compile(r"(?<!\\)((?:\\\\)*)\\d")
_ANY_DIGIT = regex.compile(r"\d")
# Punctuation that is everywhere counts like a letter; rarer symbols
# ("©", "@", "›") are selective on their own.
_COMMON = frozenset(" .,:;!?'’\"-()" + DIGIT)


@dataclass(frozen=True, slots=True)
class _Info:
    #: every string the node can match (small finite languages only), or None
    exact: frozenset[str] | None
    #: every match contains one of these, or None (no requirement known)
    required: frozenset[str] | None = None
    #: every match starts with one of these (None: unknown)
    prefix: frozenset[str] | None = None
    #: every match ends with one of these (None: unknown)
    suffix: frozenset[str] | None = None
    #: a group whose some alternatives are literals (``we(?:| and our partners)``):
    #: those literals, which continue the text before, and the others' endings
    through: frozenset[str] | None = None
    tail: frozenset[str] | None = None


_NOTHING = frozenset({""})
_ANY = _Info(None)
_EMPTY = _Info(_NOTHING)


# Where casefolding and the regex module's case-insensitive matching part
# ways: "İlgili" matches "ilgili" but casefolds to "i̇lgili"; "ı" matches "I".
_FOLD_MORE = {0x307: None, ord("ı"): "i"}


def search_form(text: str) -> str:
    """The form of a text that triggers are looked for in: casefolded, digits as ``DIGIT``.

    >>> search_form("İlgili HABER 24") == "ilgili haber " + DIGIT * 2
    True
    """
    folded = text.casefold()
    if "ı" in folded or "\u0307" in folded:
        folded = folded.translate(_FOLD_MORE)
    return _ANY_DIGIT.sub(DIGIT, folded) if _ANY_DIGIT.search(folded) else folded


@functools.lru_cache(maxsize=65536)
def score(trigger: str) -> int:
    """How selective a trigger is: letters and common marks 1 each, rare symbols 3.

    >>> score(" use"), score("©"), score(DIGIT + ":")
    (3, 3, 2)
    """
    return sum(1 if ch in _COMMON or ch.isalnum() else 3 for ch in trigger.strip())


@functools.lru_cache(maxsize=16384)
def parse_checked(pattern: str) -> Any:
    """Python's parse tree of ``pattern`` as triggers read it; ValueError when it cannot read it.

    The regex module's own syntax is replaced first (``\\p{..}`` by any
    character, fuzzy constraints by ``*``, ``\\d`` by ``DIGIT``).
    """
    if str(_FUZZY_COUNT)[:7] in pattern:
        raise ValueError("a count that stands for fuzzy matching")
    pattern = _FUZZY_ERRORS.sub(lambda m: f"{{0,{_FUZZY_COUNT + int(m.group(1))}}}", _opaque(pattern))
    pattern = _DIGIT_CLASS.sub(lambda m: m.group(1) + DIGIT, _FUZZY.sub("*", pattern))
    if _OTHER_BRACES.search(pattern):
        raise ValueError("regex module syntax")
    try:
        return _parser.parse(pattern)
    except (re.error, RecursionError, OverflowError) as exc:
        raise ValueError(str(exc)) from exc


def _opaque(pattern: str) -> str:
    r"""``pattern`` with the regex module's classes made any character: ``.`` outside a set, ``\s\S`` inside one.

    In a set, a ``.`` is a literal dot: ``[\p{L}'-]`` read as ``[.'-]`` told
    the analyses that every match ends in a dot, an apostrophe or a hyphen.

    >>> print(_opaque(r"(?-i:\p{Lu})[\p{L}'-]+\.[^\]\pL]"))
    (?-i:.)[\s\S'-]+\.[^\]\s\S]
    """
    out: list[str] = []
    in_set = False
    i = 0
    while i < len(pattern):
        m = _REGEX_ONLY.match(pattern, i)
        if m:
            out.append("\\s\\S" if in_set else ".")
            i = m.end()
            continue
        ch = pattern[i]
        if ch == "\\":
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if ch == "[" and not in_set:
            in_set = True
            # A "]" first in a set, or after "^", is a literal.
            j = i + 1 + (pattern[i + 1 : i + 2] == "^")
            if pattern[j : j + 1] == "]":
                j += 1
            out.append(pattern[i:j])
            i = j
            continue
        if ch == "]" and in_set:
            in_set = False
        out.append(ch)
        i += 1
    return "".join(out)


def pattern_parses(pattern: str) -> bool:
    """Does Python's parser read ``pattern`` (as ``parse_checked`` prepares it)? Remembered on disk."""
    cache = _disk()
    key = f"parses|{pattern}"
    if key not in cache:
        try:
            parse_checked(pattern)
            cache[key] = True
        except ValueError:
            cache[key] = False
        _DIRTY.add(key)
    return bool(cache[key])


def triggers(pattern: str, min_score: int = MIN_TRIGGER) -> frozenset[str] | None:
    """``analyse`` remembered: in the process, and on disk between processes (see ``save``)."""
    cache = _disk()
    key = f"{min_score}|{pattern}"
    if key not in cache:
        found = analyse(pattern, min_score)
        cache[key] = sorted(found) if found is not None else None
        _DIRTY.add(key)
    value = cache[key]
    return frozenset(value) if value is not None else None


def exact_strings(pattern: str) -> frozenset[str] | None:
    """Every text ``pattern`` can match, in ``search_form``, when they are few; else None.

    A whole-line pattern of this kind is looked up by the label instead of
    being tried: the label's search form must be one of these. Remembered like ``triggers``.

    >>> sorted(exact_strings(r"(?:read|see) more"))
    ['read more', 'see more']
    >>> exact_strings(r"by \\w+") is None
    True
    """
    cache = _disk()
    key = f"exact|{pattern}"
    if key not in cache:
        try:
            found = _sequence(list(parse_checked(pattern))).exact
        except ValueError:
            found = None
        cache[key] = sorted({search_form(s) for s in found}) if found is not None else None
        _DIRTY.add(key)
    value = cache[key]
    return frozenset(value) if value is not None else None


def affixes(pattern: str) -> tuple[frozenset[str] | None, frozenset[str] | None]:
    """What every match of ``pattern`` starts with and ends with, in ``search_form`` (None: unknown).

    A whole-line pattern is tried on a label only if the label's search form
    starts and ends so. Remembered like ``triggers``.

    >>> [sorted(a or ()) for a in affixes(r"(?:by|von)\\s+\\w+")]
    [['by', 'von'], []]
    >>> [sorted(a or ()) for a in affixes(r"\\d+ (?:comments?|replies)")] == [[DIGIT], [DIGIT + " comment", DIGIT + " comments", DIGIT + " replies"]]
    True
    """
    cache = _disk()
    key = f"affixes|{pattern}"
    if key not in cache:
        try:
            info = _sequence(list(parse_checked(pattern)))
            found = [_starts(info), _ends(info)]
        except ValueError:
            found = [None, None]
        cache[key] = [
            sorted({search_form(s) for s in strings}) if strings and "" not in strings else None for strings in found
        ]
        _DIRTY.add(key)
    starts, ends = cache[key]
    return (frozenset(starts) if starts is not None else None, frozenset(ends) if ends is not None else None)


# -- analyses remembered between processes ------------------------------------
# Analysing some 2,600 patterns takes most of a second, and a filter in a
# shell pipe starts once per page. The results depend only on the pattern and
# on this module's code, so they are kept in the user's cache folder, in a file
# named by a digest of this file: a changed analysis never reads stale results.
# CLEANSE_CACHE_DIR names another folder; an empty value turns it off.

_CACHE: dict[str, Any] | None = None
_DIRTY: set[str] = set()


def _cache_file() -> Path | None:
    folder = os.environ.get("CLEANSE_CACHE_DIR")
    if folder == "":
        return None
    if folder is None:
        folder = os.path.join(
            os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "cleanse"
        )
    try:
        digest = hashlib.sha1(Path(__file__).read_bytes()).hexdigest()[:16]
    except OSError:
        return None
    return Path(folder) / f"triggers-{digest}.json"


def _disk() -> dict[str, Any]:
    global _CACHE
    if _CACHE is None:
        _CACHE = {}
        path = _cache_file()
        if path is not None:
            try:
                loaded = json.loads(path.read_text("utf-8"))
                if isinstance(loaded, dict):
                    _CACHE = loaded
            except (OSError, ValueError):
                pass  # no cache yet, or a broken one: analyse again
    return _CACHE


def save() -> None:
    """Write what was analysed since the cache was read (atomically; errors ignored)."""
    path = _cache_file()
    if not _DIRTY or path is None or _CACHE is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        merged: dict[str, Any] = {}
        try:
            loaded = json.loads(path.read_text("utf-8"))  # another process may have added to it
            merged = loaded if isinstance(loaded, dict) else {}
        except (OSError, ValueError):
            pass
        merged.update({k: _CACHE[k] for k in _DIRTY})
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, delete=False, suffix=".tmp") as f:
            json.dump(merged, f, ensure_ascii=False, separators=(",", ":"))
        os.replace(f.name, path)
        _DIRTY.clear()
    except OSError:
        pass  # a read-only home: analyse again next time


@functools.lru_cache(maxsize=16384)
def analyse(pattern: str, min_score: int = MIN_TRIGGER) -> frozenset[str] | None:
    """Casefolded strings of which every match of ``pattern`` contains one.

    None when no useful set exists (the pattern can match without any literal
    that ``score``s at least ``min_score``). Strings are in ``search_form``.

    >>> sorted(triggers(r"\\bwe have a (?:small|quick) favou?r to ask\\b"))
    ['we have a quick favor to ask', 'we have a quick favour to ask', 'we have a small favor to ask', 'we have a small favour to ask']
    >>> sorted(triggers(r"(?:please )?(?:donate|give)(?: now)?"))
    ['donate', 'give']
    >>> triggers(r"\\d+ comments?") is None
    False
    >>> triggers(r"\\w+") is None
    True
    >>> sorted(triggers(r"\\d{1,2}:\\d{2}", min_score=1)) == [DIGIT + ":" + DIGIT]  # any digits, Unicode too
    True
    >>> sorted(triggers(r"(?:payment){e<=1} (?:methods|options)"))  # fuzzy: "paiment methods"
    [' methods', ' options']
    >>> sorted(triggers(r"\\b(?:we|our (?:\\d+ )?partners) (?:use|store)\\b"))  # literals joined across groups
    ['partners store', 'partners use', 'we store', 'we use']
    >>> sorted(triggers(r"\\bwe(?:| and our (?:\\d+ )?partners) use\\b"))  # the literal branch continues "we"
    ['partners use', 'we use']
    """
    try:
        tree = parse_checked(pattern)
    except ValueError:
        return None
    info = _sequence(list(tree))
    best = _best(info)
    if best is None:
        return None
    best = frozenset(search_form(s) for s in best)
    if min(score(s) for s in best) < min_score:
        return None
    return best


def _best(info: _Info) -> frozenset[str] | None:
    """The more selective of a node's exact set and its required set."""
    candidates = [s for s in (info.exact, info.required) if s]
    if not candidates:
        return None
    return max(candidates, key=_selectivity)


@functools.lru_cache(maxsize=65536)
def _selectivity(strings: frozenset[str]) -> tuple[int, int, int]:
    # The shortest string bounds how often the set fires (spaces say little:
    # " use" fires on any prose); then longer strings, then fewer.
    return (min(score(s) for s in strings), min(len(s) for s in strings), -len(strings))


def _times(a: frozenset[str] | None, b: frozenset[str] | None) -> frozenset[str]:
    """Every concatenation of a string of ``a`` and one of ``b`` (the better side if too many)."""
    a, b = a or _NOTHING, b or _NOTHING
    if len(a) * len(b) > _MAX_EXACT:
        return a if _selectivity(a) >= _selectivity(b) else b
    return frozenset(x + y for x, y in itertools.product(a, b))


def _starts(info: _Info) -> frozenset[str] | None:
    return info.exact if info.exact is not None else info.prefix


def _ends(info: _Info) -> frozenset[str] | None:
    return info.exact if info.exact is not None else info.suffix


def _sequence(items: list[tuple[Any, Any]]) -> _Info:
    """A concatenation: literals are joined across nodes, the best factor is kept."""
    candidates: list[frozenset[str]] = []
    run = _NOTHING  # what the text since the last inexact node is, exactly
    prefix: frozenset[str] | None = None
    seen_inexact = False
    for op, av in items:
        node = _node(op, av)
        if node.required:
            candidates.append(node.required)
        if node.exact is not None and len(node.exact) <= _MAX_EXACT:
            if len(run) * len(node.exact) > _MAX_EXACT:
                candidates.append(run)
                # The run is no longer the whole text so far: not exact from here on.
                if not seen_inexact:
                    prefix = run
                seen_inexact = True
                run = _NOTHING  # every text ends with "": a fresh start is always true
            run = frozenset(a + b for a, b in itertools.product(run, node.exact))
            continue
        # An inexact node: the run so far joins its first characters, and its
        # last characters start the next run.
        joined = _times(run, _starts(node))
        candidates.append(joined)
        if not seen_inexact:
            # ``_times`` keeps one side when the product is too large: only the run is a prefix then.
            prefix = joined if len(run) * len(_starts(node) or _NOTHING) <= _MAX_EXACT else run
        seen_inexact = True
        if node.through is not None and node.tail is not None and len(run) * len(node.through) <= _MAX_EXACT:
            run = frozenset(a + b for a, b in itertools.product(run, node.through)) | node.tail
        else:
            run = _ends(node) or _NOTHING
    candidates.append(run)
    useful = [c for c in candidates if c and "" not in c]
    required = max(useful, key=_selectivity) if useful else None
    if not seen_inexact:
        return _Info(run, required)
    return _Info(None, required, prefix, run)


def _node(op: Any, av: Any) -> _Info:  # the parser's own untyped tuples
    if op is _c.LITERAL:
        return _Info(frozenset({chr(av).casefold()}))
    if op is _c.AT or op in (_c.ASSERT, _c.ASSERT_NOT):
        return _EMPTY  # zero-width: constrains nothing we rely on
    if op is _c.IN:
        chars: set[str] = set()
        for kind, value in av:
            if kind is not _c.LITERAL:
                return _ANY
            chars.add(chr(value).casefold())
        # Rare symbols ("›", "»", "|") are worth a few more than letters.
        limit = _MAX_CLASS if any(ch.isalnum() for ch in chars) else 2 * _MAX_CLASS
        return _Info(frozenset(chars)) if len(chars) <= limit else _ANY
    if op is _c.SUBPATTERN:
        return _sequence(list(av[-1]))
    if op is _c.ATOMIC_GROUP:
        return _sequence(list(av))
    if op is _c.BRANCH:
        branches = [_sequence(list(b)) for b in av[1]]
        literal = [b.exact for b in branches if b.exact is not None]
        other = [b.suffix for b in branches if b.exact is None]
        return _Info(
            _union([b.exact for b in branches]),
            _union([_best(b) for b in branches], useful=True),
            _union([_starts(b) for b in branches]),
            _union([_ends(b) for b in branches]),
            _union(literal) if literal and other else None,
            _union(other) if literal and other else None,
        )
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
        low, high, sub = av
        inner = _sequence(list(sub))
        if low == 0 and _FUZZY_COUNT < high <= _FUZZY_COUNT + 3:
            return _fuzzy(inner, high - _FUZZY_COUNT)
        if low == 0:
            if high == 1 and inner.exact is not None:
                return _Info(inner.exact | _NOTHING)
            return _EMPTY if high == 0 else _ANY
        if low == high == 1:
            return inner
        # Repeated at least once: each match starts and ends like one item.
        return _Info(None, _best(inner), _starts(inner), _ends(inner))
    return _ANY


def _fuzzy(inner: _Info, errors: int) -> _Info:
    """An item matched with up to ``errors`` edits (``(?:payment){e<=1}``).

    Pigeonhole: cut each text the item can be into ``errors + 1`` pieces; an
    edit (substitution, insertion, deletion) breaks at most one piece, so every
    match holds one piece unchanged ("paiment" holds "ent", "paymnt" holds
    "paym"). Only the requirement is known, not how a match starts or ends.

    >>> sorted(_fuzzy(_Info(frozenset({"payment"})), 1).required)
    ['ent', 'paym']
    """
    if inner.exact is None or any(len(s) <= errors for s in inner.exact):
        return _ANY
    pieces: set[str] = set()
    for s in inner.exact:
        size, extra = divmod(len(s), errors + 1)
        start = 0
        for n in range(errors + 1):
            end = start + size + (1 if n < extra else 0)
            pieces.add(s[start:end])
            start = end
    return _Info(None, frozenset(pieces)) if len(pieces) <= _MAX_EXACT * 2 else _ANY


def _union(sets: Sequence[frozenset[str] | None], *, useful: bool = False) -> frozenset[str] | None:
    """The branches' sets together; None when one is unknown (or, if ``useful``, can be empty)."""
    if any(s is None for s in sets) or (useful and any(not s or "" in s for s in sets)):
        return None
    union: frozenset[str] = frozenset().union(*(s for s in sets if s is not None))
    return union if len(union) <= _MAX_EXACT * 2 else None
