"""The contract every registered rule keeps, built-in or third-party.

Identity (code and name format, uniqueness, a summary), and examples that
behave as declared: each `drop` text is flagged by the rule and each `keep`
look-alike is not. Cases under fixtures/rules/<CODE>.yml run the same way.
"""

from __future__ import annotations

import pytest
import yaml

import cleanse
from cleanse.rules.base import CODE_FORMAT, NAME_FORMAT, STATUSES, STRONG, PhraseRule, Rule
from cleanse.testing import weight_on

from .conftest import FIXTURES

RULES = cleanse.list_rules()


def flagged(rule: type[Rule], text: str) -> float:
    """Total weight the rule gives the blocks of ``text``, checked as a page."""
    return weight_on(rule, text)


def _cases() -> list[tuple[str, str, str]]:
    out = []
    for rule in RULES:
        out += [(rule.code, "drop", t) for t in rule.drop]
        out += [(rule.code, "keep", t) for t in rule.keep]
        case_file = FIXTURES / "rules" / f"{rule.code}.yml"
        if case_file.exists():
            data = yaml.safe_load(case_file.read_text("utf-8")) or {}
            out += [(rule.code, "drop", t) for t in data.get("drop", [])]
            out += [(rule.code, "keep", t) for t in data.get("keep", [])]
    return out


CASES = _cases()


def test_codes_and_names_are_unique() -> None:
    assert len({r.code for r in RULES}) == len(RULES)
    assert len({r.name for r in RULES}) == len(RULES)


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_identity(rule: type[Rule]) -> None:
    assert CODE_FORMAT.fullmatch(rule.code)
    assert NAME_FORMAT.fullmatch(rule.name)
    assert rule.status in STATUSES
    assert rule.summary() and len(rule.summary()) < 120
    assert rule.drop, "a rule needs drop examples"


@pytest.mark.parametrize(("code", "expect", "text"), CASES, ids=[f"{c}-{e}-{i}" for i, (c, e, _) in enumerate(CASES)])
def test_example(code: str, expect: str, text: str) -> None:
    rule = cleanse.get_rule(code)
    weight = flagged(rule, text)
    if expect == "drop":
        assert weight > 0, f"{code} {rule.name} does not flag {text!r}"
    else:
        # Weak evidence on a look-alike is allowed (context keeps it, see
        # test_properties); evidence that drops it alone is not.
        assert weight < STRONG, f"{code} {rule.name} flags the look-alike {text!r} strongly ({weight})"


def test_every_rule_has_a_case_file_or_examples_of_both_kinds() -> None:
    for rule in RULES:
        assert rule.keep or (FIXTURES / "rules" / f"{rule.code}.yml").exists(), rule.code


def test_rules_pickle_and_compare() -> None:
    import pickle

    for rule in RULES:
        assert pickle.loads(pickle.dumps(rule())) == rule()


def test_every_phrase_table_names_a_rule() -> None:
    # A misspelt table in a language file would otherwise be ignored silently.
    from cleanse.rules.base import phrase_tables

    names = {r.name for r in RULES if issubclass(r, PhraseRule)}
    for lang, tables in phrase_tables().items():
        unknown = set(tables) - names
        assert not unknown, f"{lang}.toml has tables for no rule: {sorted(unknown)}"
