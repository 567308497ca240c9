"""Bytes from a stream: gzip or zstd decompressed, cut into lines, joined, each within a bound.

``sources`` reads inputs through these; the profile loader too. Memory is
bounded whatever a stream holds: decompression gives out pieces of bounded
size (a 15 MB ``.gz`` that expands to 10 GB arrives 64 KB at a time), a line
is joined once however long it is, and ``read_all`` and ``lines`` stop
keeping bytes past a limit.
"""

from __future__ import annotations

import zlib
from collections.abc import Generator, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol

#: bytes read from disk at a time, and the most a gzip stream gives out at once
CHUNK = 1 << 16
#: compressed bytes fed to zstd at a time: a block expands at most 32,768-fold, so a piece gives out at most 4 MiB
_ZSTD_STEP = 128

_GZIP_MAGIC = b"\x1f\x8b"
_ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"


class Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


class _Decompressor(Protocol):
    @property
    def eof(self) -> bool: ...

    @property
    def unused_data(self) -> bytes: ...

    def decompress(self, data: bytes, /) -> bytes: ...


class StreamCut(Exception):
    """A compressed stream ended inside a member or frame: the file was cut short.

    Not an ``EOFError``: warcio takes that for a clean end of file.
    """


def _gunzip(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """Decompress concatenated gzip members as they arrive, ``CHUNK`` bytes at most at a time.

    A stream that ends inside a member raises ``StreamCut`` after everything
    before the cut was given out.
    """
    inflater = _gzip()
    started = False
    for chunk in chunks:
        data = chunk
        while data:
            if inflater.eof:  # the next member
                inflater = _gzip()
            started = True
            data = yield from _inflate(inflater, data)
    if started and not inflater.eof:
        raise StreamCut("the compressed stream ends before its end-of-stream marker (truncated?)")


def _inflate(inflater: Any, data: bytes) -> Generator[bytes, None, bytes]:
    """Everything ``data`` gives, in pieces of at most ``CHUNK`` bytes; returns what follows the member's end."""
    while True:
        out = inflater.decompress(data, CHUNK)
        if out:
            yield out
        if inflater.eof:
            leftover: bytes = inflater.unused_data
            return leftover
        data = inflater.unconsumed_tail
        if not data and len(out) < CHUNK:  # a full piece may have more held back: ask again
            return b""


def _unzstd(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """Decompress concatenated zstd frames as they arrive, fed ``_ZSTD_STEP`` bytes at a time.

    zstandard's streaming decompressor has no limit on what one call gives
    out, so the input goes in small pieces instead. A stream that ends inside
    a frame raises ``StreamCut`` after everything before the cut was given out.
    """
    inflater = _zstd()
    started = False
    for chunk in chunks:
        for start in range(0, len(chunk), _ZSTD_STEP):
            data = chunk[start : start + _ZSTD_STEP]
            while data:
                if inflater.eof:  # the next frame
                    inflater = _zstd()
                started = True
                out = inflater.decompress(data)
                if out:
                    yield out
                data = inflater.unused_data if inflater.eof else b""
    if started and not inflater.eof:
        raise StreamCut("the compressed stream ends before its end-of-stream marker (truncated?)")


def _gzip() -> Any:
    return zlib.decompressobj(16 + zlib.MAX_WBITS)


def _zstd() -> _Decompressor:
    import zstandard

    decompressor: _Decompressor = zstandard.ZstdDecompressor().decompressobj()
    return decompressor


def open_chunks(raw: Readable) -> Iterator[bytes]:
    """The bytes of a stream, gzip or zstd decompressed when its magic number says so, in bounded pieces."""
    head = raw.read(CHUNK)
    rest = iter(lambda: raw.read(CHUNK), b"")
    chunks = _chain(head, rest)
    if head.startswith(_GZIP_MAGIC):
        return _gunzip(chunks)
    if head.startswith(_ZSTD_MAGIC):
        return _unzstd(chunks)
    return chunks


def _chain(head: bytes, rest: Iterator[bytes]) -> Iterator[bytes]:
    if head:
        yield head
    yield from rest


def format_size(n: int) -> str:
    """A byte count as people write it: ``128 MiB``, ``2 GiB``, ``10 bytes``.

    >>> format_size(128 << 20), format_size(3 << 10), format_size(10)
    ('128 MiB', '3 KiB', '10 bytes')
    """
    for unit, shift in (("GiB", 30), ("MiB", 20), ("KiB", 10)):
        if n >= 1 << shift and n % (1 << shift) == 0:
            return f"{n >> shift} {unit}"
    return f"{n} bytes"


class TooLarge(Exception):
    """A record holds more than the limit once decompressed."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"is larger than {format_size(limit)} (--max-record-size)")


def read_all(pieces: Iterable[bytes], limit: int) -> bytes:
    """The pieces joined; raises ``TooLarge`` as soon as they pass ``limit`` bytes (0: no limit)."""
    parts: list[bytes] = []
    size = 0
    for piece in pieces:
        size += len(piece)
        if limit and size > limit:
            raise TooLarge(limit)
        parts.append(piece)
    return b"".join(parts)


@dataclass(frozen=True, slots=True)
class Overlong:
    """A line longer than the limit, left out (``lines``): how many bytes it had."""

    size: int


def lines(chunks: Iterable[bytes], limit: int = 0) -> Iterator[bytes | Overlong]:
    """Lines (with their newline) of a chunk stream, newline the only separator.

    Linear however long a line is: each chunk is searched once and a line is
    joined once from its pieces (gluing every chunk to the pending part was
    quadratic: an 80 MB line took 49 s). A line over ``limit`` bytes (0: no
    limit) is not kept: ``Overlong`` stands in its place, so memory stays
    bounded and the lines after it are still read.
    """
    parts: list[bytes] = []
    size = 0
    for chunk in chunks:
        start = 0
        while start < len(chunk):
            end = chunk.find(b"\n", start)
            stop = len(chunk) if end < 0 else end + 1
            size += stop - start
            if limit and size > limit:
                parts = []  # the line is dropped; only its length is counted on
            else:
                parts.append(chunk[start:stop])
            start = stop
            if end >= 0:
                yield _line(parts, size, limit)
                parts, size = [], 0
    if size:
        yield _line(parts, size, limit)


def _line(parts: list[bytes], size: int, limit: int) -> bytes | Overlong:
    if limit and size > limit:
        return Overlong(size)
    return parts[0] if len(parts) == 1 else b"".join(parts)
