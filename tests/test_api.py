"""The library API: clean / analyze / Cleaner, selection, extra rules, plugins."""

from __future__ import annotations

import pickle
import sys
import textwrap

import pytest

import cleanse
from cleanse import Block, Cleaner, ConfigError, Features, Finding, Page, PluginLoadError, Rule, RuleDefinitionError

PAGE = (
    "Support The Example Times!\n\n"
    "Council Extends Tram Line\n\n"
    "The city council voted on Tuesday to extend the tram line to the northern districts, ending a debate that had lasted for almost three years.\n\n"
    "Supporters of the plan say it will cut travel times in half for thousands of commuters, while critics warn that the cost has already doubled.\n\n"
    "Read more\n"
)


def test_clean_keeps_body_and_drops_boilerplate() -> None:
    out = cleanse.clean(PAGE)
    assert "The city council voted" in out
    assert "Support The Example Times!" not in out
    assert "Read more" not in out


def test_analyze_explains_each_block() -> None:
    result = cleanse.analyze(PAGE)
    by_text = {v.block.text: v for v in result.verdicts}
    assert by_text["Support The Example Times!"].codes == ("APL001",)
    assert by_text["Read more"].codes == ("NAV001",)
    assert by_text["Read more"].reason
    assert all(v.keep for v in result.verdicts if v.block.text.startswith("The city"))
    assert result.language == "en"
    assert result.drop_counts() == {"APL001": 1, "NAV001": 1}


def test_bytes_and_str_agree() -> None:
    assert cleanse.clean(PAGE.encode("utf-8")) == cleanse.clean(PAGE)
    assert cleanse.clean(PAGE.encode("utf-16")) == cleanse.clean(PAGE)


MID = PAGE.replace("Read more\n", "").replace("\n\nSupporters", "\n\nRead more\n\nSupporters")


def test_ignore_by_code_prefix_and_name() -> None:
    # Between two body paragraphs, only the rule drops "Read more": ignored, it stays.
    assert "Read more" not in Cleaner().clean(MID)
    for selector in ("NAV001", "NAV", "read-more-link"):
        assert "Read more" in Cleaner(ignore=[selector]).clean(MID), selector


def test_select_only_some_rules() -> None:
    cleaner = Cleaner(select=["APL"])
    assert {r.code[:3] for r in cleaner.rules} == {"APL"}


def test_unknown_selector_suggests_a_close_match() -> None:
    with pytest.raises(ConfigError, match="did you mean 'read-more-link'"):
        Cleaner(ignore=["read-more-lnk"])
    with pytest.raises(ConfigError, match="APL001"):
        Cleaner(select=["APL01"])


def test_unknown_favor_is_an_error() -> None:
    with pytest.raises(ConfigError):
        Cleaner(favor="speed")


class TodayLine(Rule):
    """A line that says only "Today's weather"."""

    code = "XYZ001"
    name = "todays-weather"
    drop = ("Today's weather",)
    keep = ("The weather today was fine.",)

    def check_block(self, block: Block, feats: Features, page: Page) -> Finding | None:
        if block.text.strip() == "Today's weather":
            return self.finding(block, 1.0, "a weather widget heading")
        return None


def test_extra_rule_in_process() -> None:
    page = PAGE.replace("Read more", "Today's weather")
    result = Cleaner(extra_rules=[TodayLine]).analyze(page)
    verdict = next(v for v in result.verdicts if v.block.text == "Today's weather")
    assert not verdict.keep and "XYZ001" in verdict.codes


def test_extra_rule_can_be_ignored() -> None:
    cleaner = Cleaner(extra_rules=[TodayLine], ignore=["XYZ001"])
    assert all(r.code != "XYZ001" for r in cleaner.rules)


def test_rule_definition_errors_name_the_problem() -> None:
    with pytest.raises(RuleDefinitionError, match="code"):

        class BadCode(Rule):
            """Bad."""

            code = "bad1"
            name = "bad"
            drop = ("x",)

    with pytest.raises(RuleDefinitionError, match="kebab"):

        class BadName(Rule):
            """Bad."""

            code = "BAD001"
            name = "Bad_Name"
            drop = ("x",)

    with pytest.raises(RuleDefinitionError, match="example"):

        class NoExamples(Rule):
            """No examples."""

            code = "BAD002"
            name = "no-examples"


def test_code_collision_is_an_error() -> None:
    class Clash(Rule):
        """Clashes with a built-in code."""

        code = "APL001"
        name = "clashing-rule"
        drop = ("x",)

    with pytest.raises(RuleDefinitionError, match=r"APL001.*collides"):
        Cleaner(extra_rules=[Clash])


def test_cleaner_pickles_with_its_configuration() -> None:
    cleaner = Cleaner(ignore=["NAV"], extra_rules=[TodayLine], favor="precision")
    clone = pickle.loads(pickle.dumps(cleaner))
    assert [r.code for r in clone.rules] == [r.code for r in cleaner.rules]
    assert clone.clean(PAGE) == cleaner.clean(PAGE)


def test_pickled_cleaner_keeps_plugins_off() -> None:
    cleaner = Cleaner(plugins=False)
    assert pickle.loads(pickle.dumps(cleaner)).plugins is False


def test_get_rule_by_code_or_name() -> None:
    assert cleanse.get_rule("APL002") is cleanse.get_rule("donation-appeal")
    with pytest.raises(ConfigError, match="did you mean"):
        cleanse.get_rule("donation-apeal")


# -- entry-point plugins: a fake installed distribution on sys.path ---------------


def _install_fake_plugin(tmp_path, module_source: str, target: str) -> None:
    pkg = tmp_path / "fakepack"
    pkg.mkdir()
    (pkg / "__init__.py").write_text(textwrap.dedent(module_source))
    dist = tmp_path / "fakepack-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: fakepack\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text(f"[cleanse.rules]\nfake = {target}\n")


@pytest.fixture
def plugin_path(tmp_path, monkeypatch):
    from cleanse import registry

    monkeypatch.syspath_prepend(str(tmp_path))
    registry.plugin_rules.cache_clear()
    yield tmp_path
    registry.plugin_rules.cache_clear()
    sys.modules.pop("fakepack", None)


PLUGIN = '''
from cleanse import Rule

class Weather(Rule):
    """A weather widget heading."""
    code = "WEA001"
    name = "weather-widget"
    drop = ("Today's weather",)
    keep = ("It rained.",)

    def check_block(self, block, feats, page):
        if block.text.strip() == "Today's weather":
            return self.finding(block, 1.0, "weather widget")
        return None

RULES = [Weather]
'''


def test_plugin_rules_are_discovered(plugin_path) -> None:
    _install_fake_plugin(plugin_path, PLUGIN, "fakepack")
    assert "WEA001" in [r.code for r in cleanse.list_rules()]
    result = Cleaner().analyze(PAGE.replace("Read more", "Today's weather"))
    verdict = next(v for v in result.verdicts if v.block.text == "Today's weather")
    assert "WEA001" in verdict.codes


def test_broken_plugin_names_its_package(plugin_path) -> None:
    _install_fake_plugin(plugin_path, "raise RuntimeError('boom')\n", "fakepack")
    with pytest.raises(PluginLoadError, match=r"fakepack.*boom"):
        Cleaner()


def test_plugin_code_collision_names_both_sides(plugin_path) -> None:
    _install_fake_plugin(plugin_path, PLUGIN.replace("WEA001", "NAV001"), "fakepack")
    with pytest.raises(RuleDefinitionError, match=r"NAV001.*fakepack.*collides with built-in"):
        Cleaner()
