"""Reading inputs: files, folders, stdin, gzip and zstd streams, JSON lines and WARC.

Every input becomes one stream of items, in input order: a ``Record`` (one page
to clean, with where it came from) or a ``SourceError`` (something that could
not be read, with its position). Nothing here cleans or decodes pages; records
carry raw bytes so the costly work happens in worker processes.

Positions: a JSON line's line number, a WARC record's number in its file (every
record counts, skipped ones too), or 0 for a whole file. Compressed files are
streamed; a truncated one gives every complete record before the cut, then an
error at the position where reading stopped, like the gzip path always did.

Memory is bounded whatever an input holds (``streams``: decompression in
pieces of bounded size, lines joined once), and one record (a page, a JSON
line, a WARC response) may hold at most ``max_bytes`` once decompressed
(``--max-record-size``, default ``MAX_RECORD_BYTES``). A larger one, a
decompression bomb say, is an error at its place and reading goes on.

Folders are walked recursively in sorted order, skipping hidden entries (our
own temporary files start with a dot).

Every command reads its inputs here (``cleanse``, ``check``, ``report`` and
``learn``), and ``documents`` turns each record into a page the same way for
all of them, so they cannot disagree about what an input holds.
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, Any

from .streams import CHUNK, Overlong, Readable, StreamCut, TooLarge, format_size, lines, open_chunks, read_all

#: the most one record may hold once decompressed, by default (``--max-record-size``)
MAX_RECORD_BYTES = 128 << 20
#: name endings that say how a file is read (``input_kind``), any case, after a compression suffix
COMPRESSED_SUFFIXES = (".gz", ".zst")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
WARC_SUFFIXES = (".warc",)
#: the names of page files, for commands that pick files out of a folder (``cleanse check``)
PAGE_SUFFIXES = (".txt", ".text", ".md", ".html", ".htm", ".xhtml")
#: the HTTP content types of pages worth cleaning in a WARC file
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})


@dataclass(frozen=True, slots=True)
class Record:
    """One page to clean, as raw bytes, with where it came from.

    ``kind`` is ``page`` (a whole file: text or HTML, as ``--input-format``
    says), ``json`` (one JSON line) or ``html`` (a WARC response body).
    """

    source: str
    position: int
    kind: str
    data: bytes
    url: str = ""
    #: the charset the HTTP Content-Type header declared (WARC records)
    charset: str = ""
    #: WARC-Record-ID of a WARC record
    record_id: str = ""
    #: the path a mirrored output takes, relative to the output folder (pages)
    rel: str = ""
    #: a page file's site: the first folder under the folder named, or the folder holding a file named
    site: str = ""
    #: bytes read from disk since the previous item (compressed size; for progress)
    consumed: int = 0


@dataclass(frozen=True, slots=True)
class SourceError:
    """An input, or a part of one, that could not be read."""

    source: str
    position: int
    reason: str
    consumed: int = 0


Item = Record | SourceError


def printable(name: str) -> str:
    """A name as one line of text people read: bytes that are not UTF-8 and control characters escaped.

    A file name is bytes; Python reads the bytes that are not UTF-8 as lone
    surrogates (0xE9 as ``\\udce9``), which no UTF-8 stream can write, and a
    newline in a name would break a one-line message in two.

    >>> print(printable("caf\\udce9.txt"), printable("two\\nlines.txt"), printable("plain é.txt"))
    caf\\udce9.txt two\\nlines.txt plain é.txt
    """
    if name.isprintable():
        return name
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in name)


def where(item: Item) -> str:
    """How messages name an item: its file, with the record's position in it when it has one.

    >>> where(SourceError("c.jsonl", 4, "not JSON")), where(Record("two\\nlines.txt", 0, "page", b""))
    ('c.jsonl:4', 'two\\\\nlines.txt')
    """
    source = printable(item.source)
    return f"{source}:{item.position}" if item.position else source


def input_kind(name: str, input_format: str) -> str:
    """How to read a file: ``jsonl``, ``warc`` or ``page`` (text or HTML, per file).

    With ``--input-format auto`` the extension decides, compression suffixes
    aside; anything else is a page whose text-or-HTML nature is sniffed later.

    >>> [input_kind(n, "auto") for n in ("a.jsonl.zst", "b.warc.gz", "c.html", "d.txt.gz")]
    ['jsonl', 'warc', 'page', 'page']
    """
    if input_format in ("jsonl", "warc"):
        return input_format
    if input_format != "auto":
        return "page"
    stem = _stem(name)
    if stem.endswith(JSONL_SUFFIXES):
        return "jsonl"
    if stem.endswith(WARC_SUFFIXES):
        return "warc"
    return "page"


def _stem(name: str) -> str:
    stem = name.lower()
    for suffix in COMPRESSED_SUFFIXES:
        stem = stem.removesuffix(suffix)
    return stem


def named_like_input(name: str) -> bool:
    """Whether a file's name says it holds pages: a page, JSON lines or WARC suffix, compressed or not.

    >>> [named_like_input(n) for n in ("a/Page.TXT", "b.xhtml.zst", "c.jsonl.gz", "d.warc", "e.py", "f.png")]
    [True, True, True, True, False, False]
    """
    return _stem(name).endswith(PAGE_SUFFIXES + JSONL_SUFFIXES + WARC_SUFFIXES)


def mirror_path(rel: str, suffix: str = ".txt") -> str:
    """Where a page's output goes under ``--output-dir``: compression suffix off, ``suffix`` on.

    >>> mirror_path("a/b/page.html.gz"), mirror_path("notes"), mirror_path("x/.y.htm")
    ('a/b/page.txt', 'notes.txt', 'x/.y.txt')
    """
    path = Path(rel)
    for compressed in COMPRESSED_SUFFIXES:
        if path.suffix.lower() == compressed:
            path = path.with_suffix("")
    if path.suffix and path.stem:
        path = path.with_suffix("")
    return str(path) + suffix


@dataclass(frozen=True, slots=True)
class InputFile:
    """A file to read: its path, where its output goes under ``--output-dir``, and its site."""

    path: str
    rel: str
    site: str


def expand(
    names: Sequence[str],
    keep: Callable[[str], bool] | None = None,
    *,
    empty_folders_fail: bool = True,
    follow_symlinks: bool = False,
) -> Iterator[InputFile | SourceError]:
    """Every input file, folders walked in sorted order; ``keep`` picks the files of folders by name.

    A folder with no file to read is an error, unless ``empty_folders_fail``
    is false (a linter warns that it checked nothing instead).
    A folder's files are relative to the folder; a file given by name keeps its
    relative path, or only its name when the path is absolute or climbs out.
    A file's site is the first folder under the folder named
    (``pages/example.com/2024/a.html`` is ``example.com``), or the folder
    holding a file named directly, in lower case.

    Symlinks do not lead out of a folder, as with rsync and ruff: a symlinked
    file is read only when it points inside the folder, and a symlinked
    folder is not entered, unless ``follow_symlinks`` (a folder reached twice,
    by a link loop say, is walked once). A file named directly is always read.
    """
    for name in names:
        if name == "-":
            yield InputFile("-", "stdin", "")
            continue
        path = Path(name)
        if path.is_dir():
            found = False
            for full in _walk(path, follow_symlinks):
                if keep is not None and not keep(full.name):
                    continue
                found = True
                parts = full.relative_to(path).parts
                site = parts[0] if len(parts) > 1 else path.resolve().name
                yield InputFile(str(full), "/".join(parts), site.lower())
            if not found and empty_folders_fail:
                yield SourceError(name, 0, "the folder has no files")
            continue
        named = path.name if path.is_absolute() or ".." in path.parts else path.as_posix()
        yield InputFile(name, named, path.resolve().parent.name.lower())


def _walk(top: Path, follow_symlinks: bool) -> Iterator[Path]:
    """The files under ``top``: a folder's files, then its subfolders, each sorted; hidden names skipped."""
    inside = top.resolve()
    walked: set[tuple[int, int]] = set()
    for root, dirs, files in os.walk(top, followlinks=follow_symlinks):
        if follow_symlinks:
            folder = os.stat(root)
            if (folder.st_dev, folder.st_ino) in walked:
                dirs[:] = []
                continue
            walked.add((folder.st_dev, folder.st_ino))
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for file in sorted(f for f in files if not f.startswith(".")):
            full = Path(root) / file
            if not follow_symlinks and full.is_symlink() and not full.resolve().is_relative_to(inside):
                continue
            yield full


class _Counting:
    """A binary stream that counts the bytes read through it (progress in MB)."""

    def __init__(self, raw: Readable) -> None:
        self.raw = raw
        self.count = 0

    def read(self, size: int = -1, /) -> bytes:
        data = self.raw.read(size)
        self.count += len(data)
        return data


class _ChunkReader:
    """A file-like view of a chunk iterator, for readers that want ``read()`` (warcio).

    Reads are short (at most one chunk), so an error raised by the next chunk
    reaches the reader only after every byte before it was delivered; a
    buffered reader would drop the bytes it had gathered for that read.
    """

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self.chunks = chunks
        self.buffer = b""
        self.count = 0

    def read(self, size: int = -1) -> bytes:
        while not self.buffer:
            chunk = next(self.chunks, None)
            if chunk is None:
                return b""
            self.buffer = chunk
        n = len(self.buffer) if size is None or size < 0 else size
        out, self.buffer = self.buffer[:n], self.buffer[n:]
        self.count += len(out)
        return out

    def close(self) -> None:
        pass


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or type(exc).__name__


def read_inputs(
    names: Sequence[str],
    input_format: str,
    stdin: IO[bytes],
    *,
    keep: Callable[[str], bool] | None = None,
    empty_folders_fail: bool = True,
    stdin_format: str = "auto",
    max_bytes: int = MAX_RECORD_BYTES,
    follow_symlinks: bool = False,
) -> Iterator[Item]:
    """Every record of every input, in order, errors in their place.

    ``keep``, ``empty_folders_fail`` and ``follow_symlinks`` are ``expand``'s; ``stdin_format`` is
    how stdin is read when ``input_format`` is ``auto`` (a page, unless a
    command reads a corpus there); ``max_bytes`` is the most one record may
    hold once decompressed (0: no limit).
    """
    for entry in expand(names, keep, empty_folders_fail=empty_folders_fail, follow_symlinks=follow_symlinks):
        if isinstance(entry, SourceError):
            yield entry
            continue
        path = entry.path
        source = "stdin" if path == "-" else path
        try:
            raw = stdin if path == "-" else open(path, "rb")
        except OSError as exc:
            yield SourceError(source, 0, f"cannot read: {_reason(exc)}")
            continue
        counting = _Counting(raw)
        try:
            kind = input_kind(path, stdin_format if path == "-" and input_format == "auto" else input_format)
            if kind == "jsonl":
                yield from _jsonl(source, counting, max_bytes)
            elif kind == "warc":
                yield from _warc(source, counting, max_bytes)
            else:
                yield _page(source, entry, counting, max_bytes)
        finally:
            if path != "-":
                raw.close()


def _page(source: str, entry: InputFile, raw: _Counting, limit: int) -> Item:
    """A whole file as one record; a truncated compressed page is an error, not half a page."""
    try:
        data = read_all(open_chunks(raw), limit)
    except TooLarge as exc:
        return SourceError(source, 0, str(exc), raw.count)
    except (OSError, StreamCut, zlib.error, ValueError) as exc:
        return SourceError(source, 0, f"cannot read: {_reason(exc)}", raw.count)
    return Record(source, 0, "page", data, rel=entry.rel, site=entry.site, consumed=raw.count)


def _jsonl(source: str, raw: _Counting, limit: int) -> Iterator[Item]:
    number = 0
    seen = 0
    stream_lines = lines(open_chunks(raw), limit)
    while True:
        try:
            line = next(stream_lines, None)
        except (OSError, StreamCut, zlib.error, ValueError) as exc:
            # zstandard raises ZstdError, a ValueError-like; all mean the stream is unreadable from here
            yield SourceError(source, number + 1, f"cannot read on: {_reason(exc)}", raw.count - seen)
            return
        if line is None:
            return
        number += 1
        if isinstance(line, Overlong):
            yield SourceError(
                source, number, f"the line is longer than {format_size(limit)} (--max-record-size)", raw.count - seen
            )
            seen = raw.count
        elif line.strip():
            yield Record(source, number, "json", line, consumed=raw.count - seen)
            seen = raw.count


def _warc(source: str, raw: _Counting, limit: int) -> Iterator[Item]:
    """The HTML responses of a WARC file; requests, metadata and other types are skipped.

    gzip (per record or whole file) and zstd are decompressed here rather than
    by warcio, so a truncated file raises at the cut instead of ending quietly.
    warcio also ends quietly when an uncompressed file stops inside a record's
    headers; the end offset it reached, short of the bytes read, tells.
    """
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    reader = _ChunkReader(open_chunks(raw))
    archive = ArchiveIterator(reader, arc2warc=False)
    records = iter(archive)
    number = 0
    seen = 0
    while True:
        record = None
        try:
            record = next(records, None)
            if record is None:
                if archive.offset < reader.count:
                    yield SourceError(source, number + 1, "cannot read on: the file ends inside a record (truncated?)")
                return
            number += 1
            item = _warc_item(source, number, record, limit)
        except (OSError, StreamCut, zlib.error, ValueError, ArchiveLoadFailed) as exc:
            # The record being read when it failed: the one just counted, or the next.
            position = number if record is not None else number + 1
            yield SourceError(source, position, f"cannot read on: {_reason(exc)}", raw.count - seen)
            return
        if item is not None:
            yield replace(item, consumed=raw.count - seen)
            seen = raw.count


def _warc_item(source: str, number: int, record: Any, limit: int) -> Item | None:
    if record.rec_type != "response" or record.http_headers is None:
        return None
    content_type = record.http_headers.get_header("Content-Type") or ""
    mime, _, params = content_type.partition(";")
    status = record.http_headers.get_statuscode() or ""
    # Redirects and error pages carry a stub body, not an article.
    if mime.strip().lower() not in _HTML_TYPES or not status.startswith("2"):
        return None
    content = record.content_stream()
    try:
        data: bytes | None = read_all(iter(lambda: content.read(CHUNK), b""), limit)
    except TooLarge as exc:
        data, too_large = None, str(exc)
        _drain(content)
    _drain(record.raw_stream)  # the rest of the block, so a cut shows in the limit below
    if record.raw_stream.limit > 0:
        return SourceError(source, number, "the record is cut short (truncated file?)")
    if data is None:
        return SourceError(source, number, too_large)
    charset = ""
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip("\"'")
    url = record.rec_headers.get_header("WARC-Target-URI") or ""
    record_id = record.rec_headers.get_header("WARC-Record-ID") or ""
    return Record(source, number, "html", data, url=url, charset=charset, record_id=record_id)


def _drain(stream: Any) -> None:
    """Read a stream to its end a piece at a time, keeping nothing."""
    while stream.read(CHUNK):
        pass
