"""The quality gate: pinned floors that CI fails under.

On the fixture pages the floor is exactness (tests/test_pages.py). On the WCXB
developer share (when ../shared/data is present) the floors in
benchmarks/floors.json apply, but only to the exact corpus they were measured
on: its sha256 is pinned with them.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import sys

import pytest

import cleanse

from .conftest import ROOT, SHARED

DATA = SHARED / "data" / "wcxb-dev.jsonl.gz"
FLOORS = json.loads((ROOT / "benchmarks" / "floors.json").read_text("utf-8"))["wcxb-dev"]


@pytest.fixture(scope="module")
def scores() -> dict:
    if not DATA.exists():
        pytest.skip("../shared/data is not here")
    digest = hashlib.sha256(DATA.read_bytes()).hexdigest()
    if digest != FLOORS["sha256"]:
        pytest.skip(f"the corpus changed (sha256 {digest[:12]}…): re-measure and re-pin benchmarks/floors.json")
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import scoring
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    pages = [json.loads(line) for line in gzip.open(DATA, "rt", encoding="utf-8")]
    cleaner = cleanse.Cleaner()
    results = [scoring.score_page(cleaner.clean(p["text"]), p) for p in pages]
    overall = scoring.aggregate(results, n_resamples=0)
    articles = scoring.aggregate(
        [r for r, p in zip(results, pages, strict=False) if p["page_type"] == "article"], n_resamples=0
    )
    return {"overall": overall, "article": articles}


def test_f1_precision_recall_floors(scores: dict) -> None:
    o = scores["overall"]
    assert o["f1"] >= FLOORS["f1"], o
    assert o["precision"] >= FLOORS["precision"], o
    assert o["recall"] >= FLOORS["recall"], o


def test_article_floor(scores: dict) -> None:
    assert scores["article"]["f1"] >= FLOORS["article_f1"], scores["article"]


def test_snippet_floors(scores: dict) -> None:
    o = scores["overall"]
    assert o["with_recall"] >= FLOORS["with_recall"], o
    assert o["leak"] <= FLOORS["max_leak"], o


def test_no_wipe_outs(scores: dict) -> None:
    assert scores["overall"]["empty_outputs"] <= FLOORS["max_empty_outputs"], scores["overall"]
