"""Where cleaned records go: a stream, one file, or a folder mirroring the input tree.

Every file is written beside its final name and renamed into place when
complete, so an interrupted run never leaves a half-written file that looks
complete; the temporary file of an interrupted write is removed.
"""

from __future__ import annotations

import os
import signal
import tempfile
import threading
from pathlib import Path
from typing import IO


class AtomicFile:
    """A text file that appears under its name only once it is complete (``commit``)."""

    def __init__(self, target: Path) -> None:
        self.target = target
        parent = target.parent if str(target.parent) else Path(".")
        self.handle: IO[str] = tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=parent, prefix=f".{target.name}.", suffix=".tmp", delete=False
        )

    def commit(self) -> None:
        self.handle.close()
        os.replace(self.handle.name, self.target)

    def discard(self) -> None:
        self.handle.close()
        try:
            os.unlink(self.handle.name)
        except OSError:
            pass


def write_atomic(target: Path, text: str) -> None:
    """Write ``text`` to ``target`` whole or not at all.

    SIGINT and SIGTERM wait while one file is written: a signal between
    creating the temporary file and renaming it would otherwise leave the
    temporary file behind. They are delivered as soon as the file is whole.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    blocked = _block_signals()
    try:
        file = AtomicFile(target)
        try:
            file.handle.write(text)
        except BaseException:
            file.discard()
            raise
        file.commit()
    finally:
        if blocked:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)


_STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}


def _block_signals() -> bool:
    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not threading.main_thread():
        return False
    signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
    return True


class Sink:
    """The output of a run: records' rendered text in input order.

    ``json_array`` frames several ``--format json`` objects as one array.
    ``directory`` (``--output-dir``) writes each page to its own mirrored file
    instead of the stream.
    """

    def __init__(self, stream: IO[str] | None, *, json_array: bool = False, directory: Path | None = None) -> None:
        self.stream = stream
        self.json_array = json_array
        self.directory = directory
        self.written = 0

    def write(self, text: str, rel: str = "") -> None:
        if self.directory is not None:
            write_atomic(self.directory / rel, text)
        else:
            assert self.stream is not None
            if self.json_array:
                text = ("[\n" if not self.written else ",\n") + text
            self.stream.write(text)
        self.written += 1

    def finish(self) -> None:
        if self.stream is not None:
            if self.json_array:
                self.stream.write("\n]\n" if self.written else "[]\n")
            self.stream.flush()
