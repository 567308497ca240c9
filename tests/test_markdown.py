"""``--format markdown`` and ``cleanse.to_markdown``: structure added, words unchanged.

Stripped of its Markdown syntax, the Markdown of a page is its text output,
line for line (same kept blocks, same order); headings, list items, quotes,
code and tables come out as Markdown. Checked on pages written here, on
generated pages, and on the first 100 dev pages when ``../shared/data`` is there.
"""

from __future__ import annotations

import gzip
import io
import itertools
import json
from pathlib import Path

import pytest
import regex
from hypothesis import example, given
from hypothesis import strategies as st

import cleanse
from cleanse import Cleaner, to_markdown
from cleanse.cli import main as cli_main
from cleanse.model import Block

from .conftest import SHARED

BODY = (
    "The harbour reopened on Friday after engineers finished repairs to the sea wall, which had been "
    "breached during last week's storm, and the first ferries left on time."
)
MORE = (
    "Local businesses said they had lost several days of trade but were relieved that the repairs took "
    "less time than the council had first feared, and the ferry company thanked them."
)
PAGE = f"""<!DOCTYPE html><html lang="en"><head><title>Harbour reopens</title>
<meta name="author" content="Ana Reyes"><meta property="article:published_time" content="2024-05-14">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<article><h1>Harbour reopens after the storm</h1>
<p>{BODY}</p>
<h2>What the repairs cost</h2>
<p>{MORE}</p>
<ol><li>The sea wall was rebuilt along two hundred metres of the outer harbour in nine days.</li>
<li>The ferry terminal was pumped dry and its ticket office reopened on Thursday evening.</li>
<li>The fish market will reopen next week once its cold stores have been inspected again.</li></ol>
<ul><li>Engineers worked in three shifts through the night to finish before the spring tides came.</li>
<li>Volunteers from the rowing club cleared the slipway of the sand the storm had left behind.</li></ul>
<blockquote><p>We were lucky that the wall held for as long as it did, and the crews were magnificent.</p></blockquote>
<table><tr><th>Repair</th><th>Cost | euros</th></tr><tr><td>Sea wall</td><td>1,200,000</td></tr>
<tr><td>Terminal</td><td>310,000</td></tr></table>
<pre>ferry --route north
ferry --route south</pre>
<p>{MORE.replace("ferry company", "harbour master")}</p>
</article>
<footer><p>© 2024 Harbour News. All rights reserved.</p></footer></body></html>
"""


def markdown_lines(markdown: str) -> list[str]:
    """One line per block: blank lines, code fences and a table's separator row are syntax only."""
    lines = []
    fence = ""
    for line in markdown.splitlines():
        bare = regex.sub(r"^(?:> )+", "", line)
        if fence:
            # Inside a code block only its own fence closes it; a line of fewer backticks is code.
            if bare == fence:
                fence = ""
            else:
                lines.append(line)
        elif regex.fullmatch(r"`{3,}", bare):
            fence = bare
        elif line.strip() and not regex.fullmatch(r"\|(?: --- \|)+", bare):
            lines.append(line)
    return lines


# What Markdown puts before a block's text: quotes, then a heading's or a list item's marker.
SYNTAX = regex.compile(r"(?:> )*(?:#{1,6} |\s*(?:- |\d+\. ))?")


def assert_same_text(markdown: str, text: str, kept: list[Block]) -> None:
    """Stripped of its syntax, each Markdown line is a kept block's text, as the text output has it."""
    assert [line for line in text.splitlines() if line] == [b.text for b in kept]
    lines = markdown_lines(markdown)
    assert len(lines) == len(kept), (lines, kept)
    for line, block in zip(lines, kept, strict=True):
        if block.cells:
            row = regex.sub(r"^(?:> )+", "", line)
            assert row.startswith("| ") and row.endswith(" |"), line
            cells = [cell.replace("\\|", "|") for cell in regex.split(r" \| ", row[2:-2])]
            assert " ".join(" ".join(cells).split()) == block.text
        else:
            assert line.endswith(block.text), (line, block.text)
            assert SYNTAX.fullmatch(line[: len(line) - len(block.text)]), line


def assert_structure(markdown: str, kept: list[Block]) -> None:
    """Each kept heading is a ``#`` line of its level, each list item a ``-`` or ``1.`` line."""
    for line, block in zip(markdown_lines(markdown), kept, strict=True):
        line = regex.sub(r"^(?:> )+", "", line)
        if regex.fullmatch(r"h[1-6]", block.tag):
            assert line == "#" * int(block.tag[1]) + " " + block.text
        elif block.tag == "li":
            assert regex.match(r"\s*(?:- |\d+\. )", line), line


def test_a_page_in_markdown() -> None:
    result = Cleaner().analyze_html(PAGE)
    markdown = to_markdown(result)
    assert markdown == (
        "# Harbour reopens after the storm\n\n"
        f"{BODY}\n\n"
        "## What the repairs cost\n\n"
        f"{MORE}\n\n"
        "1. The sea wall was rebuilt along two hundred metres of the outer harbour in nine days.\n"
        "2. The ferry terminal was pumped dry and its ticket office reopened on Thursday evening.\n"
        "3. The fish market will reopen next week once its cold stores have been inspected again.\n"
        "- Engineers worked in three shifts through the night to finish before the spring tides came.\n"
        "- Volunteers from the rowing club cleared the slipway of the sand the storm had left behind.\n\n"
        "> We were lucky that the wall held for as long as it did, and the crews were magnificent.\n\n"
        "| Repair | Cost \\| euros |\n"
        "| --- | --- |\n"
        "| Sea wall | 1,200,000 |\n"
        "| Terminal | 310,000 |\n\n"
        "```\nferry --route north\nferry --route south\n```\n\n"
        f"{MORE.replace('ferry company', 'harbour master')}\n"
    )
    assert_same_text(markdown, result.text, [v.block for v in result.kept])
    assert_structure(markdown, [v.block for v in result.kept])


def test_nested_lists_sit_under_their_item_and_numbers_restart_per_list() -> None:
    _, blocks = cleanse.html.html_blocks(
        "<ol><li>One<ul><li>Inner<ol><li>Deep</li><li>Deeper</li></ol></li></ul></li><li>Two</li></ol>"
        "<p>Between.</p><ol><li>Again</li></ol>"
    )
    from cleanse.markdown import markdown_blocks

    assert markdown_blocks(blocks, [True] * len(blocks)) == (
        "1. One\n   - Inner\n     1. Deep\n     2. Deeper\n2. Two\n\nBetween.\n\n1. Again\n"
    )
    # An item whose parent was dropped is not indented under nothing (that would be a code block).
    keep = [b.text != "One" for b in blocks]
    assert markdown_blocks(blocks, keep).startswith("- Inner\n  1. Deep\n")


def test_code_and_tables_end_where_the_next_begins() -> None:
    from cleanse.markdown import markdown_blocks

    _, blocks = cleanse.html.html_blocks(
        "<pre>a ``` b</pre><pre>c</pre><table><tr><td>x</td><td>y</td><td>z</td></tr></table>"
        "<table><tr><td>only</td></tr><tr><td>p</td><td></td></tr></table>"
    )
    assert markdown_blocks(blocks, [True] * len(blocks)) == (
        "````\na ``` b\n````\n\n```\nc\n```\n\n| x | y | z |\n| --- | --- | --- |\n\n"
        "| only |  |\n| --- | --- |\n| p |  |\n"
    )


def test_plain_text_is_its_own_markdown() -> None:
    page = f"Support us!\n\n# not a heading\n\n{BODY}\n- {MORE}\n\nRead more\n"
    result = cleanse.analyze(page)
    assert to_markdown(result) == result.text
    out = io.StringIO()
    assert cli_main(["--format", "markdown", "--no-config"], stdin=io.BytesIO(page.encode()), stdout=out) == 0
    assert out.getvalue() == cleanse.clean(page)


def run(argv: list[str], stdin: str = "") -> tuple[int, str]:
    out = io.StringIO()
    code = cli_main([*argv, "--no-config", "-j", "1"], stdin=io.BytesIO(stdin.encode()), stdout=out)
    return code, out.getvalue()


def test_the_command_line_writes_markdown(tmp_path: Path) -> None:
    assert run(["--format", "markdown"], PAGE) == (0, to_markdown(Cleaner().analyze_html(PAGE)))
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "harbour.html").write_text(PAGE, "utf-8")
    assert run(["--format", "markdown", "--output-dir", str(tmp_path / "out"), str(tmp_path / "in")])[0] == 0
    assert (tmp_path / "out" / "harbour.md").read_text("utf-8").startswith("# Harbour reopens after the storm\n\n")
    # JSON lines in, JSON lines out: the output field holds the Markdown.
    line = json.dumps({"id": 1, "html": PAGE}) + "\n"
    code, out = run(["--format", "markdown", "--input-format", "jsonl"], line)
    assert code == 0 and json.loads(out)["cleaned"].startswith("# Harbour reopens after the storm\n\nThe harbour")


def test_with_metadata_puts_a_front_matter_first() -> None:
    code, out = run(["--format", "markdown", "--with-metadata", "--url", "https://harbour.test/storm"], PAGE)
    assert code == 0
    assert out.startswith(
        "---\n"
        'title: "Harbour reopens"\n'
        'author: "Ana Reyes"\n'
        'date: "2024-05-14"\n'
        'url: "https://harbour.test/storm"\n'
        'language: "en"\n'
        "---\n\n# Harbour reopens after the storm\n\n"
    )
    # Plain text states nothing about itself: its detected language and the URL given.
    code, out = run(["--with-metadata"], f"{BODY}\n\n{MORE}\n")
    assert code == 0 and out == f'---\nlanguage: "en"\n---\n\n{BODY}\n\n{MORE}\n'


def test_several_markdown_pages_are_separated_like_text_pages(tmp_path: Path) -> None:
    # Markdown of several pages to one stream is parted as text is: a line holding a form feed.
    (tmp_path / "a.html").write_text(PAGE, "utf-8")
    (tmp_path / "b.html").write_text(PAGE.replace("Harbour reopens", "Ferry returns"), "utf-8")
    code, out = run(["--format", "markdown", "--with-metadata", str(tmp_path / "a.html"), str(tmp_path / "b.html")])
    assert code == 0
    pages = out.split("\f\n")
    assert len(pages) == 2
    assert pages[0].startswith('---\ntitle: "Harbour reopens"\n') and "# Harbour reopens after the storm" in pages[0]
    assert pages[1].startswith('---\ntitle: "Ferry returns"\n') and "# Ferry returns after the storm" in pages[1]


def test_with_metadata_only_with_text_or_markdown(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["--with-metadata", "--format", "json"], PAGE) == (2, "")
    err = capsys.readouterr().err
    assert (
        err
        == "cleanse: error: --with-metadata goes with --format text or markdown; json and jsonl carry the metadata always\n"
    )


# Markdown's own characters among the words: the output must still read back to the text.
WORDS = st.text(alphabet="ab |`#.>", min_size=1, max_size=12).filter(lambda w: w.strip())
SENTENCE = st.lists(WORDS, min_size=1, max_size=8).map(" ".join)


@st.composite
def elements(draw: st.DrawFn, depth: int = 0) -> str:
    kind = draw(st.sampled_from(["h", "p", "list", "quote", "pre", "table"] if depth < 2 else ["h", "p"]))
    if kind == "h":
        n = draw(st.integers(1, 6))
        return f"<h{n}>{draw(SENTENCE)}</h{n}>"
    if kind == "p":
        return f"<p>{draw(SENTENCE)}</p>"
    if kind == "list":
        tag = draw(st.sampled_from(["ul", "ol"]))
        items = draw(st.lists(st.tuples(SENTENCE, st.none() | elements(depth + 1)), min_size=1, max_size=4))
        return f"<{tag}>" + "".join(f"<li>{text}{inner or ''}</li>" for text, inner in items) + f"</{tag}>"
    if kind == "quote":
        return "<blockquote>" + "".join(draw(st.lists(elements(depth + 1), min_size=1, max_size=3))) + "</blockquote>"
    if kind == "pre":
        return "<pre>" + "\n".join(draw(st.lists(SENTENCE, min_size=1, max_size=4))) + "</pre>"
    rows = draw(st.lists(st.lists(st.just("") | SENTENCE, min_size=1, max_size=4), min_size=1, max_size=4))
    return "<table>" + "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows) + "</table>"


@given(st.lists(elements(), min_size=1, max_size=8))
@example(["<h1>> ></h1>"])  # a heading that reads like a quote: only its own "# " is syntax
@example(["<pre>```</pre>", "<pre>a</pre>"])  # code of backticks, then a second <pre>
@example(["<table><tr><td>a|b</td><td></td></tr><tr><td>c</td></tr></table>"])  # a pipe, an empty cell, a short row
def test_markdown_is_the_text_with_structure_on_generated_pages(parts: list[str]) -> None:
    result = Cleaner().analyze_html("<html><body>" + "".join(parts) + "</body></html>")
    markdown = to_markdown(result)
    assert_same_text(markdown, result.text, [v.block for v in result.kept])
    assert_structure(markdown, [v.block for v in result.kept])


DEV = SHARED / "data" / "wcxb-dev.jsonl.gz"


@pytest.mark.skipif(not DEV.is_file(), reason=f"{DEV} not present")
def test_markdown_is_the_text_with_structure_on_dev_pages() -> None:
    cleaner = Cleaner()
    headings = items = 0
    with gzip.open(DEV, "rt", encoding="utf-8") as f:
        for line in itertools.islice(f, 100):
            page = json.loads(line)
            result = cleaner.analyze_html(page["html"], url=page["url"] or "")
            markdown = to_markdown(result)
            kept = [v.block for v in result.kept]
            assert_same_text(markdown, result.text, kept)
            assert_structure(markdown, kept)
            headings += sum(b.tag in ("h1", "h2", "h3") for b in kept)
            items += sum(b.tag == "li" for b in kept)
    # The dev pages have headings and lists in what is kept, so the structure checks above ran.
    assert headings > 100 and items > 100
