"""Page metadata (metadata.py) and the JSON-LD article body as evidence (HTM004)."""

from __future__ import annotations

import io
import json

import pytest

import cleanse
from cleanse.cli import main
from cleanse.html import html_blocks, html_page
from cleanse.metadata import iso_date
from cleanse.model import Metadata
from cleanse.render import as_dict

ARTICLE = (
    "<p>The city council voted on Tuesday to extend the tram line to the northern districts, ending a debate "
    "that had lasted for almost three years and divided the ruling coalition down the middle.</p>"
    "<p>Supporters of the plan say it will cut travel times in half for thousands of commuters, while critics "
    "warn that the cost has already doubled since the first estimate was published in the spring.</p>"
)


def page(head: str = "", body: str = ARTICLE, html_attrs: str = "") -> str:
    return f"<!doctype html><html{html_attrs}><head>{head}</head><body><article>{body}</article></body></html>"


def ld(data: object) -> str:
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def test_metadata_from_json_ld() -> None:
    head = "<title>Tram vote | The Example Times</title>" + ld(
        {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": "Council extends the tram line",
            "author": [{"@type": "Person", "name": "Ana Reyes"}, {"@type": "Person", "name": "Tom Berg"}],
            "datePublished": "2024-05-14T09:30:00Z",
            "inLanguage": "en-GB",
            "description": "A three-year debate ends.",
            "mainEntityOfPage": {"@id": "https://times.test/tram"},
            "publisher": {"@type": "Organization", "name": "The Example Times"},
        }
    )
    meta = html_page(page(head), "https://times.test/tram?utm=x").metadata
    assert meta == Metadata(
        title="Council extends the tram line",
        author="Ana Reyes, Tom Berg",
        date="2024-05-14T09:30:00+00:00",
        language="en-GB",
        url="https://times.test/tram",
        site_name="The Example Times",
        description="A three-year debate ends.",
    )


def test_metadata_from_opengraph_only() -> None:
    head = (
        '<meta property="og:title" content="Council extends the tram line">'
        '<meta property="og:site_name" content="The Example Times">'
        '<meta property="og:url" content="https://times.test/tram">'
        '<meta property="og:locale" content="en_GB">'
        '<meta property="og:description" content="A three-year debate ends.">'
        '<meta property="article:published_time" content="2024-05-14">'
        '<meta property="article:author" content="https://times.test/authors/ana">'
    )
    meta = html_page(page(head)).metadata
    assert meta.title == "Council extends the tram line"
    assert meta.site_name == "The Example Times"
    assert meta.url == "https://times.test/tram"
    assert meta.language == "en-GB"
    assert meta.description == "A three-year debate ends."
    assert meta.date == "2024-05-14"
    assert meta.author == ""  # a profile URL is not a name


def test_metadata_from_meta_tags_only() -> None:
    head = (
        "<title>  Tram vote\n | The Example Times </title>"
        '<meta name="author" content="Ana Reyes">'
        '<meta name="description" content="A three-year debate ends.">'
        '<meta name="DC.date.issued" content="14 May 2024">'
        '<link rel="canonical" href="/tram">'
    )
    meta = html_page(page(head, html_attrs=' lang="en"'), "https://times.test/news/tram?page=2").metadata
    assert meta == Metadata(
        title="Tram vote | The Example Times",
        author="Ana Reyes",
        date="2024-05-14",
        language="en",
        url="https://times.test/tram",
        description="A three-year debate ends.",
    )


@pytest.mark.parametrize(
    "script",
    [
        '{"@type": "NewsArticle", "headline": "Broken',  # cut off
        '{"@type": "NewsArticle",, "headline": "x"}',
        "[[[[" * 5000,  # deeper than the JSON parser goes
        "not json at all",
        "",
        "null",
        '"a string"',
        '{"@type": ["NewsArticle"], "headline": {"nested": true}, "author": 5, "datePublished": []}',
    ],
)
def test_broken_json_ld_never_raises(script: str) -> None:
    head = f'<title>Fallback title</title><script type="application/ld+json">{script}</script>'
    parsed = html_page(page(head))
    assert parsed.metadata.title in ("Fallback title", "")
    assert parsed.blocks == html_blocks(page(head))[1]


def test_json_ld_with_trailing_comma_and_raw_newlines_is_repaired() -> None:
    script = '<!--\n{"@type": "BlogPosting", "headline": "Line\none", "author": "Ana Reyes",}\n-->'
    meta = html_page(page(f'<script type="application/ld+json">{script}</script>')).metadata
    assert (meta.title, meta.author) == ("Line one", "Ana Reyes")


def test_json_ld_graph_picks_the_article() -> None:
    head = ld(
        {
            "@context": "https://schema.org",
            "@graph": [
                {"@type": "WebSite", "name": "The Example Times", "url": "https://times.test/"},
                {"@type": "WebPage", "name": "Tram vote - The Example Times", "url": "https://times.test/tram"},
                {
                    "@type": ["Article", "NewsArticle"],
                    "headline": "Council extends the tram line",
                    "datePublished": "2024-05-14",
                    "author": {"@id": "#ana", "name": "Ana Reyes"},
                },
            ],
        }
    )
    meta = html_page(page(head)).metadata
    assert meta.title == "Council extends the tram line"
    assert meta.author == "Ana Reyes"
    assert meta.date == "2024-05-14"
    assert meta.site_name == "The Example Times"


def test_json_ld_list_and_product() -> None:
    head = ld([{"@type": "BreadcrumbList"}, {"@type": "Product", "name": "Folding bike", "description": "Light."}])
    meta = html_page(page(head)).metadata
    assert (meta.title, meta.description) == ("Folding bike", "Light.")


def test_dates() -> None:
    assert iso_date("2024-05-14T09:30:00+02:00") == "2024-05-14T09:30:00+02:00"
    assert iso_date("May 14, 2024") == "2024-05-14"
    assert iso_date("sometime in May") == "sometime in May"


def test_result_metadata_html_only() -> None:
    cleaner = cleanse.Cleaner()
    result = cleaner.analyze_html(page("<title>Tram vote</title>"), url="https://times.test/tram")
    assert result.metadata is not None
    assert result.metadata.title == "Tram vote"
    # Not declared by the page: the detected language stands in.
    assert result.metadata.language == result.language == "en"
    assert result.metadata.url == "https://times.test/tram"
    assert cleaner.analyze("Just some text.").metadata is None
    assert "metadata" not in as_dict(cleaner.analyze("Just some text."))


def run(argv: list[str], stdin: bytes) -> tuple[int, str]:
    out = io.StringIO()
    code = main(argv, stdin=io.BytesIO(stdin), stdout=out)
    return code, out.getvalue()


def test_cli_json_carries_metadata() -> None:
    head = '<title>Tram vote</title><meta name="author" content="Ana Reyes">'
    code, out = run(["--format", "json"], page(head).encode())
    assert code == 0
    data = json.loads(out)
    assert data["metadata"]["title"] == "Tram vote"
    assert data["metadata"]["author"] == "Ana Reyes"
    assert data["metadata"]["date"] is None
    assert set(data["metadata"]) == {"title", "author", "date", "language", "url", "site_name", "description"}


def test_cli_jsonl_stats_carry_metadata() -> None:
    records = [
        {"id": 1, "html": page("<title>Tram vote</title>")},
        {"id": 2, "text": "The council met on Tuesday and voted on the tram line after a long debate."},
    ]
    stdin = "".join(json.dumps(r) + "\n" for r in records).encode()
    code, out = run(["--input-format", "jsonl", "--format", "jsonl"], stdin)
    assert code == 0
    first, second = (json.loads(line) for line in out.splitlines())
    assert first["cleanse"]["metadata"]["title"] == "Tram vote"
    assert "metadata" not in second["cleanse"]


# --- HTM004: the article body the page declares -------------------------------------------

LEAD = (
    "The city council voted on Tuesday to extend the tram line to the northern districts, ending a debate "
    "that had lasted for almost three years and divided the ruling coalition down the middle, with the mayor "
    "casting the last vote."
)
MIDDLE = (
    "Supporters of the plan say it will cut travel times in half for thousands of commuters, while critics "
    "warn that the cost has already doubled since the first estimate was published in the spring of last year."
)
# A last paragraph behind a share row: the decision step takes it for a blurb after the article.
CLOSING = "Work on the extension is expected to begin next year, once the final contracts have been signed."


def body_page(article_body: str | None) -> str:
    head = "<title>Tram vote</title>"
    if article_body is not None:
        head += ld({"@type": "NewsArticle", "headline": "Tram vote", "articleBody": article_body})
    return (
        f"<!doctype html><html><head>{head}</head><body>"
        "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        f"<article><h1>Council extends the tram line</h1><p>{LEAD}</p><p>{MIDDLE}</p>"
        "<div class='share-buttons'><a href='#'>Facebook</a> <a href='#'>Twitter</a></div>"
        f"<p>{CLOSING}</p></article>"
        "<footer><p>© 2024 The Example Times</p></footer></body></html>"
    )


def kept(markup: str, **kwargs: object) -> list[str]:
    return [v.text for v in cleanse.Cleaner(**kwargs).analyze_html(markup).kept]  # type: ignore[arg-type]


def htm004(markup: str) -> list[float]:
    return [f.weight for v in cleanse.Cleaner().analyze_html(markup).verdicts for f in v.findings if f.code == "HTM004"]


def test_without_a_declared_body_the_closing_paragraph_goes() -> None:
    # The premise of the next test: context alone drops the closing line.
    assert CLOSING not in kept(body_page(None))
    assert CLOSING not in kept(body_page(f"{LEAD} {MIDDLE} {CLOSING}"), ignore=["HTM004"])


def test_declared_body_keeps_the_closing_paragraph() -> None:
    markup = body_page(f"{LEAD}\n\n{MIDDLE}\n\n{CLOSING}")
    out = kept(markup)
    assert CLOSING in out
    assert LEAD in out and MIDDLE in out
    assert "Facebook Twitter" not in out and "© 2024 The Example Times" not in out
    assert htm004(markup) == [-1.0, -1.0, -1.0]


def test_declared_body_as_html_with_other_punctuation() -> None:
    markup = body_page(f"<p>{LEAD.upper()}</p><p>{MIDDLE.replace(',', ' ;')}</p><p>{CLOSING[:-1]}!</p>")
    assert CLOSING in kept(markup)


def test_too_short_declared_body_does_nothing() -> None:
    markup = body_page(CLOSING)
    assert htm004(markup) == []
    assert CLOSING not in kept(markup)


def test_unrelated_declared_body_does_nothing() -> None:
    unrelated = (
        "Fishermen landed the largest catch of herring in a decade on Thursday night, and the harbour master "
        "said the boats had to wait for the tide before they could unload. "
        f"{CLOSING} The lighthouse will be repainted in the spring."
    )
    assert len(unrelated) >= 200
    markup = body_page(unrelated)
    assert htm004(markup) == []
    assert CLOSING not in kept(markup)


def test_short_menu_words_in_the_declared_body_are_not_body() -> None:
    # "Home" and "News" occur in the declared body, but a line that short is never matched.
    markup = body_page(f"Home news: {LEAD} {MIDDLE} {CLOSING}")
    verdicts = cleanse.Cleaner().analyze_html(markup).verdicts
    nav = next(v for v in verdicts if v.text == "Home News")
    assert not nav.keep and not any(f.code == "HTM004" for f in nav.findings)


def test_outside_weight_flags_prose_missing_from_a_covering_body() -> None:
    teaser = "Read our guide to every tram line in the city, with maps and timetables for each of them."
    markup = body_page(f"{LEAD} {MIDDLE}").replace("</article>", f"</article><p>{teaser}</p>")
    verdicts = cleanse.Cleaner(cleanse.Config(rule_options={"HTM004": {"outside-weight": 0.5}})).analyze_html(markup)
    weights = {v.text: [f.weight for f in v.findings if f.code == "HTM004"] for v in verdicts.verdicts}
    assert weights[teaser] == [0.5]
    assert weights[LEAD] == [-1.0]
    assert weights["Council extends the tram line"] == []  # a heading is not prose
