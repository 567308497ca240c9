"""What a block looks like on its own: length, prose-likeness, shape.

Computed once per page and shared by rules and the decision step, so no rule
re-tokenises text. Every figure here is cheap and linear in the block's length.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import regex

from . import lang as langs
from .model import Block

_WORD = regex.compile(r"\w+")
# Sentence ends, Latin and CJK, optionally followed by closing quotes/brackets.
_TERMINAL = regex.compile(r"[.!?…。！？؟।][\"'”’»)\]]*\s*$")
_QUESTION = regex.compile(r"[?？][\"'”’»)\]]*\s*$")
_EXCLAMATION = regex.compile(r"[!！][\"'”’»)\]]*\s*$")
_SENTENCE_END = regex.compile(r"[.!?…。！？][\"'”’»)\]]*(?:\s|$)")
_NORMALISE = regex.compile(r"[\W_]+")
# Word starts with a capital; whole-number words (figures in specs and lists).
_CAPITALISED = regex.compile(r"(?<!\w)\p{Lu}")
_NUMBER = regex.compile(r"(?<!\w)\d+(?!\w)")
_LETTER = regex.compile(r"\p{L}")


@dataclass(frozen=True, slots=True)
class Features:
    """Shape figures of one block; ``chars`` counts a CJK character as three."""

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


#: blocks longer than this are counted match by match rather than listed:
#: a 100 MB one-line page made 20 million word strings at once (3.3 GB peak)
_LIST_CHARS = 100_000


def normalise(text: str) -> str:
    """Case- and punctuation-blind key for comparing lines."""
    folded = text.casefold()
    if len(folded) <= _LIST_CHARS:
        return str(_NORMALISE.sub(" ", folded)).strip()
    # ``sub`` lists every piece before joining (1.7 GB for a 100 MB line), so
    # long texts go a slice at a time; a run of spaces cut in two is mended.
    parts: list[str] = []
    for i in range(0, len(folded), _LIST_CHARS):
        part = str(_NORMALISE.sub(" ", folded[i : i + _LIST_CHARS]))
        if parts and parts[-1].endswith(" ") and part.startswith(" "):
            part = part[1:]
        if part:
            parts.append(part)
    return "".join(parts).strip()


def _count(pattern: regex.Pattern[str], text: str, among: frozenset[str] | None = None) -> int:
    """How many matches of ``pattern`` in ``text`` (only those in ``among`` when given)."""
    if len(text) <= _LIST_CHARS:
        found = pattern.findall(text)
        return len(found) if among is None else sum(1 for w in found if w in among)
    if among is None:
        return sum(1 for _ in pattern.finditer(text))
    return sum(1 for m in pattern.finditer(text) if m.group() in among)


def block_features(blocks: tuple[Block, ...], lang: str) -> tuple[Features, ...]:
    """Features of every block of a page, given the page language."""
    stop = langs.stoplist(lang)
    cjk_function = langs.CJK_FUNCTION_CHARS.get(lang)
    keys = [normalise(b.text) for b in blocks]
    counts = Counter(keys)
    seen: set[str] = set()
    out: list[Features] = []
    for block, key in zip(blocks, keys, strict=True):
        text = block.text.strip()
        n_plain = _count(_WORD, text)
        if cjk_function is not None:
            # Without spaces, a "word" is a character; function characters
            # stand in for stopwords.
            cjk = langs.cjk_chars(text)
            n_words = n_plain + cjk
            n_stop = sum(1 for ch in text if ch in cjk_function)
        else:
            cjk = langs.cjk_chars(text) if not n_plain and text else 0
            n_words = n_plain
            n_stop = _count(_WORD, text.lower(), stop) if stop else 0
        out.append(
            Features(
                chars=len(text) + 2 * cjk,
                words=n_words,
                stopwords=n_stop,
                ends_sentence=bool(_TERMINAL.search(text)),
                ends_question=bool(_QUESTION.search(text)),
                ends_exclamation=bool(_EXCLAMATION.search(text)),
                sentences=_count(_SENTENCE_END, text),
                capitalised=_count(_CAPITALISED, text),
                digits=_count(_NUMBER, text),
                has_letters=bool(_LETTER.search(text[:200])),
                repeats=counts[key],
                seen_before=key in seen,
            )
        )
        seen.add(key)
    return tuple(out)


@dataclass(frozen=True, slots=True)
class Page:
    """A page as rules see it: its blocks, their features and its language."""

    blocks: tuple[Block, ...]
    features: tuple[Features, ...]
    lang: str = ""
    url: str = ""


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


def make_page(blocks: tuple[Block, ...], lang: str | None = None, url: str = "") -> Page:
    """Build a ``Page``; the language is detected from the blocks when not given."""
    if lang is None:
        lang = langs.detect(_head(blocks))
    return Page(blocks, block_features(blocks, lang), lang, url)
