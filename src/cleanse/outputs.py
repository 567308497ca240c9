"""Where cleaned records go: a stream, one file, or a folder mirroring the input tree.

Every file cleanse writes (``-o``, ``--output-dir``, ``--summary-json``, the
report, a learned profile) goes through ``AtomicFile``: written beside its
final name and renamed into place when complete, so an interrupted run never
leaves a half-written file that looks complete, and the temporary file of a
failed or interrupted write is removed. Three things a plain temporary file
gets wrong are right here:

* the mode: the file is created the way ``open`` creates one, so the umask
  applies (0644 under umask 022), and a file written again keeps its mode;
* special files: a device, a FIFO or a symlink to ``/proc/self/fd/1`` is
  written in place, never replaced by a regular file (as root, ``-o
  /dev/null`` would otherwise replace ``/dev/null``); a symlink to a file
  keeps pointing at it;
* the name: the temporary name is cut to fit the file system's limit, so a
  target whose own name fits can always be written.

A write that fails raises ``OutputError`` naming the file: the commands print
it as one line and exit 2.
"""

from __future__ import annotations

import os
import secrets
import signal
import stat
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import IO

from .errors import CleanseError

#: the longest file name when the file system does not say
_NAME_MAX = 255
#: what the temporary name adds to the final one: ".", "." + 8 hex digits, ".tmp"
_TEMP_EXTRA = 14


class OutputError(CleanseError):
    """An output file could not be written; the message names it and says why."""


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def cannot_write(name: object, exc: OSError) -> OutputError:
    """The one-line error for a failed write of ``name``."""
    return OutputError(f"cannot write {name}: {_reason(exc)}")


def _special(path: Path, follow_links: bool) -> bool:
    """Whether ``path`` is a device, a FIFO or a socket (through a symlink when ``follow_links``)."""
    try:
        mode = (os.stat(path) if follow_links else os.lstat(path)).st_mode
    except OSError:
        return False
    return stat.S_ISCHR(mode) or stat.S_ISBLK(mode) or stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode)


def _temp_name(final: Path) -> bytes:
    """A hidden name beside ``final`` that fits the file system's limit however long ``final``'s is."""
    try:
        limit = os.pathconf(final.parent, "PC_NAME_MAX")
    except (OSError, ValueError):
        limit = _NAME_MAX
    stem = os.fsencode(final.name)[: max(1, limit - _TEMP_EXTRA)]
    return b"." + stem + b"." + secrets.token_hex(4).encode() + b".tmp"


class AtomicFile:
    """A text file that appears under its name only once it is complete (``commit``).

    ``handle`` is the stream to write to. A target that is a special file is
    opened and written directly; ``commit`` then only closes it. A symlink is
    followed (its target is written, the link kept) when ``follow_links``,
    else replaced by the file (``--output-dir`` never writes through links).
    """

    def __init__(self, target: Path, *, follow_links: bool = True) -> None:
        self.target = target
        #: the temporary file's path, or None when the target is written in place
        self.temp: bytes | None = None
        try:
            if _special(target, follow_links):
                self.handle: IO[str] = open(target, "w", encoding="utf-8")
                return
            final = target.resolve() if follow_links and target.is_symlink() else target
            self.final = final
            fd = self._create(final)
            try:
                self.handle = open(fd, "w", encoding="utf-8")
            except BaseException:
                os.close(fd)
                self._remove_temp()
                raise
        except OSError as exc:
            raise cannot_write(target, exc) from exc

    def _create(self, final: Path) -> int:
        parent = os.fsencode(final.parent if str(final.parent) else Path("."))
        while True:
            temp = os.path.join(parent, _temp_name(final))
            try:
                # 0o666 as open() uses, so the kernel applies the umask.
                fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666)
            except FileExistsError:
                continue
            self.temp = temp
            break
        try:
            # A file written again keeps its mode: a private corpus stays private.
            existing = os.lstat(final)
            if stat.S_ISREG(existing.st_mode):
                os.fchmod(fd, stat.S_IMODE(existing.st_mode))
        except FileNotFoundError:
            pass
        except OSError:
            os.close(fd)
            self._remove_temp()
            raise
        return fd

    def commit(self) -> None:
        """Close the file and put it in place; raises ``OutputError`` (and removes the temporary file)."""
        try:
            self.handle.close()
            if self.temp is not None:
                os.replace(self.temp, self.final)
                self.temp = None
        except OSError as exc:
            self.discard()
            raise cannot_write(self.target, exc) from exc

    def discard(self) -> None:
        """Close and remove the temporary file; never raises (it runs on the way out of an error)."""
        try:
            self.handle.close()
        except (OSError, ValueError):
            # A full disk fails the close's flush too; the file goes anyway.
            pass
        self._remove_temp()

    def _remove_temp(self) -> None:
        if self.temp is not None:
            try:
                os.unlink(self.temp)
            except OSError:
                pass
            self.temp = None


def write_atomic(target: Path, data: str | bytes, *, follow_links: bool = True) -> None:
    """Write ``data`` to ``target`` whole or not at all; raises ``OutputError`` (``follow_links``: ``AtomicFile``'s).

    SIGINT and SIGTERM wait while one file is written: a signal between
    creating the temporary file and renaming it would otherwise leave the
    temporary file behind. They are delivered as soon as the file is whole.
    """
    blocked = _block_signals()
    try:
        file = AtomicFile(target, follow_links=follow_links)
        try:
            if isinstance(data, bytes):
                file.handle.buffer.write(data)  # type: ignore[attr-defined]
            else:
                file.handle.write(data)
        except OSError as exc:
            file.discard()
            raise cannot_write(target, exc) from exc
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


def refuse_inputs(outputs: Iterable[tuple[str, str | None]], inputs: Iterable[str]) -> None:
    """Raise ``OutputError`` when an output is one of the inputs, or lies in a folder being read.

    ``outputs`` are (option, path) pairs. Checked before any output is opened:
    ``--errors`` truncates its file at once, so an input named there was lost
    before it was read, and ``-o`` over an input replaced it. Files are
    compared by device and inode, so a hard link or another spelling of the
    path is caught too.
    """
    named: list[tuple[str, os.stat_result]] = []
    for name in inputs:
        try:
            named.append((name, os.stat(name)))
        except (OSError, ValueError):
            continue  # stdin ('-'), or missing: the reader reports it
    for option, path in outputs:
        if not path or path == "-":
            continue
        try:
            out: os.stat_result | None = os.stat(path)
        except OSError:
            out = None
        real = Path(path).resolve()
        for name, st in named:
            if stat.S_ISDIR(st.st_mode):
                if real.is_relative_to(Path(name).resolve()):
                    raise OutputError(
                        f"{option} {path} is inside the input folder {name}: it would be read as an input"
                    )
            elif out is not None and (out.st_dev, out.st_ino) == (st.st_dev, st.st_ino):
                raise OutputError(f"{option} {path} is one of the inputs: refusing to overwrite it")


def open_log(path: Path) -> IO[str]:
    """A file written as it goes (``--errors``: what an interrupted run found stays); raises ``OutputError``."""
    try:
        return open(path, "w", encoding="utf-8")
    except OSError as exc:
        raise cannot_write(path, exc) from exc


class Sink:
    """The output of a run: records' rendered text in input order.

    ``json_array`` frames several ``--format json`` objects as one array;
    ``separator`` goes between pages on the stream (several text pages would
    run together), after a newline; JSON lines (``page=False``) need none. ``directory`` (``--output-dir``) writes
    each page to its own mirrored file instead of the stream. ``name`` names
    the stream in errors.

    In a directory, a file is never written twice in one run: inputs that map
    to one name (``page.html``, ``page.txt`` and ``page.txt.gz`` all give
    ``page.txt``) would overwrite each other silently, so the first is kept
    and the others fail with ``OutputError`` (the names written are kept, about
    100 bytes each). Nor does a write go through a symlinked folder inside the
    directory, or through a symlinked file: the link is replaced.
    """

    def __init__(
        self,
        stream: IO[str] | None,
        *,
        json_array: bool = False,
        separator: str = "",
        directory: Path | None = None,
        name: str = "stdout",
    ) -> None:
        self.stream = stream
        self.json_array = json_array
        self.separator = separator
        #: pages written to the stream, and whether what was written last ends a line
        self._pages = 0
        self._line_ended = True
        self.directory = directory
        self.name = name
        self.written = 0
        self._taken: set[str] = set()

    def write(self, text: str, rel: str = "", *, page: bool = True) -> None:
        """Write one record's output; raises ``OutputError`` (``BrokenPipeError`` for a closed stdout)."""
        if self.directory is not None:
            self._write_file(self.directory / rel, rel, text)
        else:
            assert self.stream is not None
            if self.json_array:
                text = ("[\n" if not self.written else ",\n") + text
            elif self.separator and page and self._pages:
                text = ("" if self._line_ended else "\n") + self.separator + text
            self._put(text)
            self._pages += page
            if text:
                self._line_ended = text.endswith("\n")
        self.written += 1

    def _write_file(self, target: Path, rel: str, text: str) -> None:
        assert self.directory is not None
        if rel in self._taken:
            raise OutputError(
                f"its output {target} is written already by another input of this run "
                "(--output-dir maps both to one name)"
            )
        folder = self.directory
        for part in Path(rel).parts[:-1]:
            folder = folder / part
            if folder.is_symlink():
                raise OutputError(f"cannot write {target}: {folder} is a symlink (not written through)")
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise cannot_write(target, exc) from exc
        write_atomic(target, text, follow_links=False)
        self._taken.add(rel)

    def _put(self, text: str) -> None:
        assert self.stream is not None
        try:
            self.stream.write(text)
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise cannot_write(self.name, exc) from exc

    def finish(self) -> None:
        if self.stream is not None:
            if self.json_array:
                self._put("\n]\n" if self.written else "[]\n")
            try:
                self.stream.flush()
            except BrokenPipeError:
                raise
            except OSError as exc:
                raise cannot_write(self.name, exc) from exc
