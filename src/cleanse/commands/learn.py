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
import gzip
import json
import os
import sys
import zlib
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO

from ..decode import decode
from ..errors import CleanseError, InputError
from ..html import html_blocks, looks_like_html
from ..profiles import ERROR, MIN_PAGES, MIN_SHARE, Learner, Profile, dumps, load, merge, save, site_of
from ..segment import segment

FORMATS = ("auto", "jsonl", "text", "html")
#: file names read as JSON lines by ``--input-format auto``
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz", ".json", ".json.gz")


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="cleanse learn",
        description="Learn a site profile: the lines each site prints on many of its pages.",
        epilog="With --profile FILE, `cleanse` drops the profile's lines from pages of the same site (SIT002).",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="corpus files or folders ('-': JSON lines on stdin)")
    p.add_argument("-o", "--output", default="-", metavar="FILE", help="profile file to write ('.gz': gzipped)")
    p.add_argument("--merge", action="store_true", help="the paths are profiles (shards): sum them")
    p.add_argument("--input-format", choices=FORMATS, default="auto", help="how to read corpus files")
    p.add_argument("--url-field", default="url", metavar="NAME", help="jsonl: field holding the page URL")
    p.add_argument("--text-field", default="text", metavar="NAME", help="jsonl: field holding plain text")
    p.add_argument("--html-field", default="html", metavar="NAME", help="jsonl: field holding HTML, used first")
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


def _files(root: Path) -> Iterator[tuple[str, Path]]:
    """(site, file) under a folder, sorted; hidden files and folders left out."""
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            if name.startswith("."):
                continue
            path = Path(folder) / name
            parts = path.relative_to(root).parts
            yield (parts[0] if len(parts) > 1 else root.resolve().name).lower(), path


def _is_jsonl(path: Path, input_format: str) -> bool:
    return input_format == "jsonl" or (input_format == "auto" and path.name.endswith(JSONL_SUFFIXES))


def _page_lines(text: str, input_format: str) -> list[str]:
    if input_format == "html" or (input_format == "auto" and looks_like_html(text)):
        return [b.text for b in html_blocks(text)[1]]
    return [b.text for b in segment(text)]


def _learn_jsonl(
    learner: Learner, stream: Iterable[bytes], where: str, args: argparse.Namespace, problem: _Problems
) -> None:
    number = 0
    try:
        for number, raw in enumerate(stream, 1):
            if not raw.strip():
                continue
            try:
                record = json.loads(raw)
                if not isinstance(record, dict):
                    raise ValueError("the line is JSON but not an object")
                site = site_of(str(record.get(args.url_field) or ""))
                if not site:
                    raise ValueError(f"no URL with a host in field {args.url_field!r}")
                html, text = record.get(args.html_field), record.get(args.text_field)
                if isinstance(html, str) and html.strip():
                    lines = [b.text for b in html_blocks(html)[1]]
                elif isinstance(text, str):
                    lines = [b.text for b in segment(text)]
                else:
                    raise ValueError(f"no string field {args.html_field!r} or {args.text_field!r}")
            except (ValueError, RecursionError) as exc:
                problem(
                    f"{where}:{number}", f"not JSON: {exc.msg}" if isinstance(exc, json.JSONDecodeError) else str(exc)
                )
                continue
            learner.add(site, lines)
    except (OSError, EOFError, zlib.error) as exc:  # a truncated gzip member, say
        problem(f"{where}:{number + 1}", f"cannot read on: {exc}")


def _learn_file(learner: Learner, site: str, path: Path, args: argparse.Namespace, problem: _Problems) -> None:
    if _is_jsonl(path, args.input_format):
        try:
            with gzip.open(path, "rb") if path.name.endswith(".gz") else open(path, "rb") as stream:
                _learn_jsonl(learner, stream, str(path), args, problem)
        except OSError as exc:
            problem(str(path), f"cannot read: {exc.strerror or exc}")
        return
    try:
        text = decode(path.read_bytes())
    except OSError as exc:
        problem(str(path), f"cannot read: {exc.strerror or exc}")
        return
    except InputError as exc:
        problem(str(path), str(exc))
        return
    learner.add(site, _page_lines(text, args.input_format))


def _learn(args: argparse.Namespace, stdin: IO[bytes], problem: _Problems) -> Profile:
    learner = Learner(error=args.error, keep_text=args.keep_text)
    for name in args.paths:
        if name == "-":
            _learn_jsonl(learner, stdin, "stdin", args, problem)
            continue
        path = Path(name)
        if path.is_dir():
            for site, file in _files(path):
                _learn_file(learner, site, file, args, problem)
        elif path.exists() or _is_jsonl(path, args.input_format):
            _learn_file(learner, path.resolve().parent.name.lower(), path, args, problem)
        else:
            problem(name, "no such file or folder")
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
