"""``cleanse check PATH...``: lint already-cleaned text for boilerplate left in it.

Teams run cleanse in CI over the pages their scrapers produce; this is the
linter for that output. Every block the cleaner would drop is one diagnostic,
``path:line:col: CODE name message``, the way ruff reports. The cleaner is the
judge: nothing here decides what is boilerplate, it only locates and reports.

Exit codes: 0 clean, 1 boilerplate found (0 with ``--exit-zero``), 2 an input
could not be checked (the others still are).
"""

from __future__ import annotations

import argparse
import bisect
import json
import os
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO

import regex

from . import __version__
from .cleaner import Cleaner
from .cli import add_rule_options, make_cleaner, numbered_lines, read_input
from .decide import CONTEXT_CODES
from .errors import CleanseError
from .html import looks_like_html
from .model import Result, Verdict
from .work import analyze_page

#: files picked up when a folder is walked (a file named on the command line is always checked)
TEXT_SUFFIXES = (".txt", ".text", ".md", ".html", ".htm")
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz")
OUTPUT_FORMATS = ("text", "json", "github")
#: characters of the block shown in a message
SNIPPET = 60

_LINE_BREAK = regex.compile(r"\r\n|\r|\n")  # the breaks segment.py splits on
_WORD = regex.compile(r"\w+|\S")
_PROG = "cleanse check"


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


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog=_PROG,
        description="Report the boilerplate still present in (already cleaned) pages, one line per block.",
        epilog="Exit: 0 clean, 1 boilerplate found, 2 an input could not be checked.",
    )
    p.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help=f"files or folders ({' '.join(TEXT_SUFFIXES + JSONL_SUFFIXES)} in folders); '-' is stdin (default)",
    )
    p.add_argument(
        "--output-format", choices=OUTPUT_FORMATS, default="text", help="how to report findings (default: text)"
    )
    p.add_argument(
        "--statistics", action="store_true", help="print the number of findings per code instead of the findings"
    )
    p.add_argument("--exit-zero", action="store_true", help="exit 0 even when boilerplate is found (2 on errors)")
    p.add_argument("--text-field", default="text", metavar="NAME", help="jsonl: field to check (default: text)")
    add_rule_options(p)
    p.add_argument("--version", action="version", version=f"cleanse {__version__}")
    return p


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


@dataclass
class _Run:
    """What a run has reported so far, and where it writes."""

    args: argparse.Namespace
    cleaner: Cleaner
    out: IO[str]
    found: Counter[tuple[str, str]]
    failed: bool = False
    written: int = 0

    def error(self, message: str) -> None:
        print(f"{_PROG}: error: {message}", file=sys.stderr)
        self.failed = True

    def report(self, diagnostics: Iterator[Diagnostic]) -> None:
        fmt = self.args.output_format
        for d in diagnostics:
            self.found[(d.code, d.name)] += 1
            if self.args.statistics:
                continue
            if fmt == "json":
                self.out.write(("[\n" if not self.written else ",\n") + json.dumps(asdict(d), ensure_ascii=False))
            elif fmt == "github":
                self.out.write(github(d) + "\n")
            else:
                self.out.write(f"{d.location()}: {d.code} {d.name} {d.message}\n")
            self.written += 1


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


def _walk(root: Path, errors: list[str]) -> list[str]:
    """Files under ``root`` with a checked suffix, sorted; hidden files and folders skipped."""
    found: list[str] = []

    def unreadable(exc: OSError) -> None:
        errors.append(f"cannot read {exc.filename}: {exc.strerror or exc}")

    for folder, dirs, files in os.walk(root, onerror=unreadable):
        # .git, .venv and the like hold no pages of the corpus.
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found += [
            os.path.join(folder, f)
            for f in files
            if not f.startswith(".") and f.endswith(TEXT_SUFFIXES + JSONL_SUFFIXES)
        ]
    # Sorted by path components, so a folder's files stay together whatever its name.
    return sorted(found, key=lambda p: Path(p).parts)


def _check_file(run: _Run, name: str, stdin: IO[bytes]) -> None:
    text = read_input(name, stdin)
    markup = text if looks_like_html(text) else None
    result = analyze_page(run.cleaner, text, "html" if markup is not None else "text")
    run.report(diagnose(result, "-" if name == "-" else name, markup))


def _check_jsonl(run: _Run, name: str) -> None:
    """Every record of a JSON-lines file (``.gz`` streamed); a bad line is an error, the rest go on."""
    field = run.args.text_field
    try:
        stream = open(name, "rb")
    except OSError as exc:
        run.error(f"cannot read {name}: {exc.strerror or exc}")
        return
    failures: list[str] = []
    with stream:
        for number, raw in numbered_lines(name, stream, failures):
            try:
                record = json.loads(raw)
            except json.JSONDecodeError as exc:
                run.error(f"{name}:{number}:{exc.colno}: not JSON: {exc.msg}")
                continue
            except (ValueError, RecursionError) as exc:  # undecodable bytes, absurd nesting
                run.error(f"{name}:{number}: not JSON: {exc}")
                continue
            text = record.get(field) if isinstance(record, dict) else None
            if not isinstance(text, str):
                what = "no string field" if isinstance(record, dict) else "not an object, so no field"
                run.error(f"{name}:{number}: {what} {field!r}")
                continue
            markup = text if looks_like_html(text) else None
            try:
                result = analyze_page(run.cleaner, text, "html" if markup is not None else "text")
            except (CleanseError, RecursionError) as exc:  # a plugin rule that fails on this record, say
                run.error(f"{name}:{number}: {exc}")
                continue
            run.report(diagnose(result, name, markup, record=number))
    for failure in failures:
        run.error(f"{name}:{failure}")


def main(argv: Sequence[str], *, stdin: IO[bytes], stdout: IO[str]) -> int:
    """Run ``cleanse check``; returns the exit code."""
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    try:
        cleaner = make_cleaner(args)
    except CleanseError as exc:
        print(f"{_PROG}: error: {exc}", file=sys.stderr)
        return 2
    run = _Run(args, cleaner, stdout, Counter())
    try:
        for path in args.paths or ["-"]:
            if path != "-" and os.path.isdir(path):
                errors: list[str] = []
                names = _walk(Path(path), errors)
                for error in errors:
                    run.error(error)
            else:
                names = [path]
            for name in names:
                if name.endswith(JSONL_SUFFIXES):
                    _check_jsonl(run, name)
                    continue
                # One unreadable file is reported; the others are still checked.
                try:
                    _check_file(run, name, stdin)
                except CleanseError as exc:
                    run.error(str(exc))
        if args.output_format == "json" and not args.statistics:
            stdout.write("\n]\n" if run.written else "[]\n")
        if args.statistics:
            _statistics(run)
        stdout.flush()
    except BrokenPipeError:
        # `cleanse check corpus | head` closed the pipe: not an error of ours.
        sys.stderr.close()
        return 0
    if run.failed:
        return 2
    return 1 if run.found and not args.exit_zero else 0


def _statistics(run: _Run) -> None:
    """Findings per code, most frequent first (ruff's ``--statistics``)."""
    rows = sorted(run.found.items(), key=lambda item: (-item[1], item[0]))
    if run.args.output_format == "json":
        data = [{"count": n, "code": code, "name": name} for (code, name), n in rows]
        run.out.write(json.dumps(data, indent=2) + "\n")
        return
    width = max((len(str(n)) for _, n in rows), default=1)
    for (code, name), n in rows:
        run.out.write(f"{n:>{width}}  {code}  {name}\n")
