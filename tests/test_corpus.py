"""Corpus mode: folders, JSON lines, gzip/zstd, WARC, workers, errors, time limits, interruption.

The pages are our own, built below; every test names the behaviour it pins.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import pty
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import zstandard

import cleanse
from cleanse import Block, Cleaner, Features, Finding, Page, Rule
from cleanse.cli import main
from cleanse.corpus import ErrorLog, Summary, run
from cleanse.outputs import Sink
from cleanse.sources import Record, read_inputs
from cleanse.work import Job

from .conftest import ROOT

TOPICS = ("tram line", "harbour bridge", "school budget", "river clean-up", "night market", "library hours")


def page(i: int) -> str:
    """A plain-text page: a banner and menu, two paragraphs about topic ``i``, an appeal and footer."""
    topic = TOPICS[i % len(TOPICS)]
    return (
        "Home | News | Sport | Weather\n\n"
        f"Council backs the {topic} plan, number {i}\n\n"
        f"The city council voted on Tuesday to go ahead with the {topic} plan, ending a debate that had lasted "
        f"for almost three years and drawn {i + 3} public hearings.\n\n"
        "Supporters say it will help thousands of residents every week, while critics warn that the cost has "
        "already doubled since the first estimate was published.\n\n"
        "Support independent journalism: donate today!\n\n"
        "Read more\n"
    )


def html_page(i: int) -> str:
    body = page(i).split("\n\n")
    return (
        "<!doctype html><html><head><title>News</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/news'>News</a> <a href='/sport'>Sport</a></nav>"
        f"<article><h1>{body[1]}</h1><p>{body[2]}</p><p>{body[3]}</p></article>"
        "<footer><p>Subscribe to our newsletter</p><p>© 2024 The Example Times</p></footer>"
        "</body></html>"
    )


def run_cli(argv: list[str], stdin: bytes = b"") -> tuple[int, str]:
    out = io.StringIO()
    code = main(argv, stdin=io.BytesIO(stdin), stdout=out)
    return code, out.getvalue()


def make_tree(root: Path, n: int = 12) -> dict[str, str]:
    """A nested folder of text and HTML pages; returns relative path -> content."""
    files = {}
    for i in range(n):
        sub = ("", "a/", "a/b/")[i % 3]
        rel = f"{sub}p{i:03d}.{'html' if i % 2 else 'txt'}"
        files[rel] = html_page(i) if i % 2 else page(i)
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(files[rel], "utf-8")
    return files


def jsonl(*records: object) -> bytes:
    return "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records).encode()


def ids(out: str) -> list[object]:
    return [json.loads(line)["id"] for line in out.splitlines()]


# ---------------------------------------------------------------- order and workers


def test_workers_give_the_serial_output_in_input_order(tmp_path: Path) -> None:
    tree = tmp_path / "corpus"
    files = make_tree(tree, 14)
    corpus = tmp_path / "records.jsonl"
    corpus.write_bytes(jsonl(*({"id": i, "text": page(i)} for i in range(30))))
    argv = ["--format", "jsonl", "--timeout", "0", str(tree), str(corpus)]
    serial = run_cli(["-j", "1", *argv])
    parallel = run_cli(["-j", "2", *argv])
    assert serial == parallel
    assert serial[0] == 0
    lines = [json.loads(line) for line in serial[1].splitlines()]
    # The folder first, walked in sorted order (a folder's files, then its subfolders), then every JSON line.
    walked = [str(tree / rel) for rel in sorted(files, key=lambda r: (r.count("/"), r))]
    assert [d.get("path") for d in lines[:14]] == walked
    assert [d["id"] for d in lines[14:]] == list(range(30))
    first = lines[0]
    assert first["path"] == str(tree / "p000.txt") and first["cleaned"] == cleanse.clean(page(0))
    assert set(first["cleanse"]) == {"language", "fallback", "blocks", "dropped", "dropped_by_code"}


def test_one_stdin_page_never_starts_a_pool(monkeypatch: pytest.MonkeyPatch) -> None:
    from cleanse import pool

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a pool was started for one page")

    monkeypatch.setattr(pool.OrderedPool, "__init__", refuse)
    assert run_cli(["-j", "2"], page(1).encode()) == (0, cleanse.clean(page(1)))


# ---------------------------------------------------------------- nothing lost


def test_bad_records_in_the_middle_go_to_the_errors_file(tmp_path: Path) -> None:
    tree = tmp_path / "pages"
    files = make_tree(tree, 6)
    (tree / "a" / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    corpus = tmp_path / "c.jsonl"
    lines = [json.dumps({"id": i, "text": page(i)}).encode() for i in range(10)]
    lines[3] = b'{"id": 3, "text": "cut off'
    lines[6] = b'{"id": 6, "text": "caf\xe9 au lait, not UTF-8"}'
    corpus.write_bytes(b"\n".join(lines) + b"\n")
    errors = tmp_path / "errors.jsonl"
    out_dir = tmp_path / "out"
    code, _ = run_cli(["-j", "2", "--errors", str(errors), "--output-dir", str(out_dir), str(tree)])
    assert code == 2
    assert sorted(p.relative_to(out_dir).as_posix() for p in out_dir.rglob("*.txt")) == sorted(
        rel.rsplit(".", 1)[0] + ".txt" for rel in files
    )
    code, out = run_cli(["-j", "2", "--errors", str(errors), str(corpus)])
    assert code == 2
    assert ids(out) == [0, 1, 2, 4, 5, 7, 8, 9]
    reported = [json.loads(line) for line in errors.read_text("utf-8").splitlines()]
    assert [(e["source"], e["position"]) for e in reported] == [(str(corpus), 4), (str(corpus), 7)]
    assert reported[0]["reason"].startswith("not JSON")
    assert reported[1]["reason"].startswith("not UTF-8")


def test_errors_go_to_stderr_as_one_line_each_by_default(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tree = tmp_path / "pages"
    make_tree(tree, 3)
    (tree / "bad.txt").write_bytes(b"\x7fELF" + bytes(200))
    code, out = run_cli(["-j", "1", "--format", "jsonl", str(tree)])
    assert code == 2
    assert len(out.splitlines()) == 3
    assert capsys.readouterr().err == f"cleanse: error: {tree / 'bad.txt'}: input is an executable, not text or HTML\n"


def test_summary_counts_records_errors_and_rules(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = tmp_path / "c.jsonl"
    corpus.write_bytes(jsonl({"id": 1, "text": page(1)}, "nope", {"id": 3, "text": page(3)}))
    summary_file = tmp_path / "summary.json"
    code, _ = run_cli(["-j", "1", "--summary", "--summary-json", str(summary_file), str(corpus)])
    assert code == 2
    summary = json.loads(summary_file.read_text("utf-8"))
    assert (summary["records_in"], summary["records_out"], summary["errors"]) == (3, 2, 1)
    assert summary["bytes_in"] == corpus.stat().st_size
    expected = cleanse.analyze(page(1)).drop_counts()
    assert summary["dropped_by_code"] == {code: 2 * n for code, n in expected.items()}
    err = capsys.readouterr().err
    assert "3 records in, 2 out, 1 errors" in err and "top rules" in err


# ---------------------------------------------------------------- compressed inputs


def test_gzip_and_zstd_pages_and_jsonl(tmp_path: Path) -> None:
    (tmp_path / "p.html.gz").write_bytes(gzip.compress(html_page(2).encode()))
    (tmp_path / "q.txt.zst").write_bytes(zstandard.ZstdCompressor().compress(page(3).encode()))
    records = jsonl(*({"id": i, "text": page(i)} for i in range(5)))
    (tmp_path / "r.jsonl.gz").write_bytes(gzip.compress(records))
    # Two zstd frames back to back, as `cat a.zst b.zst` makes.
    half = records.index(b"\n", len(records) // 2) + 1
    zc = zstandard.ZstdCompressor()
    (tmp_path / "s.jsonl.zst").write_bytes(zc.compress(records[:half]) + zc.compress(records[half:]))
    names = [str(tmp_path / n) for n in ("p.html.gz", "q.txt.zst", "r.jsonl.gz", "s.jsonl.zst")]
    code, out = run_cli(["-j", "1", "--format", "jsonl", *names])
    assert code == 0
    lines = [json.loads(line) for line in out.splitlines()]
    assert lines[0]["cleaned"] == cleanse.clean_html(html_page(2))
    assert lines[1]["cleaned"] == cleanse.clean(page(3))
    assert [d["id"] for d in lines[2:]] == [0, 1, 2, 3, 4] * 2


@pytest.mark.parametrize("compress", ["gzip", "zstd"])
def test_truncated_jsonl_keeps_everything_before_the_cut(
    tmp_path: Path, compress: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # zstd gives out whole blocks (up to 128 KB decompressed): enough records that the cut leaves some.
    n = 60 if compress == "gzip" else 800
    records = jsonl(*({"id": i, "text": page(i) + f"Filed at {i * 7919 % 1000}.\n"} for i in range(n)))
    whole = gzip.compress(records) if compress == "gzip" else zstandard.ZstdCompressor().compress(records)
    path = tmp_path / f"cut.jsonl.{'gz' if compress == 'gzip' else 'zst'}"
    path.write_bytes(whole[: len(whole) * 2 // 3])
    code, out = run_cli(["-j", "2", str(path)])
    assert code == 2
    got = ids(out)
    assert got and got == list(range(len(got)))
    err = capsys.readouterr().err
    assert err.startswith(f"cleanse: error: {path}:{len(got) + 1}: cannot read on:")
    assert "truncated" in err


def test_a_truncated_compressed_page_is_an_error_not_half_a_page(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    whole = zstandard.ZstdCompressor().compress(page(1).encode() * 20)
    cut = tmp_path / "cut.txt.zst"
    cut.write_bytes(whole[:-10])
    good = tmp_path / "good.txt"
    good.write_text(page(2), "utf-8")
    code, out = run_cli(["-j", "1", str(cut), str(good)])
    assert code == 2
    assert out == cleanse.clean(page(2))
    assert f"{cut}: cannot read: " in capsys.readouterr().err


# ---------------------------------------------------------------- WARC


def write_warc(path: Path, *, cut: int = 0) -> None:
    """Four responses (three HTML in three charsets, one PNG), a request and a metadata record; gzip per record."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)

    def response(url: str, body: bytes, content_type: str, status: str = "200 OK") -> None:
        headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers))

    writer.write_record(
        writer.create_warc_record(
            "https://example.org/a",
            "request",
            payload=io.BytesIO(b"GET /a HTTP/1.1\r\nHost: example.org\r\n\r\n"),
            http_headers=StatusAndHeaders("GET /a HTTP/1.1", [("Host", "example.org")], is_http_request=True),
        )
    )
    response("https://example.org/a", html_page(1).encode(), "text/html; charset=utf-8")
    # Latin-1 bytes, declared in the HTTP header only: decoding as UTF-8 or by guess would mangle them.
    french = html_page(2).replace("voted on Tuesday", "a voté mardi, café crème à la main,")
    response("https://example.org/b", french.encode("latin-1"), 'text/html; charset="ISO-8859-1"')
    response("https://example.org/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(64), "image/png")
    response("https://example.org/gone", b"<html><body><p>Moved</p></body></html>", "text/html", "301 Moved")
    russian = html_page(3).replace("The city council", "Городской совет")
    response("https://example.org/c", russian.encode("cp1251"), "text/html;charset=windows-1251")
    writer.write_record(
        writer.create_warc_record("https://example.org/c", "metadata", payload=io.BytesIO(b"fetchTimeMs: 12\r\n"))
    )
    data = buf.getvalue()
    path.write_bytes(data[:cut] if cut else data)


def test_warc_html_responses_with_their_urls_and_charsets(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    write_warc(path)
    code, out = run_cli(["-j", "2", "--format", "jsonl", str(path)])
    assert code == 0
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["url"] for r in records] == ["https://example.org/a", "https://example.org/b", "https://example.org/c"]
    assert [r["record"] for r in records] == [2, 3, 6]  # positions count every record, skipped ones too
    assert all(r["id"].startswith("<urn:uuid:") and r["path"] == str(path) for r in records)
    assert "café crème à la main" in records[1]["cleaned"]
    assert "Городской совет" in records[2]["cleaned"]
    assert "Home" not in records[0]["cleaned"] and "tram" not in records[0]["cleaned"]


def test_truncated_warc_keeps_the_whole_records_before_the_cut(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    whole = tmp_path / "whole.warc.gz"
    write_warc(whole)
    from warcio.archiveiterator import ArchiveIterator

    with whole.open("rb") as fh:
        archive = ArchiveIterator(fh)
        offsets = [archive.get_record_offset() for _ in archive]
    path = tmp_path / "cut.warc.gz"
    write_warc(path, cut=(offsets[5] + offsets[6]) // 2)  # inside the sixth record, the last HTML page
    code, out = run_cli(["-j", "1", "--format", "jsonl", str(path)])
    assert code == 2
    assert [json.loads(line)["url"] for line in out.splitlines()] == ["https://example.org/a", "https://example.org/b"]
    assert f"{path}:6: cannot read on: the compressed stream ends" in capsys.readouterr().err


def test_warc_is_read_from_stdin_with_the_input_format(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    write_warc(path)
    code, out = run_cli(["-j", "1", "--input-format", "warc", "--format", "jsonl"], path.read_bytes())
    assert code == 0 and len(out.splitlines()) == 3


# ---------------------------------------------------------------- output folder


def test_output_dir_mirrors_the_input_tree(tmp_path: Path) -> None:
    tree = tmp_path / "site"
    files = make_tree(tree, 9)
    (tree / "a" / "b" / "zipped.html.gz").write_bytes(gzip.compress(html_page(5).encode()))
    out_dir = tmp_path / "out"
    code, out = run_cli(["-j", "2", "--output-dir", str(out_dir), str(tree)])
    assert code == 0 and out == ""
    for rel, content in files.items():
        text = (out_dir / (rel.rsplit(".", 1)[0] + ".txt")).read_text("utf-8")
        assert text == (cleanse.clean_html(content) if rel.endswith(".html") else cleanse.clean(content))
    assert (out_dir / "a" / "b" / "zipped.txt").read_text("utf-8") == cleanse.clean_html(html_page(5))
    assert [p.name for p in out_dir.rglob(".*")] == []  # no temporary files left


def test_output_dir_and_output_file_exclude_each_other(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["-o", str(tmp_path / "x"), "--output-dir", str(tmp_path / "d")], b"x")[0] == 2
    assert "exclude each other" in capsys.readouterr().err


# ---------------------------------------------------------------- time limits


class SlowRule(Rule):
    """Test only: takes its time over a page that says SLOWPAGE."""

    code = "TST901"
    name = "slow-page"
    drop = ("zzz",)

    def check_block(self, block: Block, feats: Features, page: Page) -> Finding | None:
        if "SLOWPAGE" in block.text:
            time.sleep(30)
        return None


class StuckRule(Rule):
    """Test only: stuck where no alarm reaches (SIGALRM blocked), as C code that never returns would be."""

    code = "TST902"
    name = "stuck-page"
    drop = ("zzz",)

    def check_block(self, block: Block, feats: Features, page: Page) -> Finding | None:
        if "STUCKPAGE" in block.text:
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
            time.sleep(60)
        return None


class CrashRule(Rule):
    """Test only: the worker process dies on a page that says CRASHPAGE, as a crash in C code would."""

    code = "TST903"
    name = "crash-page"
    drop = ("zzz",)

    def check_block(self, block: Block, feats: Features, page: Page) -> Finding | None:
        if "CRASHPAGE" in block.text:
            os._exit(3)
        return None


def _records(texts: list[str]) -> list[Record]:
    return [Record("mem", i + 1, "json", json.dumps({"id": i, "text": t}).encode()) for i, t in enumerate(texts)]


def _through_pool(rule: type[Rule], texts: list[str], *, timeout: float) -> tuple[io.StringIO, io.StringIO, Summary]:
    """``texts`` as JSON records through two workers whose cleaner has ``rule``: output, errors, summary."""
    out, err = io.StringIO(), io.StringIO()
    summary = run(
        iter(_records(texts)),
        Cleaner(extra_rules=[rule]),
        Job(timeout=timeout),
        Sink(out),
        jobs=2,
        errors=ErrorLog(None, err),
    )
    return out, err, summary


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_slow_page_times_out_and_the_run_goes_on(jobs: int) -> None:
    texts = [page(i) for i in range(8)]
    texts[3] = "SLOWPAGE\n\n" + texts[3]
    out, err = io.StringIO(), io.StringIO()
    errors = ErrorLog(None, err)
    summary = run(
        iter(_records(texts)),
        Cleaner(extra_rules=[SlowRule]),
        Job(timeout=1.0),
        Sink(out),
        jobs=jobs,
        errors=errors,
    )
    assert ids(out.getvalue()) == [0, 1, 2, 4, 5, 6, 7]
    assert err.getvalue() == "cleanse: error: mem:4: took longer than 1 s (--timeout)\n"
    assert (summary.errors, summary.restarts) == (1, 0)  # the alarm stopped it: no worker was killed


def test_a_stuck_worker_is_killed_and_replaced() -> None:
    texts = [page(i) for i in range(12)]
    texts[2] = "STUCKPAGE\n\n" + texts[2]
    out, err, summary = _through_pool(StuckRule, texts, timeout=1.0)
    assert ids(out.getvalue()) == [i for i in range(12) if i != 2]
    assert err.getvalue() == "cleanse: error: mem:3: took longer than 1 s (--timeout; worker stopped)\n"
    assert summary.restarts == 1


def test_a_worker_that_dies_is_replaced_and_only_its_record_lost() -> None:
    # A crash (in C code, say) is no time-out: the worker is replaced at once,
    # its record reported, the rest of its chunk cleaned by the new worker.
    texts = [page(i) for i in range(20)]
    texts[5] = "CRASHPAGE\n\n" + texts[5]
    out, err, summary = _through_pool(CrashRule, texts, timeout=0)
    assert ids(out.getvalue()) == [i for i in range(20) if i != 5]
    assert err.getvalue() == "cleanse: error: mem:6: the worker process died (exit code 3)\n"
    assert summary.restarts == 1


def test_timeout_option_on_a_pathological_page(tmp_path: Path) -> None:
    huge = tmp_path / "huge.txt"
    huge.write_text(page(1) * 3000, "utf-8")  # about 1.5 MB: far more than a millisecond of work
    small = tmp_path / "small.txt"
    small.write_text(page(2), "utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "cleanse", "-j", "1", "--timeout", "0.001", str(huge)],
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 2
    assert proc.stdout == b""
    assert proc.stderr.decode() == f"cleanse: error: {huge}: took longer than 0.001 s (--timeout)\n"


# ---------------------------------------------------------------- interruption


def _wait_for(condition: object, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, "the run never got going"
        time.sleep(0.05)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_interrupted_run_leaves_only_whole_files(tmp_path: Path, signum: signal.Signals) -> None:
    tree = tmp_path / "corpus"
    files = make_tree(tree, 400)
    out_dir = tmp_path / "out"
    proc = subprocess.Popen(
        [sys.executable, "-m", "cleanse", "-j", "2", "--output-dir", str(out_dir), str(tree)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    _wait_for(lambda: len(list(out_dir.rglob("*.txt"))) >= 5)
    proc.send_signal(signum)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 128 + signum, err
    assert b"interrupted" in err
    done = sorted(out_dir.rglob("*.txt"))
    assert 5 <= len(done) < len(files)
    for path in done:
        rel = path.relative_to(out_dir).as_posix()[: -len(".txt")]
        source = next(r for r in files if r.rsplit(".", 1)[0] == rel)
        expected = cleanse.clean_html(files[source]) if source.endswith(".html") else cleanse.clean(files[source])
        assert path.read_text("utf-8") == expected, rel
    assert [p.name for p in out_dir.rglob(".*")] == []


def test_interrupted_run_leaves_no_output_file(tmp_path: Path) -> None:
    corpus = tmp_path / "c.jsonl"
    corpus.write_bytes(jsonl(*({"id": i, "text": page(i)} for i in range(3000))))
    target = tmp_path / "cleaned.jsonl"
    proc = subprocess.Popen(
        [sys.executable, "-m", "cleanse", "-j", "2", "-o", str(target), str(corpus)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    _wait_for(lambda: any(p.stat().st_size > 0 for p in tmp_path.glob(".cleaned.jsonl.*")))
    proc.send_signal(signal.SIGINT)
    proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.jsonl"]


# ---------------------------------------------------------------- progress


def test_no_progress_bar_or_summary_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    tree = tmp_path / "corpus"
    make_tree(tree, 60)
    proc = subprocess.run(
        [sys.executable, "-m", "cleanse", "-j", "1", "--output-dir", str(tmp_path / "out"), str(tree)],
        capture_output=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0
    assert proc.stderr == b""


def test_progress_bar_and_summary_on_a_terminal(tmp_path: Path) -> None:
    tree = tmp_path / "corpus"
    make_tree(tree, 400)  # a run well over the bar's one-second delay
    primary, secondary = pty.openpty()
    argv = [sys.executable, "-m", "cleanse", "-j", "1", "--output-dir", str(tmp_path / "out"), str(tree)]
    proc = subprocess.Popen([*argv], stdout=subprocess.DEVNULL, stderr=secondary)
    os.close(secondary)
    chunks = []
    while True:
        try:
            data = os.read(primary, 4096)
        except OSError:  # EIO: the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=300)
    os.close(primary)
    shown = b"".join(chunks).decode(errors="replace")
    assert proc.returncode == 0
    assert "B/s" in shown and "pages" in shown  # the bar: bytes, rate, pages
    assert "400 records in, 400 out, 0 errors" in shown
    proc = subprocess.run([*argv, "--no-progress"], capture_output=True, timeout=300, check=False)
    assert proc.stderr == b""


def test_docs_page_exists_and_is_linked() -> None:
    page_text = (ROOT / "docs" / "corpus.md").read_text("utf-8")
    assert "--output-dir" in page_text and "--errors" in page_text and "WARC" in page_text
    assert "(corpus.md)" in (ROOT / "docs" / "index.md").read_text("utf-8")


def test_read_inputs_positions(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    path.write_bytes(b'{"id": 1}\n\n{"id": 3}\n')
    items = list(read_inputs([str(path), str(tmp_path / "missing")], "auto", io.BytesIO()))
    assert [(type(i).__name__, i.position) for i in items] == [("Record", 1), ("Record", 3), ("SourceError", 0)]


def test_warc_pages_as_text_are_kept_apart(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    write_warc(path)
    code, out = run_cli(["-j", "1", str(path)])
    assert code == 0
    pages = out.split("\f\n")
    assert len(pages) == 3 and "café crème à la main" in pages[1] and "Городской совет" in pages[2]


def test_the_progress_bar_ends_at_the_pages_done() -> None:
    # The pages figure was refreshed at most twice a second, so a bar closed at 94 of 100 pages.
    from cleanse.corpus import Progress

    progress = Progress(True, None, io.StringIO())
    summary = Summary()
    for _ in range(100):
        summary.records_in += 1
        progress.update(10, summary)
    progress.close(summary)
    assert progress.bar.postfix.startswith("100 pages")
