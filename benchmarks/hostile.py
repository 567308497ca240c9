"""Hostile-input table: every hostile input through the CLI, at full size.

Each input of ``tests/hostile_inputs.py`` (the 100 MB single line, a million
tiny lines, 100k-deep and 1M-deep HTML, entity bombs, binary files, broken
encodings, bad JSON lines...) is written to a temporary file and cleaned by
``python -m cleanse FILE`` in a fresh child process. The outcome is checked as
the test suite checks it (a sane result or one clear error line; a failed
check is reported in the table, not raised), and a markdown table is printed:
input, size, what happened, wall time and the child's peak resident memory.

Run from the project root (the full run takes a few minutes)::

    .venv/bin/python benchmarks/hostile.py

Options: ``--ci`` (the smaller sizes the test suite uses), ``--only TEXT``
(cases whose name contains TEXT), ``--timeout S`` per case (default 600).
Timings are wall-clock and sensitive to other load on the machine.

``--audit`` prints the regular-expression audit instead (with ``--only TEXT``,
of the patterns whose name contains TEXT: a rule code, ``lines``, a module) (the test suite only
checks that no pattern hangs): every pattern cleanse compiles, on inputs built
to make it backtrack, timed at n and 4n characters. Whole-line phrase patterns
are timed on long lines (16,000 and 64,000 characters), far past the
``LINE_MAX_CHARS`` the pipeline lets them see; searched ones at the sizes they
meet. A pattern whose time grows more than 8x from n to 4n, confirmed at 64k
characters, is listed as super-linear and the exit is 1::

    .venv/bin/python benchmarks/hostile.py --audit

``--reader`` times the JSON-lines reader alone (``sources.read_inputs``) on one
line of 10, 20, 40 and 80 MB: linear reading takes about twice as long for
twice the line (it took 0.5 / 2.0 / 11.8 / 49 s when each chunk was glued to
the line so far)::

    .venv/bin/python benchmarks/hostile.py --reader
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.hostile_inputs import CASES, human, judge, run_cli, write_case


def audit_table(only: str = "") -> int:
    """Time every pattern on its baits at n and 4n; print the slowest and any super-linear; 1 if any.

    ``only``: audit just the patterns whose name contains it (a rule code, ``lines``, a module).
    """
    from tests.bounded import audit, module_patterns

    from cleanse.registry import list_rules
    from cleanse.rules.base import PHRASE_SEARCH_CHARS, PhraseRule, compile_alternation, phrase_matcher, phrase_tables

    rows: list[tuple[str, str, int, float, list[str]]] = []
    for name, pattern in module_patterns():
        if only not in name:
            continue
        problems, worst = audit(pattern, "finditer")
        rows.append((name, "finditer", 40_000, worst, problems))
    for rule in (r for r in list_rules() if issubclass(r, PhraseRule)):
        for kind, patterns in rule.patterns(None).items():
            for p in dict.fromkeys(patterns):
                pattern = compile_alternation([p], rule.code)
                if pattern is None or only not in f"{rule.code} {kind}":
                    continue
                mode, n = ("fullmatch", 16_000) if kind == "lines" else ("finditer", PHRASE_SEARCH_CHARS // 2)
                problems, worst = audit(pattern, mode, n=n)
                rows.append((f"{rule.code} {kind} {p[:50]!r}", mode, 4 * n, worst, problems))
    for lang in ("*", *phrase_tables()):
        matcher = phrase_matcher(tuple(r for r in list_rules() if issubclass(r, PhraseRule)), lang)
        for kind, pattern in matcher.compiled_patterns().items():
            if pattern is not None and only in f"matcher {lang} {kind}":
                mode, n = ("fullmatch", 16_000) if kind.startswith("lines") else ("finditer", PHRASE_SEARCH_CHARS // 2)
                problems, worst = audit(pattern, mode, n=n)
                rows.append((f"matcher {lang} {kind}", mode, 4 * n, worst, problems))
    bad = [r for r in rows if r[4]]
    lines = sum(1 for r in rows if r[1] == "fullmatch")
    print(
        f"{len(rows)} patterns audited ({lines} whole-line, on lines of up to 64,000 characters); {len(bad)} super-linear"
    )
    print()
    print("| pattern | mode | chars (4n) | worst time(4n)/time(n) | problems |")
    print("|---|---|---:|---:|---|")
    slowest = sorted(rows, key=lambda r: -r[3])[:25]
    shown = slowest + [r for r in bad if r not in slowest]
    for name, mode, chars, worst, problems in shown:
        what = "; ".join(problems) if problems else ("linear" if worst else "too fast to measure")
        print(f"| {name.replace('|', '/')} | {mode} | {chars:,} | {worst:.1f} | {what.replace('|', '/')} |")
    return 1 if bad else 0


def reader_table() -> int:
    """Time reading one JSON line of 10 to 80 MB; exit 1 when doubling the line more than triples the time."""
    import io
    import json
    import time

    from cleanse.sources import Record, read_inputs

    print("| line | records | time (s) | time / previous |")
    print("|---:|---:|---:|---:|")
    previous = 0.0
    worst = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for mb in (10, 20, 40, 80):
            path = Path(tmp) / f"line-{mb}.jsonl"
            path.write_text(json.dumps({"text": "word " * (mb * 200_000)}) + "\n", "utf-8")
            start = time.perf_counter()
            items = list(read_inputs([str(path)], "auto", io.BytesIO(), max_bytes=0))
            seconds = time.perf_counter() - start
            assert [type(i) for i in items] == [Record]
            ratio = seconds / previous if previous else 0.0
            worst = max(worst, ratio)
            print(f"| {mb} MB | {len(items)} | {seconds:.2f} | {f'{ratio:.1f}x' if ratio else '-'} |", flush=True)
            previous = seconds
            path.unlink()
    return 1 if worst > 3 else 0


def main() -> int:
    """Run the cases and print the table; exit 1 when any outcome was not sane."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ci", action="store_true", help="use the test suite's smaller sizes")
    parser.add_argument("--only", default="", help="run only cases whose name contains this")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds per case (default 600)")
    parser.add_argument("--audit", action="store_true", help="time every regular expression on adversarial input")
    parser.add_argument("--reader", action="store_true", help="time the JSON-lines reader on one line of 10-80 MB")
    args = parser.parse_args()
    if args.audit:
        return audit_table(args.only)
    if args.reader:
        return reader_table()
    rows = []
    bad = 0
    print("| input | size | what happened | time (s) | peak memory (MiB) |")
    print("|---|---:|---|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        for case in CASES:
            if args.only.lower() not in case.name.lower():
                continue
            size = case.ci_size if args.ci else case.full_size
            path, data = write_case(case, size, Path(tmp))
            outcome = run_cli([*case.args, str(path)], timeout=args.timeout)
            try:
                what = judge(case, data, outcome)
            except Exception as exc:  # a failed check is a row of the table, not a crash
                bad += 1
                first = (outcome.stderr.strip().splitlines() or [""])[-1]
                what = f"NOT SANE (exit {outcome.code}): {str(exc)[:80]!r} {first[:80]}"
            shown = f"{human(len(data))}" + (f" ({size:,} {case.unit})" if case.unit != "B" else "")
            row = (
                f"| {case.name} | {shown} | {what.replace('|', '/')} | {outcome.seconds:.2f} | {outcome.peak_mib:.0f} |"
            )
            rows.append(row)
            print(row, flush=True)
            path.unlink()
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
