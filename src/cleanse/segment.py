"""Plain text to blocks: one block per non-blank line, with exact offsets.

Lines, not paragraphs, are the unit: scrapers emit boilerplate and body on
adjacent lines with no blank line between them ("paiment methods" right above
"Not ready to support today?"), and many emit no blank lines at all. Blank-line
paragraphs are kept as a feature (``Block.para``) for the decision step.
"""

from __future__ import annotations

import itertools
import operator

import regex

from .model import Block

_LINE_BREAK = regex.compile(r"\r\n|\r|\n")
# Characters that make a line look non-blank but carry nothing (BOM, NBSP, ZWSP).
_INVISIBLE = " \t\f\v\u00a0\ufeff\u200b\u200c\u200d\u2060\u3000\u202f\u2007"


def is_blank(line: str) -> bool:
    """True for lines made only of whitespace and invisible characters."""
    return not line.strip(_INVISIBLE) or line.isspace()


def segment(text: str) -> tuple[Block, ...]:
    """Split ``text`` into line blocks that keep their source text and offsets.

    >>> [b.text for b in segment("Title\\r\\n\\r\\nBody one.\\nBody two.")]
    ['Title', 'Body one.', 'Body two.']
    >>> [b.para for b in segment("a\\n\\nb\\nc")]
    [0, 1, 1]
    """
    if "\r" in text:
        return _segment_any(text)
    return _segment_split(text) if len(text) <= _SPLIT_CHARS else _segment_lf(text)


#: what a block of plain text leaves at its defaults: the HTML front end's hints
_PLAIN_HINTS = tuple(Block._field_defaults[name] for name in Block._fields[6:])
#: texts up to this size are split into all their lines at once (``_segment_split``);
#: larger ones a line at a time, so 100 MB of blank lines never become 66 million strings
_SPLIT_CHARS = 1_000_000


def _segment_any(text: str) -> tuple[Block, ...]:
    """``segment`` for any line breaks (``\r\n``, ``\r``, ``\n``): the reference the fast path must agree with."""
    # Blank lines are skipped as they are found: 100 MB of them made 66
    # million spans first (6.6 GB).
    lines: list[tuple[int, int]] = []
    pos = 0
    for m in _LINE_BREAK.finditer(text):
        if not is_blank(text[pos : m.start()]):
            lines.append((pos, m.start()))
        pos = m.end()
    if not is_blank(text[pos:]):
        lines.append((pos, len(text)))
    blocks: list[Block] = []
    para = 0
    for i, (start, end) in enumerate(lines):
        nxt = lines[i + 1][0] if i + 1 < len(lines) else len(text)
        sep = text[end:nxt]
        blocks.append(Block(i, text[start:end], start, end, sep, para))
        first = _LINE_BREAK.search(sep)
        if first and _LINE_BREAK.search(sep, first.end()):  # a second break: not a list of every one
            para += 1
    return tuple(blocks)


def _segment_lf(text: str) -> tuple[Block, ...]:
    """``segment`` for text whose only line break is ``\\n`` (most pages): str methods, no regex per line.

    A separator holds one break more than the blank lines it spans, so a
    paragraph ends wherever a blank line was skipped.
    """
    blocks: list[Block] = []
    para = 0
    prev: tuple[int, str, int, int] | None = None  # the last non-blank line: index, text, start, end
    skipped = False
    pos = 0
    while pos <= len(text):
        nl = text.find("\n", pos)
        end = len(text) if nl < 0 else nl
        line = text[pos:end]
        if is_blank(line):
            skipped = True
        else:
            if prev is not None:
                blocks.append(Block(prev[0], prev[1], prev[2], prev[3], text[prev[3] : pos], para))
                para += skipped
            prev, skipped = (len(blocks), line, pos, end), False
        if nl < 0:
            break
        pos = nl + 1
    if prev is not None:
        blocks.append(Block(prev[0], prev[1], prev[2], prev[3], text[prev[3] :], para))
    return tuple(blocks)


def _segment_split(text: str) -> tuple[Block, ...]:
    """``_segment_lf`` with the work per line done by C-level ``map`` calls: a page has hundreds of lines.

    A block's paragraph number counts the blank lines skipped before it
    (those above the first block aside).
    """
    lines = text.split("\n")
    # Offsets: each line starts one break after the end of the line above.
    starts = list(itertools.accumulate(map(operator.add, map(len, lines), itertools.repeat(1)), initial=0))
    visible = map(operator.truth, map(str.strip, lines, itertools.repeat(_INVISIBLE)))
    kept = list(itertools.compress(range(len(lines)), map(operator.gt, visible, map(str.isspace, lines))))
    if not kept:
        return ()
    texts = list(map(lines.__getitem__, kept))
    begins = list(map(starts.__getitem__, kept))
    ends = list(map(operator.add, begins, map(len, texts)))
    seps = list(map(text.__getitem__, map(slice, ends, [*begins[1:], len(text)])))
    gaps = map(operator.gt, map(operator.sub, kept[1:], kept), itertools.repeat(1))
    paras = itertools.accumulate(gaps, initial=0)
    hints = ([value] * len(kept) for value in _PLAIN_HINTS)
    rows = zip(range(len(kept)), texts, begins, ends, seps, paras, *hints, strict=True)
    # ``tuple.__new__`` fills the named tuple without a Python call per block.
    return tuple(map(tuple.__new__, itertools.repeat(Block), rows))


def line_breaks(sep: str) -> int:
    """How many line breaks a separator holds (2+ means a paragraph break)."""
    # Most separators hold only "\n": counted without a regex call.
    return sep.count("\n") if "\r" not in sep else len(_LINE_BREAK.findall(sep))


def first_break(sep: str) -> str:
    """The first line break of a separator, in the input's own style."""
    m = _LINE_BREAK.search(sep)
    return m.group() if m else ""
