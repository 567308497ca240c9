"""Hostile inputs, made in code: what scraped data really contains.

Shared by ``tests/test_hostile.py`` (CI sizes) and ``benchmarks/hostile.py``
(full sizes: the 100 MB line, the million lines). Every input is generated
here, never copied from a corpus. Each case names what a sane outcome is:

* ``clean``: exit 0; the output is an in-order subset of the input's lines
  (or, for HTML, a case-specific check), nothing on stderr;
* ``refused``: exit 2 with exactly one ``cleanse: error: ...`` line;
* ``partial``: a JSON-lines run where some records are bad: exit 2, one
  error line per bad record, every good record out, in order.

``run_cli`` runs the CLI in a child process and measures its wall time and
peak resident memory (the child's own ``VmHWM``).
"""

from __future__ import annotations

import functools
import gzip
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parent.parent

# Prose that every case wraps around its poison, so a sane run has something to keep.
ARTICLE = (
    "The city council voted on Tuesday to extend the tram line to the northern districts, "
    "ending a debate that had lasted for almost three years.\n"
    "Supporters of the plan say it will cut travel times in half for thousands of commuters, "
    "while critics warn that the cost has already doubled since the first estimate.\n"
    "Construction is expected to begin next spring and to take about four years, the mayor told reporters.\n"
)
ARTICLE_LINES = [line for line in ARTICLE.splitlines() if line]
HTML_ARTICLE = "".join(f"<p>{line}</p>" for line in ARTICLE_LINES)


def numbered(n: int) -> str:
    """``n`` distinct prose-ish lines (distinct, so repeats do not drop them all)."""
    return "".join(f"Line {i} of the report says the river rose by {i % 97} centimetres overnight.\n" for i in range(n))


def _encoded(encoding: str, n: int) -> bytes:
    return numbered(n).encode(encoding)


def _billion_laughs(xhtml: bool) -> bytes:
    levels = ['<!ENTITY lol0 "lol">'] + [f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10)]
    ns = ' xmlns="http://www.w3.org/1999/xhtml"' if xhtml else ""
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE html [\n' + "\n".join(levels) + "\n]>\n"
        f"<html{ns}><body><p>&lol9;</p>{HTML_ARTICLE}</body></html>\n"
    ).encode()


def _truncated_gzip_jsonl(n: int) -> bytes:
    records = "".join(json.dumps({"id": i, "text": ARTICLE + f"Record {i}."}) + "\n" for i in range(n))
    whole = gzip.compress(records.encode())
    return whole[: len(whole) * 2 // 3]


def _gzip_bomb(n: int) -> bytes:
    """gzip members of zeros back to back, ``n`` bytes expanded: about 1 KB per MB."""
    member = gzip.compress(b"\0" * (1 << 20), 9)
    return member * max(1, n >> 20)


def _zstd_bomb(n: int) -> bytes:
    """zstd frames of zeros back to back, ``n`` bytes expanded."""
    import zstandard

    frame = zstandard.ZstdCompressor(level=19).compress(b"\0" * (64 << 20))
    return frame * max(1, n >> 26)


def _huge_string_jsonl(n: int) -> bytes:
    """JSON lines, gzipped: a good record, one whose text is ``n`` bytes, another good one."""
    head = gzip.compress((json.dumps(_good(0)) + '\n{"id": "huge", "text": "').encode())
    piece = b"word " * (1 << 18)
    middle = gzip.compress(piece, 9) * max(1, n // len(piece))
    return head + middle + gzip.compress(('"}\n' + json.dumps(_good(1)) + "\n").encode())


def _long_line_jsonl(n: int) -> bytes:
    """A JSON line of about ``n`` bytes (one long text field) between two good records."""
    return _jsonl(_good(0), {"id": "long", "text": ARTICLE + "word " * (n // 5)}, _good(1))


def _jsonl(*records: object) -> bytes:
    return "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records).encode()


def _good(i: int) -> dict[str, object]:
    return {"id": f"good{i}", "text": ARTICLE}


@dataclass(frozen=True)
class Hostile:
    """One hostile input: how to make it at a size, how to feed it, what is sane."""

    name: str
    #: the input at ``size`` units (lines, bytes, depth... as the case says)
    make: Callable[[int], bytes]
    ci_size: int
    full_size: int
    expect: str = "clean"  # clean | refused | partial
    args: tuple[str, ...] = ()
    suffix: str = ".txt"
    #: case-specific check of (input, stdout); the default is the in-order line subset
    check: Callable[[bytes, str], None] | None = None
    #: for partial runs: how many records must come out
    good: int = 0
    #: what the unit of ``size`` is, for the table
    unit: str = "B"
    tags: frozenset[str] = field(default_factory=frozenset)
    #: the file's name as bytes, when the name is part of the case (a name that is not UTF-8)
    filename: bytes = b""

    def path(self, folder: Path, stem: str) -> Path:
        """Where the case's input is written in ``folder``: its own name, or ``stem`` and its suffix."""
        if self.filename:
            return Path(os.fsdecode(os.path.join(os.fsencode(folder), self.filename)))
        return folder / (stem + self.suffix)


def _contains_article(_: bytes, out: str) -> None:
    for line in ARTICLE_LINES:
        assert line in out, f"article line lost: {line[:40]!r}"


def _without_scripts(data: bytes, out: str) -> None:
    assert "var a" not in out, "script text came out"
    _contains_article(data, out)


def _no_laughs(data: bytes, out: str) -> None:
    assert "lol" not in out, "an XML entity was expanded"
    assert len(out) < 2 * len(data)
    _contains_article(data, out)


def _deep_kept(_: bytes, out: str) -> None:
    assert "Deep text" in out and "<div>" not in out


def _amp(data: bytes, out: str) -> None:
    assert set(out.strip()) <= {"&"} and len(out) <= data.count(b"&amp;") + 1


def _pre_lines(data: bytes, out: str) -> None:
    lines = [line for line in out.splitlines() if line]
    assert lines, "a page of <pre> code lost everything"
    assert all(line.startswith("Line ") for line in lines)


def _unclosed(_: bytes, out: str) -> None:
    assert "Paragraph 0 " in out or "tram line" in out


def _cafe(_: bytes, out: str) -> None:
    assert "Café crème" in out, out[:80]


def _surrogates_kept(_: bytes, out: str) -> None:
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in records] == ["good0", "s", "good1", "h"]
    assert "lone surrogate" in records[1]["text"] and "after the surrogate" in records[3]["cleaned"]


def _three_records_u(_: bytes, out: str) -> None:
    records = [json.loads(line) for line in out.split("\n") if line]
    assert [r["id"] for r in records] == ["good0", "u", "good1"]


def _three_records(_: bytes, out: str) -> None:
    # split on "\n" only: records may hold U+2028 or NEL raw, which str.splitlines() breaks on
    records = [json.loads(line) for line in out.split("\n") if line]
    assert [r["id"] for r in records] == ["good0", "c", "good1"]


def _long_kept(_: bytes, out: str) -> None:
    records = [json.loads(line) for line in out.split("\n") if line]
    assert [r["id"] for r in records] == ["good0", "long", "good1"]


def _named_in_json(_: bytes, out: str) -> None:
    [record] = [json.loads(line) for line in out.split("\n") if line]
    assert os.fsencode(record["path"]).endswith(b"caf\xe9 \x01.txt") and "tram line" in record["cleaned"]


def _links(_: bytes, out: str) -> None:
    assert "tram line" in out and "Story 1 " not in out


CASES: tuple[Hostile, ...] = (
    # -- size ---------------------------------------------------------------
    Hostile("one huge line", lambda n: b"word " * (n // 5), 20_000_000, 100_000_000, tags=frozenset({"big"})),
    Hostile("many tiny lines", lambda n: b"".join(b"w%d\n" % i for i in range(n)), 50_000, 1_000_000, unit="lines"),
    Hostile("many prose lines", lambda n: numbered(n).encode(), 10_000, 200_000, unit="lines"),
    Hostile("one long word", lambda n: ARTICLE.encode() + b"x" * n + b"\n", 1_000_000, 10_000_000),
    Hostile("a line of punctuation", lambda n: ARTICLE.encode() + b"!?.,;:-*" * (n // 8) + b"\n", 100_000, 10_000_000),
    Hostile("only spaces", lambda n: b" " * n, 1_000_000, 100_000_000),
    Hostile("only blank lines", lambda n: b" \t\r\n\n\r" * (n // 6), 1_000_000, 100_000_000),
    Hostile("empty file", lambda n: b"", 0, 0),
    # -- HTML -----------------------------------------------------------------
    Hostile(
        "deeply nested HTML",
        lambda n: b"<html><body>" + b"<div>" * n + b"<p>Deep text at the bottom.</p>" + b"</div>" * n,
        100_000,
        1_000_000,
        check=_deep_kept,
        suffix=".html",
        unit="levels",
    ),
    Hostile(
        "deep HTML, never closed",
        lambda n: b"<html><body>" + b"<div><span>" * n + b"Deep text, unclosed.",
        100_000,
        1_000_000,
        check=_deep_kept,
        suffix=".html",
        unit="levels",
    ),
    Hostile(
        "a huge <pre>",
        lambda n: b"<html><body><pre>" + numbered(n // 80).encode() + b"</pre></body></html>",
        1_000_000,
        10_000_000,
        check=_pre_lines,
        suffix=".html",
    ),
    Hostile(
        "unclosed tags",
        lambda n: (
            b"<html><body>"
            + b"".join(
                b"<div><p><b><i>Paragraph %d of a page whose tags never close, which goes on." % i for i in range(n)
            )
            + HTML_ARTICLE.encode()
        ),
        10_000,
        100_000,
        check=_unclosed,
        suffix=".html",
        unit="tags",
    ),
    Hostile("billion laughs (HTML)", lambda n: _billion_laughs(False), 0, 0, check=_no_laughs, suffix=".html"),
    Hostile(
        "billion laughs (XHTML)",
        lambda n: _billion_laughs(True),
        0,
        0,
        check=_no_laughs,
        args=("--input-format", "html"),
        suffix=".xhtml",
    ),
    Hostile(
        "&amp; entities",
        lambda n: b"<html><body><p>" + b"&amp;" * n + b"</p></body></html>",
        1_000_000,
        10_000_000,
        check=_amp,
        suffix=".html",
        unit="entities",
    ),
    Hostile(
        "many links",
        lambda n: (
            "<html><body><nav>"
            + "".join(f'<a href="/s/{i}">Story {i} </a>' for i in range(n))
            + "</nav><article>"
            + HTML_ARTICLE
            + "</article></body></html>"
        ).encode(),
        50_000,
        500_000,
        check=_links,
        suffix=".html",
        unit="links",
    ),
    Hostile(
        # Too deep for the tree walk, so the fallback strips the scripts: its lazy regex was quadratic.
        "unclosed <script>s",
        lambda n: b"<div>" * 3000 + ARTICLE.encode() + b"<script>var a = 1;" * n,
        20_000,
        500_000,
        check=_without_scripts,
        args=("--input-format", "html"),
        suffix=".html",
        unit="scripts",
    ),
    Hostile(
        "many '<' without '>'",
        lambda n: b"<div>" * 3000 + ARTICLE.encode() + b"< a" * n,
        80_000,
        1_000_000,
        check=_contains_article,
        args=("--input-format", "html"),
        suffix=".html",
        unit="'<'",
    ),
    # -- binary ---------------------------------------------------------------
    Hostile("PNG", lambda n: b"\x89PNG\r\n\x1a\n" + os.urandom(n), 10_000, 10_000_000, expect="refused"),
    Hostile("PDF", lambda n: b"%PDF-1.7\n" + os.urandom(n), 10_000, 10_000_000, expect="refused"),
    Hostile("ZIP", lambda n: b"PK\x03\x04" + os.urandom(n), 10_000, 10_000_000, expect="refused"),
    Hostile("random bytes", lambda n: bytes(range(32)) * 8 + os.urandom(n), 10_000, 10_000_000, expect="refused"),
    # Decompression bombs: a page may hold 128 MiB once decompressed (--max-record-size); reading stops there.
    Hostile("gzip bomb", _gzip_bomb, 256 << 20, 10 << 30, expect="refused", suffix=".txt.gz"),
    Hostile("zstd bomb", _zstd_bomb, 256 << 20, 10 << 30, expect="refused", suffix=".txt.zst"),
    Hostile(
        "truncated gzip (as text)",
        lambda n: gzip.compress(numbered(n).encode())[:-100],
        1000,
        100_000,
        expect="refused",
        suffix=".txt.gz",
        unit="lines",
    ),
    # -- encodings and bytes ----------------------------------------------------
    *(
        Hostile(name, functools.partial(_encoded, enc), 5000, 500_000, unit="lines")
        for name, enc in (
            ("UTF-16 with BOM", "utf-16"),
            ("UTF-16-LE without BOM", "utf-16-le"),
            ("UTF-16-BE without BOM", "utf-16-be"),
            ("UTF-32 with BOM", "utf-32"),
        )
    ),
    Hostile(
        "invalid UTF-8",
        lambda n: b"".join(
            b"Caf\xe9 \xff\xfe line %d has broken \xc3 bytes, and \xed\xa0\x80 a surrogate.\n" % i for i in range(n)
        ),
        5000,
        500_000,
        unit="lines",
    ),
    Hostile(
        "NUL bytes",
        lambda n: b"".join(b"Line %d\x00 has a NUL\x00 byte in the middle of its text.\n" % i for i in range(n)),
        5000,
        500_000,
        unit="lines",
    ),
    Hostile(
        "C0 and C1 controls",
        lambda n: "".join(
            f"Line {i} \x07\x08\x1b[31m has \x85\x9b\x90 controls \x7f inside.\n" for i in range(n)
        ).encode(),
        5000,
        500_000,
        unit="lines",
    ),
    Hostile(
        "mixed line endings",
        lambda n: b"".join(
            (b"Line %d of the page ends its own way." % i) + (b"\r\n", b"\r", b"\n", b"\n\r")[i % 4] for i in range(n)
        ),
        20_000,
        1_000_000,
        unit="lines",
    ),
    Hostile(
        "lying <meta charset=utf-16>",
        lambda n: (
            b'<meta charset="utf-16"><p>Caf\xe9 cr\xe8me, '
            + ARTICLE_LINES[0].encode()
            + b"</p>"
            + HTML_ARTICLE.encode()
        ),
        0,
        0,
        check=_cafe,
        suffix=".html",
    ),
    # -- JSON lines ---------------------------------------------------------------
    Hostile(
        "JSONL: a line that is not JSON",
        lambda n: _jsonl(_good(0), "this is { not json", _good(1), '{"text": "unterminated', _good(2)),
        0,
        0,
        expect="partial",
        args=("--input-format", "jsonl"),
        suffix=".jsonl",
        good=3,
    ),
    Hostile(
        "JSONL: a field that is a number",
        lambda n: _jsonl(_good(0), {"id": "bad", "text": 12345}, {"id": "bad2", "html": 1.5}, _good(1)),
        0,
        0,
        expect="partial",
        args=("--input-format", "jsonl"),
        suffix=".jsonl",
        good=2,
    ),
    Hostile(
        "JSONL: not an object, deep arrays",
        lambda n: _jsonl(_good(0), "[1, 2, 3]", "null", "[" * n + "]" * n, _good(1)),
        100_000,
        1_000_000,
        expect="partial",
        args=("--input-format", "jsonl"),
        suffix=".jsonl",
        good=2,
        unit="levels",
    ),
    Hostile(
        "JSONL: lone surrogate escapes",
        lambda n: (
            _jsonl(_good(0), '{"id": "s", "text": "A \\ud800 lone surrogate in a record of text."}', _good(1))
            + _jsonl('{"id": "h", "html": "<p>Before \\udfff after the surrogate.</p>"}')
        ),
        0,
        0,
        args=("--input-format", "jsonl"),
        suffix=".jsonl",
        good=4,
        check=_surrogates_kept,
    ),
    Hostile(
        # Read in linear work: gluing each 64 KB chunk to the line so far took 49 s for 80 MB.
        "JSONL: one long line",
        _long_line_jsonl,
        4_000_000,
        80_000_000,
        args=("--input-format", "jsonl"),
        suffix=".jsonl",
        check=_long_kept,
    ),
    Hostile(
        "JSONL: one huge string, gzipped",
        _huge_string_jsonl,
        4 << 20,
        2 << 30,
        expect="partial",
        args=("--input-format", "jsonl", "--max-record-size", "1M"),
        suffix=".jsonl.gz",
        good=2,
    ),
    Hostile(
        "JSONL: a URL that is not one",
        lambda n: _jsonl(_good(0), {"id": "u", "url": "http://[x", "text": ARTICLE}, _good(1)),
        0,
        0,
        args=("--input-format", "jsonl"),
        suffix=".jsonl",
        check=_three_records_u,
    ),
    Hostile(
        # Written raw, the name's byte 0xE9 made the JSON-lines output invalid UTF-8.
        "a file name that is not UTF-8",
        lambda n: ARTICLE.encode(),
        0,
        0,
        args=("--format", "jsonl"),
        check=_named_in_json,
        filename=b"caf\xe9 \x01.txt",
    ),
    Hostile(
        "JSONL: truncated gzip",
        _truncated_gzip_jsonl,
        2000,
        100_000,
        expect="partial",
        args=("--input-format", "jsonl"),
        suffix=".jsonl.gz",
        unit="records",
    ),
    Hostile(
        "JSONL: NUL and controls in a record",
        lambda n: _jsonl(
            _good(0), {"id": "c", "text": "Text \x00 with \x07 controls \x85 and \u2028 separators."}, _good(1)
        ),
        0,
        0,
        args=("--input-format", "jsonl"),
        suffix=".jsonl",
        good=3,
        check=_three_records,
    ),
)

BY_NAME = {c.name: c for c in CASES}


@dataclass(frozen=True)
class Outcome:
    """What a CLI run did: exit code, output, stderr, wall time and peak memory."""

    code: int
    stdout: str
    stderr: str
    seconds: float
    peak_mib: float


# The CLI, reporting its own peak RSS (VmHWM, kB) to a file on the way out.
# Not ru_maxrss: Linux carries the parent's RSS at fork into the child's
# ru_maxrss across exec, so a big test process made every child look big.
_LAUNCHER = """
import sys
from cleanse.cli import main
report = sys.argv.pop(1)
try:
    code = main(sys.argv[1:])
finally:
    with open("/proc/self/status") as status, open(report, "w") as out:
        out.write(next(line for line in status if line.startswith("VmHWM")).split()[1])
sys.exit(code)
"""


def run_cli(args: list[str], *, stdin: bytes | None = None, timeout: float = 300.0, cwd: Path | None = None) -> Outcome:
    """Run the CLI with ARGS in a child process; its peak RSS is its own ``VmHWM``."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    with (
        tempfile.TemporaryFile() as out,
        tempfile.TemporaryFile() as err,
        tempfile.TemporaryFile() as inp,
        tempfile.NamedTemporaryFile("r") as report,
    ):
        if stdin is not None:
            inp.write(stdin)
            inp.seek(0)
        start = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-c", _LAUNCHER, report.name, "--no-config", *args],
            stdin=inp,
            stdout=out,
            stderr=err,
            cwd=cwd or ROOT,
            env=env,
        )
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        try:
            _, status, _ = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Outcome(
            proc.returncode,
            out.read().decode("utf-8", errors="replace"),
            err.read().decode("utf-8", errors="replace"),
            seconds,
            int(report.read() or 0) / 1024,
        )


_BREAK = regex.compile(r"\r\n|\r|\n")


def assert_line_subset(source: str, out: str) -> None:
    """Every non-blank output line is an input line, in input order."""
    lines = iter(_BREAK.split(source))
    for got in _BREAK.split(out):
        if not got.strip():
            continue
        for line in lines:
            if line == got:
                break
        else:
            raise AssertionError(f"output line not in the input, or out of order: {got[:80]!r}")


def judge(case: Hostile, data: bytes, outcome: Outcome) -> str:
    """Check the outcome is sane for the case; returns a one-line summary for the table."""
    err_lines = outcome.stderr.splitlines()
    assert "Traceback" not in outcome.stderr, outcome.stderr[-2000:]
    if case.expect == "refused":
        assert outcome.code == 2, (outcome.code, outcome.stderr)
        assert len(err_lines) == 1 and err_lines[0].startswith("cleanse: error: "), outcome.stderr
        assert outcome.stdout == ""
        return f"exit 2: {err_lines[0]}"
    if case.expect == "partial":
        assert outcome.code == 2, (outcome.code, outcome.stderr)
        assert err_lines and all(line.startswith("cleanse: error: ") for line in err_lines), outcome.stderr
        records = [json.loads(line) for line in outcome.stdout.splitlines()]
        if case.good:
            assert [r["id"] for r in records] == [f"good{i}" for i in range(case.good)]
        else:
            assert records and [r["id"] for r in records] == list(range(len(records)))
        assert all("tram line" in r["cleaned"] for r in records)
        return f"exit 2: {len(records)} records out, {len(err_lines)} error line(s): {err_lines[0][:70]}"
    assert outcome.code == 0, (outcome.code, outcome.stderr)
    assert outcome.stderr == "", outcome.stderr
    if case.check is not None:
        case.check(data, outcome.stdout)
    else:
        from cleanse.decode import decode

        assert_line_subset(decode(data), outcome.stdout)
    if "jsonl" in case.args:
        return f"exit 0: {outcome.stdout.count(chr(10))} records out"
    kept = sum(1 for line in _BREAK.split(outcome.stdout) if line.strip())
    if case.suffix.endswith("html"):
        return f"exit 0: cleaned, {kept} lines out"
    from cleanse.decode import decode

    total = sum(1 for line in _BREAK.split(decode(data)) if line.strip())
    return f"exit 0: cleaned, {kept} of {total} lines kept"


def write_case(case: Hostile, size: int, folder: Path) -> tuple[Path, bytes]:
    """The case's input at ``size``, written to a file named for it."""
    data = case.make(size)
    path = case.path(folder, regex.sub(r"[^\w]+", "-", case.name).strip("-").lower())
    path.write_bytes(data)
    return path, data


def human(n: float) -> str:
    """Bytes for the table: 100 MB, 1.2 kB."""
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if n >= scale:
            return f"{n / scale:.3g} {unit}"
    return f"{int(n)} B"


__all__ = ["CASES", "ROOT", "Hostile", "Outcome", "assert_line_subset", "human", "judge", "run_cli", "write_case"]
