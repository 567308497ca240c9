"""Where a block's text stands in the HTML it came from, for ``cleanse check``.

The HTML front end knows the line of the element that holds a block, not the
column, and on a minified page every element is on line 1: looking for a
block's first word from the start of its line found the first "Support" of
the page, or nothing within reach ("143:1" for most blocks of a shop page).
So the markup's visible text is indexed once (``TextMap``: text outside tags,
comments, scripts and styles, entities decoded, each character with its
offset in the markup), and each block's first words are looked for there, in
page order, from the previous block on.

Scanning is linear: a ``<`` with no ``>`` after it, or a comment or script
that never closes, ends the scan instead of being searched for again.
"""

from __future__ import annotations

import bisect
import html
from array import array
from collections.abc import Sequence

import regex

#: words of a block looked for together (enough to tell "Support us!" from "Support for the plan")
WORDS = 6
#: characters of visible text searched past where a block is expected
WINDOW = 1 << 16

_WORD = regex.compile(r"\w+")
_RAW_TEXT = regex.compile(r"<(script|style|noscript|template|textarea|title)\b", regex.IGNORECASE)
_ENTITY = regex.compile(r"&(?:#[0-9]{1,7};?|#[xX][0-9a-fA-F]{1,6};?|[A-Za-z][A-Za-z0-9]{1,31};?)")


class TextMap:
    """The visible text of ``markup`` and, for each of its characters, the offset it came from."""

    def __init__(self, markup: str) -> None:
        self.markup = markup
        parts: list[str] = []
        self.offsets = array("q")
        pos, n = 0, len(markup)
        while pos < n:
            lt = markup.find("<", pos)
            if lt < 0:
                self._text(parts, pos, n)
                break
            self._text(parts, pos, lt)
            pos = self._skip(lt)
        self.text = "".join(parts)

    def _skip(self, lt: int) -> int:
        """The offset just past the tag, comment or raw-text element starting at ``lt``."""
        markup = self.markup
        if markup.startswith("<!--", lt):
            end = markup.find("-->", lt + 4)
            return len(markup) if end < 0 else end + 3
        raw = _RAW_TEXT.match(markup, lt)
        if raw is not None:
            close = regex.compile(rf"</{raw.group(1)}\s*>", regex.IGNORECASE).search(markup, raw.end())
            return len(markup) if close is None else close.end()
        gt = markup.find(">", lt)
        return len(markup) if gt < 0 else gt + 1

    def _text(self, parts: list[str], start: int, end: int) -> None:
        if start >= end:
            return
        segment = self.markup[start:end]
        if "&" not in segment:
            parts.append(segment)
            self.offsets.extend(range(start, end))
            return
        pos = 0
        for m in _ENTITY.finditer(segment):
            parts.append(segment[pos : m.start()])
            self.offsets.extend(range(start + pos, start + m.start()))
            decoded = html.unescape(m.group())
            parts.append(decoded)
            self.offsets.extend([start + m.start()] * len(decoded))
            pos = m.end()
        parts.append(segment[pos:])
        self.offsets.extend(range(start + pos, end))

    def at(self, offset: int) -> int:
        """The index in ``text`` of the first visible character at or after ``offset`` in the markup."""
        return bisect.bisect_left(self.offsets, offset)

    def find(self, words: Sequence[str], start: int, lead: str = "") -> int | None:
        """The markup offset of ``words`` (any non-word characters between them) from ``text[start]`` on.

        ``lead`` is what the block has before its first word ("©", "»"): found
        there, the offset is its own.
        """
        body = r"\W*".join(map(regex.escape, words))
        for pattern in ([regex.escape(lead) + r"\s*" + body] if lead else []) + [body]:
            m = regex.compile(pattern).search(self.text, start, start + WINDOW)
            if m is not None:
                offset: int = self.offsets[m.start()]
                return offset
        return None


class Locator:
    """Finds blocks in their markup one after another, in page order."""

    def __init__(self, markup: str, line_starts: Sequence[int]) -> None:
        self.map = TextMap(markup)
        self.line_starts = line_starts
        #: index in the visible text where the next block may start
        self.cursor = 0

    def offset(self, text: str, line: int) -> int:
        """Where ``text`` (a block, found on or after markup line ``line``) starts in the markup.

        Looked for from the block's line or from the previous block, whichever
        is later, then from the previous block alone; failing both (markup too
        broken to parse the same way twice), the start of the line.
        """
        words = _WORD.findall(text)[:WORDS]
        hint = self.line_starts[line - 1] if 0 < line <= len(self.line_starts) else 0
        if not words:
            return hint
        lead = text[: text.find(words[0])].strip()
        for start in dict.fromkeys((max(self.cursor, self.map.at(hint)), self.cursor)):
            found = self.map.find(words, start, lead)
            if found is not None:
                self.cursor = self.map.at(found) + 1
                return found
        return hint
