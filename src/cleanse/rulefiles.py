"""Declarative rule files: rules written in TOML by people who do not write Python.

``rule-files = ["rules/*.toml"]`` in the configuration names them. Each file
declares one or more ``[[rule]]`` tables::

    [[rule]]
    code = "ACM001"                      # three capitals, three digits, not taken
    name = "acme-sponsor-line"           # kebab-case, not taken
    summary = "The sponsor line under every Acme Daily article."
    phrases = ["brought to you by Acme"] # literal, case-insensitive, word-bounded
    patterns = ['\\bpromo code [A-Z0-9]{4,}\\b']  # regular expressions (`regex` syntax)
    weight = 1.0                         # per distinct phrase found; 1.0 drops a block alone
    languages = ["en"]                   # optional: pages in these languages only
    examples = { drop = ["Brought to you by Acme"], keep = ["Acme said profits rose."] }

Each becomes a real ``PhraseRule`` subclass, built when the file is loaded and
checked against its examples there: the examples are the rule's tests, so a
file whose rule misses a ``drop`` example or flags a ``keep`` one is an error.
A ``Cleaner`` carries the files' text in its ``Config`` and rebuilds the
classes from it when unpickled; within a process they are built once.
"""

from __future__ import annotations

import functools
import math
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

import regex

from .errors import ConfigError, RuleDefinitionError, did_you_mean
from .rules import BUILTIN_RULES
from .rules.base import CODE_FORMAT, NAME_FORMAT, STATUSES, PhraseRule, Rule, compile_alternation, literal_pattern
from .testing import weight_on

#: keys of a ``[[rule]]`` table
RULE_KEYS = (
    "code",
    "name",
    "summary",
    "description",
    "status",
    "phrases",
    "patterns",
    "weight",
    "languages",
    "examples",
)
_LANGUAGE = regex.compile(r"[a-z]{2,3}")


@dataclass(frozen=True, slots=True)
class RuleFile:
    """A rule file as read: its path (for messages) and its text (what is pickled)."""

    path: str
    text: str


class FileRule(PhraseRule):
    """Base of the rules declared in rule files; their patterns count as weak-phrase evidence.

    Each distinct phrase or pattern found in a block adds the rule's ``weight``,
    the way a phrase rule's weak phrases add up, so a file rule never hides
    another rule's evidence on the same block.
    """

    #: the file the rule came from
    source: ClassVar[str] = ""
    #: page languages the rule runs on (empty: all)
    languages: ClassVar[tuple[str, ...]] = ()

    @classmethod
    def patterns(cls, lang: str | None = None) -> dict[str, list[str]]:
        """No patterns on pages in a language the rule does not declare."""
        if cls.languages and lang is not None and lang not in cls.languages:
            return {"lines": [], "strong": [], "phrases": []}
        return super().patterns(lang)


def load_rule_files(files: tuple[RuleFile, ...]) -> tuple[type[Rule], ...]:
    """The rules of several files, in order; a code or name taken twice is a ``ConfigError``."""
    taken: dict[str, str] = {}
    for r in BUILTIN_RULES:
        taken[r.code] = taken[r.name] = f"built-in rule {r.code} {r.name}"
    out: list[type[Rule]] = []
    for file in files:
        for rule in load_rule_file(file.path, file.text):
            for key in (rule.code, rule.name):
                if key in taken:
                    raise ConfigError(f"{file.path}: rule {rule.code} {rule.name}: {key!r} is taken by {taken[key]}")
                taken[key] = f"rule {rule.code} {rule.name} of {file.path}"
            out.append(rule)
    return tuple(out)


@functools.cache
def load_rule_file(path: str, text: str) -> tuple[type[Rule], ...]:
    """Build and check the rules of one file (cached: the same text gives the same classes)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: {exc}") from exc
    for key in data:
        if key != "rule":
            raise ConfigError(
                f"{path}: unknown key {key!r}{did_you_mean(key, ['rule'])} (a rule file holds [[rule]] tables)"
            )
    tables = data.get("rule")
    if not isinstance(tables, list) or not tables or not all(isinstance(t, dict) for t in tables):
        raise ConfigError(f"{path}: no [[rule]] tables")
    return tuple(_build(path, i, table) for i, table in enumerate(tables))


def _build(path: str, index: int, table: Mapping[str, Any]) -> type[Rule]:
    code = table.get("code")
    where = f"{path}: rule {code if isinstance(code, str) else f'#{index + 1}'}"
    for key in table:
        if key not in RULE_KEYS:
            raise ConfigError(f"{where}: unknown key {key!r}{did_you_mean(key, RULE_KEYS)}")
    name, summary = table.get("name"), table.get("summary")
    if not isinstance(code, str) or not CODE_FORMAT.fullmatch(code):
        raise ConfigError(f"{where}: code must be three capitals and three digits (e.g. ACM001), not {code!r}")
    if not isinstance(name, str) or not NAME_FORMAT.fullmatch(name):
        raise ConfigError(f"{where}: name must be kebab-case (e.g. sponsor-line), not {name!r}")
    if not isinstance(summary, str) or not summary.strip() or "\n" in summary.strip():
        raise ConfigError(f"{where}: summary must be one line of text")
    description = _text(table.get("description", ""), f"{where}: description")
    status = table.get("status", "stable")
    if status not in STATUSES:
        raise ConfigError(f"{where}: status must be one of {', '.join(STATUSES)}, not {status!r}")
    phrases = _strings(table.get("phrases", []), f"{where}: phrases")
    patterns = _strings(table.get("patterns", []), f"{where}: patterns")
    if not phrases and not patterns:
        raise ConfigError(f"{where}: give `phrases` or `patterns` (or both)")
    for p in patterns:
        try:
            compile_alternation([p], where)
        except RuleDefinitionError as exc:
            raise ConfigError(str(exc)) from exc
    weight = table.get("weight", 1.0)
    if isinstance(weight, bool) or not isinstance(weight, int | float) or not 0 < weight < math.inf:
        raise ConfigError(f"{where}: weight must be a number above 0 (1.0 drops a block alone), not {weight!r}")
    languages = _strings(table.get("languages", []), f"{where}: languages")
    bad = [lang for lang in languages if not _LANGUAGE.fullmatch(lang)]
    if bad:
        raise ConfigError(f"{where}: languages are ISO 639-1 codes such as 'en', not {bad[0]!r}")
    examples = table.get("examples", {})
    if not isinstance(examples, dict):
        raise ConfigError(f"{where}: examples must be a table: {{drop = [...], keep = [...]}}")
    for key in examples:
        if key not in ("drop", "keep"):
            raise ConfigError(f"{where}: examples: unknown key {key!r}{did_you_mean(key, ['drop', 'keep'])}")
    drop = _strings(examples.get("drop", []), f"{where}: examples.drop")
    keep = _strings(examples.get("keep", []), f"{where}: examples.keep")
    if not drop:
        raise ConfigError(f"{where}: examples.drop needs at least one text the rule must flag")
    attrs: dict[str, object] = {
        "__doc__": summary.strip() + (f"\n\n{description}" if description else ""),
        "__module__": __name__,
        "__qualname__": f"FileRule.{code}",
        "code": code,
        "name": name,
        "status": status,
        "phrases": tuple(literal_pattern(p) for p in phrases) + patterns,
        "phrase_weight": float(weight),
        # so the `weight` option replaces the weight (PhraseRule keeps the ratio)
        "line_weight": float(weight),
        "languages": languages,
        "drop": drop,
        "keep": keep,
        "source": path,
    }
    try:
        rule = type(f"FileRule_{code}", (FileRule,), attrs)
    except RuleDefinitionError as exc:
        raise ConfigError(f"{where}: {exc}") from exc
    # The examples are the rule's tests, run when the file is loaded.
    for text in drop:
        if weight_on(rule, text) <= 0:
            raise ConfigError(f"{where} ({name}) does not flag its drop example {text!r}")
    for text in keep:
        if weight_on(rule, text) > 0:
            raise ConfigError(f"{where} ({name}) flags its keep example {text!r}")
    return rule


def _strings(value: object, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ConfigError(f"{where} must be a list of non-empty strings")
    return tuple(value)


def _text(value: object, where: str) -> str:
    if not isinstance(value, str):
        raise ConfigError(f"{where} must be a string")
    return value.strip()
