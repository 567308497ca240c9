"""The datatrove step in a real pipeline: JSONL in, LocalPipelineExecutor, JSONL out.

The corpus is written here: news pages in plain text and in HTML with appeals,
menus and prompts around the article, plus the odd records a crawl always has
(a blank page, a number where the text should be, control-character junk).
The run must keep every article, lose the boilerplate, keep ids and order,
and count what it did in datatrove's own stats.
"""

from __future__ import annotations

import json
import pickle
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("datatrove")
pytest.importorskip("orjson")  # datatrove's JSONL reader and writer need it

from datatrove.data import Document
from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.readers import JsonlReader
from datatrove.pipeline.writers import JsonlWriter

from cleanse import Block, Cleaner, ConfigError, Features, Finding, Page, Rule
from cleanse.integrations.datatrove import CleanseStep

ORCHARD = [
    "The orchard cooperative in the Vale of Tremadoc picked its first apples three weeks earlier than usual this "
    "year, after a dry spring and a hot July brought the fruit on quickly.",
    "Growers said the early harvest had left them short of pickers, because most of the seasonal workers they rely "
    "on were not due to arrive until the end of August.",
    "The cooperative's chair, Eleri Bowen, said members were sharing crews between farms and working longer days "
    "until the rest of the team turned up.",
]
FERRY = [
    "The island ferry will run a second daily crossing from next Monday, the operator said, after a month in which "
    "cars were turned away at the quay almost every afternoon.",
    "The extra sailing leaves the harbour at half past four and returns after dark, which islanders had asked for "
    "so that commuters can get home on the same day.",
]
LIBRARY = [
    "The county library will keep its reading room open until nine on weekday evenings from October, reversing "
    "cuts made four years ago when the council trimmed its budget.",
    "Librarians said students preparing for exams had been the loudest voices in a consultation that drew more "
    "than two thousand replies over the summer.",
]
# Boilerplate lines the built-in rules drop, each from a different pack.
APPEAL_TOP = "Support us!"
APPEAL = (
    "We have a small favor to ask. Millions turn to us for independent news every month, and readers like you keep "
    "it free."
)
MENU = ["Home", "News", "Sport", "Weather"]
TAIL = ["Donate now", "Sign up for our newsletter", "Accept cookies", "Read more", "Share on Facebook"]


def text_page(body: list[str]) -> str:
    return "\n\n".join([*MENU, APPEAL_TOP, *body, APPEAL, *TAIL])


def html_page(body: list[str]) -> str:
    return (
        "<!doctype html><html lang='en'><head><title>News</title><meta name='author' content='Eleri Bowen'>"
        "<meta property='article:published_time' content='2024-08-21T09:30:00Z'></head><body>"
        "<nav><ul><li><a href='/'>Home</a></li><li><a href='/news'>News</a></li>"
        "<li><a href='/sport'>Sport</a></li></ul></nav>"
        "<article>" + "".join(f"<p>{p}</p>" for p in body) + "</article>"
        "<div class='newsletter'><p>Sign up for our newsletter</p></div>"
        "<footer><p>© 2024 Island Gazette. All rights reserved.</p></footer></body></html>"
    )


BOILERPLATE = [*MENU, APPEAL_TOP, APPEAL, *TAIL, "© 2024 Island Gazette. All rights reserved."]

# Two files, so the two tasks of the executor each get one (datatrove shards by file).
CORPUS: dict[str, list[dict[str, Any]]] = {
    "a.jsonl": [
        {"id": "a-orchard", "text": text_page(ORCHARD), "url": "https://example.org/orchard"},
        {"id": "a-blank", "text": "   \n\n \t \n"},
        {"id": "a-ferry-html", "text": html_page(FERRY), "url": "https://example.org/ferry"},
        {"id": "a-broken", "text": "EXPLODE\n\n" + text_page(FERRY)},
        {"id": "a-library", "text": text_page(LIBRARY)},
    ],
    "b.jsonl": [
        {"id": "b-junk", "text": "\x00\x01\x02\x7f\ufffd" * 40},
        {"id": "b-library-html", "text": html_page(LIBRARY)},
        {"id": "b-orchard", "text": text_page(ORCHARD), "source": "crawl-7"},
    ],
}
ARTICLES = {
    "a-orchard": ORCHARD,
    "a-ferry-html": FERRY,
    "a-library": LIBRARY,
    "b-library-html": LIBRARY,
    "b-orchard": ORCHARD,
}
STEP_NAME = str(CleanseStep())


class Exploding(Rule):
    """A plugin rule with a bug: it raises on pages that start with EXPLODE.

    Stands in for the one document in a million that trips a third-party rule.
    """

    code = "XPL001"
    name = "exploding-rule"
    drop = ("EXPLODE",)

    def check_block(self, block: Block, feats: Features, page: Page) -> Finding | None:
        if block.text == "EXPLODE":
            raise ZeroDivisionError("a bug in a plugin")
        return None


def write_corpus(folder: Path) -> Path:
    folder.mkdir()
    for name, records in CORPUS.items():
        (folder / name).write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
    return folder


def read_output(folder: Path) -> dict[str, list[dict[str, Any]]]:
    return {p.name: [json.loads(line) for line in p.read_text("utf-8").splitlines()] for p in sorted(folder.glob("*"))}


def run_pipeline(tmp: Path, step: CleanseStep, workers: int) -> tuple[dict[str, list[dict[str, Any]]], Any]:
    executor = LocalPipelineExecutor(
        pipeline=[
            JsonlReader(str(write_corpus(tmp / "in"))),
            step,
            JsonlWriter(str(tmp / "out"), compression=None),
        ],
        tasks=2,
        workers=workers,
        logging_dir=str(tmp / "logs"),
    )
    executor.run()
    return read_output(tmp / "out"), json.loads((tmp / "logs" / "stats.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def default_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, list[dict[str, Any]]], Any]:
    # Two worker processes: the step and its Cleaner travel to them pickled.
    return run_pipeline(tmp_path_factory.mktemp("run"), CleanseStep(extra_rules=[Exploding]), workers=2)


def step_stats(stats: list[dict[str, Any]]) -> dict[str, Any]:
    [entry] = [s for s in stats if s["name"] == STEP_NAME]
    return {key: value["total"] if isinstance(value, dict) else value for key, value in entry["stats"].items()}


def all_docs(output: dict[str, list[dict[str, Any]]]) -> dict[str, dict[str, Any]]:
    return {doc["id"]: doc for docs in output.values() for doc in docs}


def test_articles_kept_and_boilerplate_gone(default_run) -> None:
    docs = all_docs(default_run[0])
    for doc_id, body in ARTICLES.items():
        lines = [line.strip() for line in docs[doc_id]["text"].splitlines() if line.strip()]
        assert lines == body, doc_id
        for junk in BOILERPLATE:
            assert junk not in lines, (doc_id, junk)


def test_each_task_writes_its_file_in_input_order_minus_the_dropped(default_run) -> None:
    output = default_run[0]
    assert sorted(output) == ["00000.jsonl", "00001.jsonl"]
    written = sorted([doc["id"] for doc in docs] for docs in output.values())
    # a-blank (empty body) and a-broken (a rule raised) are dropped by default; the junk page is kept
    # as the fallback's prose-like region, cleaned like any other.
    assert written == [["a-orchard", "a-ferry-html", "a-library"], ["b-junk", "b-library-html", "b-orchard"]]


def test_metadata_records_what_was_done(default_run) -> None:
    docs = all_docs(default_run[0])
    orchard = docs["a-orchard"]["metadata"]
    assert orchard["url"] == "https://example.org/orchard"
    assert orchard["cleanse_format"] == "text"
    assert orchard["cleanse_language"] == "en"
    assert orchard["cleanse_fallback"] is False
    assert orchard["cleanse_blocks"] == len(MENU) + 1 + len(ORCHARD) + 1 + len(TAIL)
    assert orchard["cleanse_dropped"] == orchard["cleanse_blocks"] - len(ORCHARD)
    by_code = orchard["cleanse_dropped_by_code"]
    assert sum(by_code.values()) == orchard["cleanse_dropped"]
    assert by_code["APL002"] == 1 and by_code["NAV001"] == 1 and by_code["PRM001"] == 1
    ferry = docs["a-ferry-html"]["metadata"]
    assert ferry["cleanse_format"] == "html"
    assert ferry["cleanse_dropped_by_code"].get("LEG001") == 1  # the © footer
    assert docs["b-orchard"]["metadata"]["source"] == "crawl-7"  # the record's other fields survive


def test_html_documents_carry_the_page_metadata(default_run) -> None:
    docs = all_docs(default_run[0])
    # What the page says about itself, in the shape `cleanse --format json` gives it; the URL
    # is the record's, since the page names none.
    assert docs["a-ferry-html"]["metadata"]["cleanse_metadata"] == {
        "title": "News",
        "author": "Eleri Bowen",
        "date": "2024-08-21T09:30:00+00:00",
        "language": "en",
        "url": "https://example.org/ferry",
        "site_name": None,
        "description": None,
    }
    assert docs["b-library-html"]["metadata"]["cleanse_metadata"]["url"] is None
    # Plain text says nothing about itself: no metadata, as in the command line's JSON.
    assert "cleanse_metadata" not in docs["a-orchard"]["metadata"]


def test_executor_stats_count_documents_reasons_and_codes(default_run) -> None:
    docs = all_docs(default_run[0])
    stats = step_stats(default_run[1])
    assert stats["total"] == 8
    assert stats["forwarded"] == 6
    assert stats["dropped"] == 2
    assert stats["dropped_empty"] == 1
    assert stats["dropped_error"] == 1 and stats["error"] == 1
    assert stats["html"] == 2
    # Per-code totals over both tasks equal the sum of what the documents say.
    for code in ("APL001", "APL002", "NAV001", "LEG001", "PRM001"):
        expected = sum(d["metadata"]["cleanse_dropped_by_code"].get(code, 0) for d in docs.values())
        assert expected > 0
        assert stats[f"blocks_dropped_{code}"] == expected, code


def test_options_keep_empty_and_failed_documents(tmp_path: Path) -> None:
    step = CleanseStep(Cleaner(extra_rules=[Exploding]), drop_empty=False, on_error="keep", input_format="text")
    output, stats = run_pipeline(tmp_path, step, workers=1)
    docs = all_docs(output)
    assert len(docs) == 8
    # Kept unchanged, with the reason on it.
    broken = docs["a-broken"]
    assert broken["text"] == CORPUS["a.jsonl"][3]["text"]
    assert broken["metadata"]["cleanse_error"] == (
        "RuleError: rule XPL001 exploding-rule failed: ZeroDivisionError: a bug in a plugin"
    )
    assert "cleanse_dropped" not in broken["metadata"]
    # An empty body goes on (datatrove's writer leaves the falsy text out of the record).
    assert docs["a-blank"].get("text", "") == ""
    assert docs["a-blank"]["metadata"]["cleanse_blocks"] == 0
    # Forced to the text front end, the HTML page is read as one line of markup.
    assert docs["a-ferry-html"]["metadata"]["cleanse_format"] == "text"
    counts = step_stats(stats)
    assert counts["forwarded"] == 8 and counts["error"] == 1
    assert counts.get("dropped", 0) == 0 and "html" not in counts


def test_a_cleaner_or_its_options() -> None:
    def codes(step: CleanseStep) -> set[str]:
        [out] = step.run(iter([Document(text=text_page(ORCHARD), id="x")]))
        return set(out.metadata["cleanse_dropped_by_code"])

    assert "NAV001" in codes(CleanseStep())
    assert not any(code.startswith("NAV") for code in codes(CleanseStep(Cleaner(ignore=["NAV"]))))
    assert not any(code.startswith("NAV") for code in codes(CleanseStep(ignore=["NAV"])))
    with pytest.raises(ConfigError):
        CleanseStep(Cleaner(), ignore=["NAV"])
    with pytest.raises(ConfigError):
        CleanseStep(input_format="markdown")
    with pytest.raises(ConfigError):
        CleanseStep(on_error="ignore")
    with pytest.raises(ConfigError):
        CleanseStep(select=["NOPE999"])  # the Cleaner is built, and checked, up front


def test_text_that_is_not_a_string_is_an_error_not_a_crash() -> None:
    # JsonlReader itself fails on such a record, but other readers and adapters can hand one over.
    step = CleanseStep(on_error="keep")
    odd = [Document(text=42, id="n"), Document(text=None, id="none")]  # type: ignore[arg-type]
    out = list(step.run(iter(odd)))
    assert [d.text for d in out] == [42, None]
    assert out[0].metadata["cleanse_error"] == "InputError: document text is int, not str"
    assert step.stats["error"].total == 2 and step.stats["forwarded"].total == 2
    assert list(CleanseStep().run(iter(odd))) == []


def test_bytes_text_and_a_url_reach_the_cleaner() -> None:
    html = html_page(FERRY).encode("utf-8")
    [out] = CleanseStep().run(iter([Document(text=html, id="z", metadata={"url": 7})]))  # type: ignore[arg-type]
    assert out.metadata["cleanse_format"] == "html"
    assert [line for line in out.text.splitlines() if line] == FERRY


def test_the_step_pickles_with_its_configuration() -> None:
    step = pickle.loads(pickle.dumps(CleanseStep(ignore=["NAV"], on_error="keep")))
    assert step.on_error == "keep"
    assert "NAV001" not in [rule.code for rule in step.cleaner.rules]
