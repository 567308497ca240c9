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
from typing import IO

import regex

from . import __version__
from .cleaner import Cleaner
from .config import FAVOR, Config, find_config
from .decide import CONTEXT_CODES
from .decode import decode
from .errors import CleanseError, ConfigError, InputError
from .html import looks_like_html
from .model import Result
from .registry import get_rule, list_rules
from .render import annotated, as_dict, as_json
from .rules.base import PhraseRule

FORMATS = ("text", "annotated", "json", "jsonl")

# Subcommands live in modules of their own, each with ``main(argv, *, stdin, stdout) -> int``;
# imported only when called so the filter starts fast. A file named like a
# subcommand is still cleaned when given as ``./check``.
SUBCOMMANDS: dict[str, str] = {}


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="cleanse",
        description="Strip boilerplate (appeals, menus, prompts, footers) from scraped pages; keep the article body.",
        epilog="Reads stdin when no file is given ('-' is stdin). Exit: 0 ok, 1 --check found boilerplate, 2 error.",
    )
    p.add_argument("files", nargs="*", metavar="FILE", help="pages to clean (default: stdin)")
    p.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout ('-' is stdout)")
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
    p.add_argument(
        "--output-field",
        default="cleaned",
        metavar="NAME",
        help="jsonl: field the cleaned text is written to (default: cleaned)",
    )
    p.add_argument("--format", choices=FORMATS, default="text", help="output format (default: text)")
    p.add_argument("--select", metavar="RULES", help="comma-separated codes, prefixes or names to run (ALL for all)")
    p.add_argument("--extend-select", metavar="RULES", help="rules to run in addition to the selection")
    p.add_argument("--ignore", metavar="RULES", help="comma-separated codes, prefixes or names to skip")
    p.add_argument("--favor", choices=FAVOR, help="trade recall for precision or back (default: balanced)")
    p.add_argument("--language", metavar="ISO", help="language of the pages (default: detect per page)")
    p.add_argument("--config", metavar="FILE", help="cleanse.toml or pyproject.toml to read (default: search upwards)")
    p.add_argument("--no-config", action="store_true", help="ignore configuration files")
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
    return replace(config, **data)  # type: ignore[arg-type]


def _list_rules(out: IO[str]) -> None:
    rules = list_rules()
    width = max([len(r.name) for r in rules] + [len(name) for name, _ in CONTEXT_CODES.values()])
    for r in rules:
        out.write(f"{r.code}  {r.name:<{width}}  {r.status:<7}  {r.summary()}\n")
    for code, (name, text) in CONTEXT_CODES.items():
        out.write(f"{code}  {name:<{width}}  {'context':<7}  {text}\n")


def _explain(key: str, out: IO[str]) -> None:
    if key.upper() in CONTEXT_CODES:
        name, text = CONTEXT_CODES[key.upper()]
        out.write(f"{key.upper()} {name} (decision by context)\n\n{text}\n")
        return
    rule = get_rule(key)
    out.write(f"{rule.code} {rule.name} ({rule.status})\n\n{rule.summary()}\n")
    if rule.doc():
        out.write(f"\n{rule.doc()}\n")
    out.write("\nDrops, for example:\n")
    out.writelines(f"  {t!r}\n" for t in rule.drop)
    if rule.keep:
        out.write("\nKeeps look-alikes such as:\n")
        out.writelines(f"  {t!r}\n" for t in rule.keep)
    if issubclass(rule, PhraseRule):
        n = sum(len(v) for v in rule.patterns().values())
        out.write(f"\n{n} patterns across all languages (rules/data/*.toml).\n")


def _analyze(cleaner: Cleaner, text: str, input_format: str) -> Result:
    if input_format == "html" or (input_format == "auto" and looks_like_html(text)):
        return cleaner.analyze_html(text)
    return cleaner.analyze(text)


def _read(name: str, stdin: IO[bytes]) -> str:
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
        if args.list_rules:
            _list_rules(out)
            return 0
        if args.explain:
            _explain(args.explain, out)
            return 0
        if args.language and not regex.fullmatch(r"[a-z]{2,3}", args.language):
            raise ConfigError(f"--language takes an ISO 639-1 code such as 'en', not {args.language!r}")
        cleaner = Cleaner(_config(args))
    except CleanseError as exc:
        print(f"cleanse: error: {exc}", file=sys.stderr)
        return 2

    names = args.files or ["-"]
    failed = found = False
    target = None
    try:
        if args.output and args.output != "-":
            # Written beside the target and renamed at the end, so an
            # interrupted run never leaves a half-written file that looks complete.
            target = Path(args.output)
            sink: IO[str] = tempfile.NamedTemporaryFile(
                "w", encoding="utf-8", dir=target.parent or ".", prefix=f".{target.name}.", delete=False
            )
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
                result = _analyze(cleaner, _read(name, stdin_bytes), args.input_format)
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
class _Fields:
    text: str
    html: str
    url: str
    output: str


_WORKER: Cleaner | None = None


def _init_worker(cleaner: Cleaner) -> None:
    global _WORKER
    _WORKER = cleaner


def _clean_record(job: tuple[Cleaner | None, _Fields, bytes]) -> tuple[bool, str]:
    """One JSON line in, (ok, output line or error reason) out; runs in workers too."""
    cleaner, fields, raw = job
    cleaner = cleaner or _WORKER
    assert cleaner is not None
    try:
        record = json.loads(raw)
        if not isinstance(record, dict):
            raise ValueError("the line is JSON but not an object")
        url = str(record.get(fields.url) or "")
        if isinstance(record.get(fields.html), str) and record[fields.html].strip():
            result = cleaner.analyze_html(record[fields.html], url=url)
        elif isinstance(record.get(fields.text), str):
            result = cleaner.analyze(record[fields.text], url=url)
        else:
            raise ValueError(f"no string field {fields.html!r} or {fields.text!r}")
    except (ValueError, CleanseError, RecursionError) as exc:
        return False, f"not JSON: {exc.msg}" if isinstance(exc, json.JSONDecodeError) else str(exc)
    record[fields.output] = result.text
    record["cleanse"] = {
        "language": result.language,
        "fallback": result.fallback,
        "blocks": len(result.verdicts),
        "dropped": len(result.dropped),
        "dropped_by_code": result.drop_counts(),
    }
    line = json.dumps(record, ensure_ascii=False)
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:
        # A "\ud800" escape in the input is a lone surrogate, which UTF-8
        # cannot write: the run died with a traceback. Escaped, as it came in.
        line = json.dumps(record)
    return True, line


def _numbered_lines(name: str, stream: IO[bytes], failures: list[str]) -> Iterator[tuple[int, bytes]]:
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
    fields = _Fields(args.text_field, args.html_field, args.url_field, args.output_field)
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
                lines = _numbered_lines(name, stream, failures)
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
