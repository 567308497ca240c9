"""``cleanse report CORPUS``: clean a corpus and write one HTML page of what was removed.

The tally and the page are ``cleanse.report``'s; this module reads the
corpus into the tally and writes the page.
"""

from __future__ import annotations

import argparse
import os
import sys
import urllib.parse
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO

from ..cleaner import Cleaner
from ..errors import CleanseError
from ..outputs import OutputError, write_atomic
from ..report import Tally, render_html, rule_names
from ..work import analyze_page
from .options import (
    Fields,
    add_input_options,
    add_rule_options,
    make_cleaner,
    numbered_lines,
    read_input,
    read_record,
    record_error,
)


def _expand(names: Sequence[str]) -> Iterator[tuple[str, bool]]:
    """(path, is an empty folder) for every input, folders walked in sorted order, hidden names skipped."""
    for name in names:
        if name == "-" or not os.path.isdir(name):
            yield name, False
            continue
        found = False
        for root, dirs, files in os.walk(name):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for f in sorted(files):
                if not f.startswith("."):
                    found = True
                    yield os.path.join(root, f), False
        if not found:
            yield name, True


def site_of_url(url: str) -> str:
    """The host of a URL without ``www.``.

    >>> site_of_url("https://www.Example.org/news/1")
    'example.org'
    >>> site_of_url("not a url")
    '(no url)'
    """
    host = urllib.parse.urlsplit(url.strip()).hostname or ""
    return host.removeprefix("www.") or "(no url)"


def site_of_path(name: str) -> str:
    """The folder a file lies in stands for its site (``corpus/example.org/1.html``)."""
    if name == "-":
        return "(stdin)"
    return Path(os.path.abspath(name)).parent.name or "/"


def _warn(source: str, reason: str) -> None:
    print(f"cleanse: error: {source}: {reason}", file=sys.stderr)


def gather(cleaner: Cleaner, args: argparse.Namespace, stdin: IO[bytes]) -> Tally:
    """Read every input named in ``args`` into a ``Tally``; failures are counted and warned about."""
    tally = Tally()
    fields = Fields(args.text_field, args.html_field, args.url_field, "")
    for name, empty in _expand(args.inputs):
        where = "stdin" if name == "-" else name
        if empty:
            tally.fail(where, "folder has no files")
            _warn(where, "folder has no files")
            continue
        if args.input_format != "jsonl":
            try:
                result = analyze_page(cleaner, read_input(name, stdin), args.input_format)
            except CleanseError as exc:
                # read_input's messages name the file already.
                tally.fail(where, str(exc).removeprefix(f"{where}: "))
                print(f"cleanse: error: {exc}", file=sys.stderr)
                continue
            tally.add(result, source=where, site=site_of_path(name))
            continue
        try:
            stream = stdin if name == "-" else open(name, "rb")
        except OSError as exc:
            tally.fail(where, f"cannot read: {exc.strerror or exc}")
            _warn(where, f"cannot read: {exc.strerror or exc}")
            continue
        failures: list[str] = []
        with stream:
            for number, raw in numbered_lines(name, stream, failures):
                try:
                    record, result = read_record(cleaner, fields, raw)
                except (ValueError, CleanseError, RecursionError) as exc:
                    tally.fail(f"{where}:{number}", record_error(exc))
                    _warn(f"{where}:{number}", record_error(exc))
                    continue
                url = str(record.get(fields.url) or "")
                tally.add(result, source=f"{where}:{number}", site=site_of_url(url), url=url)
        for failure in failures:
            line, _, reason = failure.partition(": ")
            tally.fail(f"{where}:{line}", reason)
            _warn(f"{where}:{line}", reason)
    return tally


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="cleanse report",
        description="Write one self-contained HTML page of what cleaning removes across a corpus: "
        "blocks and characters per rule and per site, a chart, and examples in context.",
        epilog="Folders are read recursively. Exit: 0 ok, 2 error (unreadable inputs are listed in the report too).",
    )
    p.add_argument("inputs", nargs="*", metavar="CORPUS", help="files and folders (default: stdin; '-' is stdin)")
    p.add_argument("-o", "--output", metavar="FILE", help="write the report here (default: stdout)")
    add_input_options(p)
    add_rule_options(p)
    return p


def main(argv: Sequence[str], *, stdin: IO[bytes], stdout: IO[str]) -> int:
    """``cleanse report``: returns the exit code (0, or 2 when anything was unreadable)."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    args.inputs = args.inputs or ["-"]
    try:
        cleaner = make_cleaner(args)
    except CleanseError as exc:
        print(f"cleanse: error: {exc}", file=sys.stderr)
        return 2
    tally = gather(cleaner, args, stdin)
    page = render_html(tally, rule_names(cleaner), favor=cleaner.config.favor, rules=len(cleaner.rules))
    try:
        if args.output and args.output != "-":
            write_atomic(Path(args.output), page)
        else:
            stdout.write(page)
            stdout.flush()
    except OutputError as exc:
        print(f"cleanse report: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        raise
    except OSError as exc:
        print(f"cleanse report: error: cannot write stdout: {exc.strerror or exc}", file=sys.stderr)
        return 2
    return 2 if tally.failure_count else 0
