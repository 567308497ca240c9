"""Diagnostics: each block the cleaner would drop, located in its input for people and tools.

``cleanse check`` lints with them: ``path:line:col: CODE name message`` as
ruff reports, as JSON, or as GitHub Actions annotations. The cleaner is the
judge: nothing here decides what is boilerplate, it only locates and words it.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import regex

from .decide import CONTEXT_CODES
from .model import Result, Verdict

#: characters of the block shown in a message
SNIPPET = 60

_LINE_BREAK = regex.compile(r"\r\n|\r|\n")  # the breaks segment.py splits on
_WORD = regex.compile(r"\w+|\S")


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One block of boilerplate still in an input, located for humans and tools.

    For a JSON-lines corpus ``record`` is the line of the record in the file
    and ``line``/``col`` point into the record's text field; for other inputs
    ``record`` is None and ``line``/``col`` point into the file.
    """

    path: str
    line: int
    col: int
    code: str
    name: str
    message: str
    text: str
    record: int | None = None

    def location(self) -> str:
        """``path:line:col``, or ``path:record:line:col`` for a corpus record.

        >>> Diagnostic("a.txt", 3, 1, "APL001", "support-banner", "m", "t").location()
        'a.txt:3:1'
        >>> Diagnostic("c.jsonl", 2, 5, "APL001", "support-banner", "m", "t", record=12).location()
        'c.jsonl:12:2:5'
        """
        where = f"{self.record}:" if self.record is not None else ""
        return f"{self.path}:{where}{self.line}:{self.col}"


def _rule_name(code: str, verdict: Verdict) -> str:
    if code in CONTEXT_CODES:
        return CONTEXT_CODES[code][0]
    if code == "CTX000":
        return "uncoded-drop"
    return next((f.name for f in verdict.findings if f.code == code), code.lower())


def _snippet(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SNIPPET else text[: SNIPPET - 1] + "…"


def diagnose(result: Result, path: str, markup: str | None = None, record: int | None = None) -> Iterator[Diagnostic]:
    """One diagnostic per dropped block of ``result``, in page order.

    ``markup`` is the HTML the result was made from, if any: positions then
    point into it (the block's line as the parser saw it, the column of its
    first word) instead of into the laid-out text.

    >>> from cleanse import Cleaner
    >>> page = "The council met.\\n  Support us!\\n"
    >>> [d.location() + " " + d.code for d in diagnose(Cleaner().analyze(page), "p.txt")]
    ['p.txt:2:3 APL001']
    """
    source = markup if markup is not None else result.source
    # Offsets of every line start, found once: a bisect per block then gives its line.
    starts = [0] + [m.end() for m in _LINE_BREAK.finditer(source)]
    cursor = 0
    for v in result.dropped:
        # The decision step gives every drop a code; a bare one still gets reported.
        code = v.codes[0] if v.codes else "CTX000"
        finding = next((f for f in v.findings if f.code == code), None)
        if markup is None:
            text = v.block.text
            if finding is not None and finding.span is not None:
                # A phrase rule says where in the line the boilerplate starts.
                offset = v.block.start + finding.span[0]
            else:
                # The text, not the indentation before it.
                offset = v.block.start + len(text) - len(text.lstrip())
        else:
            offset = cursor = _in_markup(markup, starts, v, cursor)
        line = bisect.bisect_right(starts, offset)
        col = offset - starts[line - 1] + 1
        reason = finding.message if finding is not None else v.reason
        if "CTX004" in v.codes[1:]:
            reason += " (weak evidence)"
        yield Diagnostic(
            path,
            line,
            col,
            code,
            _rule_name(code, v),
            f'{reason}: "{_snippet(v.block.text)}"',
            v.block.text,
            record,
        )


def _in_markup(markup: str, starts: Sequence[int], v: Verdict, cursor: int) -> int:
    """Offset in ``markup`` where the block's text begins, as near as can be told.

    The parser gives the line of the element holding the text (``Block.line``);
    the block's first word is then looked for from there, outside tags, so a
    ``<p>`` whose text sits on the next line still points at the text.
    """
    line = v.block.line
    base = starts[line - 1] if 0 < line <= len(starts) else cursor
    first = _WORD.search(v.block.text)
    if first is None:
        return base
    word = regex.compile(regex.escape(first.group()))
    pos = base
    while (m := word.search(markup, pos, base + 4096)) is not None:
        # Skip the word where it sits inside a tag (an attribute value, say).
        start: int = m.start()
        if markup.rfind("<", base, start) <= markup.rfind(">", base, start):
            return start
        pos = m.end()
    return base


def github(d: Diagnostic) -> str:
    """A GitHub Actions ``::warning`` command for one diagnostic.

    Property values escape ``% \\r \\n : ,`` and the message escapes
    ``% \\r \\n``, as the runner's parser requires. A corpus record points at
    its line in the file; where in the record's text goes into the message.

    >>> print(github(Diagnostic("a,b.txt", 3, 1, "APL001", "support-banner", "50% off\\nnow", "t")))
    ::warning file=a%2Cb.txt,line=3,col=1,title=APL001 support-banner::50%25 off%0Anow
    """
    if d.record is None:
        where, message = f"line={d.line},col={d.col}", d.message
    else:
        where, message = f"line={d.record}", f"in the record's text at {d.line}:{d.col}: {d.message}"
    title = f"{d.code} {d.name}"
    return f"::warning file={_escape_property(d.path)},{where},title={_escape_property(title)}::{_escape_data(message)}"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")
