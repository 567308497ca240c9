"""Markdown output: the kept blocks of an HTML page with the structure the page gave them.

Headings (``<h1>``…``<h6>``) become ``#``…``######``, list items ``- `` or
``1. `` (nested lists indented under their parent item), block quotes ``> ``,
``<pre>`` lines a fenced code block and table rows a pipe table, its first kept
row as the header. Everything else is a paragraph. The words are the blocks'
own, as ``--format text`` writes them: only Markdown's syntax is added (and a
``|`` inside a table cell is escaped as ``\\|``), so the Markdown stripped of
its syntax is the text output line for line. Plain-text input has no
structure to show: its Markdown is its text.

>>> from cleanse.html import html_blocks
>>> _, blocks = html_blocks("<h2>Tides</h2><ol><li>Low</li><li>High</li></ol><blockquote><p>Calm.</p></blockquote>")
>>> print(markdown_blocks(blocks, [True] * len(blocks)), end="")
## Tides
<BLANKLINE>
1. Low
2. High
<BLANKLINE>
> Calm.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import regex

from .model import Block, Result
from .render import join_blocks

_HEADINGS = {f"h{n}": "#" * n for n in range(1, 7)}
_LISTS = frozenset(("ul", "ol"))
_BACKTICKS = regex.compile(r"`{3,}")


def to_markdown(result: Result) -> str:
    """The kept text of ``result`` as Markdown (``cleanse --format markdown``).

    For plain-text input this is ``result.text`` unchanged.
    """
    return markdown_blocks([v.block for v in result.verdicts], [v.keep for v in result.verdicts])


def markdown_blocks(blocks: Sequence[Block], keep: Sequence[bool]) -> str:
    """Kept ``blocks`` as Markdown; ``keep`` says which are kept (``Cleaner.clean_html`` makes no verdicts)."""
    if not any(block.tag for block in blocks):
        return join_blocks(blocks, keep)
    kept = [block for block, k in zip(blocks, keep, strict=True) if k]
    pieces = [_run(kind, run) for kind, run in _runs(kept)]
    return "\n\n".join(pieces) + "\n" if pieces else ""


def _kind(block: Block) -> str:
    """What a block is in Markdown: heading, item, row, code or paragraph."""
    if block.tag in _HEADINGS:
        return "heading"
    if block.tag == "pre":
        return "code"
    if block.cells:
        return "row"
    tags = block.path.split("/")
    # A list item's own text, or a paragraph right inside an item (each gets a marker).
    if block.tag == "li" or (len(tags) > 1 and tags[-2] == "li"):
        return "item"
    return "paragraph"


def _runs(blocks: Iterable[Block]) -> Iterable[tuple[str, list[Block]]]:
    """Kept blocks in runs written together: one list, one table, one ``<pre>``; else one block each."""
    run: list[Block] = []
    kind = ""
    for block in blocks:
        k = _kind(block)
        # A table or a <pre> ends where the next one starts; nested lists stay one run.
        together = (
            bool(run)
            and k == kind
            and k in ("item", "row", "code")
            and (k == "item" or block.group == run[-1].group)
            and _quotes(block) == _quotes(run[-1])
        )
        if run and not together:
            yield kind, run
            run = []
        run.append(block)
        kind = k
    if run:
        yield kind, run


def _quotes(block: Block) -> int:
    return block.path.split("/").count("blockquote")


def _run(kind: str, run: list[Block]) -> str:
    if kind == "heading":
        lines = [f"{_HEADINGS[run[0].tag]} {run[0].text}"]
    elif kind == "code":
        # A fence longer than any run of backticks in the code, so none closes it early.
        fence = "`" * max([3, *(len(m) + 1 for b in run for m in _BACKTICKS.findall(b.text))])
        lines = [fence, *(b.text for b in run), fence]
    elif kind == "row":
        lines = _table(run)
    elif kind == "item":
        lines = _items(run)
    else:
        lines = [run[0].text]
    quote = "> " * _quotes(run[0])
    return "\n".join(quote + line for line in lines)


def _cells(block: Block) -> list[str]:
    ends = (*block.cells[1:], len(block.text))
    return [block.text[s:e].strip().replace("|", "\\|") for s, e in zip(block.cells, ends, strict=True)]


def _table(rows: list[Block]) -> list[str]:
    """A pipe table; Markdown needs a header, so the first kept row is it."""
    cells = [_cells(row) for row in rows]
    width = max(len(c) for c in cells)
    lines = ["| " + " | ".join(c + [""] * (width - len(c))) + " |" for c in cells]
    lines.insert(1, "|" + " --- |" * width)
    return lines


def _items(items: list[Block]) -> list[str]:
    """List items, numbered per list when ordered, each nested list under its parent item."""
    lines = []
    # (nesting depth, column where the item's text starts) of the items open above.
    open_items: list[tuple[int, int]] = []
    numbers: dict[int, int] = {}
    for item in items:
        tags = item.path.split("/")
        depth = sum(tag in _LISTS for tag in tags)
        while open_items and open_items[-1][0] >= depth:
            open_items.pop()
        indent = open_items[-1][1] if open_items else 0
        outer = next((tag for tag in reversed(tags) if tag in _LISTS), "ul")
        if outer == "ol":
            numbers[item.group] = numbers.get(item.group, 0) + 1
            marker = f"{numbers[item.group]}. "
        else:
            marker = "- "
        lines.append(" " * indent + marker + item.text)
        open_items.append((depth, indent + len(marker)))
    return lines
