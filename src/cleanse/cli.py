"""The command line: which command runs, with what streams.

``cleanse [FILE ...]`` is the filter (``commands.clean``); ``cleanse check``,
``cleanse report`` and ``cleanse learn`` are subcommands, each in its own
module of ``cleanse.commands`` with ``main(argv, *, stdin, stdout) -> int``.
A subcommand's module is imported only when it is called, so the filter
starts fast. A file named like a subcommand is still cleaned when given as
``./check``.

Exit codes: 0 success, 1 findings (``--check``, ``cleanse check``), 2 usage
error or unreadable input (one clear line on stderr), 128 + N when stopped by
signal N.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import IO

SUBCOMMANDS = ("check", "learn", "report")


def main(argv: Sequence[str] | None = None, *, stdin: IO[bytes] | None = None, stdout: IO[str] | None = None) -> int:
    """Run the command line; returns the exit code (testable without a subprocess)."""
    out = stdout or sys.stdout
    stdin_bytes = stdin or sys.stdin.buffer
    args = list(sys.argv[1:] if argv is None else argv)
    command = args[0] if args and args[0] in SUBCOMMANDS else ""
    rest = args[1:] if command else args
    if command == "check":
        from .commands import check

        return check.main(rest, stdin=stdin_bytes, stdout=out)
    if command == "learn":
        from .commands import learn

        return learn.main(rest, stdin=stdin_bytes, stdout=out)
    if command == "report":
        from .commands import report

        return report.main(rest, stdin=stdin_bytes, stdout=out)
    from .commands import clean

    return clean.main(rest, stdin=stdin_bytes, stdout=out)
