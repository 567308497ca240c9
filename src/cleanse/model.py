"""The data cleanse passes around: blocks in, findings about them, verdicts out.

Data only: nothing here knows how blocks are made or judged.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import NamedTuple


class Block(NamedTuple):
    """One unit of the page: a non-blank line of text (or an HTML block).

    ``text`` is the exact source text, ``start``/``end`` its offsets in the
    decoded input, and ``sep`` the separator that followed it in the source
    (line breaks and blank lines), so output can reuse the input's own breaks.
    Immutable like the rest of the model; a named tuple because a page makes
    one per line and a tuple is built several times faster than a frozen
    dataclass.
    """

    index: int  # type: ignore[assignment]  # shadows tuple.index, which blocks never need
    text: str
    start: int
    end: int
    sep: str = ""
    #: number of the blank-line-separated paragraph this line belongs to
    para: int = 0
    #: structural hints from the HTML front end (empty for plain text)
    tag: str = ""
    path: str = ""
    tokens: frozenset[str] = frozenset()
    link_density: float = 0.0
    #: HTML only: 1-based line of the markup where the block's text begins
    #: (the line of the element holding it; 0 when unknown or plain text)
    line: int = 0
    #: HTML only: share of the text in links to the page's own sections
    #: (``href="#usage"``): a table of contents, a heading's permalink
    in_page_links: float = 0.0
    #: HTML only: which list, table or ``<pre>`` the block is in, numbered from 1
    #: in page order (0: none), so Markdown output knows which blocks belong together
    group: int = 0
    #: HTML only: a table row's cells, as the offsets in ``text`` where each begins
    cells: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Finding:
    """Evidence a rule gathered about one block.

    ``weight`` > 0 says boilerplate, < 0 says body; 1.0 is strong enough to drop
    a block on its own (see ``docs/algorithm.md``).
    """

    code: str
    name: str
    block: int
    weight: float
    message: str
    span: tuple[int, int] | None = None


@dataclass(frozen=True, slots=True)
class Verdict:
    """The decision about one block and the evidence behind it."""

    block: Block
    keep: bool
    #: the codes that caused the decision (rules and context revisions)
    codes: tuple[str, ...]
    reason: str
    score: float = 0.0
    findings: tuple[Finding, ...] = ()

    @property
    def text(self) -> str:
        return self.block.text


@dataclass(frozen=True, slots=True)
class Metadata:
    """What an HTML page says about itself: title, author, date and the like.

    Read from JSON-LD, OpenGraph, ``<meta>`` tags, ``<title>`` and the
    canonical link (``metadata.py``). An empty string means the page does not
    say. ``date`` is ISO 8601 when the page's date could be parsed, else as
    the page wrote it; ``language`` falls back to the detected language.
    """

    title: str = ""
    author: str = ""
    date: str = ""
    language: str = ""
    url: str = ""
    site_name: str = ""
    description: str = ""

    def as_dict(self) -> dict[str, str | None]:
        """Every field, ``None`` where the page does not say (a stable JSON shape)."""
        return {f.name: getattr(self, f.name) or None for f in fields(self)}


@dataclass(frozen=True, slots=True)
class Result:
    """Everything ``analyze`` found out about a page."""

    source: str
    verdicts: tuple[Verdict, ...]
    text: str
    language: str = ""
    #: set when the decision kept almost nothing and the fallback chose a region
    fallback: bool = False
    notes: tuple[str, ...] = field(default=())
    #: what an HTML page says about itself; ``None`` for text input
    metadata: Metadata | None = None

    @property
    def kept(self) -> tuple[Verdict, ...]:
        return tuple(v for v in self.verdicts if v.keep)

    @property
    def dropped(self) -> tuple[Verdict, ...]:
        return tuple(v for v in self.verdicts if not v.keep)

    def drop_counts(self) -> dict[str, int]:
        """Blocks dropped per code, the way corpus runs count them."""
        counts: dict[str, int] = {}
        for v in self.dropped:
            for code in v.codes[:1]:
                counts[code] = counts.get(code, 0) + 1
        return counts
