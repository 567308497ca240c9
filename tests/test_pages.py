"""Whole pages: every `keep` line survives and every `drop` line goes.

The fixture pages are ours, written in the shape of real scrapes; the seed page
is the one the project started from (skipped when ../shared is absent).
"""

from __future__ import annotations

import pytest

import cleanse

from .conftest import FIXTURES, SHARED
from .pages import ExpectedPage, kept_lines, load_expected

PAGES = sorted((FIXTURES / "pages").glob("*.expected.json"))
SEED = SHARED / "seed" / "expected.json"


def _check(page: ExpectedPage) -> None:
    output = cleanse.clean(page.path.read_bytes())
    kept = kept_lines(output)
    lost = [line for line in page.keep if line not in kept]
    noise = [line for line in page.drop if line in kept]
    assert not lost and not noise, f"{page.id}: lost body {lost}; kept boilerplate {noise}"


def test_there_are_enough_fixture_pages() -> None:
    assert len(PAGES) >= 25


@pytest.mark.parametrize("json_path", PAGES, ids=[p.name.split(".")[0] for p in PAGES])
def test_fixture_page(json_path) -> None:
    _check(load_expected(json_path))


@pytest.mark.skipif(not SEED.exists(), reason="../shared/seed is not here")
def test_seed_page() -> None:
    _check(load_expected(SEED))


@pytest.mark.skipif(not SEED.exists(), reason="../shared/seed is not here")
def test_seed_page_through_the_cli(capsys) -> None:
    import io

    from cleanse.cli import main

    page = load_expected(SEED)
    out = io.StringIO()
    assert main([], stdin=io.BytesIO(page.path.read_bytes()), stdout=out) == 0
    kept = kept_lines(out.getvalue())
    assert set(page.keep) <= kept
    assert not set(page.drop) & kept


def test_fixture_files_are_consistent() -> None:
    # Every non-blank line is judged exactly once, so a page cannot pass by omission.
    for json_path in PAGES:
        page = load_expected(json_path)
        lines = [line.strip() for line in page.path.read_text("utf-8").splitlines() if line.strip()]
        judged = page.keep + page.drop + page.either
        assert sorted(lines) == sorted(judged), page.id
