"""Work bounded without a clock: step counts, and the regular-expression audit.

``steps`` counts the Python events a piece of work runs: the same on any
machine under any load, so a test can compare n with 4n and tell linear from
quadratic without timing anything.

The audit is shared by the tests and ``benchmarks/hostile.py``.

Every pattern cleanse compiles (module globals, dicts and tuples of patterns,
literals passed to ``regex.search`` and friends, every phrase rule's patterns
and the phrase matcher's combined alternations) is run on inputs built to make
it backtrack ("baits"). Two checks:

* ``hangs``: a bait that runs past a generous ``timeout`` (the regex module's
  own, which stops the match) is a catastrophic pattern. The test suite runs
  this one: it reads no clock of its own, and a pattern that backtracks
  exponentially never finishes, however fast the machine.
* ``audit``: the time at n and at 4n characters, and the ratio (linear is 4,
  quadratic 16). Timings depend on the machine's load, so this one is for the
  benchmark, which prints the figures.
"""

from __future__ import annotations

import ast
import gc
import importlib
import inspect
import pkgutil
import re
import sys
import time
from collections.abc import Callable, Iterator

import regex

import cleanse

Pattern = regex.Pattern[str] | re.Pattern[str]

#: regex's timeout for one call on a bait: a hang detector, far above any linear pattern's time
HANG_SECONDS = 10.0
#: a time for 4n characters at least this large is measured for scaling; below it, noise rules
MEANINGFUL = 0.005
#: time(4n) / time(n) above this is super-linear (linear is 4, quadratic 16)
MAX_RATIO = 8.0


#: steps(4n) / steps(n) above this is super-linear (linear is 4, quadratic 16)
MAX_STEP_RATIO = 6.0


def steps(work: Callable[[], object]) -> int:
    """How many Python events (calls, lines, returns) ``work`` runs: a count of work that no clock or load changes.

    Work done inside C (a regular expression's scan) is one event; the
    patterns' hang detector and the caps bound that, and
    ``benchmarks/hostile.py`` times it.
    """
    count = 0

    def tracer(frame: object, event: str, arg: object) -> Callable[..., object]:
        nonlocal count
        count += 1
        return tracer

    sys.settrace(tracer)  # type: ignore[arg-type]
    try:
        work()
    finally:
        sys.settrace(None)
    return count


def cleanse_modules() -> Iterator[tuple[str, object]]:
    """Every module of the package, except those whose optional dependency is not installed."""
    for info in pkgutil.walk_packages(cleanse.__path__, "cleanse."):
        try:
            module = importlib.import_module(info.name)
        except ModuleNotFoundError as exc:
            # An integration whose extra is missing (datatrove): not cleanse's own code failing.
            if exc.name and not exc.name.startswith("cleanse"):
                continue
            raise
        yield info.name, module


def module_patterns() -> Iterator[tuple[str, Pattern]]:
    """Compiled patterns in cleanse's modules, and pattern literals passed to regex calls inline."""
    for name, module in cleanse_modules():
        for attr, value in vars(module).items():
            values = value.values() if isinstance(value, dict) else value if isinstance(value, tuple) else (value,)
            for i, v in enumerate(values):
                if isinstance(v, regex.Pattern | re.Pattern):
                    yield f"{name}.{attr}" + (f"[{i}]" if len(values) > 1 else ""), v
        # regex.search(r"...", text) compiles a pattern too; find those literals in the source.
        tree = ast.parse(inspect.getsource(module))  # type: ignore[arg-type]
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id in ("regex", "re")
                and node.func.attr in ("compile", "search", "match", "fullmatch", "sub", "findall", "finditer", "split")
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                yield f"{name}:{node.lineno}", regex.compile(node.args[0].value)


_GENERIC_BAIT_UNITS = ("a", "1", " ", "a ", "1 ", "ab", "<", "<a ", "- ", ". ", "&", "\t", "€1 ", "x.", "aaaa ")


def baits(source: str, n: int) -> Iterator[tuple[str, str]]:
    """Strings of about ``n`` characters that make ``source`` try hard and fail.

    Runs of characters its alternatives start with, its words repeated without
    the last one (a phrase list's near misses), and classic nested-repetition
    bait; each ends in a character that breaks the match.
    """
    units = list(_GENERIC_BAIT_UNITS)
    words = regex.findall(r"\p{L}{2,}", regex.sub(r"\\[pPN]\{\w+\}|\\[a-zA-Z]", " ", source))
    units += sorted(set(words[:5]), key=words.index)
    if len(words) > 1:
        units.append(" ".join(words[:-1]) + " ")
    units += sorted({ch for ch in source if not ch.isalnum() and ch not in "\\()[]{}?*+|^$"})[:12]
    for unit in dict.fromkeys(units):
        yield repr(unit[:20]), unit * max(1, n // len(unit)) + "\x00"


def run(pattern: Pattern, text: str, mode: str, timeout: float | None = None) -> float:
    """Seconds one call takes: ``fullmatch``, or every match of ``finditer``; ``timeout`` raises ``TimeoutError``."""
    # Timed without ``timeout``: with it, regex sets up a timer per search, ten
    # times the cost of a short match, which is noise, not the pattern.
    kwargs = {"timeout": timeout} if timeout and isinstance(pattern, regex.Pattern) else {}
    start = time.perf_counter()
    if mode == "fullmatch":
        pattern.fullmatch(text, **kwargs)
    else:
        for _ in pattern.finditer(text, **kwargs):
            pass
    return time.perf_counter() - start


def hangs(pattern: Pattern, mode: str, n: int, timeout: float = HANG_SECONDS, units: tuple[str, ...] = ()) -> list[str]:
    """The baits of about ``n`` characters on which ``pattern`` runs past ``timeout`` (regex stops it)."""
    chosen = [(repr(u), u * (n // len(u)) + "\x00") for u in units] if units else baits(pattern.pattern, n)
    problems = []
    for what, text in chosen:
        try:
            run(pattern, text, mode, timeout)
        except TimeoutError:
            problems.append(f"{what}: over {timeout:g} s at {len(text)} chars")
    return problems


def _times(pattern: Pattern, text: str, mode: str) -> tuple[float, float]:
    """(time at n, time at 4n), each the minimum of interleaved runs: other load only ever adds time."""
    quarter = text[: len(text) // 4 - 1] + "\x00"
    t1 = t2 = float("inf")
    gc.disable()  # a collection in one run and not the other is not the pattern's doing
    try:
        for _ in range(3):
            t1 = min(t1, run(pattern, quarter, mode))
            t2 = min(t2, run(pattern, text, mode))
    finally:
        gc.enable()
    return t1, t2


def audit(
    pattern: Pattern,
    mode: str,
    n: int = 10_000,
    timeout: float = HANG_SECONDS,
    *,
    confirm_at: int = 65_536,
    units: tuple[str, ...] = (),
) -> tuple[list[str], float]:
    """Problems of ``pattern`` on every bait (a timeout, or super-linear growth from n to 4n), and the worst ratio seen.

    ``units`` replaces the baits; ``confirm_at`` is the size a super-linear
    finding is confirmed at.
    """
    problems = []
    worst = 0.0
    chosen = [(repr(u), u * (4 * n // len(u)) + "\x00") for u in units] if units else baits(pattern.pattern, 4 * n)
    for what, text in chosen:
        try:
            run(pattern, text, mode, timeout)
        except TimeoutError:
            problems.append(f"{what}: over {timeout} s at {len(text)} chars")
            continue
        if run(pattern, text, mode) < MEANINGFUL:
            continue
        # Super-linear must show three times over, then again at 64k characters
        # or more: a slow run is the machine (two cores shared), not the pattern,
        # and regex has a step of its own between 4k and 16k characters.
        for sample in (text, text, text, text[:-1] * max(4, confirm_at // len(text)) + "\x00"):
            t1, t2 = _times(pattern, sample, mode)
            ratio = t2 / max(t1, 1e-6)
            if t2 < MEANINGFUL or ratio <= MAX_RATIO:
                worst = max(worst, ratio if t2 >= MEANINGFUL else 0.0)
                break
        else:
            worst = max(worst, ratio)
            problems.append(f"{what}: {t1 * 1e3:.1f} ms at {len(sample) // 4}, {t2 * 1e3:.1f} ms at {len(sample)}")
    return problems, worst
