"""What a block looks like on its own: length, prose-likeness, shape.

Computed once per page and shared by rules and the decision step, so no rule
re-tokenises text. Every figure here is cheap and linear in the block's length.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import operator
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

import regex

from . import lang as langs
from .model import Block

if TYPE_CHECKING:
    from .profiles import SiteProfile

_WORD = regex.compile(r"\w+")
# Sentence ends, Latin and CJK, optionally followed by closing quotes/brackets.
_TERMINALS = frozenset(".!?…。！？؟।")
_CLOSERS = "\"'”’»)]"
_SENTENCE_END = regex.compile(r"[.!?…。！？][\"'”’»)\]]*(?:\s|$)")
_NORMALISE = regex.compile(r"[\W_]+")
# Word starts with a capital; whole-number words (figures in specs and lists).
_CAPITALISED = regex.compile(r"(?<!\w)\p{Lu}")
_NUMBER = regex.compile(r"(?<!\w)\d+(?!\w)")
_LETTER = regex.compile(r"\p{L}")
_SPACE_AT = regex.compile(r"\s")
# The same counts over a whole page, its blocks joined by line breaks (see
# ``_page_figures``): each pattern also matches the break, and matches one
# character per counted item, so the matches split by breaks count per block.
_PAGE_WORDS = regex.compile(r"\w+|\n")
_PAGE_SENTENCE_ENDS = regex.compile(r"\n|[.!?…。！？](?=[\"'”’»)\]]*(?:\s|$))")
# A digit, and a word of digits alone (``_numbers``).
_DIGIT = regex.compile(r"\d")
_DIGITS = regex.compile(r"\d+")
# Capitals among the first characters of the words (``_page_figures``).
_CAPITAL_FIRSTS = regex.compile(r"\n|\p{Lu}")


class Features(NamedTuple):
    """Shape figures of one block; ``chars`` counts a CJK character as three.

    A named tuple rather than a frozen dataclass: a page makes one per line,
    and a tuple is built four times faster.
    """

    chars: int
    words: int
    stopwords: int
    ends_sentence: bool
    ends_question: bool
    ends_exclamation: bool
    sentences: int
    capitalised: int
    digits: int
    has_letters: bool
    #: how many blocks of the page have the same normalised text
    repeats: int
    #: the same normalised text stood higher up the page
    seen_before: bool = False

    @property
    def stop_ratio(self) -> float:
        return self.stopwords / self.words if self.words else 0.0

    @property
    def capital_ratio(self) -> float:
        return self.capitalised / self.words if self.words else 0.0


#: blocks longer than this are counted a slice at a time rather than listed
#: whole: a 100 MB one-line page made 20 million word strings at once (3.3 GB peak)
_LIST_CHARS = 100_000


def normalise(text: str) -> str:
    """Case- and punctuation-blind key for comparing lines."""
    folded = text.casefold()
    if len(folded) <= _LIST_CHARS:
        return str(_NORMALISE.sub(" ", folded)).strip()
    # ``sub`` lists every piece before joining (1.7 GB for a 100 MB line), so
    # long texts go a slice at a time; a run of spaces cut in two is mended.
    parts: list[str] = []
    for piece in _slices(folded):
        part = str(_NORMALISE.sub(" ", piece))
        if parts and parts[-1].endswith(" ") and part.startswith(" "):
            part = part[1:]
        if part:
            parts.append(part)
    return "".join(parts).strip()


def _count(pattern: regex.Pattern[str], text: str) -> int:
    """How many matches of ``pattern`` in ``text``.

    A long text is counted a slice at a time, each slice ending after a
    whitespace character: words, sentence ends and the look-behinds of these
    patterns never straddle one, and memory stays that of one slice.
    """
    return sum(len(pattern.findall(piece)) for piece in _slices(text))


def _slices(text: str) -> Iterator[str]:
    start = 0
    while len(text) - start > _LIST_CHARS:
        cut = start + _LIST_CHARS
        space = _SPACE_AT.search(text, cut)  # the slice ends after whitespace
        end = space.end() if space else len(text)
        yield text[start:end]
        start = end
    yield text[start:]


def _words(text: str, stop: frozenset[str]) -> tuple[int, int, str]:
    """(words, stopwords, the words joined by spaces) of a block, lowercased."""
    if len(text) <= _LIST_CHARS:
        found = _WORD.findall(text.lower())
        return len(found), len(list(filter(stop.__contains__, found))) if stop else 0, " ".join(found)
    n = n_stop = 0
    parts = []
    for piece in _slices(text):
        found = _WORD.findall(piece.lower())
        n += len(found)
        n_stop += len(list(filter(stop.__contains__, found))) if stop else 0
        if found:
            parts.append(" ".join(found))
    return n, n_stop, " ".join(parts)


#: pages up to this size are counted whole (``_page_figures``); larger ones a block at a time
_PAGE_CHARS = 1_000_000

#: (words, stopwords, key, sentence ends, capitalised words, figures) of each block
_Figures = tuple[list[int], list[int], list[str], list[int], list[int], list[int]]


def _page_figures(texts: list[str], stop: frozenset[str]) -> _Figures | None:
    """The counts of every block in one pass per figure over the whole page.

    On a line of some fifty characters a regex call costs more than its search,
    and a page has hundreds of lines. The blocks are joined by line breaks,
    which every pattern treats like the edge of a text. None when a block holds
    a line break itself (HTML) or the page is huge: those are counted a block
    at a time, in bounded memory.
    """
    joined = "\n".join(texts)
    if len(joined) > _PAGE_CHARS or joined.count("\n") != len(texts) - 1:
        return None
    # The words as written: a capitalised word is one whose first character is
    # a capital, so capitals are counted on the first characters alone, and
    # only a word whose first character is a digit can be a number.
    words = _PAGE_WORDS.findall(joined)
    firsts = "".join(map(operator.itemgetter(0), words))
    spaced = _lowered_words(words, joined)
    keys = [k.strip() for k in spaced.split("\n")]
    tokens = spaced.split(" ") if spaced else []
    # One character per word, "1" for a stopword: lengths and counts per block.
    marks = "".join(map(_stop_marks(stop).get, tokens, itertools.repeat("0"))).split("\n")
    n_words = [len(m) for m in marks]
    return (
        n_words,
        [m.count("1") for m in marks],
        keys,
        _per_block(_PAGE_SENTENCE_ENDS, joined),
        _capitals(firsts),
        _numbers(words, firsts, n_words),
    )


def _lowered_words(words: list[str], joined: str) -> str:
    """The words of the page ``joined`` (``words``, line breaks among them), lowercased and joined by spaces.

    Lowercasing maps each character on its own, word characters to word
    characters (tests/test_features.py checks every code point), so the
    words of the lowercased page are the lowercased words, and lowercasing
    them is cheaper than the page. Except for a capital sigma, whose lowercase
    depends on the characters around it (final in "ΟΔΟΣ.", not in "ΑΣ.Β"): a
    page holding one is lowercased whole. A line break stops the final-sigma
    context like the end of a text, so that is lowercasing each line.
    """
    if "Σ" in joined:
        return " ".join(_PAGE_WORDS.findall(joined.lower()))
    return " ".join(words).lower()


def _numbers(words: list[str], firsts: str, n_words: list[int]) -> list[int]:
    """Words of digits alone per block, of a page's ``words`` (line breaks included) with ``firsts`` their first characters."""
    counts = [0] * len(n_words)
    # Where each block's words end, its line break included: a word's block is the number of ends up to it.
    ends = list(itertools.accumulate(map(operator.add, n_words, itertools.repeat(1))))
    for digit in _DIGIT.finditer(firsts):
        at = digit.start()
        if _DIGITS.fullmatch(words[at]):
            counts[bisect.bisect_right(ends, at)] += 1
    return counts


def _capitals(firsts: str) -> list[int]:
    """Capital letters per line of ``firsts`` (the first characters of a page's words, line breaks included)."""
    if firsts.isascii():
        # Most pages: the capitals are A to Z, and ``translate`` drops the rest faster than a regex lists them.
        return [len(line) for line in firsts.translate(_ASCII_CAPITALS_ONLY).split("\n")]
    return _per_block(_CAPITAL_FIRSTS, firsts)


_ASCII_CAPITALS_ONLY = {i: None for i in range(128) if not ("A" <= chr(i) <= "Z" or chr(i) == "\n")}


def _per_block(pattern: regex.Pattern[str], joined: str) -> list[int]:
    """Matches of ``pattern`` per line of ``joined`` (one character each, line breaks included)."""
    return [len(m) for m in "".join(pattern.findall(joined)).split("\n")]


@functools.lru_cache(maxsize=64)
def _stop_marks(stop: frozenset[str]) -> dict[str, str]:
    return {**dict.fromkeys(stop, "1"), "\n": "\n"}


def _block_figures(texts: list[str], stop: frozenset[str]) -> _Figures:
    """The counts of ``_page_figures``, a block at a time (a huge block a slice at a time)."""
    out: _Figures = ([], [], [], [], [], [])
    for text in texts:
        n, n_stop, key = _words(text, stop)
        for column, value in zip(
            out,
            (n, n_stop, key, _count(_SENTENCE_END, text), _count(_CAPITALISED, text), _count(_NUMBER, text)),
            strict=True,
        ):
            column.append(value)  # type: ignore[attr-defined]
    return out


def block_features(blocks: tuple[Block, ...], lang: str) -> tuple[Features, ...]:
    """Features of every block of a page, given the page language.

    Each figure is a column computed for the whole page at once (mostly by
    C-level ``map`` calls); the rows are then made into ``Features``.
    """
    stop = langs.stoplist(lang)
    cjk_function = langs.CJK_FUNCTION_CHARS.get(lang)
    texts = [b.text.strip() for b in blocks]
    # Words counted once, for the figures and as the line's key for repeats
    # (case- and punctuation-blind like ``normalise``). A huge block is taken
    # a slice at a time: a 100 MB line listed 20 million words at once.
    n_words, n_stops, keys, sentences, capitals, numbers = _page_figures(texts, stop) or _block_figures(texts, stop)
    keys = [normalise(t) if "_" in key else key for t, key in zip(texts, keys, strict=True)]
    chars = list(map(len, texts))
    if cjk_function is not None:
        # Without spaces, a "word" is a character; function characters
        # stand in for stopwords.
        cjk = list(map(langs.cjk_chars, texts))
        n_words = list(map(operator.add, n_words, cjk))
        n_stops = [sum(1 for ch in text if ch in cjk_function) for text in texts]
        chars = list(map(operator.add, chars, map(operator.mul, cjk, itertools.repeat(2))))
    else:
        # A line without words may be CJK characters on a page of another language.
        for i in itertools.compress(range(len(texts)), map(operator.not_, n_words)):
            if texts[i]:
                chars[i] += 2 * langs.cjk_chars(texts[i])
    # How each text ends, closing quotes and brackets aside: 'He left."'
    lasts = [text.rstrip(_CLOSERS)[-1:] for text in texts]
    columns = (
        chars,
        n_words,
        n_stops,
        map(_TERMINALS.__contains__, lasts),
        map("?？".__contains__, lasts),
        map("!！".__contains__, lasts),
        sentences,
        capitals,
        numbers,
        _has_letters(texts),
        *_repeats(keys),
    )
    # ``tuple.__new__`` fills the named tuple without a Python call per block.
    return tuple(map(tuple.__new__, itertools.repeat(Features), zip(*columns, strict=True)))


_ASCII_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


def _has_letters(texts: list[str]) -> list[bool]:
    """Does each text hold a letter (in its first 200 characters)?"""
    # Most lines start with an ASCII letter: no need to search for one.
    letters = [text[:1] in _ASCII_LETTERS for text in texts]
    for i in itertools.compress(range(len(texts)), map(operator.not_, letters)):
        letters[i] = _LETTER.search(texts[i], 0, 200) is not None
    return letters


def _repeats(keys: list[str]) -> tuple[Iterator[int], Iterator[bool]]:
    """For each key: how many blocks of the page share it, and whether one stood higher up."""
    counts = Counter(keys)
    # The first block of each key: later ones overwrite earlier ones, so keys go in backwards.
    first = dict(zip(reversed(keys), range(len(keys) - 1, -1, -1), strict=True))
    return map(counts.__getitem__, keys), map(operator.ne, map(first.__getitem__, keys), range(len(keys)))


@dataclass(frozen=True, slots=True)
class Page:
    """A page as rules see it: its blocks, their features and its language."""

    blocks: tuple[Block, ...]
    features: tuple[Features, ...]
    lang: str = ""
    url: str = ""
    #: the page's site and its learned profile, when the cleaner has one (profiles.py)
    site: str = ""
    site_profile: SiteProfile | None = None
    #: HTML only: the article body the page declares in its JSON-LD
    #: (``articleBody``), as plain text; evidence for HTM004, "" when none
    structured_body: str = ""
    #: the blocks come from HTML: structural rules read them, and the decision
    #: step knows which front end it judges
    markup: bool = False


#: detection reads this much of a page at most; joining a 100 MB page to read 30 kB of it would be waste
_DETECT_CHARS = 30_000


def _head(blocks: tuple[Block, ...]) -> str:
    """The first ``_DETECT_CHARS`` characters of the page's text, without copying the rest."""
    parts: list[str] = []
    size = 0
    for b in blocks:
        parts.append(b.text[: _DETECT_CHARS - size])
        size += len(parts[-1])
        if size >= _DETECT_CHARS:
            break
    return "\n".join(parts)


def make_page(
    blocks: tuple[Block, ...], lang: str | None = None, url: str = "", structured_body: str = "", markup: bool = False
) -> Page:
    """Build a ``Page``; the language is detected from the blocks when not given."""
    if lang is None:
        lang = langs.detect(_head(blocks))
    return Page(blocks, block_features(blocks, lang), lang, url, structured_body=structured_body, markup=markup)
