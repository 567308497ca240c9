"""``cleanse check PATH...``: lint already-cleaned text for boilerplate left in it.

Teams run cleanse in CI over the pages their scrapers produce; this is the
linter for that output. A block the cleaner drops on the evidence of its own
words (a phrase rule at full strength) is one diagnostic,
``path:line:col: CODE name message``, the way ruff reports. Blocks dropped for
where they stand (context codes, weak evidence tipped by context, repeated
lines, runs of short lines, HTML structure) are not: that evidence changes
once cleaning removed the boilerplate around a block, so cleanse's own output
would fail its check. The cleaner is the judge: nothing here decides what is
boilerplate, it only chooses what to report, locates it and words it.

A summary line on stderr says what was checked, and a warning when nothing
was, as ruff does (exit 0 then). Exit codes: 0 clean, 1 boilerplate found (0
with ``--exit-zero``), 2 an input could not be checked (the others still are).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import IO

from .. import __version__
from ..cleaner import Cleaner
from ..diagnostics import Diagnostic, diagnose, github, own_evidence
from ..documents import Reading, analyze, interpret
from ..errors import CleanseError
from ..render import to_json
from ..sources import Item, SourceError, named_like_input, printable, read_inputs, where
from .options import add_input_options, add_rule_options, make_cleaner, reading, record_limit

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
        help="files or folders (their pages, JSON lines and WARC files); '-' is stdin (default)",
    )
    p.add_argument(
        "--output-format", choices=OUTPUT_FORMATS, default="text", help="how to report findings (default: text)"
    )
    p.add_argument(
        "--statistics", action="store_true", help="print the number of findings per code instead of the findings"
    )
    p.add_argument("--exit-zero", action="store_true", help="exit 0 even when boilerplate is found (2 on errors)")
    p.add_argument(
        "-q", "--quiet", action="store_true", help="print the findings only: no summary, no warning on stderr"
    )
    add_input_options(p)
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
    #: the codes whose evidence is reported (``diagnostics.own_evidence``)
    evidence: frozenset[str] = frozenset()
    failed: bool = False
    written: int = 0
    #: pages (records) checked, the files they came from, files of folders left out by name
    pages: int = 0
    files: set[str] = field(default_factory=set)
    skipped: int = 0

    def error(self, message: str) -> None:
        print(f"{_PROG}: error: {message}", file=sys.stderr)
        self.failed = True

    def keep(self, name: str) -> bool:
        """Whether a file of a folder is read: named like a page, JSON lines or WARC (counted when not)."""
        if named_like_input(name):
            return True
        self.skipped += 1
        return False

    def summary(self) -> str:
        """What was checked, or a warning that nothing was."""
        if not self.pages:
            skipped = f" ({_n(self.skipped, 'file')} of other kinds skipped)" if self.skipped else ""
            return f"{_PROG}: warning: nothing to check: no pages, JSON lines or WARC files found{skipped}"
        found = sum(self.found.values())
        return (
            f"{_PROG}: checked {_n(self.pages, 'page')} in {_n(len(self.files), 'file')}: "
            f"{_n(found, 'finding') if found else 'no findings'}"
        )

    def report(self, diagnostics: Iterator[Diagnostic]) -> None:
        fmt = self.args.output_format
        for d in diagnostics:
            self.found[(d.code, d.name)] += 1
            if self.args.statistics:
                continue
            if fmt == "json":
                self.out.write(("[\n" if not self.written else ",\n") + to_json(asdict(d)))
            else:
                # One line people read: an odd file name escaped, a lone surrogate from a JSON record too.
                shown = replace(d, path=printable(d.path))
                line = github(shown) if fmt == "github" else f"{shown.location()}: {d.code} {d.name} {d.message}"
                self.out.write(line.encode("utf-8", "backslashreplace").decode("utf-8") + "\n")
            self.written += 1


def _check(run: _Run, items: Iterator[Item], reading: Reading) -> None:
    """Every record of the inputs: an unreadable one is an error, the others are still checked."""
    for item in items:
        if isinstance(item, SourceError):
            run.error(f"{where(item)}: {item.reason}")
            continue
        path = "-" if item.source == "stdin" else item.source
        # A JSON line or WARC record is located by its place in the file, then in its text.
        record = item.position if item.kind != "page" else None
        try:
            document = interpret(item, reading)
            result = analyze(run.cleaner, document)
        except (CleanseError, RecursionError) as exc:  # undecodable, or a plugin rule that fails on it
            run.error(f"{where(item)}: {exc}")
            continue
        run.pages += 1
        run.files.add(item.source)
        run.report(diagnose(result, path, document.text if document.html else None, record, evidence=run.evidence))


def main(argv: Sequence[str], *, stdin: IO[bytes], stdout: IO[str]) -> int:
    """Run ``cleanse check``; returns the exit code."""
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    try:
        cleaner = make_cleaner(args)
        limit = record_limit(args)
    except CleanseError as exc:
        print(f"{_PROG}: error: {exc}", file=sys.stderr)
        return 2
    run = _Run(args, cleaner, stdout, Counter(), own_evidence(cleaner.rules))
    # Folders give the files named like pages, JSON lines or WARC (a repository's
    # code is not linted); a file named on the command line is always checked.
    # A closed stdout (`cleanse check corpus | head`) ends the run quietly in cli.main.
    items = read_inputs(
        args.paths or ["-"],
        args.input_format,
        stdin,
        keep=run.keep,
        empty_folders_fail=False,
        max_bytes=limit,
        follow_symlinks=args.follow_symlinks,
    )
    _check(run, items, reading(args, cleaner))
    if args.output_format == "json" and not args.statistics:
        stdout.write("\n]\n" if run.written else "[]\n")
    if args.statistics:
        _statistics(run)
    if not args.quiet:
        print(run.summary(), file=sys.stderr)
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


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"
