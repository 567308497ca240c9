"""Which rules exist and which run: built-ins, entry-point packs, selection.

Nothing here is global state filled by imports: ``available_rules`` builds the
table each time from the built-ins, installed packs and the caller's extras,
and any collision of codes or names is an error naming both sides (flake8's
silently-shadowing plugins are the lesson).
"""

from __future__ import annotations

import difflib
import functools
import inspect
from collections.abc import Iterable, Sequence
from importlib import metadata

import regex

from .errors import ConfigError, PluginLoadError, RuleDefinitionError
from .rules import BUILTIN_RULES
from .rules.base import Rule, validate_rule_class

ENTRY_POINT_GROUP = "cleanse.rules"

RuleSpec = type[Rule] | Rule


def _rules_from(obj: object, origin: str) -> list[type[Rule]]:
    """Rule classes from an entry point's object: a class, a module or an iterable."""
    if inspect.isclass(obj) and issubclass(obj, Rule):
        return [obj]
    if isinstance(obj, Rule):
        return [type(obj)]
    if inspect.ismodule(obj):
        found = getattr(obj, "RULES", None)
        if found is None:
            found = [v for v in vars(obj).values() if inspect.isclass(v) and issubclass(v, Rule) and v.code]
        return [r for item in found for r in _rules_from(item, origin)]
    if callable(obj):
        return _rules_from(obj(), origin)
    if isinstance(obj, Iterable) and not isinstance(obj, str | bytes):
        return [r for item in obj for r in _rules_from(item, origin)]
    raise PluginLoadError(f"{origin}: expected a Rule subclass, a module or a list of rules, got {type(obj).__name__}")


@functools.cache
def plugin_rules() -> tuple[tuple[type[Rule], str], ...]:
    """Rules from installed packages (entry-point group ``cleanse.rules``)."""
    found: list[tuple[type[Rule], str]] = []
    for ep in sorted(metadata.entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
        dist = ep.dist.name if ep.dist is not None else "?"
        origin = f"plugin {ep.name!r} ({ep.value}) from package {dist!r}"
        try:
            loaded = ep.load()
            rules = _rules_from(loaded, origin)
            for rule in rules:
                validate_rule_class(rule)
        except PluginLoadError:
            raise
        except Exception as exc:
            raise PluginLoadError(f"{origin} failed to load: {type(exc).__name__}: {exc}") from exc
        found.extend((rule, origin) for rule in rules)
    return tuple(found)


def available_rules(
    extra: Sequence[RuleSpec] = (), *, plugins: bool = True, rule_files: Sequence[type[Rule]] = ()
) -> tuple[type[Rule], ...]:
    """Every known rule in evaluation order; raises on a code or name collision.

    ``rule_files`` are rules built from declarative rule files (``cleanse.rulefiles``).
    """
    entries: list[tuple[type[Rule], str]] = [(r, "built-in") for r in BUILTIN_RULES]
    if plugins:
        entries.extend(plugin_rules())
    entries.extend((r, f"rule file {getattr(r, 'source', '?')}") for r in rule_files)
    for spec in extra:
        cls = spec if inspect.isclass(spec) else type(spec)
        if not (inspect.isclass(cls) and issubclass(cls, Rule)):
            raise RuleDefinitionError(f"extra rule {spec!r} is not a cleanse Rule")
        validate_rule_class(cls)
        entries.append((cls, f"extra rule {cls.__module__}.{cls.__qualname__}"))
    by_code: dict[str, str] = {}
    by_name: dict[str, str] = {}
    out: list[type[Rule]] = []
    for cls, origin in entries:
        if cls in out:
            continue
        for key, table, what in ((cls.code, by_code, "code"), (cls.name, by_name, "name")):
            if key in table:
                raise RuleDefinitionError(f"rule {what} {key!r} of {origin} collides with {table[key]}")
            table[key] = f"{origin} ({cls.code} {cls.name})"
        out.append(cls)
    return tuple(out)


_CODE_PREFIX = regex.compile(r"[A-Za-z]{1,3}\d{0,3}")


def _matches(selector: str, rule: type[Rule]) -> bool:
    """A selector is ``ALL``, a rule name, or a code or code prefix (any case)."""
    s = selector.strip()
    if s == "ALL" or s == rule.name:
        return True
    return bool(_CODE_PREFIX.fullmatch(s)) and rule.code.startswith(s.upper())


def _check_selectors(selectors: Iterable[str], rules: Sequence[type[Rule]], option: str) -> None:
    vocabulary = sorted({r.code for r in rules} | {r.name for r in rules} | {r.code[:3] for r in rules} | {"ALL"})
    for s in selectors:
        if not any(_matches(s, r) for r in rules):
            close = difflib.get_close_matches(s, vocabulary, n=1, cutoff=0.5)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise ConfigError(f"{option}: no rule matches {s!r}{hint} (see `cleanse --list-rules`)")


def select_rules(
    rules: Sequence[type[Rule]],
    select: Sequence[str] | None = None,
    ignore: Sequence[str] = (),
    extend_select: Sequence[str] = (),
    *,
    include_preview: bool = False,
) -> tuple[type[Rule], ...]:
    """Filter rules by selectors: a code (``APL001``), a prefix (``APL``), a name or ``ALL``.

    ``select`` replaces the default set (stable rules), ``extend_select`` adds to
    it, ``ignore`` removes. Unknown selectors raise ``ConfigError`` with a suggestion.
    """
    for option, sels in (("select", select or ()), ("ignore", ignore), ("extend-select", extend_select)):
        _check_selectors(sels, rules, option)
    live = [r for r in rules if r.status not in ("removed",)]
    if select is None:
        chosen = [
            r for r in live if r.status in ("stable", "deprecated") or (include_preview and r.status == "preview")
        ]
    else:
        chosen = [r for r in live if any(_matches(s, r) for s in select)]
    chosen += [r for r in live if r not in chosen and any(_matches(s, r) for s in extend_select)]
    chosen = [r for r in chosen if not any(_matches(s, r) for s in ignore)]
    order = {r: i for i, r in enumerate(rules)}
    return tuple(sorted(chosen, key=order.__getitem__))


def get_rule(key: str, extra: Sequence[RuleSpec] = (), *, rule_files: Sequence[type[Rule]] = ()) -> type[Rule]:
    """Look a rule up by code or name; raises ``ConfigError`` with a suggestion."""
    rules = available_rules(extra, rule_files=rule_files)
    for r in rules:
        if key in (r.code, r.name) or key.upper() == r.code:
            return r
    vocabulary = [r.code for r in rules] + [r.name for r in rules]
    close = difflib.get_close_matches(key, vocabulary, n=1, cutoff=0.5)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    raise ConfigError(f"no rule {key!r}{hint}")


def list_rules(extra: Sequence[RuleSpec] = (), *, rule_files: Sequence[type[Rule]] = ()) -> tuple[type[Rule], ...]:
    """All available rules (built-ins, installed packs, rule files, extras) in evaluation order."""
    return available_rules(extra, rule_files=rule_files)
