"""The quality gate: pinned floors that CI fails under.

On the fixture pages the floor is exactness (tests/test_pages.py). On the
three developer sources in ../shared/data (when present: WCXB dev, Dragnet,
CleanEval) the floors in benchmarks/floors.json apply, to text input and to
HTML input, each source on its own, and only to the exact corpus they were
measured on: its sha256 is pinned with them. Floors only go up.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import math
import sys

import pytest

import cleanse

from .conftest import ROOT, SHARED

ALL_FLOORS = json.loads((ROOT / "benchmarks" / "floors.json").read_text("utf-8"))
MODES = sorted(key for key, value in ALL_FLOORS.items() if isinstance(value, dict))


@pytest.fixture(scope="module", params=MODES)
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def floors(mode: str) -> dict:
    return dict(ALL_FLOORS[mode])


@pytest.fixture(scope="module")
def scores(floors: dict) -> dict:
    data = SHARED / "data" / floors["data"]
    if not data.exists():
        pytest.skip(f"../shared/data/{floors['data']} is not here")
    digest = hashlib.sha256(data.read_bytes()).hexdigest()
    if digest != floors["sha256"]:
        pytest.skip(f"the corpus changed (sha256 {digest[:12]}…): re-measure and re-pin benchmarks/floors.json")
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import scoring
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    pages = [json.loads(line) for line in gzip.open(data, "rt", encoding="utf-8")]
    cleaner = cleanse.Cleaner()
    if floors["input"] == "html":
        results = [scoring.score_page(cleaner.clean_html(p["html"]), p) for p in pages]
    else:
        results = [scoring.score_page(cleaner.clean(p["text"]), p) for p in pages]
    overall = scoring.aggregate(results, n_resamples=0)
    articles = scoring.aggregate(
        [r for r, p in zip(results, pages, strict=True) if p["page_type"] == "article"], n_resamples=0
    )
    return {"overall": overall, "article": articles}


def test_f1_precision_recall_floors(scores: dict, floors: dict) -> None:
    o = scores["overall"]
    assert o["f1"] >= floors["f1"], o
    assert o["precision"] >= floors["precision"], o
    assert o["recall"] >= floors["recall"], o


def test_article_floor(scores: dict, floors: dict) -> None:
    if "article_f1" not in floors:
        pytest.skip("this source has no page types")
    assert scores["article"]["f1"] >= floors["article_f1"], scores["article"]


def test_snippet_floors(scores: dict, floors: dict) -> None:
    if "with_recall" not in floors:
        pytest.skip("this source has no snippets")
    o = scores["overall"]
    assert not math.isnan(o["with_recall"]) and o["with_recall"] >= floors["with_recall"], o
    assert o["leak"] <= floors["max_leak"], o


def test_no_wipe_outs(scores: dict, floors: dict) -> None:
    assert scores["overall"]["empty_outputs"] <= floors["max_empty_outputs"], scores["overall"]
