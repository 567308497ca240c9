"""The command line: argument parsing and dispatch.

A filter by default (stdin -> stdout); files, folders, JSON lines and WARC as
arguments. The corpus machinery lives in modules of its own: ``sources``
(inputs as records), ``work`` (one record cleaned), ``pool`` (worker
processes, in order), ``outputs`` (atomic files, mirrored folders) and
``corpus`` (the run: errors, progress, summary). The helpers the subcommands
share (input and rule options, reading a file or a JSON line) are here.

Exit codes: 0 success, 1 ``--check`` found boilerplate, 2 usage error or
unreadable input (one clear line on stderr), 128 + N when stopped by signal N.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
import tempfile
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, Any

import regex

from . import __version__
from .cleaner import Cleaner
from .config import FAVOR, Config, find_config, show
from .decide import CONTEXT_CODES
from .decode import decode
from .errors import CleanseError, ConfigError, InputError
from .model import Result
from .registry import get_rule, list_rules
from .rulefiles import load_rule_files
from .rules.base import PhraseRule

FORMATS = ("text", "annotated", "json", "jsonl", "markdown")

# Subcommands live in modules of their own, each with ``main(argv, *, stdin, stdout) -> int``;
# imported only when called so the filter starts fast. A file named like a
# subcommand is still cleaned when given as ``./check``.
SUBCOMMANDS: dict[str, str] = {"check": "cleanse.check", "learn": "cleanse.learn", "report": "cleanse.report"}


def add_input_options(p: argparse.ArgumentParser, *, corpus: bool = False) -> None:
    """How inputs are read; shared with the subcommands that read corpora (``corpus``: WARC and ids too)."""
    p.add_argument(
        "--input-format",
        choices=("auto", "text", "html", "jsonl", "warc") if corpus else ("auto", "text", "html", "jsonl"),
        default="auto",
        help="how to read inputs (default: auto: .jsonl/.warc by extension, else text or HTML per file)"
        if corpus
        else "how to read inputs (default: auto-detect text or HTML; jsonl: one record per line)",
    )
    p.add_argument(
        "--text-field", default="text", metavar="NAME", help="jsonl: field holding plain text (default: text)"
    )
    p.add_argument(
        "--html-field", default="html", metavar="NAME", help="jsonl: field holding HTML, used first when present"
    )
    p.add_argument(
        "--url-field", default="url", metavar="NAME", help="jsonl: field holding the page URL (default: url)"
    )
    if corpus:
        p.add_argument(
            "--id-field",
            default="id",
            metavar="NAME",
            help="jsonl: field naming the record in error reports (default: id)",
        )


def add_rule_options(p: argparse.ArgumentParser) -> None:
    """Which rules run and how (read by ``make_cleaner``); shared with the subcommands."""
    p.add_argument("--select", metavar="RULES", help="comma-separated codes, prefixes or names to run (ALL for all)")
    p.add_argument("--extend-select", metavar="RULES", help="rules to run in addition to the selection")
    p.add_argument("--ignore", metavar="RULES", help="comma-separated codes, prefixes or names to skip")
    p.add_argument("--favor", choices=FAVOR, help="trade recall for precision or back (default: balanced)")
    p.add_argument("--language", metavar="ISO", help="language of the pages (default: detect per page)")
    p.add_argument(
        "--profile", metavar="FILE", help="a site profile from `cleanse learn`: its template lines are dropped (SIT002)"
    )
    p.add_argument("--config", metavar="FILE", help="cleanse.toml or pyproject.toml to read (default: search upwards)")
    p.add_argument("--no-config", action="store_true", help="ignore configuration files")


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
    add_input_options(p, corpus=True)
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


def _split(value: str | None) -> tuple[str, ...] | None:
    if value is None:
        return None
    return tuple(v for v in value.replace(",", " ").split() if v)


def _config(args: argparse.Namespace) -> Config:
    path = None if args.no_config else (Path(args.config) if args.config else find_config())
    config = Config.from_file(path) if path else Config()
    data: dict[str, object] = {}
    for key in ("select", "extend_select", "ignore"):
        value = _split(getattr(args, key))
        if value is not None:
            data[key] = value
    if args.favor:
        data["favor"] = args.favor
    if args.language:
        data["language"] = args.language
    if args.profile:
        data["profile"] = args.profile
    origins = config.origins + tuple((key.replace("_", "-"), "command line") for key in data)
    return replace(config, **data, origins=origins)  # type: ignore[arg-type]


def make_cleaner(args: argparse.Namespace) -> Cleaner:
    """The cleaner the options of ``add_rule_options`` ask for; raises ``CleanseError``."""
    return Cleaner(checked_config(args))


def checked_config(args: argparse.Namespace) -> Config:
    """The configuration the options ask for, ``--language`` checked; raises ``CleanseError``."""
    if args.language and not regex.fullmatch(r"[a-z]{2,3}", args.language):
        raise ConfigError(f"--language takes an ISO 639-1 code such as 'en', not {args.language!r}")
    return _config(args)


def open_atomic(target: Path) -> IO[str]:
    """A temporary file beside ``target``; ``os.replace(f.name, target)`` when complete.

    An interrupted run then never leaves a half-written file that looks complete.
    The file gets the mode a plain ``open`` would give it (the temporary file's own
    0600 would make a report or corpus unreadable to the rest of the team).
    """
    sink = tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", dir=target.parent or ".", prefix=f".{target.name}.", delete=False
    )
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(sink.name, 0o666 & ~umask)
    return sink


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


def read_input(name: str, stdin: IO[bytes]) -> str:
    try:
        data = stdin.read() if name == "-" else Path(name).read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {name}: {exc.strerror or exc}") from exc
    try:
        return decode(data)
    except InputError as exc:
        raise InputError(f"{'stdin' if name == '-' else name}: {exc}") from exc


def main(argv: Sequence[str] | None = None, *, stdin: IO[bytes] | None = None, stdout: IO[str] | None = None) -> int:
    """Run the command line; returns the exit code (testable without a subprocess)."""
    out = stdout or sys.stdout
    stdin_bytes = stdin or sys.stdin.buffer
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in SUBCOMMANDS:
        module = importlib.import_module(SUBCOMMANDS[argv[0]])
        code: int = module.main(argv[1:], stdin=stdin_bytes, stdout=out)
        return code
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
    from .corpus import ErrorLog, Interrupted, Progress, run, write_summary_json
    from .outputs import AtomicFile, Sink
    from .sources import input_kind, read_inputs
    from .work import Job

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
    jobs = args.jobs or os.cpu_count() or 1
    many = len(names) > 1 or any(
        name != "-" and (Path(name).is_dir() or input_kind(name, args.input_format) != "page") for name in names
    )
    job = Job(
        input_format=args.input_format if args.input_format in ("text", "html") else "auto",
        format=args.format,
        text_field=args.text_field,
        html_field=args.html_field,
        url_field=args.url_field,
        id_field=args.id_field,
        output_field=args.output_field,
        url=args.url or "",
        check=args.check,
        with_metadata=args.with_metadata,
        timeout=args.timeout,
        many=many,
    )
    tty = sys.stderr.isatty()
    show_progress = tty and not args.no_progress
    progress = Progress(show_progress, _total_bytes(names) if show_progress else None, sys.stderr)
    errors = ErrorLog(Path(args.errors) if args.errors else None, sys.stderr)
    target = AtomicFile(Path(args.output)) if args.output and args.output != "-" else None
    directory = Path(args.output_dir) if args.output_dir else None
    stream = None if directory else (target.handle if target else out)
    sink = Sink(stream, json_array=args.format == "json" and many and directory is None, directory=directory)
    try:
        summary = run(
            read_inputs(names, args.input_format, stdin),
            cleaner,
            job,
            sink,
            jobs=jobs,
            errors=errors,
            progress=progress,
        )
    except Interrupted as exc:
        if target is not None:
            target.discard()
        print(f"cleanse: interrupted by {signal_name(exc.signum)}; outputs not completed were removed", file=sys.stderr)
        return 128 + exc.signum
    except BrokenPipeError:
        # `cleanse page.txt | head` closed the pipe: not an error of ours.
        sys.stderr.close()
        return 0
    except OSError as exc:
        if target is not None:
            target.discard()
        print(f"cleanse: error: cannot write {args.output or 'stdout'}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    finally:
        errors.close()
    if target is not None:
        target.commit()
    if args.summary or (tty and summary.records_in > 1):
        sys.stderr.write(summary.render())
    if args.summary_json:
        write_summary_json(Path(args.summary_json), summary)
    if summary.errors:
        return 2
    return 1 if summary.found else 0


def signal_name(signum: int) -> str:
    import signal

    return signal.Signals(signum).name


def _total_bytes(names: Sequence[str]) -> int | None:
    """Bytes of every input file, for the progress bar's ETA (None when stdin is read)."""
    from .sources import expand

    total = 0
    for entry in expand(names):
        if isinstance(entry, tuple):
            if entry[0] == "-":
                return None
            try:
                total += os.path.getsize(entry[0])
            except OSError:
                pass
    return total


@dataclass(frozen=True)
class Fields:
    """The names of a JSON-lines record's fields (``--text-field`` and the others)."""

    text: str
    html: str
    url: str
    output: str


def read_record(cleaner: Cleaner, fields: Fields, raw: bytes) -> tuple[dict[str, Any], Result]:
    """One JSON line parsed and analysed: the record and its result.

    Raises ``ValueError`` (not JSON, not an object, no text field),
    ``CleanseError`` or ``RecursionError``; ``record_error`` words them.
    """
    record = json.loads(raw)
    if not isinstance(record, dict):
        raise ValueError("the line is JSON but not an object")
    url = str(record.get(fields.url) or "")
    if isinstance(record.get(fields.html), str) and record[fields.html].strip():
        return record, cleaner.analyze_html(record[fields.html], url=url)
    if isinstance(record.get(fields.text), str):
        return record, cleaner.analyze(record[fields.text], url=url)
    raise ValueError(f"no string field {fields.html!r} or {fields.text!r}")


def record_error(exc: Exception) -> str:
    """Why a record could not be read, in one line."""
    return f"not JSON: {exc.msg}" if isinstance(exc, json.JSONDecodeError) else str(exc)


def numbered_lines(name: str, stream: IO[bytes], failures: list[str]) -> Iterator[tuple[int, bytes]]:
    """(line number, line) of a file, gzip or zstd streamed; a read error ends it, noted in ``failures``.

    The corpus reader's own decompression (``sources``): a truncated file gives
    every line before the cut.
    """
    from .sources import StreamCut, lines, open_chunks

    stream_lines = lines(open_chunks(stream))
    number = 0
    while True:
        try:
            raw = next(stream_lines, b"")
        except (OSError, StreamCut, zlib.error, ValueError) as exc:  # a truncated member, say
            failures.append(f"{number + 1}: cannot read on: {exc}")
            return
        if not raw:
            return
        number += 1
        if raw.strip():
            yield number, raw
