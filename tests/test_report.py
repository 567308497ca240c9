"""``cleanse report``: figures that agree with ``Result.drop_counts``, sites, escaping, errors, determinism.

The corpus is written by the tests: small pages shaped like scraped news, each
with boilerplate the built-in rules drop.
"""

from __future__ import annotations

import gzip
import io
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from cleanse import Cleaner
from cleanse.cli import main as cli_main
from cleanse.html import looks_like_html
from cleanse.report import MAX_EXAMPLES, MAX_PAGES, SINGLE_PAGE_SITES, Tally

BODY_1 = (
    "The city council voted on Tuesday to extend the tram line to the northern districts, "
    "ending a debate that had lasted for almost three years."
)
BODY_2 = (
    "Supporters of the plan say it will cut travel times in half for thousands of commuters, "
    "while critics warn that the cost has already doubled."
)
TEXT_PAGE = f"Support The Example Times!\n\n{BODY_1}\n\n{BODY_2}\n\nRead more\n"

HTML_PAGE = """<!DOCTYPE html><html><head><title>Harbour</title></head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<article><h1>Harbour reopens after the storm</h1>
<p>The harbour reopened on Friday after engineers finished repairs to the sea wall, which had been breached during last week's storm, and the first ferries left on time.</p>
<p>Local businesses said they had lost several days of trade but were relieved that the repairs took less time than the council had first feared.</p>
<p>Subscribe to our newsletter to get the latest news in your inbox. Sign up now!</p>
</article>
<footer><p>© 2024 Harbour News. All rights reserved.</p></footer></body></html>
"""

# Scraped text is untrusted: markup in it must come out as text, never as markup.
HOSTILE = '<script>document.title="pwned"</script><img src=x onerror="alert(1)">'
HOSTILE_PAGE = (
    f"Support The Example Times!\n\n{BODY_1} The mayor quoted {HOSTILE} in her speech.\n\n{BODY_2}\n\n"
    f"Subscribe to our newsletter to get the latest news in your inbox. {HOSTILE}\n"
)


def report(argv: list[str], stdin: bytes = b"") -> tuple[int, str]:
    """Run ``cleanse report`` through the CLI's dispatch; the report is read back from stdout."""
    out = io.StringIO()
    code = cli_main(["report", *argv], stdin=io.BytesIO(stdin), stdout=out)
    return code, out.getvalue()


def rows(page: str, attr: str) -> dict[str, dict[str, int]]:
    """The table rows carrying ``data-<attr>``: key -> their other numeric data attributes."""
    found: dict[str, dict[str, int]] = {}
    for tag in re.findall(rf"<tr data-{attr}=[^>]*>", page):
        values = dict(re.findall(r'data-([a-z-]+)="([^"]*)"', tag))
        key = values.pop(attr)
        found[key] = {k: int(v) for k, v in values.items()}
    return found


def totals(page: str) -> dict[str, int]:
    tag = re.search(r'<section id="totals"[^>]*>', page)
    assert tag, "no totals section"
    return {k: int(v) for k, v in re.findall(r'data-([a-z-]+)="(\d+)"', tag.group())}


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    (root / "example.org").mkdir(parents=True)
    (root / "harbour.test").mkdir()
    (root / "example.org" / "1.txt").write_text(TEXT_PAGE, "utf-8")
    (root / "example.org" / "2.txt").write_text(TEXT_PAGE.replace("Read more", "Read more stories"), "utf-8")
    (root / "harbour.test" / "storm.html").write_text(HTML_PAGE, "utf-8")
    (root / "harbour.test" / ".hidden.txt").write_text("Support us!\n", "utf-8")  # hidden files are skipped
    return root


def expected(paths: list[Path]) -> tuple[Counter[str], Counter[str], int, int]:
    """Blocks and characters per first code, all blocks and dropped blocks, straight from the library."""
    cleaner = Cleaner()
    blocks: Counter[str] = Counter()
    chars: Counter[str] = Counter()
    n_blocks = n_dropped = 0
    for path in paths:
        text = path.read_text("utf-8")
        result = cleaner.analyze_html(text) if looks_like_html(text) else cleaner.analyze(text)
        blocks.update(result.drop_counts())
        for v in result.dropped:
            chars[v.codes[0]] += len(v.block.text)
        n_blocks += len(result.verdicts)
        n_dropped += len(result.dropped)
    return blocks, chars, n_blocks, n_dropped


def test_counts_match_drop_counts_over_the_corpus(corpus: Path) -> None:
    code, page = report([str(corpus), "--no-config"])
    assert code == 0
    files = sorted(p for p in corpus.rglob("*") if p.is_file() and not p.name.startswith("."))
    blocks, chars, n_blocks, n_dropped = expected(files)
    assert len(blocks) >= 4, f"the corpus should exercise several rules, got {blocks}"
    table = rows(page, "code")
    assert {c: r["blocks"] for c, r in table.items()} == dict(blocks)
    assert {c: r["chars"] for c, r in table.items()} == dict(chars)
    # "Support The Example Times!" opens both text pages: APL001 was seen on two pages.
    assert table["APL001"]["pages"] == 2
    t = totals(page)
    assert (t["pages"], t["blocks"], t["dropped"], t["failures"]) == (3, n_blocks, n_dropped, 0)
    assert t["chars-in"] - t["chars-out"] == sum(chars.values())
    # The chart has one bar per code, the biggest remover first and widest.
    bars = [float(w) for w in re.findall(r'<rect class="bar [^"]*" x="\d+" y="\d+" width="([\d.]+)"', page)]
    assert len(bars) == len(blocks) and all(w > 0 for w in bars)
    assert bars == sorted(bars, reverse=True)


def test_sites_are_folders_for_files(corpus: Path) -> None:
    _, page = report([str(corpus), "--no-config"])
    sites = rows(page, "site")
    assert set(sites) == {"example.org", "harbour.test"}
    assert sites["example.org"]["pages"] == 2 and sites["harbour.test"]["pages"] == 1
    assert all(s["removed"] > 0 for s in sites.values())
    # A folder named for a host counts under its registered domain, as a URL does.
    (corpus / "News.Example.org").mkdir()
    (corpus / "News.Example.org" / "3.txt").write_text(TEXT_PAGE, "utf-8")
    _, page = report([str(corpus), "--no-config"])
    assert {s: r["pages"] for s, r in rows(page, "site").items()} == {"example.org": 3, "harbour.test": 1}


def test_sites_are_url_hosts_for_json_lines(tmp_path: Path) -> None:
    records = [
        {"url": "https://www.example.org/a", "text": TEXT_PAGE},
        {"url": "https://example.org/b", "html": HTML_PAGE},
        {"url": "http://News.Example.NET/c", "text": TEXT_PAGE},
        {"text": TEXT_PAGE},
    ]
    path = tmp_path / "corpus.jsonl.gz"
    path.write_bytes(gzip.compress("".join(json.dumps(r) + "\n" for r in records).encode()))
    code, page = report(["--input-format", "jsonl", str(path), "--no-config"])
    assert code == 0
    sites = rows(page, "site")
    # Sites are registered domains: news.example.net is example.net.
    assert {s: r["pages"] for s, r in sites.items()} == {"example.org": 2, "example.net": 1, "(no url)": 1}
    # An example names its record by file and line, and shows the record's URL.
    assert f"{path}:1" in page and "https://www.example.org/a" in page


def jsonl_corpus(path: Path, urls: list[str], page: str = TEXT_PAGE) -> Path:
    path.write_text("".join(json.dumps({"url": url, "text": page}) + "\n" for url in urls), "utf-8")
    return path


def test_sites_are_registered_domains(tmp_path: Path) -> None:
    urls = [
        "https://www.example.org/a",
        "https://news.example.org/b",
        "http://shop.example.co.uk/c",
        "https://example.co.uk/d",
        "https://alice.github.io/e",  # github.io is a public suffix: alice's pages are her site
        "https://alice.github.io/f",
        "https://bob.github.io/g",
        "https://bob.github.io/h",
    ]
    code, page = report(["--input-format", "jsonl", str(jsonl_corpus(tmp_path / "c.jsonl", urls)), "--no-config"])
    assert code == 0
    assert {s: r["pages"] for s, r in rows(page, "site").items()} == {
        "example.org": 2,
        "example.co.uk": 2,
        "alice.github.io": 2,
        "bob.github.io": 2,
    }


def test_many_single_page_sites_are_summed_in_one_row(tmp_path: Path) -> None:
    singles = [f"https://site{i}.test/page" for i in range(SINGLE_PAGE_SITES + 2)]
    urls = ["https://big.test/1", "https://www.big.test/2", *singles]
    _, page = report(["--input-format", "jsonl", str(jsonl_corpus(tmp_path / "c.jsonl", urls)), "--no-config"])
    assert {s: r["pages"] for s, r in rows(page, "site").items()} == {"big.test": 2}
    row = re.search(r'<tr class="single" data-sites="(\d+)" data-pages="(\d+)"[^>]*><td>([^<]*)</td>', page)
    assert row and row.group(1, 2) == (str(len(singles)), str(len(singles)))
    assert row.group(3).startswith(f"{len(singles)} sites with one page: site0.test, site1.test")
    assert row.group(3).endswith(" and 2 more")
    # A few single-page sites are simply listed.
    _, page = report(["--input-format", "jsonl", str(jsonl_corpus(tmp_path / "d.jsonl", urls[:4])), "--no-config"])
    assert set(rows(page, "site")) == {"big.test", "site0.test", "site1.test"} and 'class="single"' not in page


def test_examples_come_from_different_sites_then_pages(tmp_path: Path) -> None:
    # One site's pages come first, each with a menu of links dropped by context; the other sites come
    # later. A rule's examples are from three sites, not one page's menu.
    urls = [f"https://big.test/{i}" for i in range(4)] + ["https://other.test/1", "https://third.test/1"]
    records = [{"url": url, "text": f"Home\n\nWorld {i}\n\nSport {i}\n\n{TEXT_PAGE}"} for i, url in enumerate(urls)]
    tally = Tally()
    cleaner = Cleaner()
    for n, record in enumerate(records):
        result = cleaner.analyze(record["text"])
        tally.add(result, source=f"c.jsonl:{n + 1}", site=record["url"].split("/")[2], url=record["url"])
    menu_code = next(v.codes[0] for v in cleaner.analyze(records[0]["text"]).dropped if v.text == "World 0")
    examples = tally.codes[menu_code].examples
    assert len(examples) == MAX_EXAMPLES
    assert [e.site for e in examples] == ["big.test", "other.test", "third.test"]
    # Banners: the same site's pages, one each, rather than three of one page.
    assert len({e.source for e in tally.codes["APL001"].examples}) == len(tally.codes["APL001"].examples)
    # Within one site, different pages come before a second example of the same page.
    tally = Tally()
    for n, record in enumerate(records[:4]):
        tally.add(cleaner.analyze(record["text"]), source=f"p{n}", site="big.test")
    assert [e.source for e in tally.codes[menu_code].examples] == ["p0", "p1", "p2"]


def test_pages_that_lost_the_most_side_by_side(tmp_path: Path) -> None:
    folder = tmp_path / "site"
    folder.mkdir()
    # Page i carries i newsletter prompts on top of the article: the more, the more was removed.
    prompt = "Subscribe to our newsletter to get the latest news in your inbox. Sign up now!"
    for i in range(MAX_PAGES + 2):
        extra = "\n\n".join(f"{prompt} ({n})" for n in range(i))
        (folder / f"{i:02}.txt").write_text(f"{TEXT_PAGE}\n{extra}\n", "utf-8")
    _, page = report([str(folder), "--no-config"])
    section = page[page.index('<section id="pages">') : page.index('<section id="examples">')]
    listed = re.findall(r'<tr data-page="([^"]+)" data-removed="(\d+)"', section)
    assert len(listed) == MAX_PAGES
    assert [Path(p).name for p, _ in listed] == [f"{i:02}.txt" for i in range(MAX_PAGES + 1, 1, -1)]
    removed = [int(r) for _, r in listed]
    assert removed == sorted(removed, reverse=True)
    # The worst page, block by block: kept text on the left, dropped text on the right, in page order.
    view = section[section.index('id="page-1"') :]
    view = view[: view.index("</section>")]
    cells = re.findall(r'<p class="(kept|none|dropped)">(.*?)</p>', view)
    assert len(cells) == 2 * (4 + MAX_PAGES + 1)
    pairs = list(zip(cells[::2], cells[1::2], strict=True))
    assert [(a[0], b[0]) for a, b in pairs[:4]] == [
        ("none", "dropped"),
        ("kept", "none"),
        ("kept", "none"),
        ("none", "dropped"),
    ]
    assert (
        pairs[1][0][1] == BODY_1
        and "APL001" in pairs[0][1][1]
        and pairs[0][1][1].endswith(" Support The Example Times!")
    )
    assert pairs[-1][1][1].endswith(f"{prompt} ({MAX_PAGES})")


def test_json_lines_fields_and_bad_records(tmp_path: Path) -> None:
    lines = [
        json.dumps({"link": "https://example.org/a", "body": TEXT_PAGE}),
        "{not json",
        json.dumps({"link": "https://example.org/b", "other": 1}),
    ]
    path = tmp_path / "corpus.jsonl"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    code, page = report(["--input-format", "jsonl", "--text-field", "body", "--url-field", "link", str(path)])
    assert code == 2
    assert totals(page)["pages"] == 1 and totals(page)["failures"] == 2
    assert f"{path}:2</code>: not JSON" in page
    assert f"{path}:3</code>: no string field" in page
    assert set(rows(page, "site")) == {"example.org"}


def test_scraped_markup_is_escaped(tmp_path: Path) -> None:
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "page.txt").write_text(HOSTILE_PAGE, "utf-8")
    record = {"url": 'https://example.org/"><script>alert(2)</script>', "text": HOSTILE_PAGE}
    (tmp_path / "c.jsonl").write_text(json.dumps(record) + "\n", "utf-8")
    _, page = report([str(tmp_path / "site"), "--no-config"])
    _, page_jsonl = report(["--input-format", "jsonl", str(tmp_path / "c.jsonl"), "--no-config"])
    for html in (page, page_jsonl):
        assert "<script" not in html.lower() and "<img" not in html.lower()
        assert "onerror=&quot;alert(1)&quot;" in html
        # The dropped banner, markup and all, is shown as text inside the highlight...
        assert re.search(r"<mark>.*?</b> to get the latest news in your inbox\. &lt;script&gt;document\.title=", html)
        # ...and so is kept context around it.
        assert "The mayor quoted &lt;script&gt;" in html
    assert "https://example.org/&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;" in page_jsonl


def test_examples_show_the_dropped_block_between_kept_context(corpus: Path) -> None:
    _, page = report([str(corpus / "example.org" / "1.txt"), "--no-config"])
    section = page[page.index('id="rule-NAV001"') :]
    example = section[: section.index("</figure>")]
    kept_before = example.index(BODY_2[:40])
    marked = example.index("<mark>Read more</mark>")
    assert kept_before < marked
    assert "end of page" in example[marked:]
    banner = page[page.index('id="rule-APL001"') :]
    assert banner.index("start of page") < banner.index("<mark>") < banner.index(BODY_1[:40])


def test_examples_are_the_first_distinct_texts_and_bounded(tmp_path: Path) -> None:
    folder = tmp_path / "site"
    folder.mkdir()
    # Six pages, two of them with the same banner: the examples skip the repeat.
    banners = ["Support Us!", "Support Us!", "Support The Ledger!", "Support Our Work!", "Support Us Today!", "Donate!"]
    for i, banner in enumerate(banners):
        (folder / f"{i}.txt").write_text(TEXT_PAGE.replace("Support The Example Times!", banner), "utf-8")
    tally = Tally()
    cleaner = Cleaner()
    for i in range(len(banners)):
        tally.add(cleaner.analyze((folder / f"{i}.txt").read_text("utf-8")), source=f"{i}.txt", site="site")
    shown = [e.text for e in tally.codes["APL001"].examples]
    assert len(shown) == MAX_EXAMPLES
    assert shown == ["Support Us!", "Support The Ledger!", "Support Our Work!"]
    _, page = report([str(folder), "--no-config"])
    section = page[page.index('id="rule-APL001"') :]
    section = section[: section.index("</section>")]
    assert section.count("<figure") == MAX_EXAMPLES
    assert [re.sub("<[^>]+>", "", m) for m in re.findall(r"<mark>(.*?)</mark>", section)] == shown


def test_rule_matches_are_bold_inside_the_highlight(corpus: Path) -> None:
    _, page = report([str(corpus / "harbour.test"), "--no-config"])
    section = page[page.index('id="rule-PRM001"') :]
    mark = re.search(r"<mark>(.*?)</mark>", section)
    assert mark and re.search(r"<b>[^<]*newsletter[^<]*</b>", mark.group(1), re.IGNORECASE)


def test_unreadable_inputs_are_listed_and_exit_2_with_a_report(corpus: Path, tmp_path: Path, capsys) -> None:
    (corpus / "harbour.test" / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR")
    missing = tmp_path / "missing.txt"
    (tmp_path / "empty").mkdir()
    target = tmp_path / "out" / "report.html"
    target.parent.mkdir()
    code, out = report([str(corpus), str(missing), str(tmp_path / "empty"), "-o", str(target), "--no-config"])
    assert code == 2 and out == ""
    page = target.read_text("utf-8")
    assert totals(page)["pages"] == 3 and totals(page)["failures"] == 3
    failures = page[page.index('id="failures"') :]
    assert "Unreadable inputs (3)" in failures
    assert "photo.png</code>: input is a PNG image" in failures
    assert f"{missing}</code>: cannot read" in failures
    assert "empty</code>: the folder has no files" in failures
    err = capsys.readouterr().err
    assert err.count("cleanse report: error:") == 3 and "photo.png" in err
    # Written atomically: no temporary file is left beside the report.
    assert [p.name for p in target.parent.iterdir()] == ["report.html"]


def test_output_is_replaced_atomically_and_write_errors_exit_2(corpus: Path, tmp_path: Path, capsys) -> None:
    target = tmp_path / "report.html"
    target.write_text("old", "utf-8")
    assert report([str(corpus), "-o", str(target), "--no-config"])[0] == 0
    assert target.read_text("utf-8").startswith("<!DOCTYPE html>")
    assert target.stat().st_mode & 0o044, "the report is readable by others, like any file we write"
    code, _ = report([str(corpus), "-o", str(tmp_path / "no" / "such" / "dir.html"), "--no-config"])
    assert code == 2 and "cannot write" in capsys.readouterr().err


def test_same_corpus_same_bytes(corpus: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "a.html", tmp_path / "b.html"
    report([str(corpus), "-o", str(first), "--no-config"])
    report([str(corpus), "-o", str(second), "--no-config"])
    assert first.read_bytes() == second.read_bytes()


def test_rule_selection_options_apply(corpus: Path, capsys) -> None:
    _, page = report([str(corpus), "--ignore", "APL", "--no-config"])
    assert not any(c.startswith("APL") for c in rows(page, "code"))
    code, out = report([str(corpus), "--ignore", "APL999x", "--no-config"])
    assert code == 2 and out == ""
    assert "no rule matches" in capsys.readouterr().err


def test_stdin_and_an_empty_corpus(tmp_path: Path) -> None:
    code, page = report(["--no-config"], TEXT_PAGE.encode())
    assert code == 0
    assert set(rows(page, "site")) == {"(stdin)"} and totals(page)["pages"] == 1
    code, page = report(["--input-format", "jsonl", "--no-config"], b"")
    assert code == 0 and totals(page)["pages"] == 0 and "Nothing was removed." in page


def test_the_page_is_self_contained(corpus: Path) -> None:
    _, page = report([str(corpus), "--no-config"])
    csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', page)
    assert csp and "default-src 'none'" in csp.group(1) and "script-src" not in csp.group(1)
    assert not re.search(r"""(?:src|href)=["']?(?:https?:|//)""", page), "nothing may load from the network"
    assert "<link" not in page and "@import" not in page and "url(" not in page


def test_a_bad_url_and_a_jsonl_name_are_read_as_the_filter_reads_them(tmp_path: Path) -> None:
    # An unbalanced IPv6 bracket stopped the whole report; and .jsonl needed --input-format jsonl.
    records = [
        {"url": "http://[x", "text": TEXT_PAGE},
        {"url": "https://example.org/b", "html": HTML_PAGE},
    ]
    path = tmp_path / "corpus.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
    code, page = report([str(path), "--no-config"])
    assert code == 0
    assert {s: r["pages"] for s, r in rows(page, "site").items()} == {"(no url)": 1, "example.org": 1}
    assert totals(page)["pages"] == 2
