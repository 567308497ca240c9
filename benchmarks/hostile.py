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
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.hostile_inputs import CASES, human, judge, run_cli, write_case


def main() -> int:
    """Run the cases and print the table; exit 1 when any outcome was not sane."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ci", action="store_true", help="use the test suite's smaller sizes")
    parser.add_argument("--only", default="", help="run only cases whose name contains this")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds per case (default 600)")
    args = parser.parse_args()
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
