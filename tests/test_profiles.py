"""Site profiles: learned from a synthetic multi-page site, they drop its template and keep its articles.

The site (tests/sites.py) prints a menu, a pigeon-post newsletter box and a
volunteers' disclaimer in words no built-in rule knows; without a profile
those lines survive, with one they go (SIT002) and every article line stays.
"""

from __future__ import annotations

import gzip
import io
import json
import pickle
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

import cleanse
from cleanse import profiles
from cleanse.cli import main
from cleanse.profiles import Learner, Profile, SiteProfile, learn, line_key, merge, site_of

from .sites import DISCLAIMER, MENU, OTHER_SITE, PIGEON_BOX, SITE, TEMPLATE, corpus, page

NEW = 500  # the seed of a page that is in no corpus
NEW_URL = f"https://{SITE}/news/{NEW}"


def _records(n: int = 30) -> list[tuple[str, str]]:
    return [(site_of(url), text) for url, text in corpus(n)]


@pytest.fixture(scope="module")
def profile() -> Profile:
    return learn(_records()).prune()


def run(argv: list[str], stdin: bytes = b"") -> tuple[int, str]:
    out = io.StringIO()
    code = main(argv, stdin=io.BytesIO(stdin), stdout=out)
    return code, out.getvalue()


# -- the evidence --------------------------------------------------------------


def test_the_profile_holds_the_template_and_no_article_line(profile: Profile) -> None:
    site = profile.sites[SITE]
    assert site.pages == 30
    assert set(site.lines) == {line_key(t) for t in TEMPLATE}
    assert all(n == 30 for n in site.lines.values())


def test_template_lines_go_with_the_profile_and_the_article_stays_whole(profile: Profile) -> None:
    text, article = page(NEW)
    result = cleanse.Cleaner(profile=profile).analyze(text, url=NEW_URL)
    by_text = {v.text: v for v in result.verdicts}
    for line in TEMPLATE:
        assert not by_text[line].keep, line
        assert "SIT002" in by_text[line].codes, (line, by_text[line].codes)
    for line in article:
        assert by_text[line].keep, line
    assert result.text == "\n\n".join(article) + "\n"


def test_without_the_profile_the_unusual_template_survives() -> None:
    # The proof that the profile matters: no built-in rule knows these lines.
    text, article = page(NEW)
    result = cleanse.analyze(text, url=NEW_URL)
    for line in (*PIGEON_BOX, DISCLAIMER):
        assert line in result.text
    assert not any("SIT002" in v.codes for v in result.verdicts)
    assert all(line in result.text for line in article)


def test_the_disclaimer_goes_though_it_is_long_prose(profile: Profile) -> None:
    assert len(DISCLAIMER) > cleanse.Thresholds().long_prose
    result = cleanse.Cleaner(profile=profile).analyze(page(NEW)[0], url=NEW_URL)
    (verdict,) = [v for v in result.verdicts if v.text == DISCLAIMER]
    assert verdict.codes == ("SIT002",)
    assert "on 30 of 30 pages of harbour-gazette.example" in verdict.reason


def test_a_page_of_another_site_is_unaffected(profile: Profile) -> None:
    # Even a page that carries this site's template lines: it is not this site.
    text = page(NEW)[0]
    url = f"https://{OTHER_SITE}/story/1"
    with_profile = cleanse.Cleaner(profile=profile).analyze(text, url=url)
    assert with_profile == cleanse.analyze(text, url=url)
    assert cleanse.Cleaner(profile=profile).analyze(text) == cleanse.analyze(text)  # no URL, no site


def test_a_line_on_a_low_share_of_pages_is_not_template() -> None:
    records = _records(30)
    # A correction notice on 5 of 30 pages (17 %): recurring, but not the template.
    notice = "Correction: an earlier version of this story gave the wrong date for the regatta."
    records = [(s, t + "\n" + notice if i < 5 else t) for i, (s, t) in enumerate(records)]
    site = learn(records).prune().sites[SITE]
    assert line_key(notice) not in site.lines
    assert line_key(notice) in learn(records).prune(min_pages=3, min_share=0.1).sites[SITE].lines


def test_the_rule_can_be_ignored(profile: Profile) -> None:
    text = page(NEW)[0]
    result = cleanse.Cleaner(profile=profile, ignore=["SIT002"]).analyze(text, url=NEW_URL)
    assert PIGEON_BOX[0] in result.text


# -- learning: keys, sites, shards, memory -------------------------------------


def test_lines_are_counted_once_per_page_and_normalised() -> None:
    site = learn([("a.example", "Menu\nmenu\nMENU!\nStory one."), ("a.example", "  Menu  \nStory two.")]).sites[
        "a.example"
    ]
    assert site.pages == 2
    assert site.lines[line_key("menu")] == 2
    assert line_key("Menu") == line_key("MENU!") == line_key("  menu ")


def test_site_of_urls() -> None:
    assert site_of("https://www.Harbour-Gazette.example:8080/a/b?c") == "harbour-gazette.example"
    assert site_of("http://news.example.com/") == "news.example.com"
    assert site_of("example.org/page") == "example.org"
    assert site_of("") == site_of("not a url at all") == ""


def test_three_shards_merged_equal_learning_on_all() -> None:
    records = _records(30) + [(OTHER_SITE, page(i, site=OTHER_SITE)[0]) for i in range(12)]
    random.Random(7).shuffle(records)
    shards = [learn(records[i::3]) for i in range(3)]
    assert merge(*shards) == learn(records)
    assert profiles.dumps(merge(*shards).prune()) == profiles.dumps(learn(records).prune())


def test_the_file_is_the_same_bytes_whatever_the_record_order(tmp_path) -> None:
    records = _records(30)
    shuffled = records[::-1]
    for keep_text in (False, True):
        a, b = tmp_path / "a.jsonl.gz", tmp_path / "b.jsonl.gz"
        profiles.save(learn(records, keep_text=keep_text).prune(), a)
        profiles.save(learn(shuffled, keep_text=keep_text).prune(), b)
        assert a.read_bytes() == b.read_bytes()
        assert profiles.load(a) == learn(records, keep_text=keep_text).prune()


def test_the_file_round_trips_and_is_compact(tmp_path, profile: Profile) -> None:
    path = tmp_path / "profile.jsonl"
    profiles.save(profile, path)
    assert profiles.load(path) == profile
    header, *sites = path.read_text("utf-8").splitlines()
    assert json.loads(header) == {
        "format": "cleanse-profile",
        "version": 1,
        "key": profiles.KEY,
        "min_pages": 3,
        "min_share": 0.3,
        "sites": 1,
    }
    assert len(sites) == 1
    assert "pigeon" not in path.read_text("utf-8")  # hashes, not text, unless asked for
    assert len(path.read_bytes()) < 400


def test_keep_text_stores_one_spelling_per_line() -> None:
    site = learn(_records(), keep_text=True).prune().sites[SITE]
    assert sorted(site.texts.values()) == sorted(TEMPLATE)


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ('{"format": "something-else", "version": 1}\n', "not a cleanse profile"),
        ('{"format": "cleanse-profile", "version": 99, "key": "x"}\n', "version 99"),
        ('{"format": "cleanse-profile", "version": 1, "key": "md5(raw)"}\n', "learn it again"),
        (f'{{"format": "cleanse-profile", "version": 1, "key": "{profiles.KEY}"}}\n{{"site": "a"}}\n', ":2: bad"),
        ("not json\n", "not a cleanse profile"),
    ],
)
def test_bad_profile_files_are_named(text: str, error: str) -> None:
    with pytest.raises(cleanse.InputError, match=error):
        profiles.loads(text)


def test_memory_is_bounded_by_lossy_counting() -> None:
    # 2000 pages of one site, 20 unique lines each and a template line on 40 % of them:
    # the table holds a few buckets' worth of lines, not 40 000, and keeps the template line.
    learner = Learner(error=0.01)
    rng = random.Random(3)
    true_count = 0
    for i in range(2000):
        lines = [f"unique line {i} {j}" for j in range(20)]
        if rng.random() < 0.4:
            lines.append("Pigeon post every Sunday")
            true_count += 1
        learner.add("big.example", lines)
        assert learner.size <= 100 * 21 + 1
    counted = learner.profile().sites["big.example"].lines[line_key("Pigeon post every Sunday")]
    assert true_count - 0.01 * 2000 <= counted <= true_count  # low by at most error x pages
    assert line_key("Pigeon post every Sunday") in learner.profile().prune().sites["big.example"].lines


# -- merge is a sum: associative and commutative --------------------------------

_SITES = st.sampled_from(["a.example", "b.example", "c.example"])
_SITE_PROFILES = st.builds(
    lambda pages, lines: SiteProfile(pages + max(lines.values(), default=0), lines),
    st.integers(0, 5),
    st.dictionaries(st.integers(0, 2**64 - 1) | st.sampled_from([1, 2, 3]), st.integers(1, 9), max_size=5),
)
_PROFILES = st.builds(Profile, st.dictionaries(_SITES, _SITE_PROFILES, max_size=3))


@given(_PROFILES, _PROFILES, _PROFILES)
def test_merge_is_associative_and_commutative(a: Profile, b: Profile, c: Profile) -> None:
    assert merge(merge(a, b), c) == merge(a, merge(b, c)) == merge(a, b, c)
    assert merge(a, b) == merge(b, a)
    assert profiles.loads(profiles.dumps(merge(a, b, c))) == merge(a, b, c)


_PAGES = st.lists(
    st.tuples(_SITES, st.lists(st.sampled_from(["Home", "News", "Sign up", "Story", "Other story"]), max_size=4)),
    max_size=12,
)


@given(_PAGES, st.integers(1, 4))
def test_learning_in_shards_and_merging_equals_learning_at_once(pages: list, n: int) -> None:
    records = [(site, "\n".join(lines)) for site, lines in pages]
    assert merge(*(learn(records[i::n]) for i in range(n))) == learn(records)


# -- the cleaner ---------------------------------------------------------------


def test_a_cleaner_with_profile_data_pickles_with_it(profile: Profile) -> None:
    cleaner = cleanse.Cleaner(profile=profile)
    data = pickle.dumps(cleaner)
    assert len(data) < 2000
    text = page(NEW)[0]
    assert pickle.loads(data).clean(text, url=NEW_URL) == cleaner.clean(text, url=NEW_URL)


def test_a_cleaner_with_a_profile_file_pickles_by_path(tmp_path, profile: Profile) -> None:
    path = tmp_path / "profile.jsonl"
    profiles.save(profile, path)
    cleaner = cleanse.Cleaner(profile=path)
    assert cleaner.config.profile == str(path)
    rebuilt = pickle.loads(pickle.dumps(cleaner))
    assert rebuilt.profile == cleaner.profile
    assert SITE.encode() not in pickle.dumps(cleaner)  # the path travels, not the data


def test_an_unpruned_profile_is_pruned_with_the_defaults() -> None:
    raw = learn(_records())
    assert not raw.pruned
    cleaner = cleanse.Cleaner(profile=raw)
    assert cleaner.profile == raw.prune()


def test_the_profile_in_a_config_file_is_found_beside_it(tmp_path, profile: Profile) -> None:
    (tmp_path / "conf").mkdir()
    profiles.save(profile, tmp_path / "conf" / "site.jsonl")
    (tmp_path / "conf" / "cleanse.toml").write_text('profile = "site.jsonl"\n')
    config = cleanse.Config.from_file(tmp_path / "conf" / "cleanse.toml")
    assert cleanse.Cleaner(config).profile == profile
    with pytest.raises(cleanse.ConfigError, match="profile"):
        cleanse.Config.from_mapping({"profile": 3})


def test_a_missing_profile_file_is_an_error() -> None:
    with pytest.raises(cleanse.InputError, match="cannot read profile"):
        cleanse.Cleaner(profile="/no/such/profile.jsonl")


# -- the command line ----------------------------------------------------------


def _jsonl(records: list[tuple[str, str]]) -> bytes:
    return "".join(json.dumps({"url": u, "text": t}) + "\n" for u, t in records).encode()


def test_cli_learn_from_jsonl_then_clean_with_the_profile(tmp_path) -> None:
    (tmp_path / "corpus.jsonl").write_bytes(_jsonl(corpus(30)))
    out = tmp_path / "profile.jsonl"
    assert run(["learn", str(tmp_path / "corpus.jsonl"), "-o", str(out)]) == (0, "")
    assert profiles.load(out) == learn(_records()).prune()

    text, article = page(NEW)
    new = tmp_path / "new.jsonl"
    new.write_text(json.dumps({"url": NEW_URL, "text": text}) + "\n")
    code, cleaned = run(["--input-format", "jsonl", "--profile", str(out), str(new)])
    assert code == 0
    record = json.loads(cleaned)
    assert record["cleaned"] == "\n\n".join(article) + "\n"
    assert record["cleanse"]["dropped_by_code"]["SIT002"] >= 3
    code, plain = run(["--input-format", "jsonl", str(new)])
    assert PIGEON_BOX[0] in json.loads(plain)["cleaned"]


def test_cli_learn_from_a_folder_of_files_then_clean_a_file(tmp_path) -> None:
    root = tmp_path / "pages"
    for i in range(30):
        folder = root / SITE / ("2024" if i % 2 else "2025")
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"story-{i}.txt").write_text(page(i)[0])
    (root / OTHER_SITE).mkdir()
    for i in range(5):
        (root / OTHER_SITE / f"{i}.txt").write_text(page(i, site=OTHER_SITE)[0])
    out = tmp_path / "profile.jsonl.gz"
    assert run(["learn", str(root), "-o", str(out), "--keep-text"])[0] == 0
    assert gzip.decompress(out.read_bytes()).startswith(b'{"format":"cleanse-profile"')
    learned = profiles.load(out)
    assert set(learned.sites) == {SITE}  # the other site has no template
    assert sorted(learned.sites[SITE].texts.values()) == sorted(TEMPLATE)

    text, article = page(NEW)
    new = root / SITE / "2026" / "new.txt"  # a folder the corpus never had: the site folder above counts
    new.parent.mkdir()
    new.write_text(text)
    code, cleaned = run(["--profile", str(out), str(new)])
    assert code == 0 and cleaned == "\n\n".join(article) + "\n"
    code, annotated = run(["--profile", str(out), "--format", "annotated", str(new)])
    assert "DROP SIT002" in annotated
    elsewhere = tmp_path / "new.txt"  # outside the site's folder: no site, no profile evidence
    elsewhere.write_text(text)
    assert MENU[0] not in run(["--profile", str(out), str(elsewhere)])[1]  # the menu rule still works
    assert PIGEON_BOX[0] in run(["--profile", str(out), str(elsewhere)])[1]


def test_cli_learn_shards_then_merge_equals_learn_on_all(tmp_path) -> None:
    records = corpus(30)
    for i in range(3):
        (tmp_path / f"shard{i}.jsonl").write_bytes(_jsonl(records[i::3]))
        assert (
            run(["learn", "--no-prune", str(tmp_path / f"shard{i}.jsonl"), "-o", str(tmp_path / f"s{i}.jsonl")])[0] == 0
        )
    shards = [str(tmp_path / f"s{i}.jsonl") for i in range(3)]
    code, merged = run(["learn", "--merge", *shards])
    assert code == 0
    (tmp_path / "all.jsonl").write_bytes(_jsonl(records))
    code, direct = run(["learn", str(tmp_path / "all.jsonl")])
    assert merged == direct
    assert run(["learn", "--merge", *reversed(shards)])[1] == direct


def test_cli_learn_reads_stdin_and_html_fields_and_reports_bad_records(tmp_path, capsys) -> None:
    lines = [json.dumps({"url": u, "html": "<body>" + "".join(f"<p>{x}</p>" for x in t.split("\n\n")) + "</body>"})
             for u, t in corpus(10)]  # fmt: skip
    lines.insert(3, "not json")
    lines.insert(5, json.dumps({"text": "no url here"}))
    code, out = run(["learn", "-", "--min-share", "0.5"], "\n".join(lines).encode())
    assert code == 2
    err = capsys.readouterr().err
    assert "stdin:4: not JSON" in err and "stdin:6: no URL" in err
    assert profiles.loads(out).sites[SITE].pages == 10
    assert set(profiles.loads(out).sites[SITE].lines) == {line_key(t) for t in TEMPLATE}


def test_cli_learn_usage_errors(tmp_path, capsys) -> None:
    assert run(["learn", str(tmp_path / "missing.jsonl")])[0] == 2
    assert run(["learn", "x", "--error", "2"])[0] == 2
    (tmp_path / "bad.jsonl").write_text("not a profile\n")
    assert run(["learn", "--merge", str(tmp_path / "bad.jsonl")])[0] == 2
    assert "not a cleanse profile" in capsys.readouterr().err
    assert run(["--profile", str(tmp_path / "bad.jsonl")], b"text")[0] == 2


def test_cli_workers_read_the_profile_file_themselves(tmp_path) -> None:
    # -j pickles the cleaner by its configuration: the path travels, each worker loads it once.
    out = tmp_path / "profile.jsonl"
    profiles.save(learn(_records()).prune(), out)
    records = [(f"https://{SITE}/news/{NEW + i}", page(NEW + i)[0]) for i in range(6)]
    (tmp_path / "new.jsonl").write_bytes(_jsonl(records))
    argv = ["--input-format", "jsonl", "--profile", str(out), str(tmp_path / "new.jsonl")]
    serial, parallel = run(argv), run([*argv, "-j", "2"])
    assert serial == parallel
    assert all("SIT002" in json.loads(line)["cleanse"]["dropped_by_code"] for line in parallel[1].splitlines())


def test_cli_doc_lists_every_learn_option() -> None:
    from cleanse.commands.learn import _parser

    from .conftest import ROOT

    text = (ROOT / "docs" / "cli.md").read_text("utf-8")
    options = [o for a in _parser()._actions for o in a.option_strings if o.startswith("--") and o != "--help"]
    assert [o for o in options if f"`{o}" not in text] == []
