"""The command line: a filter by default (stdin -> stdout), files as arguments.

Exit codes: 0 success, 1 ``--check`` found boilerplate, 2 usage error or
unreadable input (one clear line on stderr).
"""

from __future__ import annotations

import argparse
import bisect
import importlib
import itertools
import json
import multiprocessing
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
from .html import looks_like_html
from .model import Result
from .registry import get_rule, list_rules
from .render import annotated, as_dict, as_json
from .rulefiles import load_rule_files
from .rules.base import PhraseRule

FORMATS = ("text", "annotated", "json", "jsonl")

# Subcommands live in modules of their own, each with ``main(argv, *, stdin, stdout) -> int``;
# imported only when called so the filter starts fast. A file named like a
# subcommand is still cleaned when given as ``./check``.
SUBCOMMANDS: dict[str, str] = {"check": "cleanse.check", "learn": "cleanse.learn", "report": "cleanse.report"}


def add_input_options(p: argparse.ArgumentParser) -> None:
    """How inputs are read; shared with the subcommands that read corpora."""
    p.add_argument(
        "--input-format",
        choices=("auto", "text", "html", "jsonl"),
        default="auto",
        help="how to read inputs (default: auto-detect text or HTML; jsonl: one record per line)",
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
    add_input_options(p)
    p.add_argument(
        "--output-field",
        default="cleaned",
        metavar="NAME",
        help="jsonl: field the cleaned text is written to (default: cleaned)",
    )
    p.add_argument("--format", choices=FORMATS, default="text", help="output format (default: text)")
    add_rule_options(p)
    p.add_argument(
        "--show-config", action="store_true", help="print the resolved configuration and its sources, then exit"
    )
    p.add_argument("--url", metavar="URL", help="the page's URL, for per-site configuration (jsonl: see --url-field)")
    p.add_argument(
        "-j", "--jobs", type=int, default=1, metavar="N", help="jsonl: worker processes (0: all cores; default: 1)"
    )
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
    rules = list_rules(rule_files=load_rule_files(config.rule_files))
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


def analyze_input(cleaner: Cleaner, text: str, input_format: str, url: str = "", name: str = "-") -> Result:
    if not url and cleaner.profile is not None and name != "-":
        # A file's URL names its folders, which is how a site profile finds a file's site.
        url = Path(name).resolve().as_uri()
    if input_format == "html" or (input_format == "auto" and looks_like_html(text)):
        return cleaner.analyze_html(text, url=url)
    return cleaner.analyze(text, url=url)


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

    names = args.files or ["-"]
    failed = found = False
    target = None
    try:
        if args.output and args.output != "-":
            target = Path(args.output)
            sink: IO[str] = open_atomic(target)
        else:
            sink = out
        if args.input_format == "jsonl":
            failed = _run_jsonl(cleaner, args, names, stdin_bytes, sink)
            sink.flush()
            if target is not None:
                sink.close()
                os.replace(sink.name, target)
            return 2 if failed else 0
        as_array = args.format == "json" and len(names) > 1
        if as_array:
            sink.write("[\n")
        written = 0
        for name in names:
            # One unreadable file is reported and skipped; the others still come out.
            try:
                text = read_input(name, stdin_bytes)
                result = analyze_input(cleaner, text, args.input_format, args.url or "", name)
            except CleanseError as exc:
                print(f"cleanse: error: {exc}", file=sys.stderr)
                failed = True
                continue
            if as_array:
                sink.write(
                    (",\n" if written else "")
                    + json.dumps({"path": name, **as_dict(result)}, ensure_ascii=False, indent=2)
                )
            else:
                sink.write(_render(args.format, name, result, len(names) > 1))
            written += 1
            if args.check and result.dropped:
                found = True
                breaks = [m.start() for m in regex.finditer(r"\n", result.source)]
                for v in result.dropped:
                    line = bisect.bisect_left(breaks, v.block.start) + 1
                    print(f"{name}:{line}: {','.join(v.codes)} {v.block.text.strip()[:80]}", file=sys.stderr)
        if as_array:
            sink.write("\n]\n")
        sink.flush()
        if target is not None:
            sink.close()
            os.replace(sink.name, target)
    except BrokenPipeError:
        # `cleanse page.txt | head` closed the pipe: not an error of ours.
        sys.stderr.close()
        return 0
    except OSError as exc:
        print(f"cleanse: error: cannot write {args.output or 'stdout'}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    if failed:
        return 2
    return 1 if found else 0


def _gzip_lines(raw: IO[bytes]) -> Iterator[bytes]:
    """Lines of a gzip stream as they decompress, so a truncated file still
    gives every complete line before the cut (then raises EOFError)."""
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    pending = b""
    while chunk := raw.read(1 << 16):
        while chunk:
            pending += inflater.decompress(chunk)
            chunk = b""
            if inflater.eof and inflater.unused_data:  # the next gzip member
                chunk = inflater.unused_data
                inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        *complete, pending = pending.split(b"\n")
        for line in complete:
            yield line + b"\n"
    if not inflater.eof:
        raise EOFError("compressed file ended before the end-of-stream marker was reached")
    if pending:
        yield pending


@dataclass(frozen=True)
class Fields:
    """The names of a JSON-lines record's fields (``--text-field`` and the others)."""

    text: str
    html: str
    url: str
    output: str


_WORKER: Cleaner | None = None


def _init_worker(cleaner: Cleaner) -> None:
    global _WORKER
    _WORKER = cleaner


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


def _clean_record(job: tuple[Cleaner | None, Fields, bytes]) -> tuple[bool, str]:
    """One JSON line in, (ok, output line or error reason) out; runs in workers too."""
    cleaner, fields, raw = job
    cleaner = cleaner or _WORKER
    assert cleaner is not None
    try:
        record, result = read_record(cleaner, fields, raw)
    except (ValueError, CleanseError, RecursionError) as exc:
        return False, record_error(exc)
    record[fields.output] = result.text
    record["cleanse"] = {
        "language": result.language,
        "fallback": result.fallback,
        "blocks": len(result.verdicts),
        "dropped": len(result.dropped),
        "dropped_by_code": result.drop_counts(),
    }
    return True, json.dumps(record, ensure_ascii=False)


def numbered_lines(name: str, stream: IO[bytes], failures: list[str]) -> Iterator[tuple[int, bytes]]:
    """(line number, line) of a file, gzip streamed; a read error ends it, noted in ``failures``."""
    lines = _gzip_lines(stream) if name.endswith(".gz") else iter(stream.readline, b"")
    number = 0
    while True:
        try:
            raw = next(lines, b"")
        except (OSError, EOFError, zlib.error) as exc:  # a truncated gzip member, say
            failures.append(f"{number + 1}: cannot read on: {exc}")
            return
        if not raw:
            return
        number += 1
        if raw.strip():
            yield number, raw


def _run_jsonl(
    cleaner: Cleaner, args: argparse.Namespace, names: Sequence[str], stdin: IO[bytes], sink: IO[str]
) -> bool:
    """Clean a JSON-lines corpus record by record, in order; returns whether any record failed.

    Every input field is kept; the cleaned text goes to ``--output-field`` and
    per-record figures to ``cleanse``. A line that is not JSON, lacks the
    field or cannot be decoded is reported with its position and skipped: one
    bad record never takes down the run or the records after it. With ``-j``
    records are cleaned in worker processes, a batch at a time so memory stays
    bounded, and written in input order.
    """
    fields = Fields(args.text_field, args.html_field, args.url_field, args.output_field)
    jobs = args.jobs or os.cpu_count() or 1
    pool = multiprocessing.get_context("spawn").Pool(jobs, _init_worker, (cleaner,)) if jobs > 1 else None
    batch_size = 64 * jobs
    failed = False
    try:
        for name in names:
            try:
                stream = stdin if name == "-" else open(name, "rb")
            except OSError as exc:
                print(f"cleanse: error: cannot read {name}: {exc.strerror or exc}", file=sys.stderr)
                failed = True
                continue
            where = "stdin" if name == "-" else name
            failures: list[str] = []
            with stream:
                lines = numbered_lines(name, stream, failures)
                while batch := list(itertools.islice(lines, batch_size)):
                    work = [(None if pool else cleaner, fields, raw) for _, raw in batch]
                    done = pool.map(_clean_record, work, chunksize=8) if pool else map(_clean_record, work)
                    for (number, _), (ok, text) in zip(batch, done, strict=True):
                        if ok:
                            sink.write(text + "\n")
                        else:
                            print(f"cleanse: error: {where}:{number}: {text}", file=sys.stderr)
                            failed = True
            for failure in failures:
                print(f"cleanse: error: {where}:{failure}", file=sys.stderr)
                failed = True
    finally:
        if pool is not None:
            pool.close()
            pool.join()
    return failed


def _render(fmt: str, name: str, result: Result, many: bool) -> str:
    """One input's output in the chosen format."""
    if fmt == "text":
        return result.text
    if fmt == "annotated":
        return (f"==> {name} <==\n" if many else "") + annotated(result)
    if fmt == "json":
        return as_json(result) + "\n"
    return json.dumps({"path": name, **as_dict(result)}, ensure_ascii=False) + "\n"
