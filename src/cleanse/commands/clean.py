"""``cleanse [FILE ...]``: the filter, and corpus mode; ``--list-rules`` and ``--explain`` too.

A filter by default (stdin -> stdout); files, folders, JSON lines and WARC as
arguments. The corpus machinery lives in modules of its own: ``sources``
(inputs as records), ``work`` (one record cleaned), ``pool`` (worker
processes, in order), ``outputs`` (atomic files, mirrored folders) and
``corpus`` (the run: errors, progress, summary).

Exit codes: 0 success, 1 ``--check`` found boilerplate, 2 usage error or
unreadable input (one clear line on stderr), 128 + N when stopped by signal N.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import IO

from .. import __version__
from ..cleaner import Cleaner
from ..config import Config, show
from ..decide import CONTEXT_CODES
from ..errors import CleanseError, ConfigError
from ..outputs import AtomicFile, Sink, cannot_write, refuse_inputs
from ..registry import get_rule, list_rules
from ..rulefiles import load_rule_files
from ..rules.base import PhraseRule
from .options import add_input_options, add_rule_options, checked_config, reading, record_limit

FORMATS = ("text", "annotated", "json", "jsonl", "markdown")
#: what stands between pages when several are written as text or Markdown to one stream (docs/cli.md)
PAGE_SEPARATOR = "\f\n"


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="cleanse",
        description="Strip boilerplate (appeals, menus, prompts, footers) from scraped pages; keep the article body.",
        epilog="Reads stdin when no file is given ('-' is stdin). Exit: 0 ok, 1 --check found boilerplate, 2 error. "
        "`cleanse check PATH...` lints already-cleaned pages; `cleanse report CORPUS -o report.html` writes an HTML "
        "page of what cleaning removes; `cleanse learn CORPUS -o profile` learns site profiles for --profile "
        "(see their --help).",
    )
    p.add_argument("files", nargs="*", metavar="FILE", help="pages to clean (default: stdin)")
    p.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout ('-' is stdout)")
    p.add_argument(
        "--output-dir",
        metavar="DIR",
        help="write each page to DIR, mirroring the input tree (a/b/p.html -> DIR/a/b/p.txt)",
    )
    add_input_options(p)
    p.add_argument(
        "--id-field",
        default="id",
        metavar="NAME",
        help="jsonl: field naming the record in error reports (default: id)",
    )
    p.add_argument(
        "--output-field",
        default="cleaned",
        metavar="NAME",
        help="jsonl: field the cleaned text is written to (default: cleaned)",
    )
    p.add_argument("--format", choices=FORMATS, default="text", help="output format (default: text)")
    p.add_argument(
        "--with-metadata",
        action="store_true",
        help="text and markdown: start each page with a front matter of its title, author, date, URL and language",
    )
    add_rule_options(p)
    p.add_argument(
        "--show-config", action="store_true", help="print the resolved configuration and its sources, then exit"
    )
    p.add_argument("--url", metavar="URL", help="the page's URL, for per-site configuration (jsonl: see --url-field)")
    p.add_argument(
        "-j", "--jobs", type=int, default=0, metavar="N", help="worker processes (default 0: all cores; 1: serial)"
    )
    p.add_argument(
        "--timeout",
        type=float,
        default=30.0,
        metavar="SECONDS",
        help="time limit per page; a page over it is an error (default: 30; 0: none)",
    )
    p.add_argument("--errors", metavar="FILE", help="write failed records here as JSON lines (default: stderr)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar (shown only when stderr is a terminal)")
    p.add_argument("--summary", action="store_true", help="print the run's summary on stderr even when not a terminal")
    p.add_argument("--summary-json", metavar="FILE", help="write the run's summary to FILE as JSON")
    p.add_argument("--check", action="store_true", help="exit 1 when any boilerplate would be removed")
    p.add_argument("--list-rules", action="store_true", help="list every rule and exit")
    p.add_argument("--explain", metavar="CODE", help="print a rule's documentation and examples, then exit")
    p.add_argument("--version", action="version", version=f"cleanse {__version__}")
    return p


def _list_rules(out: IO[str], config: Config) -> None:
    # In code order, as the rule reference lists them (the registry's order is the order rules run in).
    rules = sorted(list_rules(rule_files=load_rule_files(config.rule_files)), key=lambda r: r.code)
    width = max([len(r.name) for r in rules] + [len(name) for name, _ in CONTEXT_CODES.values()])
    for r in rules:
        out.write(f"{r.code}  {r.name:<{width}}  {r.status:<7}  {r.summary()}\n")
    for code, (name, text) in CONTEXT_CODES.items():
        out.write(f"{code}  {name:<{width}}  {'context':<7}  {text}\n")


def _explain(key: str, out: IO[str], config: Config) -> None:
    if key.upper() in CONTEXT_CODES:
        name, text = CONTEXT_CODES[key.upper()]
        out.write(f"{key.upper()} {name} (decision by context)\n\n{text}\n")
        return
    rule = get_rule(key, rule_files=load_rule_files(config.rule_files))
    out.write(f"{rule.code} {rule.name} ({rule.status})\n\n{rule.summary()}\n")
    if rule.doc():
        out.write(f"\n{rule.doc()}\n")
    if rule.example_site:
        out.write(f"\nExamples are pages of a site profiled from its {len(rule.example_site)} pages:\n")
        out.writelines(f"  {t!r}\n" for t in rule.example_site)
    out.write("\nDrops, for example:\n")
    out.writelines(f"  {t!r}\n" for t in rule.drop)
    if rule.keep:
        out.write("\nKeeps look-alikes such as:\n")
        out.writelines(f"  {t!r}\n" for t in rule.keep)
    source = getattr(rule, "source", "")
    if source:
        out.write(f"\nDeclared in {source}.\n")
    elif issubclass(rule, PhraseRule):
        n = sum(len(v) for v in rule.patterns().values())
        out.write(f"\n{n} patterns across all languages (rules/data/*.toml).\n")


def main(argv: Sequence[str], *, stdin: IO[bytes], stdout: IO[str]) -> int:
    """Run ``cleanse [options] [FILE ...]``; returns the exit code."""
    out, stdin_bytes = stdout, stdin
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    try:
        config = checked_config(args)
        if args.list_rules:
            _list_rules(out, config)
            return 0
        if args.explain:
            _explain(args.explain, out, config)
            return 0
        cleaner = Cleaner(config)
        if args.show_config:
            out.write(show(config, [r.code for r in cleaner.rules]))
            return 0
    except CleanseError as exc:
        print(f"cleanse: error: {exc}", file=sys.stderr)
        return 2

    try:
        return _run(cleaner, args, stdin_bytes, out)
    except CleanseError as exc:
        print(f"cleanse: error: {exc}", file=sys.stderr)
        return 2


def _run(cleaner: Cleaner, args: argparse.Namespace, stdin: IO[bytes], out: IO[str]) -> int:
    """Clean every input into the chosen output; returns the exit code."""
    from ..corpus import ErrorLog, Interrupted, Progress, run
    from ..sources import input_kind, read_inputs
    from ..work import Job

    names = args.files or ["-"]
    if args.output and args.output_dir:
        raise ConfigError("-o and --output-dir exclude each other: one output file, or one per page")
    if args.output_dir and args.input_format in ("jsonl", "warc"):
        raise ConfigError("--output-dir mirrors page files; JSON lines and WARC records go to --format jsonl")
    if args.jobs < 0 or args.timeout < 0:
        raise ConfigError("--jobs and --timeout take a number >= 0")
    if args.with_metadata and args.format not in ("text", "markdown"):
        raise ConfigError(
            "--with-metadata goes with --format text or markdown; json and jsonl carry the metadata always"
        )
    limit = record_limit(args)
    outputs = ("-o", args.output), ("--errors", args.errors), ("--summary-json", args.summary_json)
    refuse_inputs((*outputs, ("--output-dir", args.output_dir)), names)
    jobs = args.jobs or os.cpu_count() or 1
    many = len(names) > 1 or any(
        name != "-" and (Path(name).is_dir() or input_kind(name, args.input_format) != "page") for name in names
    )
    job = Job(
        reading=reading(args, cleaner, url=args.url or "", id_field=args.id_field),
        format=args.format,
        output_field=args.output_field,
        check=args.check,
        with_metadata=args.with_metadata,
        timeout=args.timeout,
        many=many,
    )
    tty = sys.stderr.isatty()
    show_progress = tty and not args.no_progress
    directory = Path(args.output_dir) if args.output_dir else None
    # Every output is opened before the first page is read: one that cannot be
    # written stops the run before it costs anything.
    files: list[AtomicFile] = []
    errors: ErrorLog | None = None
    try:
        target = AtomicFile(Path(args.output)) if args.output and args.output != "-" else None
        files += [target] if target else []
        summary_file = AtomicFile(Path(args.summary_json)) if args.summary_json else None
        files += [summary_file] if summary_file else []
        errors = ErrorLog(Path(args.errors) if args.errors else None, sys.stderr)
        stream = None if directory else (target.handle if target else out)
        sink = Sink(
            stream,
            json_array=args.format == "json" and many and directory is None,
            # Several text pages would run together: a line holding a form feed parts them.
            separator=PAGE_SEPARATOR if args.format in ("text", "markdown") and many else "",
            directory=directory,
            name=args.output if target else "stdout",
        )
        total = _total_bytes(names, args.follow_symlinks) if show_progress else None
        progress = Progress(show_progress, total, sys.stderr)
        summary = run(
            read_inputs(names, args.input_format, stdin, max_bytes=limit, follow_symlinks=args.follow_symlinks),
            cleaner,
            job,
            sink,
            jobs=jobs,
            errors=errors,
            progress=progress,
        )
        if summary_file is not None:
            try:
                summary_file.handle.write(json.dumps(summary.as_dict(), indent=2) + "\n")
            except OSError as exc:
                raise cannot_write(summary_file.target, exc) from exc
        for file in files:
            file.commit()
    except Interrupted as exc:
        _discard(files)
        print(f"cleanse: interrupted by {signal_name(exc.signum)}; outputs not completed were removed", file=sys.stderr)
        return 128 + exc.signum
    except BrokenPipeError:
        # `cleanse page.txt | head` closed the pipe: cli.main ends the run quietly.
        _discard(files)
        raise
    except OSError as exc:
        # Outputs raise OutputError naming the file; this is anything else the system refused.
        _discard(files)
        raise CleanseError(f"{exc.filename}: {exc.strerror}" if exc.filename else str(exc)) from exc
    except BaseException:
        _discard(files)
        raise
    finally:
        if errors is not None:
            errors.close()
    if args.summary or (tty and summary.records_in > 1):
        sys.stderr.write(summary.render())
    if summary.errors:
        return 2
    return 1 if summary.found else 0


def _discard(files: Sequence[AtomicFile]) -> None:
    for file in files:
        file.discard()


def signal_name(signum: int) -> str:
    import signal

    return signal.Signals(signum).name


def _total_bytes(names: Sequence[str], follow_symlinks: bool) -> int | None:
    """Bytes of every input file, for the progress bar's ETA (None when stdin is read)."""
    from ..sources import SourceError, expand

    total = 0
    for entry in expand(names, follow_symlinks=follow_symlinks):
        if not isinstance(entry, SourceError):
            if entry.path == "-":
                return None
            try:
                total += os.path.getsize(entry.path)
            except OSError:
                pass
    return total
