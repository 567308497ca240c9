"""Every command reads every kind of input, and reads it the same way.

``cleanse``, ``cleanse check``, ``cleanse report`` and ``cleanse learn`` each
get a folder holding one page of one kind (a text file, an HTML file, JSON
lines with text, with HTML, with HTML in the text field, gzip, zstd, WARC).
What each command makes of it must be what the library makes of the page:
the same text and drops (clean), the same findings (check), the same blocks
(report), the same lines under the same site (learn). The pages are built here.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
import zstandard

from cleanse import Cleaner, Result
from cleanse.cli import main
from cleanse.diagnostics import diagnose, own_evidence
from cleanse.html import html_blocks
from cleanse.profiles import Learner, loads
from cleanse.segment import segment

SITE = "example.org"
URL = f"https://www.{SITE}/news/tram"
BODY = (
    "The city council voted on Tuesday to extend the tram line to the northern districts, ending a debate "
    "that had lasted for almost three years.",
    "Supporters of the plan say it will cut travel times in half for thousands of commuters, while critics "
    "warn that the cost has already doubled since the first estimate.",
)
TEXT_PAGE = "Support The Example Times!\n\n" + "\n\n".join(BODY) + "\n\nRead more\n\nAccept all cookies\n"
HTML_PAGE = (
    "<!doctype html><html><head><title>Tram</title></head><body>"
    "<nav><a href='/'>Home</a> <a href='/news'>News</a> <a href='/sport'>Sport</a></nav>"
    "<article><h1>Council backs the tram</h1>" + "".join(f"<p>{p}</p>" for p in BODY) + "</article>"
    "<footer><p>Subscribe to our newsletter</p><p>© 2024 The Example Times. All rights reserved.</p></footer>"
    "</body></html>"
)


def _jsonl(record: dict[str, str]) -> bytes:
    return (json.dumps(record) + "\n").encode()


def _warc() -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
    record = writer.create_warc_record(URL, "response", payload=io.BytesIO(HTML_PAGE.encode()), http_headers=headers)
    writer.write_record(record)
    return buf.getvalue()


#: kind -> (file name, its bytes, whether the page is HTML, whether the input carries the URL)
KINDS: dict[str, tuple[str, Callable[[], bytes], bool, bool]] = {
    "text": ("page.txt", lambda: TEXT_PAGE.encode(), False, False),
    "html": ("page.html", lambda: HTML_PAGE.encode(), True, False),
    "jsonl with text": ("corpus.jsonl", lambda: _jsonl({"url": URL, "text": TEXT_PAGE}), False, True),
    "jsonl with html": ("corpus.jsonl", lambda: _jsonl({"url": URL, "html": HTML_PAGE}), True, True),
    "jsonl with html in text": ("corpus.ndjson", lambda: _jsonl({"url": URL, "text": HTML_PAGE}), True, True),
    "gzip": ("page.html.gz", lambda: gzip.compress(HTML_PAGE.encode()), True, False),
    "zstd": (
        "corpus.jsonl.zst",
        lambda: zstandard.ZstdCompressor().compress(_jsonl({"url": URL, "text": TEXT_PAGE})),
        False,
        True,
    ),
    "warc": ("crawl.warc.gz", _warc, True, True),
}


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err):
        code = main(argv, stdin=io.BytesIO(b""), stdout=out)
    return code, out.getvalue(), err.getvalue()


def corpus(tmp_path: Path, kind: str) -> tuple[Path, Result, bool]:
    """A folder holding the kind's input under the site's folder; the library's result on its page."""
    name, make, html, has_url = KINDS[kind]
    root = tmp_path / "corpus"
    (root / SITE).mkdir(parents=True)
    (root / SITE / name).write_bytes(make())
    url = URL if has_url else ""
    cleaner = Cleaner()
    expected = cleaner.analyze_html(HTML_PAGE, url=url) if html else cleaner.analyze(TEXT_PAGE, url=url)
    assert expected.dropped, "the page must have boilerplate to drop"
    return root, expected, html


@pytest.mark.parametrize("kind", KINDS)
def test_clean_reads_it(tmp_path: Path, kind: str) -> None:
    root, expected, _ = corpus(tmp_path, kind)
    code, out, err = run(["--no-config", "-j", "1", "--format", "jsonl", str(root)])
    assert (code, err) == (0, "")
    [record] = [json.loads(line) for line in out.splitlines()]
    assert record["cleaned"] == expected.text
    assert record["cleanse"]["dropped_by_code"] == expected.drop_counts()


@pytest.mark.parametrize("kind", KINDS)
def test_check_reads_it(tmp_path: Path, kind: str) -> None:
    root, expected, html = corpus(tmp_path, kind)
    code, out, err = run(["check", "--no-config", "--quiet", "--output-format", "json", str(root)])
    assert err == ""
    found = json.loads(out)
    wanted = list(diagnose(expected, "page", HTML_PAGE if html else None, evidence=own_evidence(Cleaner().rules)))
    assert wanted, "the page must have findings"
    assert code == 1
    assert [(d["code"], d["line"], d["col"]) for d in found] == [(d.code, d.line, d.col) for d in wanted]


@pytest.mark.parametrize("kind", KINDS)
def test_report_reads_it(tmp_path: Path, kind: str) -> None:
    root, expected, _ = corpus(tmp_path, kind)
    code, page, err = run(["report", "--no-config", str(root)])
    assert (code, err) == (0, "")
    assert f'data-blocks="{len(expected.verdicts)}" data-dropped="{len(expected.dropped)}"' in page
    assert f'<tr data-site="{SITE}" data-pages="1"' in page


@pytest.mark.parametrize("kind", KINDS)
def test_learn_reads_it(tmp_path: Path, kind: str) -> None:
    root, _, html = corpus(tmp_path, kind)
    code, out, err = run(["learn", "--no-prune", str(root)])
    assert code == 0, err
    learner = Learner()
    learner.add(SITE, [b.text for b in (html_blocks(HTML_PAGE)[1] if html else segment(TEXT_PAGE))])
    assert loads(out).sites == learner.profile().sites


def test_check_picks_every_input_it_reads_out_of_a_folder(tmp_path: Path) -> None:
    # Upper-case suffixes, .xhtml and compressed corpora are read; other files are not pages.
    names = ("PAGE.TXT", "page.xhtml", "corpus.jsonl.zst", "notes.Md", "crawl.warc.gz")
    for name in names:
        data = KINDS["warc"][1]() if name.endswith("warc.gz") else TEXT_PAGE.encode()
        if name.endswith(".jsonl.zst"):
            data = KINDS["zstd"][1]()
        (tmp_path / name).write_bytes(data)
    (tmp_path / "script.py").write_text("Support us!\n", "utf-8")
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    code, out, err = run(["check", "--no-config", "--quiet", "--output-format", "json", str(tmp_path)])
    assert (code, err) == (1, "")
    assert sorted({Path(d["path"]).name for d in json.loads(out)}) == sorted(names)


def test_check_reads_the_html_field(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    path.write_bytes(_jsonl({"url": URL, "body": HTML_PAGE, "text": "A plain summary of the page."}))
    code, out, _ = run(["check", "--no-config", "--quiet", "--html-field", "body", str(path)])
    assert code == 1 and "newsletter" in out.lower()
