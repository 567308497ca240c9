"""Reading inputs whatever they hold: lines read in linear work, and a bound on what one record may expand to.

A decompression bomb (a small .gz or .zst that expands to gigabytes, a JSON
line holding one huge string, a site profile) is reported as one error at its
place and the run goes on with the good inputs beside it; nothing reads the
clock. The inputs are built here.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
import zstandard

import cleanse
from cleanse import profiles
from cleanse.cli import main
from cleanse.sources import MAX_RECORD_BYTES, Record, SourceError, read_inputs
from cleanse.streams import CHUNK, lines, open_chunks

from .conftest import ROOT

ARTICLE = (
    "The city council voted on Tuesday to extend the tram line to the northern districts, ending a debate "
    "that had lasted for almost three years.\n"
)
MIB = 1 << 20


def run(argv: list[str], stdin: bytes = b"") -> tuple[int, str, list[str]]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err):
        code = main(argv, stdin=io.BytesIO(stdin), stdout=out)
    return code, out.getvalue(), err.getvalue().splitlines()


# -- lines in linear work ------------------------------------------------------------------


class _Counted(bytes):
    """A chunk that counts the bytes every concatenation with it copies."""

    copied = 0

    def __add__(self, other: bytes) -> bytes:  # type: ignore[override]
        _Counted.copied += len(self) + len(other)
        return bytes(self) + bytes(other)

    def __radd__(self, other: bytes) -> bytes:
        _Counted.copied += len(self) + len(other)
        return bytes(other) + bytes(self)


@pytest.mark.parametrize("size", [4 * MIB, 16 * MIB])
def test_a_long_line_is_read_in_linear_work(size: int) -> None:
    # One line of `size` bytes in 64 KB chunks: gluing each chunk to all before it copied
    # size**2 / (2 * CHUNK) bytes (10 MB: 0.5 s, 80 MB: 49 s); linear reading copies each byte once or twice.
    _Counted.copied = 0
    chunks = [_Counted(b"x" * CHUNK) for _ in range(size // CHUNK)] + [_Counted(b"\nnext\n")]
    got = list(lines(iter(chunks)))
    assert got == [b"x" * size + b"\n", b"next\n"]
    assert _Counted.copied <= 2 * size, f"{_Counted.copied / size:.1f} bytes copied per byte read"


def test_lines_keep_every_byte_whatever_the_chunking() -> None:
    data = b"a\nbb\n\nccc" * 50 + b"\r\nlast without a newline"
    for step in (1, 2, 3, 7, 64, len(data)):
        chunks = (data[i : i + step] for i in range(0, len(data), step))
        assert b"".join(lines(chunks)) == data
        assert list(lines(data[i : i + step] for i in range(0, len(data), step))) == data.splitlines(keepends=True)


# -- decompression in bounded pieces ---------------------------------------------------------


def _gzip_bomb(expanded: int) -> bytes:
    """gzip members of zeros back to back: about 1 KB per MB expanded."""
    member = gzip.compress(b"\0" * MIB, 9)
    return member * (expanded // MIB)


def _zstd_bomb(expanded: int) -> bytes:
    return zstandard.ZstdCompressor(level=19).compress(b"a" * expanded)


@pytest.mark.parametrize("make", [_gzip_bomb, _zstd_bomb], ids=["gzip", "zstd"])
def test_decompression_gives_bounded_pieces(make: Callable[[int], bytes]) -> None:
    # A 64 MB expansion from a few kilobytes arrives in pieces of bounded size, not at once.
    bomb = make(64 * MIB)
    assert len(bomb) < MIB
    pieces = open_chunks(io.BytesIO(bomb))
    sizes = [len(p) for p in pieces]
    assert sum(sizes) == 64 * MIB
    assert max(sizes) <= 4 * MIB


# -- the limit on one record -------------------------------------------------------------


@pytest.fixture
def good(tmp_path: Path) -> tuple[Path, Path]:
    first, second = tmp_path / "good1.txt", tmp_path / "good2.txt"
    first.write_text(ARTICLE, "utf-8")
    second.write_text(ARTICLE.replace("Tuesday", "Monday"), "utf-8")
    return first, second


@pytest.mark.parametrize(
    ("name", "make"),
    [("bomb.txt.gz", _gzip_bomb), ("bomb.txt.zst", _zstd_bomb)],
    ids=["gzip", "zstd"],
)
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_bomb_among_good_files_is_one_error(
    tmp_path: Path, good: tuple[Path, Path], name: str, make: Callable[[int], bytes], jobs: str
) -> None:
    bomb = tmp_path / name
    bomb.write_bytes(make(8 * MIB))
    target = tmp_path / "out.jsonl"
    argv = ["--no-config", "-j", jobs, "--max-record-size", "2M", "--format", "jsonl", "-o", str(target)]
    code, _, err = run([*argv, str(good[0]), str(bomb), str(good[1])])
    assert code == 2
    assert err == [f"cleanse: error: {bomb}: is larger than 2 MiB (--max-record-size)"]
    records = [json.loads(line) for line in target.read_text("utf-8").splitlines()]
    assert [Path(r["path"]).name for r in records] == ["good1.txt", "good2.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["good1.txt", "good2.txt", name, "out.jsonl"])


def test_a_json_line_holding_one_huge_string(tmp_path: Path) -> None:
    corpus = tmp_path / "c.jsonl.gz"
    huge = json.dumps({"id": "huge", "text": "word " * (MIB // 2)})
    records = [json.dumps({"id": 1, "text": ARTICLE}), huge, json.dumps({"id": 3, "text": ARTICLE})]
    corpus.write_bytes(gzip.compress(("\n".join(records) + "\n").encode()))
    code, out, err = run(["--no-config", "-j", "1", "--max-record-size", "1M", str(corpus)])
    assert code == 2
    assert err == [f"cleanse: error: {corpus}:2: the line is longer than 1 MiB (--max-record-size)"]
    assert [json.loads(line)["id"] for line in out.splitlines()] == [1, 3]


def test_every_command_keeps_the_limit(tmp_path: Path) -> None:
    bomb = tmp_path / "site" / "bomb.txt.gz"
    bomb.parent.mkdir()
    bomb.write_bytes(_gzip_bomb(4 * MIB))
    (tmp_path / "site" / "good.txt").write_text(ARTICLE, "utf-8")
    for command in (["check", "--no-config"], ["report", "--no-config"], ["learn", "--no-prune"]):
        code, _, err = run([*command, "--max-record-size", "1M", str(tmp_path / "site")])
        assert code == 2, command
        assert f"{bomb}: is larger than 1 MiB (--max-record-size)" in err[0], (command, err)


def test_a_warc_record_past_the_limit(tmp_path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    for url, body in (
        ("https://example.org/a", f"<p>{ARTICLE}</p>".encode()),
        ("https://example.org/huge", b"<p>" + b"word " * (MIB // 2) + b"</p>"),
        ("https://example.org/c", f"<p>{ARTICLE}</p>".encode()),
    ):
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers))
    items = list(read_inputs(["-"], "warc", io.BytesIO(buf.getvalue()), max_bytes=MIB))
    assert [type(i).__name__ for i in items] == ["Record", "SourceError", "Record"]
    assert isinstance(items[1], SourceError) and items[1].reason == "is larger than 1 MiB (--max-record-size)"
    assert isinstance(items[2], Record) and items[2].url == "https://example.org/c"


def test_a_profile_that_expands_past_its_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    header = profiles.dumps(profiles.Profile({})).encode()
    bomb = tmp_path / "profile.jsonl.gz"
    bomb.write_bytes(gzip.compress(header + b"\n" * (4 * MIB)))
    assert profiles.load(bomb) == profiles.Profile({})  # under the default limit: a (blank) profile
    with pytest.raises(cleanse.InputError, match="larger than 1 MiB"):
        profiles.load(bomb, max_bytes=MIB)
    monkeypatch.setattr(profiles, "MAX_PROFILE_BYTES", MIB)
    code, _, err = run(["--no-config", "--profile", str(bomb)], ARTICLE.encode())
    assert code == 2 and len(err) == 1 and "larger than 1 MiB" in err[0]


def test_the_limit_is_documented() -> None:
    cli = (ROOT / "docs" / "cli.md").read_text("utf-8")
    assert MAX_RECORD_BYTES == 128 * MIB and "`--max-record-size SIZE`" in cli and "128 MiB" in cli
    assert "1 GiB" in (ROOT / "docs" / "profiles.md").read_text("utf-8")


def test_a_size_is_read_with_its_unit() -> None:
    for argv in (["--max-record-size", "lots"], ["--max-record-size", "-1"]):
        code, _, err = run(["--no-config", *argv], ARTICLE.encode())
        assert code == 2 and len(err) == 1 and "--max-record-size" in err[0], err
    assert run(["--no-config", "--max-record-size", "0"], ARTICLE.encode())[0] == 0  # 0: no limit
    assert run(["--no-config", "--max-record-size", "1k"], ARTICLE.encode())[:2] == (0, cleanse.clean(ARTICLE))
    code, _, err = run(["--no-config", "--max-record-size", "10"], ARTICLE.encode())
    assert code == 2 and err == ["cleanse: error: stdin: is larger than 10 bytes (--max-record-size)"]


# -- symlinks in an input folder ---------------------------------------------------------------

SECRET = "The password of the harbour office is swordfish, and it must never leave this folder at all.\n"


def _tree_with_links(tmp_path: Path) -> Path:
    """in/ with a page, a link to it, a link out of the tree, a link to a folder outside and a loop."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(SECRET, "utf-8")
    tree = tmp_path / "in"
    (tree / "sub").mkdir(parents=True)
    (tree / "sub" / "page.txt").write_text(ARTICLE, "utf-8")
    (tree / "inside.txt").symlink_to("sub/page.txt")
    (tree / "sub" / "link.txt").symlink_to("../../outside/secret.txt")
    (tree / "elsewhere").symlink_to(outside, target_is_directory=True)
    (tree / "sub" / "loop").symlink_to("..", target_is_directory=True)
    return tree


def test_symlinks_do_not_lead_out_of_an_input_folder(tmp_path: Path) -> None:
    tree = _tree_with_links(tmp_path)
    code, out, err = run(["--no-config", "-j", "1", "--format", "jsonl", str(tree)])
    assert (code, err) == (0, [])
    paths = [Path(json.loads(line)["path"]).relative_to(tree).as_posix() for line in out.splitlines()]
    assert paths == ["inside.txt", "sub/page.txt"]
    assert "swordfish" not in out


def test_follow_symlinks_reads_them_and_ends_loops(tmp_path: Path) -> None:
    tree = _tree_with_links(tmp_path)
    code, out, err = run(["--no-config", "-j", "1", "--format", "jsonl", "--follow-symlinks", str(tree)])
    assert (code, err) == (0, [])
    paths = [Path(json.loads(line)["path"]).relative_to(tree).as_posix() for line in out.splitlines()]
    assert paths == ["inside.txt", "elsewhere/secret.txt", "sub/link.txt", "sub/page.txt"]
    for command in (["check", "--no-config"], ["report", "--no-config"], ["learn"]):
        assert run([*command, "--follow-symlinks", str(tree)])[0] in (0, 1), command


def test_a_symlink_named_on_the_command_line_is_read(tmp_path: Path) -> None:
    tree = _tree_with_links(tmp_path)
    code, out, _ = run(["--no-config", str(tree / "sub" / "link.txt")])
    assert code == 0 and "swordfish" in out
