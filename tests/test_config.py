"""Configuration: per-rule options, per-site overrides, rule files, --show-config.

Every feature is checked through the library and, where the CLI adds
something (``--url``, ``--show-config``, ``--list-rules`` / ``--explain`` of a
file rule), through ``main(argv)``.
"""

from __future__ import annotations

import io
import pickle
import textwrap
from collections.abc import Mapping
from pathlib import Path
from typing import ClassVar

import pytest

from cleanse import Cleaner, Config, ConfigError
from cleanse.cli import main
from cleanse.config import Site
from cleanse.features import make_page
from cleanse.rulefiles import RuleFile, load_rule_files
from cleanse.rules.appeals import DonationAppeal
from cleanse.rules.base import Rule
from cleanse.segment import segment
from cleanse.testing import check_examples, weight_on

BODY = (
    "The city council voted on Tuesday to extend the tram line to the northern districts, "
    "ending a debate that had lasted for almost three years and divided the coalition.\n\n"
    "Supporters of the plan say it will cut travel times in half for thousands of commuters, "
    "while critics warn that the cost has already doubled since the first estimate.\n\n"
)
SPONSOR = "Read the Widget World weekly digest today"
# The sponsor line sits inside the body, where context alone keeps a short line.
PAGE = (
    BODY
    + SPONSOR
    + "\n\n"
    + "The mayor said that work would begin in the spring and that the first trams could run before the end "
    "of next year, if the money promised by the regional government arrives on time.\n\n"
    "Residents who live along the planned route will be invited to a public meeting next month, at which "
    "the engineers are expected to present the final plans and answer questions.\n"
)

RULE_FILE = """\
[[rule]]
code = "ACM001"
name = "acme-sponsor-line"
summary = "The sponsor line under every Acme Daily article."
description = "Acme Daily prints it under each story."
phrases = ["brought to you by Acme"]
patterns = ['\\bpromo code [A-Z0-9]{4,}\\b']
examples = { drop = ["This story was brought to you by Acme.", "Use promo code SAVE20 now"], keep = ["Acme said profits rose."] }
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), "utf-8")
    return path


def run(argv: list[str], stdin: bytes = b"") -> tuple[int, str]:
    out = io.StringIO()
    code = main(argv, stdin=io.BytesIO(stdin), stdout=out)
    return code, out.getvalue()


def codes_of(result_text: str, cleaner: Cleaner, url: str = "") -> tuple[str, ...]:
    result = cleaner.analyze(result_text, url=url)
    return next(v.codes for v in result.verdicts if v.block.text == SPONSOR)


# -- per-rule options ---------------------------------------------------------------


def test_extra_phrases_flag_more_blocks_under_the_rules_own_code() -> None:
    plain = Cleaner()
    configured = Cleaner(Config(rule_options={"donation-appeal": {"extra-phrases": ["Widget World weekly digest"]}}))
    assert "APL002" not in codes_of(PAGE, plain)
    assert codes_of(PAGE, configured)[0] == "APL002"
    assert SPONSOR not in configured.clean(PAGE)


def test_weight_option_replaces_the_weight_of_findings() -> None:
    text = "If you value our independent journalism, please consider making a donation today."
    assert weight_on(DonationAppeal, text) == 1.0
    assert weight_on(DonationAppeal.configured({"weight": 0.25}), text) == 0.25
    # every rule takes `weight`, including rules that are not phrase lists
    cleaner = Cleaner(Config(rule_options={"TXT001": {"weight": 0.1}}))
    rule = next(r for r in cleaner.rules if r.code == "TXT001")
    page = "Order Now\n" + BODY + "Order Now\n"
    findings = list(rule.check(make_page(segment(page))))
    assert findings and all(f.weight == 0.1 for f in findings)


def test_configured_rules_are_built_once_and_options_read_back() -> None:
    a = DonationAppeal.configured({"extra-phrases": ["x marks"]})
    assert a is DonationAppeal.configured({"extra-phrases": ("x marks",)})
    assert a().option("extra-phrases") == ("x marks",)
    assert DonationAppeal().option("extra-phrases") == ()
    assert DonationAppeal.configured({}) is DonationAppeal


def test_unknown_option_and_rule_suggest_a_close_match() -> None:
    with pytest.raises(ConfigError, match="unknown option 'extra-phrase'; did you mean 'extra-phrases'"):
        Cleaner(Config(rule_options={"APL002": {"extra-phrase": ["x"]}}))
    with pytest.raises(ConfigError, match="no rule 'donation-apeal'; did you mean 'donation-appeal'"):
        Cleaner(Config(rule_options={"donation-apeal": {"weight": 0.5}}))
    # a structural rule declares no extra-phrases: only weight
    with pytest.raises(ConfigError, match=r"HTM001 takes weight\)"):
        Cleaner(Config(rule_options={"HTM001": {"extra-phrases": ["x"]}}))


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"weight": "heavy"}, "weight must be a number"),
        ({"weight": True}, "weight must be a number"),
        ({"extra-phrases": "one string"}, "extra-phrases must be a list"),
        ({"extra-phrases": [""]}, "extra-phrases must be a list of non-empty"),
        ({"extra-patterns": ["(unclosed"]}, "bad pattern"),
    ],
)
def test_wrong_option_types_are_errors(options: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        Cleaner(Config(rule_options={"APL002": options}))


def test_rule_options_from_a_file_name_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, "cleanse.toml", "[rules.APL002]\nweigth = 0.5\n")
    with pytest.raises(
        ConfigError, match=rf"{tmp_path}.*rules\.APL002: unknown option 'weigth'; did you mean 'weight'"
    ):
        Cleaner(Config.from_file(path))


# -- per-site overrides -------------------------------------------------------------

SITE_TOML = """\
[[sites]]
match = "example.com"
drop-phrases = ["Widget World weekly digest"]
"""


def test_site_drop_phrases_apply_to_the_site_and_its_subdomains_only(tmp_path: Path) -> None:
    cleaner = Cleaner(Config.from_file(write(tmp_path, "cleanse.toml", SITE_TOML)))
    for url in ("https://example.com/a", "http://news.example.com/b?x=1", "example.com"):
        assert codes_of(PAGE, cleaner, url)[0] == "SIT001", url
    for url in ("https://notexample.com/a", "https://example.com.evil.org/", "https://other.org/example.com", ""):
        assert "SIT001" not in codes_of(PAGE, cleaner, url), url
    # the HTML front end takes the URL too
    paragraphs = [p for p in PAGE.split("\n") if p]
    html = "<html><body><article>" + "".join(f"<p>{p}</p>" for p in paragraphs) + "</article></body></html>"
    assert SPONSOR not in cleaner.clean_html(html, url="https://example.com/")
    assert SPONSOR in cleaner.clean_html(html, url="https://other.org/")


def test_url_globs_match_scheme_host_and_path_apart() -> None:
    site = Site("https://*.example.org/blog/*")
    assert site.matches("https://www.example.org/blog/2025/a")
    assert not site.matches("http://www.example.org/blog/a")  # scheme
    assert not site.matches("https://www.example.org/shop/a")  # path
    assert not site.matches("https://example.org/blog/a")  # `*.` needs a subdomain
    assert not site.matches("https://evil.com/x.example.org/blog/a")  # a path never stands in for the host
    assert Site("*.example.org").matches("https://a.b.example.org/")


def test_site_ignore_extend_select_and_thresholds_change_only_that_site() -> None:
    config = Config(
        sites=(
            Site("example.com", ignore=("NAV001",), thresholds={"long_prose": 900}),
            Site("https://example.com/blog/*", extend_select=("SIT001",)),
        )
    )
    cleaner = Cleaner(config)
    variant = cleaner.for_url("https://example.com/blog/x")
    assert "NAV001" in [r.code for r in cleaner.rules]
    assert "NAV001" not in [r.code for r in variant.rules]
    assert variant.thresholds.long_prose == 900 and cleaner.thresholds.long_prose == 400
    # built once per set of matching entries, not per page
    assert variant is cleaner.for_url("https://example.com/blog/y")
    assert cleaner.for_url("https://example.com/shop") is not variant
    assert cleaner.for_url("https://elsewhere.org/") is cleaner


def test_site_errors_name_the_entry_and_suggest(tmp_path: Path) -> None:
    bad_key = write(tmp_path, "a.toml", '[[sites]]\nmatch = "example.com"\ndrop-phrase = ["x"]\n')
    with pytest.raises(ConfigError, match=r"sites\[0\]: unknown key 'drop-phrase'; did you mean 'drop-phrases'"):
        Config.from_file(bad_key)
    bad_threshold = write(tmp_path, "b.toml", '[[sites]]\nmatch = "example.com"\nthresholds = {long-prse = 3}\n')
    with pytest.raises(ConfigError, match="did you mean 'long-prose'"):
        Config.from_file(bad_threshold)
    no_match = write(tmp_path, "c.toml", '[[sites]]\nignore = ["NAV"]\n')
    with pytest.raises(ConfigError, match="needs `match`"):
        Config.from_file(no_match)
    bad_rule = write(tmp_path, "d.toml", '[[sites]]\nmatch = "example.com"\nignore = ["read-more-lnk"]\n')
    with pytest.raises(ConfigError, match=r"sites\[0\] \(example.com\).*did you mean 'read-more-link'"):
        Cleaner(Config.from_file(bad_rule))  # checked up front, not at the first matching page


# -- rule files ---------------------------------------------------------------------


def test_rule_file_rules_run_select_and_ignore_like_built_ins(tmp_path: Path) -> None:
    write(tmp_path, "rules/acme.toml", RULE_FILE)
    config = Config.from_file(write(tmp_path, "cleanse.toml", 'rule-files = ["rules/*.toml"]\n'))
    page = BODY + "This story was brought to you by Acme.\n"
    result = Cleaner(config).analyze(page)
    assert result.verdicts[-1].codes == ("ACM001",) and not result.verdicts[-1].keep
    assert "ACM001" not in [r.code for r in Cleaner(config, ignore=["acme-sponsor-line"]).rules]
    assert [r.code for r in Cleaner(config, select=["ACM"]).rules] == ["ACM001"]
    # options apply to file rules too
    weak = Cleaner(
        Config.from_mapping({"rule-files": ["rules/acme.toml"], "rules": {"ACM001": {"weight": 0.3}}}, base=tmp_path)
    )
    assert next(r for r in weak.rules if r.code == "ACM001").phrase_weight == 0.3


def test_rule_file_rules_keep_the_contract_and_match_literally() -> None:
    (rule,) = load_rule_files((RuleFile("acme.toml", RULE_FILE),))
    assert check_examples(rule) == []
    assert check_examples(rule, drop=("BROUGHT TO YOU BY   ACME",)) == []  # case and spacing
    assert check_examples(rule, drop=("brought to you by Acmeville",)) != []  # word-bounded
    assert rule.summary() == "The sponsor line under every Acme Daily article."
    assert "under each story" in rule.doc()


def test_rule_file_languages_limit_the_pages(tmp_path: Path) -> None:
    text = RULE_FILE.replace('code = "ACM001"', 'code = "ACM002"').replace("examples", 'languages = ["de"]\nexamples')
    (rule,) = load_rule_files((RuleFile("acme.toml", text),))
    assert weight_on(rule, "Brought to you by Acme.", "de") > 0
    assert weight_on(rule, "Brought to you by Acme.", "en") == 0


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("Acme said profits rose.", "Acme said profits rose, brought to you by Acme."), "flags its keep example"),
        (("Use promo code SAVE20 now", "Use the promo today"), "does not flag its drop example 'Use the promo today'"),
        (('code = "ACM001"', 'code = "APL001"'), "'APL001' is taken by built-in rule APL001 support-banner"),
        (('name = "acme-sponsor-line"', 'name = "donation-appeal"'), "taken by built-in rule APL002"),
        (('code = "ACM001"', 'code = "ACM1"'), "three capitals and three digits"),
        (('name = "acme-sponsor-line"', 'name = "Acme Line"'), "kebab-case"),
        (("[A-Z0-9]", "[A-Z0-9"), r"rule ACM001.*bad pattern"),
        (('summary = "', 'sumary = "'), "unknown key 'sumary'; did you mean 'summary'"),
        (("examples = { drop", "examples = { dorp"), "unknown key 'dorp'; did you mean 'drop'"),
        (("[[rule]]", "[[rules]]"), "unknown key 'rules'; did you mean 'rule'"),
    ],
)
def test_rule_file_errors_name_the_file_and_rule(tmp_path: Path, change: tuple[str, str], message: str) -> None:
    write(tmp_path, "rules/acme.toml", RULE_FILE.replace(*change))
    with pytest.raises(ConfigError, match=message) as info:
        Config.from_mapping({"rule-files": ["rules/*.toml"]}, base=tmp_path)
    assert "acme.toml" in str(info.value)


def test_rule_files_colliding_with_each_other(tmp_path: Path) -> None:
    write(tmp_path, "rules/a.toml", RULE_FILE)
    write(tmp_path, "rules/b.toml", RULE_FILE.replace("acme-sponsor-line", "acme-footer"))
    with pytest.raises(
        ConfigError, match=r"b\.toml: rule ACM001 acme-footer: 'ACM001' is taken by rule .* of .*a\.toml"
    ):
        Config.from_mapping({"rule-files": ["rules/*.toml"]}, base=tmp_path)
    with pytest.raises(ConfigError, match="matches no file"):
        Config.from_mapping({"rule-files": ["nowhere/*.toml"]}, base=tmp_path)


def test_cleaner_with_a_rule_file_pickles_and_cleans_the_same(tmp_path: Path) -> None:
    path = write(tmp_path, "rules/acme.toml", RULE_FILE)
    config = Config.from_mapping(
        {"rule-files": [str(path)], "sites": [{"match": "example.com", "drop-phrases": ["Widget World weekly digest"]}]}
    )
    cleaner = Cleaner(config)
    page = BODY + SPONSOR + "\n\nThis story was brought to you by Acme.\n"
    path.unlink()  # the text travels in the configuration, not the path
    clone = pickle.loads(pickle.dumps(cleaner))
    assert [r.code for r in clone.rules] == [r.code for r in cleaner.rules]
    for url in ("https://example.com/x", ""):
        assert clone.clean(page, url=url) == cleaner.clean(page, url=url)
    assert "Acme" not in clone.clean(page) and SPONSOR not in clone.clean(page, url="https://example.com/x")


# -- the command line ---------------------------------------------------------------


def test_cli_url_list_rules_and_explain_see_the_configuration(tmp_path: Path) -> None:
    write(tmp_path, "rules/acme.toml", RULE_FILE)
    config = write(tmp_path, "cleanse.toml", 'rule-files = ["rules/*.toml"]\n' + SITE_TOML)
    page = write(tmp_path, "page.txt", PAGE)
    code, out = run(["--config", str(config), "--url", "https://www.example.com/story", str(page)])
    assert code == 0 and SPONSOR not in out and "tram line" in out
    code, out = run(["--config", str(config), "--url", "https://notexample.com/story", str(page)])
    assert SPONSOR in out
    code, out = run(["--config", str(config), "--list-rules"])
    assert code == 0 and "ACM001  acme-sponsor-line" in out
    code, out = run(["--config", str(config), "--explain", "acme-sponsor-line"])
    assert code == 0 and out.startswith("ACM001 acme-sponsor-line (stable)") and "acme.toml" in out


def test_show_config_prints_values_and_where_they_came_from(tmp_path: Path) -> None:
    config = write(
        tmp_path,
        "cleanse.toml",
        """\
        ignore = ["NAV001"]
        favor = "precision"
        [thresholds]
        long-prose = 500
        length-low = 10
        [rules.APL002]
        weight = 0.5
        """
        + SITE_TOML,
    )
    code, out = run(["--config", str(config), "--show-config", "--language", "de"])
    assert code == 0
    lines = {line.split(" = ")[0]: line for line in out.splitlines() if " = " in line}
    assert lines["ignore"].endswith(f"# {config}") and '["NAV001"]' in lines["ignore"]
    assert lines["language"].startswith('language = "de"') and lines["language"].endswith("# command line")
    assert lines["extend-select"].endswith("# default")
    assert lines["long-prose"].startswith("long-prose = 500") and lines["long-prose"].endswith(f"# {config}")
    # the preset wins over the file for the thresholds it sets, and says so
    assert lines["length-low"].startswith("length-low = 90")
    assert lines["length-low"].endswith(f"# preset favor=precision (over the value in {config})")
    assert lines["strong"].endswith("# default")
    assert lines["weight"].endswith(f"# {config}")
    assert "[rules.APL002]" in out and "[[sites]]" in out and 'match = "example.com"' in out
    assert "NAV001" not in out.splitlines()[1] and "APL002" in out.splitlines()[1]  # the rules that run


def test_cli_config_errors_exit_2_with_the_suggestion(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = write(tmp_path, "cleanse.toml", '[[sites]]\nmatch = "example.com"\nigonre = ["NAV"]\n')
    code, _ = run(["--config", str(config), "--show-config"])
    assert code == 2
    assert "did you mean 'ignore'" in capsys.readouterr().err


def test_rule_subclass_options_are_declared_and_typed() -> None:
    class Tagged(Rule):
        """Lines that are exactly a configured tag."""

        code = "TAG001"
        name = "tag-line"
        options: ClassVar[Mapping[str, object]] = {"tag": "advertisement", "min-words": 1}
        drop = ("advertisement",)

        def check_block(self, block, feats, page):  # type: ignore[no-untyped-def]
            if block.text.strip().lower() == self.option("tag") and feats.words >= self.option("min-words"):
                return self.finding(block, 1.0, "the tag")
            return None

    cleaner = Cleaner(Config(rule_options={"TAG001": {"tag": "zwischenruf"}}), extra_rules=[Tagged])
    result = cleaner.analyze(BODY + "Zwischenruf\n")
    assert result.verdicts[-1].codes == ("TAG001",)
    with pytest.raises(ConfigError, match="min-words must be a whole number"):
        Cleaner(Config(rule_options={"TAG001": {"min-words": 1.5}}), extra_rules=[Tagged])
