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

import os
import sys
from collections.abc import Sequence
from typing import IO

SUBCOMMANDS = ("check", "learn", "report")


def main(argv: Sequence[str] | None = None, *, stdin: IO[bytes] | None = None, stdout: IO[str] | None = None) -> int:
    """Run the command line; returns the exit code (testable without a subprocess).

    A reader that goes away (``cleanse --list-rules | head -1``) ends the run
    quietly with exit 0: what was wanted was read. (``cat`` would die of
    SIGPIPE, 141 in a shell; exit 0 keeps ``set -o pipefail`` scripts going.)
    """
    out = stdout or sys.stdout
    try:
        code = _dispatch(list(sys.argv[1:] if argv is None else argv), stdin or sys.stdin.buffer, out)
        out.flush()
    except BrokenPipeError:
        _quiet(out)
        return 0
    return code


def _dispatch(args: list[str], stdin: IO[bytes], out: IO[str]) -> int:
    command = args[0] if args and args[0] in SUBCOMMANDS else ""
    rest = args[1:] if command else args
    if command == "check":
        from .commands import check

        return check.main(rest, stdin=stdin, stdout=out)
    if command == "learn":
        from .commands import learn

        return learn.main(rest, stdin=stdin, stdout=out)
    if command == "report":
        from .commands import report

        return report.main(rest, stdin=stdin, stdout=out)
    from .commands import clean

    return clean.main(rest, stdin=stdin, stdout=out)


def _quiet(out: IO[str]) -> None:
    """Point a closed stdout at /dev/null, so the interpreter's last flush at exit has nowhere to fail."""
    try:
        fd = out.fileno()
    except (OSError, ValueError, AttributeError):
        return  # not a file (a test's StringIO)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fd)
    os.close(devnull)
