"""Output formats: the body text, an annotated view, and JSON."""

from __future__ import annotations

import json
import operator
from collections.abc import Iterable, Sequence
from typing import Any

from .model import Block, Metadata, Result, Verdict
from .segment import first_break, line_breaks


def join_kept(verdicts: Sequence[Verdict]) -> str:
    """Kept blocks in order, each gap closed with the input's strongest separator.

    When blocks between two kept ones are dropped, the widest break of the gap
    (a paragraph break beats a line break) is reused, so paragraphs stay apart.
    """
    return join_blocks(map(_BLOCK, verdicts), map(_KEEP, verdicts))


def join_blocks(blocks: Iterable[Block], keep: Iterable[bool]) -> str:
    """``join_kept`` of blocks and whether each is kept (``Cleaner.clean`` makes no verdicts)."""
    out: list[str] = []
    gap = ""
    gap_breaks = 0  # line_breaks(gap), counted once per gap
    started = False
    for block, kept in zip(blocks, keep, strict=True):
        if kept:
            if started:
                out.append(gap or "\n")
            out.append(block.text)
            started = True
            gap = block.sep
            gap_breaks = line_breaks(gap)
        elif started:
            breaks = line_breaks(block.sep)
            if breaks > gap_breaks:
                gap, gap_breaks = block.sep, breaks
    if started:
        out.append(first_break(gap))
    return "".join(out)


_BLOCK = operator.attrgetter("block")
_KEEP = operator.attrgetter("keep")


def annotated(result: Result) -> str:
    """Every block with KEEP/DROP, its codes and the reason, one per line."""
    lines = [f"# language: {result.language or '?'}" + ("; fallback used" if result.fallback else "")]
    for v in result.verdicts:
        mark = "KEEP" if v.keep else "DROP"
        codes = ",".join(v.codes) or "-"
        text = v.block.text.strip()
        if len(text) > 100:
            text = text[:97] + "..."
        lines.append(f"{mark} {codes:<14} {text}    [{v.reason}]")
    return "\n".join(lines) + "\n"


#: the fields ``--with-metadata`` writes, in this order
FRONT_MATTER = ("title", "author", "date", "url", "language")


def front_matter(result: Result, url: str = "") -> str:
    """The page's title, author, date, URL and language as a YAML front matter block.

    A field the page does not state is left out; text input has only its
    detected language and ``url``. Values are JSON strings, which YAML reads.

    >>> print(front_matter(Result("", (), "", language="en"), "https://example.org/a"), end="")
    ---
    url: "https://example.org/a"
    language: "en"
    ---
    <BLANKLINE>
    """
    metadata = result.metadata or Metadata(language=result.language, url=url)
    lines = [
        f"{name}: {json.dumps(value, ensure_ascii=False)}"
        for name in FRONT_MATTER
        if (value := getattr(metadata, name))
    ]
    return "---\n" + "".join(line + "\n" for line in lines) + "---\n\n"


def as_dict(result: Result) -> dict[str, Any]:
    """A JSON-ready view of a result; ``metadata`` only for HTML input (see ``Metadata.as_dict``)."""
    return {
        "text": result.text,
        "language": result.language,
        "fallback": result.fallback,
        "notes": list(result.notes),
        "dropped_by_code": result.drop_counts(),
        **({"metadata": result.metadata.as_dict()} if result.metadata is not None else {}),
        "blocks": [
            {
                "index": v.block.index,
                "start": v.block.start,
                "end": v.block.end,
                "keep": v.keep,
                "codes": list(v.codes),
                "reason": v.reason,
                "score": round(float(v.score), 3),
                "text": v.block.text,
            }
            for v in result.verdicts
        ],
    }


def as_json(result: Result, *, indent: int | None = 2) -> str:
    return to_json(as_dict(result), indent=indent)


def to_json(data: Any, *, indent: int | None = None) -> str:
    """JSON that UTF-8 can write: text as it is, lone surrogates as ``\\u`` escapes.

    Lone surrogates come from file names that are not UTF-8 (``\\udce9`` for
    the byte 0xE9, as Python decodes them, so the name round-trips) and from
    ``"\\ud800"`` escapes in JSON records; written raw, they made the output
    invalid UTF-8, or a ``UnicodeEncodeError``.

    >>> to_json({"path": "caf\\udce9.txt", "text": "café"})
    '{"path": "caf\\\\udce9.txt", "text": "caf\\\\u00e9"}'
    """
    text = json.dumps(data, ensure_ascii=False, indent=indent)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = json.dumps(data, indent=indent)
    return text
