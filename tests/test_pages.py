"""Whole pages: every `keep` line survives and every `drop` line goes.

The fixture pages are ours, written in the shape of real scrapes; the seed page
is the one the project started from (skipped when ../shared is absent).
"""

from __future__ import annotations

import pytest

import cleanse

from .conftest import FIXTURES, SHARED
from .pages import ExpectedPage, fixture_params, inconsistency, kept_lines, load_expected, misjudged

PAGES = sorted((FIXTURES / "pages").glob("*.expected.json"))
SEED = SHARED / "seed" / "expected.json"

#: pages the cleaner gets wrong today, kept as they should be: each one's
#: test is expected to fail, and fails the suite once the cleaner learns it
KNOWN_FAILURES: dict[str, str] = {
    "30_comments_wordpress_en": "the blog's tagline above the article is kept",
    "31_comments_disqus_en": "a Disqus thread (a name line, then the comment) is kept: issue 17, comment threads",
    "32_comments_hashed_de": "the thread ('KlausW vor 2 Stunden', 'Antworten Melden 31') and menu rows are kept: issue 17",
    "33_comments_outweigh_es": "a Blogger thread ('Elena dijo...') longer than the post is kept, with the blog's title: issue 17",
    "34_comments_slashdot_en": "the tag row, the thread's notices and the first comment's title line are kept: issue 17",
    "35_comments_typepad_fr": "TypePad comments, signed after their text ('Rédigé par : Odile | ...'), are kept: issue 17",
    "40_teasers_above_en": "the 'Most read' rail above the article (headline, summary, time) is kept: issue 17, teasers",
    "41_teasers_beside_fr": "the 'À lire aussi' cards inside the article are kept: issue 17",
    "42_teasers_below_de": "the 'Mehr aus Politik' grid (kicker, headline, teaser) below the report is kept: issue 17",
    "43_teasers_outweigh_en": "the 'More from Local News' rail that outweighs the brief is kept: issue 17",
    "44_teasers_shop_es": "the 'También te puede interesar' product cards and the newsletter box are kept: issue 17",
    "45_teasers_blog_it": "the blog's tagline above the recipe is kept",
    "50_hidden_mobile_en": "the headline, printed again by the hidden mobile copy, comes out twice; side boxes are kept",
    "51_hidden_noscript_de": "the headline of the <noscript> copy comes out twice; the menu and footer rows are kept",
    "52_hidden_attr_es": "the share row and the footer's address line are kept",
    "53_hidden_expand_pl": "headline and lead are lost: the lead's first copy sits behind 'Czytaj dalej', the second is a repeat (CTX007)",
    "60_keep_link_list_en": "the 'Further reading' heading over the article's reading list is dropped (NAV002)",
    "61_keep_reader_letter_de": "the 'Leserbrief schreiben' prompt, the share row and the footer's address are kept",
    "62_keep_about_comments_en": "'Comments on this piece are now closed.' and a topic link are kept",
    "63_keep_forum_phpbb_en": "the last reply is lost (CTX003); profiles and signatures are kept",
    "64_keep_forum_xenforo_it": "the topic title and the last reply (below a 'Condividi' line, CTX006) are lost; user cards kept",
    "65_keep_forum_discourse_en": "the last two replies are lost, walled off by the like counts (CTX003)",
    "66_keep_qa_fr": "both answers are lost: a comment under the question starts a comment thread (CTX008)",
    "67_keep_shop_reviews_de": "the helpfulness votes, the rating summary and the 'Das könnte dir auch gefallen' cards are kept",
}


def _check(page: ExpectedPage) -> None:
    problem = misjudged(page, cleanse.clean(page.path.read_bytes()))
    assert not problem, problem


def test_there_are_enough_fixture_pages() -> None:
    assert len(PAGES) >= 52


@pytest.mark.parametrize("json_path", fixture_params(PAGES, KNOWN_FAILURES))
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
    for json_path in PAGES:
        page = load_expected(json_path)
        problem = inconsistency(page, page.path.read_text("utf-8").splitlines())
        assert not problem, f"{page.id}: {problem}"
