"""Diagnostics: each block the cleaner would drop, located in its input for people and tools.

``cleanse check`` lints with them: ``path:line:col: CODE name message`` as
ruff reports, as JSON, or as GitHub Actions annotations. The cleaner is the
judge: nothing here decides what is boilerplate, it only locates and words it.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import regex

from .decide import CONTEXT_CODES
from .locate import Locator
from .model import Result, Verdict
from .rules.base import PhraseRule

#: characters of the block shown in a message
SNIPPET = 60

_LINE_BREAK = regex.compile(r"\r\n|\r|\n")  # the breaks segment.py splits on


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


def own_evidence(rules: Iterable[object]) -> frozenset[str]:
    """The codes of the rules that judge a block by its own words (the phrase rules) among ``rules``."""
    return frozenset(type(r).code for r in rules if isinstance(r, PhraseRule))


def diagnose(
    result: Result,
    path: str,
    markup: str | None = None,
    record: int | None = None,
    *,
    evidence: frozenset[str] | None = None,
) -> Iterator[Diagnostic]:
    """One diagnostic per dropped block of ``result``, in page order.

    ``markup`` is the HTML the result was made from, if any: positions then
    point into it (where the block's text stands in the markup, ``locate``)
    instead of into the laid-out text.

    ``evidence`` keeps only the blocks dropped on the full-strength evidence of
    one of these codes (``cleanse check`` passes ``own_evidence``: what a
    block says holds wherever it stands); None reports every dropped block.

    >>> from cleanse import Cleaner
    >>> page = "The council met.\\n  Support us!\\n"
    >>> [d.location() + " " + d.code for d in diagnose(Cleaner().analyze(page), "p.txt")]
    ['p.txt:2:3 APL001']
    """
    source = markup if markup is not None else result.source
    # Offsets of every line start, found once: a bisect per block then gives its line.
    starts = [0] + [m.end() for m in _LINE_BREAK.finditer(source)]
    locator: Locator | None = None
    for v in result.dropped:
        code = _reported_code(v, evidence)
        if code is None:
            continue
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
            locator = locator or Locator(markup, starts)
            offset = locator.offset(v.block.text, v.block.line)
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


def _reported_code(v: Verdict, evidence: frozenset[str] | None) -> str | None:
    """The code a dropped block is reported under, or None when ``evidence`` leaves it out."""
    if evidence is None:
        # The decision step gives every drop a code; a bare one still gets reported.
        return v.codes[0] if v.codes else "CTX000"
    if "CTX004" in v.codes:  # rule evidence below the threshold, tipped by context
        return None
    return next((code for code in v.codes if code in evidence), None)


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
