"""``cleanse check``: the linter for already-cleaned text, through cli.main and once as a subprocess."""

from __future__ import annotations

import gzip
import io
import itertools
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from cleanse import Cleaner
from cleanse.cli import main
from cleanse.diagnostics import Diagnostic, github

from .conftest import SHARED

ARTICLE = (
    "The harbour authority confirmed on Wednesday that the old ferry pier will be rebuilt next spring, "
    "after divers found that most of its wooden piles had rotted through.\n\n"
    "Engineers expect the work to take about eight months, and the ferries will dock at the cargo quay "
    "in the meantime, which the operator says will add ten minutes to each crossing.\n"
)
# The same article with boilerplate left in: a cookie prompt at line 1 and an
# appeal at line 7, placed there on purpose.
DIRTY = "Accept all cookies\n\n" + ARTICLE + "\n" + "Support us!\n"
DIRTY_LINES = {1: "Accept all cookies", 7: "Support us!"}
LOCATION = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<code>[A-Z]{3}\d{3}) (?P<name>[a-z0-9-]+) ")


def check(argv: list[str], stdin: bytes = b"") -> tuple[int, str]:
    out = io.StringIO()
    code = main(["check", *argv], stdin=io.BytesIO(stdin), stdout=out)
    return code, out.getvalue()


def located(output: str) -> list[dict[str, str]]:
    rows = []
    for line in output.splitlines():
        m = LOCATION.match(line)
        assert m, f"not a diagnostic line: {line!r}"
        rows.append(m.groupdict())
    return rows


@pytest.fixture
def pages(tmp_path: Path) -> Path:
    (tmp_path / "clean.txt").write_text(ARTICLE, "utf-8")
    (tmp_path / "dirty.txt").write_text(DIRTY, "utf-8")
    return tmp_path


def test_clean_file_exits_0_with_no_output(pages: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert check([str(pages / "clean.txt")]) == (0, "")
    assert capsys.readouterr().err == "cleanse check: checked 1 page in 1 file: no findings\n"


def test_boilerplate_is_reported_at_its_line_and_column(pages: Path) -> None:
    path = str(pages / "dirty.txt")
    code, out = check([path])
    assert code == 1
    rows = located(out)
    assert [(r["path"], int(r["line"]), int(r["col"])) for r in rows] == [(path, 1, 1), (path, 7, 1)]
    assert [r["code"] for r in rows] == ["PRM004", "APL001"]
    assert [r["name"] for r in rows] == ["cookie-notice", "support-banner"]
    # The message ends with the start of the block, quoted.
    assert out.splitlines()[1].endswith('"Support us!"')


def test_column_points_at_indented_text_and_at_a_phrase_inside_a_line(tmp_path: Path) -> None:
    page = tmp_path / "p.txt"
    # An indented banner, and a line where the appeal starts mid-line (a phrase finding with a span).
    appeal = "Thanks for reading. If you value our work, please donate today to keep it free."
    page.write_text(ARTICLE + "\n    Support us!\n" + appeal + "\n", "utf-8")
    code, out = check([str(page)])
    assert code == 1
    rows = {int(r["line"]): r for r in located(out)}
    assert rows[5]["col"] == "5"
    # The rule's span starts at "If you value our work", the 21st character.
    assert rows[6]["code"] == "APL002"
    assert rows[6]["col"] == str(appeal.index("If you value") + 1) == "21"


def test_exit_zero_still_reports(pages: Path) -> None:
    code, out = check(["--exit-zero", str(pages / "dirty.txt")])
    assert code == 0
    assert len(located(out)) == 2


def test_statistics_count_per_code_most_frequent_first(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(DIRTY, "utf-8")
    (tmp_path / "b.txt").write_text(DIRTY.replace("Accept all cookies", "Read more"), "utf-8")
    code, out = check(["--statistics", str(tmp_path)])
    assert code == 1
    rows = [line.split() for line in out.splitlines()]
    assert rows[0] == ["2", "APL001", "support-banner"]
    assert sorted(rows[1:]) == [["1", "NAV001", "read-more-link"], ["1", "PRM004", "cookie-notice"]]
    code, out = check(["--statistics", "--output-format", "json", str(tmp_path)])
    assert json.loads(out)[0] == {"count": 2, "code": "APL001", "name": "support-banner"}
    assert check(["--statistics", "--exit-zero", str(tmp_path)])[0] == 0


def test_json_matches_the_text_output(pages: Path) -> None:
    _, text = check([str(pages)])
    code, out = check(["--output-format", "json", str(pages)])
    assert code == 1
    data = json.loads(out)
    assert [(d["path"], str(d["line"]), str(d["col"]), d["code"], d["name"]) for d in data] == [
        (r["path"], r["line"], r["col"], r["code"], r["name"]) for r in located(text)
    ]
    assert [d["text"] for d in data] == [DIRTY_LINES[1], DIRTY_LINES[7]]
    assert all(d["record"] is None for d in data)
    assert set(data[0]) == {"path", "line", "col", "code", "name", "message", "text", "record"}
    assert json.loads(check(["--output-format", "json", str(pages / "clean.txt")])[1]) == []


def test_github_annotations_escape_properties_and_data(tmp_path: Path) -> None:
    page = tmp_path / "a,b: 100%.txt"
    page.write_text(DIRTY, "utf-8")
    code, out = check(["--output-format", "github", str(page)])
    assert code == 1
    first = out.splitlines()[0]
    escaped = str(page).replace("%", "%25").replace(":", "%3A").replace(",", "%2C")
    assert first == (
        f"::warning file={escaped},line=1,col=1,title=PRM004 cookie-notice"
        '::the whole line matches: "Accept all cookies"'
    )
    # A message with a newline, a percent sign and a carriage return stays on one line.
    d = Diagnostic("x.txt", 2, 3, "APL001", "support-banner", "50% off\r\nnow, or: never", "t")
    assert github(d) == ("::warning file=x.txt,line=2,col=3,title=APL001 support-banner::50%25 off%0D%0Anow, or: never")


def test_folders_are_walked_recursively_in_sorted_order(tmp_path: Path) -> None:
    for rel in ("b.txt", "a/z.md", "a/b/y.html", "a/c.text", "c/page.htm", ".hidden/x.txt", "a/skip.py"):
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(DIRTY, "utf-8")
    code, out = check(["--output-format", "json", str(tmp_path)])
    assert code == 1
    paths = list(dict.fromkeys(d["path"] for d in json.loads(out)))
    # As the cleaner reads a folder: its files, then its subfolders, each in sorted order.
    expected = ["b.txt", "a/c.text", "a/z.md", "a/b/y.html", "c/page.htm"]
    assert paths == [os.path.join(tmp_path, rel) for rel in expected]


def test_html_is_located_in_the_markup(tmp_path: Path) -> None:
    page = tmp_path / "p.html"
    paragraphs = "".join(f"  <p>\n    {p}\n  </p>\n" for p in ARTICLE.split("\n\n"))
    page.write_text(
        "<!doctype html>\n<html><body>\n<article>\n"
        + paragraphs
        + '  <div class="support"><p>Support us!</p></div>\n'
        + "</article></body></html>\n",
        "utf-8",
    )
    lines = page.read_text("utf-8").splitlines()
    line = next(i for i, text in enumerate(lines, 1) if "Support us!" in text)
    code, out = check([str(page)])
    assert code == 1
    rows = located(out)
    assert (int(rows[-1]["line"]), int(rows[-1]["col"])) == (line, lines[line - 1].index("Support") + 1)


def test_jsonl_reports_record_line_and_position_in_the_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = tmp_path / "corpus.jsonl"
    records = [
        json.dumps({"id": 1, "body": ARTICLE}),
        '{"id": 2, "body": ',  # cut off: not JSON
        json.dumps({"id": 3, "body": DIRTY}),
        "",
        json.dumps({"id": 5, "text": "no body field"}),
        json.dumps({"id": 6, "body": ARTICLE + "\nRead more\n"}),
    ]
    corpus.write_text("\n".join(records) + "\n", "utf-8")
    code, out = check(["--quiet", "--text-field", "body", str(corpus)])
    assert code == 2  # the bad lines are errors ...
    rows = out.splitlines()
    # ... and the records after them are still checked: path:RECORD_LINE:LINE:COL.
    assert [row.split(" ")[0] for row in rows] == [
        f"{corpus}:3:1:1:",
        f"{corpus}:3:7:1:",
        f"{corpus}:6:5:1:",
    ]
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith(f"cleanse check: error: {corpus}:2:") and "not JSON" in err[0]
    assert err[1] == f"cleanse check: error: {corpus}:5: no string field 'html' or 'body'"
    assert len(err) == 2

    data = json.loads(check(["--text-field", "body", "--output-format", "json", str(corpus)])[1])
    assert [(d["record"], d["line"], d["col"]) for d in data] == [(3, 1, 1), (3, 7, 1), (6, 5, 1)]
    annotation = check(["--text-field", "body", "--output-format", "github", str(corpus)])[1].splitlines()[0]
    assert annotation.startswith(f"::warning file={corpus},line=3,title=PRM004 cookie-notice::")


def test_gzipped_jsonl_in_a_folder(tmp_path: Path) -> None:
    with gzip.open(tmp_path / "corpus.jsonl.gz", "wt", encoding="utf-8") as f:
        f.write(json.dumps({"text": DIRTY}) + "\n")
    code, out = check([str(tmp_path)])
    assert code == 1
    assert out.splitlines()[0].startswith(f"{tmp_path / 'corpus.jsonl.gz'}:1:1:1: PRM004 ")


def test_unreadable_file_is_an_error_and_the_others_are_still_reported(
    pages: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (pages / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    missing = pages / "missing.txt"
    code, out = check(["--quiet", str(missing), str(pages)])
    assert code == 2
    assert {r["path"] for r in located(out)} == {str(pages / "dirty.txt")}
    err = capsys.readouterr().err.splitlines()
    assert err == [
        f"cleanse check: error: {missing}: cannot read: No such file or directory",
        f"cleanse check: error: {pages / 'binary.txt'}: input is a PNG image, not text or HTML",
    ]
    # --exit-zero does not hide errors.
    assert check(["--exit-zero", str(missing)])[0] == 2


def test_stdin(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = check([], DIRTY.encode())
    assert code == 1
    assert [(r["path"], r["line"]) for r in located(out)] == [("-", "1"), ("-", "7")]
    assert check(["-"], ARTICLE.encode()) == (0, "")


def test_rule_selection_and_config(pages: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    dirty = str(pages / "dirty.txt")
    _, out = check(["--no-config", "--ignore", "APL001", dirty])
    assert "APL001" not in out and "PRM004" in out
    config = tmp_path / "cleanse.toml"
    config.write_text('ignore = ["PRM004"]\n', "utf-8")
    _, out = check(["--config", str(config), dirty])
    assert "PRM004" not in out and "APL001" in out
    assert check(["--select", "no-such-rule", dirty]) == (2, "")
    assert "did you mean" in capsys.readouterr().err
    assert check(["--language", "English", dirty])[0] == 2
    assert check(["--no-such-option"])[0] == 2


def test_subprocess_run(pages: Path) -> None:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    proc = subprocess.run(
        [sys.executable, "-m", "cleanse", "check", "--no-config", str(pages)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert proc.returncode == 1, proc.stderr
    assert proc.stderr == "cleanse check: checked 2 pages in 2 files: 2 findings\n"
    assert [(r["path"], r["line"], r["col"]) for r in located(proc.stdout)] == [
        (str(pages / "dirty.txt"), "1", "1"),
        (str(pages / "dirty.txt"), "7", "1"),
    ]


# -- what was checked ----------------------------------------------------------------------


def test_check_says_what_it_checked(pages: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = pages / "c.jsonl"
    corpus.write_text(json.dumps({"text": DIRTY}) + "\n" + json.dumps({"text": ARTICLE}) + "\n", "utf-8")
    assert check([str(pages)])[0] == 1
    assert capsys.readouterr().err == "cleanse check: checked 4 pages in 3 files: 4 findings\n"
    assert check([str(pages / "clean.txt")]) == (0, "")
    assert capsys.readouterr().err == "cleanse check: checked 1 page in 1 file: no findings\n"
    assert check(["--quiet", str(pages / "clean.txt")]) == (0, "")
    assert capsys.readouterr().err == ""


def test_check_warns_when_it_checked_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # As ruff does with no Python files: a warning, and exit 0 (nothing was found; nothing failed).
    empty = tmp_path / "empty"
    empty.mkdir()
    assert check([str(empty)]) == (0, "")
    assert (
        capsys.readouterr().err
        == "cleanse check: warning: nothing to check: no pages, JSON lines or WARC files found\n"
    )
    other = tmp_path / "other"
    other.mkdir()
    (other / "script.py").write_text("Support us!\n", "utf-8")
    (other / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    assert check([str(other)]) == (0, "")
    assert capsys.readouterr().err == (
        "cleanse check: warning: nothing to check: no pages, JSON lines or WARC files found "
        "(2 files of other kinds skipped)\n"
    )
    assert check(["--quiet", str(empty)]) == (0, "")
    assert capsys.readouterr().err == ""


# -- cleanse's own output passes -------------------------------------------------------------

BOILERPLATE = (
    "Support us!", "Read more", "Share on Facebook", "Sign up for our newsletter", "Accept all cookies",
    "© 2025 Example Media. All rights reserved.", "Skip to content", "Advertisement", "Remind me later.",
    "Not ready to support today?", "Log in", "Home › News › Local", "Follow us on Instagram",
)  # fmt: skip
PROSE = (
    *(p.strip() for p in ARTICLE.split("\n\n")),
    "The mayor said the work would begin in the spring and that the first boats could sail before the end "
    "of the next year, if the money from the region arrives on time.",
    "Residents who live along the harbour will be invited to a public meeting next month, where engineers "
    "are expected to present the final drawings of the new pier.",
)


@st.composite
def built_pages(draw: st.DrawFn) -> list[tuple[str, str]]:
    """(kind, line) pairs: article paragraphs and boilerplate lines in any order; kind is where HTML puts it."""
    lines = draw(st.lists(st.sampled_from(PROSE + BOILERPLATE), min_size=1, max_size=14))
    return [(draw(st.sampled_from(["p", "nav", "footer", "div"])), line) for line in lines]


def _text(page: list[tuple[str, str]]) -> str:
    return "\n\n".join(line for _, line in page) + "\n"


def _html(page: list[tuple[str, str]]) -> str:
    body = "".join(f"<p>{line}</p>" if kind == "p" else f"<{kind}>{line}</{kind}>" for kind, line in page)
    return f"<!doctype html><html><head><title>Harbour</title></head><body><article>{body}</article></body></html>"


@settings(max_examples=60, deadline=None)
@given(page=built_pages())
@example(page=[("p", PROSE[0]), ("div", "Support us!"), ("p", PROSE[1]), ("footer", "Read more")])
def test_check_finds_nothing_in_what_cleanse_wrote(page: list[tuple[str, str]]) -> None:
    cleaner = Cleaner()
    for cleaned in (cleaner.clean(_text(page)), cleaner.clean_html(_html(page))):
        code, out = check(["--no-config", "--quiet", "-"], cleaned.encode())
        assert (code, out) == (0, ""), cleaned


@pytest.mark.skipif(not (SHARED / "data" / "wcxb-dev.jsonl.gz").exists(), reason="../shared/data is not here")
def test_check_finds_nothing_in_what_cleanse_wrote_of_dev_pages(tmp_path: Path) -> None:
    # The first 50 dev pages, cleaned from their HTML and from their text, written as a folder and checked.
    cleaner = Cleaner()
    with gzip.open(SHARED / "data" / "wcxb-dev.jsonl.gz", "rt", encoding="utf-8") as f:
        for i, line in enumerate(itertools.islice(f, 50)):
            record = json.loads(line)
            url = record["url"] or ""
            (tmp_path / f"{i:02d}-html.txt").write_text(cleaner.clean_html(record["html"], url=url), "utf-8")
            (tmp_path / f"{i:02d}-text.txt").write_text(cleaner.clean(record["text"], url=url), "utf-8")
    code, out = check(["--no-config", "--quiet", str(tmp_path)])
    assert (code, out) == (0, "")


# -- positions in minified HTML ---------------------------------------------------------------


def test_positions_in_minified_html_point_at_their_text(tmp_path: Path) -> None:
    # One line of markup, the article's own "Support" and "Share" first, more than 4 KB before the boilerplate.
    paragraphs = "".join(
        f"<p>Support for the new pier grew in round {i}, and the <b>Share</b> of votes for it rose again. "
        f"{ARTICLE.replace(chr(10), ' ')}</p>"
        for i in range(12)
    )
    markup = (
        "<!doctype html><html><head><title>Support us! Harbour news</title><style>p{color:red}</style></head><body>"
        "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav><article>" + paragraphs
        + "<div class='support'><p>Support us!</p></div><p>Terms &amp; Conditions · Privacy Policy</p>"
        "<ul class='share'><li>Share on Facebook</li></ul></article>"
        "<footer><p>© 2025 Harbour News. All rights reserved.</p></footer></body></html>"
    )  # fmt: skip
    page = tmp_path / "min.html"
    page.write_text(markup, "utf-8")
    code, out = check(["--no-config", "--quiet", "--output-format", "json", str(page)])
    found = json.loads(out)
    assert code == 1 and len(found) >= 3
    for d in found:
        assert d["line"] == 1
        at = markup[d["col"] - 1 :]
        assert at.startswith(d["text"].strip()[:12].replace("&", "&amp;")), (d["text"], at[:40])
    texts = [d["text"].strip() for d in found]
    assert "Support us!" in texts and "Share on Facebook" in texts
    cols = [d["col"] for d in found]
    assert cols == sorted(cols) and markup.index("<div class='support'>") < cols[0]
