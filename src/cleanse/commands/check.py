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
import json
import os
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO

from .. import __version__
from ..cleaner import Cleaner
from ..diagnostics import Diagnostic, diagnose, github
from ..errors import CleanseError
from ..html import looks_like_html
from ..work import analyze_page
from .options import add_rule_options, make_cleaner, numbered_lines, read_input

#: files picked up when a folder is walked (a file named on the command line is always checked)
TEXT_SUFFIXES = (".txt", ".text", ".md", ".html", ".htm")
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz")
OUTPUT_FORMATS = ("text", "json", "github")
_PROG = "cleanse check"


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
