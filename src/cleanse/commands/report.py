"""``cleanse report CORPUS``: clean a corpus and write one HTML page of what was removed.

The tally and the page are ``cleanse.report``'s; this module reads the
corpus into the tally and writes the page.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO

from ..cleaner import Cleaner
from ..documents import Reading, analyze, interpret
from ..errors import CleanseError
from ..outputs import OutputError, refuse_inputs, write_atomic
from ..report import Tally, registered_domain, render_html, rule_names
from ..sources import Item, SourceError, read_inputs, where
from .options import add_input_options, add_rule_options, make_cleaner, reading, record_limit

#: the start of every error line, as argparse words the command's usage errors
_PROG = "cleanse report"


def _warn(source: str, reason: str) -> None:
    print(f"{_PROG}: error: {source}: {reason}", file=sys.stderr)


def gather(cleaner: Cleaner, items: Iterable[Item], reading: Reading) -> Tally:
    """Every record into a ``Tally``; what cannot be read is counted and warned about.

    A page's site is the registered domain of its URL's host
    (``news.example.co.uk`` counts under ``example.co.uk``), or for a file that
    of the folder ``sources`` names; a record without either counts under
    ``(no url)``, stdin under ``(stdin)``.
    """
    tally = Tally()
    for item in items:
        name = where(item)
        if isinstance(item, SourceError):
            tally.fail(name, item.reason)
            _warn(name, item.reason)
            continue
        try:
            document = interpret(item, reading)
            result = analyze(cleaner, document)
        except (CleanseError, RecursionError) as exc:
            tally.fail(name, str(exc))
            _warn(name, str(exc))
            continue
        site = registered_domain(document.site) or ("(stdin)" if item.source == "stdin" else "(no url)")
        url = "" if document.url.startswith("file:") else document.url
        tally.add(result, source=name, site=site, url=url)
    return tally


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog=_PROG,
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
        limit = record_limit(args)
        refuse_inputs([("-o", args.output)], args.inputs)
    except CleanseError as exc:
        print(f"{_PROG}: error: {exc}", file=sys.stderr)
        return 2
    items = read_inputs(args.inputs, args.input_format, stdin, max_bytes=limit, follow_symlinks=args.follow_symlinks)
    tally = gather(cleaner, items, reading(args, cleaner))
    page = render_html(tally, rule_names(cleaner), favor=cleaner.config.favor, rules=len(cleaner.rules))
    # Scraped text may hold lone surrogates ("\ud800" escapes in a JSON record), which UTF-8 cannot write.
    page = page.encode("utf-8", "backslashreplace").decode("utf-8")
    try:
        if args.output and args.output != "-":
            write_atomic(Path(args.output), page)
        else:
            stdout.write(page)
            stdout.flush()
    except OutputError as exc:
        print(f"{_PROG}: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        raise
    except OSError as exc:
        print(f"{_PROG}: error: cannot write stdout: {exc.strerror or exc}", file=sys.stderr)
        return 2
    return 2 if tally.failure_count else 0
