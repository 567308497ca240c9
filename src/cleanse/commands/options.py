"""What the commands share: the input and rule options, and the cleaner those options ask for.

Every command that reads pages takes the same input options and every
command that cleans takes the same rule options, parsed here once, so that
``cleanse``, ``check``, ``report`` and ``learn`` cannot drift apart.
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path

import regex

from ..cleaner import Cleaner
from ..config import COMMENTS, FAVOR, Config, find_config
from ..documents import Reading
from ..errors import ConfigError
from ..sources import MAX_RECORD_BYTES
from ..streams import format_size


def add_input_options(p: argparse.ArgumentParser) -> None:
    """How inputs are read: the same for every command (``reading`` turns them into a ``Reading``)."""
    p.add_argument(
        "--input-format",
        choices=("auto", "text", "html", "jsonl", "warc"),
        default="auto",
        help="how to read inputs (default: auto: .jsonl/.ndjson and .warc by name, else text or HTML per file)",
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
        "--max-record-size",
        default=f"{MAX_RECORD_BYTES >> 20}M",
        metavar="SIZE",
        help="the most one page, JSON line or WARC record may hold once decompressed; a larger one is an error "
        f"(default: {format_size(MAX_RECORD_BYTES)}; 0: no limit; units k, M, G)",
    )

    p.add_argument(
        "--follow-symlinks",
        action="store_true",
        help="follow symlinks in input folders out of the folder (default: only those that stay inside it)",
    )


_SIZE = regex.compile(r"(\d+)\s*(?:([kmg])(?:i?b)?|b(?:ytes?)?)?", regex.IGNORECASE)


def record_limit(args: argparse.Namespace) -> int:
    """``--max-record-size`` in bytes (``128M``, ``2G``, ``500k``, ``0``: no limit); raises ``ConfigError``.

    >>> [record_limit(argparse.Namespace(max_record_size=v)) for v in ("128M", "2g", "500kB", "0", "10")]
    [134217728, 2147483648, 512000, 0, 10]
    """
    m = _SIZE.fullmatch(args.max_record_size.strip())
    if m is None:
        raise ConfigError(
            f"--max-record-size takes a size such as 128M, 2G or 0 (no limit), not {args.max_record_size!r}"
        )
    unit = (m.group(2) or "").lower()
    return int(m.group(1)) << {"": 0, "k": 10, "m": 20, "g": 30}[unit]


def reading(args: argparse.Namespace, cleaner: Cleaner | None, *, url: str = "", id_field: str = "id") -> Reading:
    """How the options of ``add_input_options`` say records are read, for ``cleaner`` (None: not cleaned).

    With a site profile, a page file gets its ``file:`` URL so the profile
    finds the file's site from its folders.
    """
    return Reading(
        input_format=args.input_format if args.input_format in ("text", "html") else "auto",
        text_field=args.text_field,
        html_field=args.html_field,
        url_field=args.url_field,
        id_field=id_field,
        url=url,
        file_urls=cleaner is not None and cleaner.profile is not None,
    )


def add_rule_options(p: argparse.ArgumentParser) -> None:
    """Which rules run and how (read by ``make_cleaner``); shared with the subcommands."""
    p.add_argument("--select", metavar="RULES", help="comma-separated codes, prefixes or names to run (ALL for all)")
    p.add_argument("--extend-select", metavar="RULES", help="rules to run in addition to the selection")
    p.add_argument("--ignore", metavar="RULES", help="comma-separated codes, prefixes or names to skip")
    p.add_argument("--favor", choices=FAVOR, help="trade recall for precision or back (default: balanced)")
    p.add_argument(
        "--comments", choices=COMMENTS, help="reader comment threads: drop them (default) or keep them as content"
    )
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
    if args.comments:
        data["comments"] = args.comments
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
