"""``cleanse learn``: count a corpus's lines per site into a site profile, or merge profiles.

    cleanse learn corpus.jsonl.gz -o profile.jsonl          # records with a url field
    cleanse learn pages/ -o profile.jsonl                   # pages/SITE/... files
    cleanse learn --no-prune shard1.jsonl -o s1.jsonl       # map: one shard, counts only
    cleanse learn --merge s1.jsonl s2.jsonl -o profile.jsonl  # reduce: sum, then prune

A page's site is its URL's host (``profiles.site_of``) for JSON-lines records,
and for files the first folder under the folder named on the command line
(``pages/example.com/2024/a.html`` is ``example.com``), or the folder holding
a file named directly. Bad records are reported with their position and
skipped; the run exits 2 at the end (as the cleaning command does).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import IO

from ..documents import Document, interpret
from ..errors import CleanseError, InputError
from ..html import html_blocks
from ..outputs import refuse_inputs
from ..profiles import ERROR, MIN_PAGES, MIN_SHARE, Learner, Profile, dumps, load, merge, save
from ..segment import segment
from ..sources import SourceError, read_inputs, where
from .options import add_input_options, reading, record_limit


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="cleanse learn",
        description="Learn a site profile: the lines each site prints on many of its pages.",
        epilog="With --profile FILE, `cleanse` drops the profile's lines from pages of the same site (SIT002).",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="corpus files or folders ('-': JSON lines on stdin)")
    p.add_argument("-o", "--output", default="-", metavar="FILE", help="profile file to write ('.gz': gzipped)")
    p.add_argument("--merge", action="store_true", help="the paths are profiles (shards): sum them")
    add_input_options(p)
    p.add_argument("--min-pages", type=int, default=MIN_PAGES, metavar="N", help="a line on at least N pages")
    p.add_argument(
        "--min-share", type=float, default=MIN_SHARE, metavar="X", help="and on at least this share of its site's pages"
    )
    p.add_argument("--no-prune", action="store_true", help="keep every count: a shard for a later --merge")
    p.add_argument("--keep-text", action="store_true", help="store one spelling of each line, for inspection")
    p.add_argument(
        "--error", type=float, default=ERROR, metavar="X", help="lossy counting: counts may be low by X × pages"
    )
    return p


class _Problems:
    """Bad inputs, reported as they come; the run exits 2 if there were any."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, where: str, why: str) -> None:
        self.count += 1
        print(f"cleanse learn: error: {where}: {why}", file=sys.stderr)


def _lines(document: Document) -> list[str]:
    """The lines a page shows: the HTML front end's blocks, or the text's."""
    if document.html:
        return [b.text for b in html_blocks(document.text)[1]]
    return [b.text for b in segment(document.text)]


def _learn(args: argparse.Namespace, stdin: IO[bytes], problem: _Problems) -> Profile:
    learner = Learner(error=args.error, keep_text=args.keep_text)
    # One page teaches no template: stdin is a corpus of JSON lines unless --input-format says otherwise.
    items = read_inputs(
        args.paths,
        args.input_format,
        stdin,
        stdin_format="jsonl",
        max_bytes=record_limit(args),
        follow_symlinks=args.follow_symlinks,
    )
    how = reading(args, None)
    for item in items:
        if isinstance(item, SourceError):
            problem(where(item), item.reason)
            continue
        try:
            document = interpret(item, how)
            if not document.site:
                raise InputError(f"no URL with a host in field {args.url_field!r}")
            lines = _lines(document)
        except (CleanseError, RecursionError) as exc:
            problem(where(item), str(exc) if not isinstance(exc, RecursionError) else "nested too deeply to parse")
            continue
        learner.add(document.site, lines)
    return learner.profile()


def main(argv: Sequence[str], *, stdin: IO[bytes], stdout: IO[str]) -> int:
    """Run ``cleanse learn``; returns the exit code (0 ok, 2 bad input or usage)."""
    try:
        args = _parser().parse_args(list(argv))
    except SystemExit as exc:
        return int(exc.code or 0)
    problem = _Problems()
    try:
        if not 0 < args.error < 1:
            raise InputError(f"--error must be between 0 and 1, not {args.error}")
        if not 0 <= args.min_share <= 1 or args.min_pages < 0:
            raise InputError("--min-pages takes a count and --min-share a share between 0 and 1")
        refuse_inputs([("-o", args.output)], args.paths)
        profile = merge(*(load(p) for p in args.paths)) if args.merge else _learn(args, stdin, problem)
        seen = len(profile.sites), sum(s.pages for s in profile.sites.values())
        if not args.no_prune:
            profile = profile.prune(args.min_pages, args.min_share)
        if args.output == "-":
            stdout.write(dumps(profile))
        else:
            save(profile, args.output)
    except CleanseError as exc:
        print(f"cleanse learn: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        raise  # `cleanse learn corpus | head`: cli.main ends the run quietly
    except OSError as exc:
        print(f"cleanse learn: error: cannot write {args.output}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    lines = sum(len(s.lines) for s in profile.sites.values())
    print(
        f"cleanse learn: {_n(seen[1], 'page')} of {_n(seen[0], 'site')}; "
        f"the profile keeps {_n(lines, 'line')} of {_n(len(profile.sites), 'site')}",
        file=sys.stderr,
    )
    return 2 if problem.count else 0


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"
