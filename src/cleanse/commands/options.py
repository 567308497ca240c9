"""What the commands share: the input and rule options, and the cleaner those options ask for.

Every command that reads pages takes the same input options and every
command that cleans takes the same rule options, parsed here once, so that
``cleanse``, ``check``, ``report`` and ``learn`` cannot drift apart.
"""

from __future__ import annotations

import argparse
import json
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, Any

import regex

from ..cleaner import Cleaner
from ..config import FAVOR, Config, find_config
from ..decode import decode
from ..errors import ConfigError, InputError
from ..model import Result


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


def checked_config(args: argparse.Namespace) -> Config:
    """The configuration the options ask for, ``--language`` checked; raises ``CleanseError``."""
    if args.language and not regex.fullmatch(r"[a-z]{2,3}", args.language):
        raise ConfigError(f"--language takes an ISO 639-1 code such as 'en', not {args.language!r}")
    return _config(args)


def make_cleaner(args: argparse.Namespace) -> Cleaner:
    """The cleaner the options of ``add_rule_options`` ask for; raises ``CleanseError``."""
    return Cleaner(checked_config(args))


def read_input(name: str, stdin: IO[bytes]) -> str:
    try:
        data = stdin.read() if name == "-" else Path(name).read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {name}: {exc.strerror or exc}") from exc
    try:
        return decode(data)
    except InputError as exc:
        raise InputError(f"{'stdin' if name == '-' else name}: {exc}") from exc


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
    from ..sources import StreamCut, lines, open_chunks

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
