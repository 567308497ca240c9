"""Every output through one writer: whole or not at all, the umask's mode, special files written in place.

Write failures of every kind (a full disk, a missing or read-only folder, a
name at the file system's limit) are one ``cleanse: error:`` line and exit 2,
with no temporary file left behind. The pages are built here.
"""

from __future__ import annotations

import contextlib
import errno
import gzip
import io
import json
import os
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

import cleanse
from cleanse.cli import main
from cleanse.outputs import AtomicFile, write_atomic

PAGE = (
    "Support The Example Times!\n\n"
    "The city council voted on Tuesday to extend the tram line to the northern districts, ending a debate "
    "that had lasted for almost three years.\n\n"
    "Supporters of the plan say it will cut travel times in half for thousands of commuters, while critics "
    "warn that the cost has already doubled.\n\n"
    "Read more\n"
)
BODY = cleanse.clean(PAGE)
#: hang detector for child processes, not a speed check
HANG = 120


def run(argv: list[str], stdin: bytes = b"") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err):
        code = main(argv, stdin=io.BytesIO(stdin), stdout=out)
    return code, out.getvalue(), err.getvalue()


def one_error(err: str) -> str:
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("cleanse"), err
    assert "Traceback" not in err
    return lines[0]


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


@pytest.fixture
def page(tmp_path: Path) -> Path:
    path = tmp_path / "page.txt"
    path.write_text(PAGE, "utf-8")
    return path


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob(".*"))


# -- the umask ---------------------------------------------------------------------------


def test_every_output_file_gets_the_umask_mode(tmp_path: Path, page: Path, umask_022: None) -> None:
    out = tmp_path / "out"
    out.mkdir()
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(json.dumps({"url": "https://example.org/a", "text": PAGE}) + "\n", "utf-8")
    assert run([str(page), "-o", str(out / "body.txt")])[0] == 0
    assert run([str(page), "--output-dir", str(out / "dir")])[0] == 0
    assert run([str(page), "-o", "-", "--summary-json", str(out / "summary.json")])[0] == 0
    assert run(["report", "--no-config", str(page), "-o", str(out / "report.html")])[0] == 0
    assert run(["learn", str(corpus), "-o", str(out / "profile.jsonl")])[0] == 0
    assert run(["learn", str(corpus), "-o", str(out / "profile.jsonl.gz")])[0] == 0
    assert run([str(page), "--errors", str(out / "errors.jsonl")])[0] == 0
    written = sorted(p for p in out.rglob("*") if p.is_file())
    assert sorted(p.name for p in written) == sorted(
        ["body.txt", "page.txt", "summary.json", "report.html", "profile.jsonl", "profile.jsonl.gz", "errors.jsonl"]
    )
    assert {p.name: oct(mode(p)) for p in written} == {p.name: "0o644" for p in written}
    assert leftovers(out) == []


def test_an_existing_output_keeps_its_mode(tmp_path: Path, page: Path, umask_022: None) -> None:
    # A private file stays private when it is written again.
    target = tmp_path / "private.txt"
    target.write_text("old", "utf-8")
    target.chmod(0o600)
    assert run([str(page), "-o", str(target)])[0] == 0
    assert target.read_text("utf-8") == BODY and mode(target) == 0o600


# -- special files: written in place, never replaced -------------------------------------


def test_output_onto_a_fifo_writes_into_it(tmp_path: Path, page: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    code, _, err = run([str(page), "-o", str(fifo)])
    reader.join(HANG)
    assert (code, err) == (0, "")
    assert got == [BODY.encode()]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert leftovers(tmp_path) == []


def test_output_onto_a_character_device_writes_into_it(tmp_path: Path, page: Path) -> None:
    null = tmp_path / "null"
    try:
        os.mknod(null, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except (PermissionError, AttributeError):
        pytest.skip("making a device node needs root")
    for argv in ([str(page), "-o", str(null)], [str(page), "--summary-json", str(null)]):
        assert run(argv)[0] == 0
        assert stat.S_ISCHR(os.lstat(null).st_mode), argv
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(json.dumps({"url": "https://example.org/a", "text": PAGE}) + "\n", "utf-8")
    assert run(["learn", str(corpus), "-o", str(null)])[0] == 0
    assert run(["report", "--no-config", str(page), "-o", str(null)])[0] == 0
    assert stat.S_ISCHR(os.lstat(null).st_mode)
    assert leftovers(tmp_path) == []


def test_output_onto_a_symlink_to_our_own_stdout(tmp_path: Path, page: Path) -> None:
    link = tmp_path / "stdout"
    link.symlink_to("/proc/self/fd/1")
    proc = subprocess.run(
        [sys.executable, "-m", "cleanse", "--no-config", str(page), "-o", str(link)],
        capture_output=True,
        timeout=HANG,
        check=False,
    )
    assert (proc.returncode, proc.stderr) == (0, b"")
    assert proc.stdout == BODY.encode()
    assert os.readlink(link) == "/proc/self/fd/1"


def test_output_through_a_symlink_to_a_file_keeps_the_link(tmp_path: Path, page: Path) -> None:
    real = tmp_path / "real.txt"
    real.write_text("old", "utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(real.name)
    assert run([str(page), "-o", str(link)])[0] == 0
    assert link.is_symlink() and real.read_text("utf-8") == BODY


# -- write failures: one line, exit 2, nothing left behind ---------------------------------


def _limited(argv: list[str], cwd: Path, max_bytes: int) -> subprocess.CompletedProcess[bytes]:
    """The CLI in a child whose files may not grow past ``max_bytes``: a full disk, portably (EFBIG)."""
    import resource

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (max_bytes, max_bytes))

    return subprocess.run(
        [sys.executable, "-m", "cleanse", "--no-config", *argv],
        capture_output=True,
        timeout=HANG,
        check=False,
        cwd=cwd,
        preexec_fn=limit,
    )


def test_a_full_disk_with_an_output_file(tmp_path: Path) -> None:
    corpus = tmp_path / "c.jsonl"
    corpus.write_text("".join(json.dumps({"id": i, "text": PAGE}) + "\n" for i in range(200)), "utf-8")
    out = tmp_path / "out"
    out.mkdir()
    proc = _limited([str(corpus), "-j", "1", "-o", str(out / "clean.jsonl")], tmp_path, 4000)
    err = proc.stderr.decode()
    assert proc.returncode == 2, err
    assert one_error(err).startswith(f"cleanse: error: cannot write {out / 'clean.jsonl'}: ")
    assert list(out.iterdir()) == []


def test_a_full_disk_with_an_output_folder(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    tree.mkdir()
    prose = "".join(f"Line {i} of the report says the river rose by {i} centimetres overnight.\n" for i in range(100))
    for i in range(3):
        (tree / f"p{i}.txt").write_text(prose, "utf-8")
    out = tmp_path / "out"
    proc = _limited(["-j", "1", "--output-dir", str(out), str(tree)], tmp_path, 1000)
    err = proc.stderr.decode().splitlines()
    assert proc.returncode == 2, err
    assert len(err) == 3 and all(e.startswith("cleanse: error: ") and "cannot write" in e for e in err), err
    assert leftovers(out) == [] and list(out.iterdir()) == []


class _FullDisk(io.RawIOBase):
    """A file on a full disk: every write fails with ENOSPC."""

    def writable(self) -> bool:
        return True

    def write(self, data: object) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")


def test_the_writer_cleans_up_when_the_disk_fills(tmp_path: Path) -> None:
    # The write fails, and so does the close that flushes the rest: the temporary file still goes.
    file = AtomicFile(tmp_path / "out.txt")
    file.handle.close()
    file.handle = io.TextIOWrapper(io.BufferedWriter(_FullDisk()), encoding="utf-8")
    with pytest.raises(OSError, match="No space"):
        file.handle.write("x" * 100_000)
    file.handle.write("more")
    file.discard()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("option", ["-o", "--errors", "--summary-json"], ids=["output", "errors", "summary-json"])
def test_an_output_in_a_missing_folder_is_one_line(tmp_path: Path, page: Path, option: str) -> None:
    target = tmp_path / "missing" / "file.out"
    code, out, err = run([str(page), option, str(target)])
    assert code == 2 and out == ""
    assert one_error(err) == f"cleanse: error: cannot write {target}: No such file or directory"


def test_a_summary_that_cannot_be_written_stops_the_run_before_it_starts(tmp_path: Path, page: Path) -> None:
    target = tmp_path / "body.txt"
    code, _, err = run([str(page), "-o", str(target), "--summary-json", str(tmp_path / "no" / "s.json")])
    assert code == 2 and "cannot write" in one_error(err)
    assert not target.exists() and leftovers(tmp_path) == []


def test_report_and_learn_outputs_in_a_missing_folder(tmp_path: Path, page: Path) -> None:
    for argv, prefix in (
        (["report", "--no-config", str(page), "-o"], "cleanse report: error: cannot write "),
        (["learn", str(page), "-o"], "cleanse learn: error: cannot write "),
    ):
        target = tmp_path / "missing" / "file.out"
        code, _, err = run([*argv, str(target)])
        assert code == 2 and one_error(err).startswith(prefix), err


def test_a_read_only_folder_is_one_line(tmp_path: Path, page: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Root may write anywhere, so the refusal is simulated where files are created.
    folder = tmp_path / "ro"
    folder.mkdir()
    real_open = os.open

    def refuse(path: object, *args: object, **kwargs: object) -> int:
        if str(folder) in os.fsdecode(path):  # type: ignore[arg-type]
            raise PermissionError(errno.EACCES, "Permission denied", path)
        return real_open(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", refuse)
    code, _, err = run([str(page), "-o", str(folder / "body.txt")])
    assert code == 2
    assert one_error(err) == f"cleanse: error: cannot write {folder / 'body.txt'}: Permission denied"


def test_a_name_at_the_file_systems_limit(tmp_path: Path, page: Path) -> None:
    limit = os.pathconf(tmp_path, "PC_NAME_MAX")
    longest = tmp_path / ("n" * (limit - 4) + ".txt")
    code, _, err = run([str(page), "-o", str(longest)])
    assert (code, err) == (0, "")
    assert longest.read_text("utf-8") == BODY
    too_long = tmp_path / ("n" * limit + ".txt")
    code, _, err = run([str(page), "-o", str(too_long)])
    assert code == 2 and one_error(err).startswith("cleanse: error: cannot write ")
    assert leftovers(tmp_path) == []


def test_write_atomic_writes_bytes_whole(tmp_path: Path) -> None:
    target = tmp_path / "data.bin"
    write_atomic(target, b"\x00\x01binary")
    assert target.read_bytes() == b"\x00\x01binary"
    write_atomic(target, "text, é")
    assert target.read_text("utf-8") == "text, é"
    assert leftovers(tmp_path) == []


# -- an output that is one of the inputs ----------------------------------------------------


@pytest.mark.parametrize("option", ["-o", "--errors", "--summary-json"], ids=["output", "errors", "summary-json"])
def test_an_output_that_is_an_input_is_refused_before_anything_is_written(tmp_path: Path, option: str) -> None:
    corpus = tmp_path / "s.jsonl"
    data = (json.dumps({"id": 1, "text": PAGE}) + "\n").encode()
    corpus.write_bytes(data)
    code, out, err = run([str(corpus), option, str(corpus)])
    assert code == 2 and out == ""
    assert one_error(err) == f"cleanse: error: {option} {corpus} is one of the inputs: refusing to overwrite it"
    assert corpus.read_bytes() == data


def test_a_hard_link_or_a_file_in_an_input_folder_is_an_input(tmp_path: Path) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    page = folder / "page.txt"
    page.write_text(PAGE, "utf-8")
    link = tmp_path / "link.txt"
    os.link(page, link)
    assert run([str(page), "-o", str(link)])[0] == 2
    # Inside a folder being read: already there (an input), or not yet (read back later in the walk).
    assert run([str(folder), "--errors", str(folder / "page.txt")])[0] == 2
    code, _, err = run([str(folder), "--errors", str(folder / "errors.jsonl")])
    assert code == 2 and "is inside the input folder" in one_error(err)
    assert run([str(folder), "--output-dir", str(folder / "clean")])[0] == 2
    assert page.read_text("utf-8") == PAGE and sorted(p.name for p in folder.iterdir()) == ["page.txt"]
    # An output beside the inputs is fine.
    assert run([str(folder), "-o", str(tmp_path / "clean.txt")])[0] == 0


def test_report_and_learn_refuse_to_overwrite_an_input(tmp_path: Path, page: Path) -> None:
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(json.dumps({"url": "https://example.org/a", "text": PAGE}) + "\n", "utf-8")
    before = corpus.read_bytes()
    code, _, err = run(["report", "--no-config", str(corpus), "-o", str(corpus)])
    assert code == 2 and "is one of the inputs" in one_error(err)
    code, _, err = run(["learn", str(corpus), "-o", str(corpus)])
    assert code == 2 and "is one of the inputs" in one_error(err)
    assert corpus.read_bytes() == before


# -- --output-dir: collisions and symlinks ----------------------------------------------------


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_output_dir_collisions_are_reported_not_overwritten(tmp_path: Path, jobs: str) -> None:
    tree = tmp_path / "crawl"
    tree.mkdir()
    html = "<html><body><article><p>" + PAGE.splitlines()[2] + "</p></article></body></html>"
    (tree / "page.html").write_text(html, "utf-8")
    (tree / "page.txt").write_text(PAGE, "utf-8")
    (tree / "page.txt.gz").write_bytes(gzip.compress(PAGE.replace("Tuesday", "Monday").encode()))
    out, summary = tmp_path / "out", tmp_path / "summary.json"
    code, _, err = run(["-j", jobs, "--output-dir", str(out), "--summary-json", str(summary), str(tree)])
    assert code == 2
    target = out / "page.txt"
    assert err.splitlines() == [
        f"cleanse: error: {tree / name}: its output {target} is written already by another input of this run "
        "(--output-dir maps both to one name)"
        for name in ("page.txt", "page.txt.gz")
    ]
    assert target.read_text("utf-8") == cleanse.clean_html(html)  # the first in the walk's order
    figures = json.loads(summary.read_text("utf-8"))
    assert (figures["records_in"], figures["records_out"], figures["errors"]) == (3, 1, 2)


def test_a_symlinked_folder_in_the_output_tree_is_not_written_through(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "q.txt").write_text("not ours", "utf-8")
    tree = tmp_path / "in"
    (tree / "a").mkdir(parents=True)
    (tree / "a" / "p.txt").write_text(PAGE, "utf-8")
    (tree / "q.txt").write_text(PAGE, "utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "a").symlink_to(elsewhere, target_is_directory=True)
    (out / "q.txt").symlink_to(elsewhere / "q.txt")
    code, _, err = run(["-j", "1", "--output-dir", str(out), str(tree)])
    assert code == 2
    assert one_error(err) == (
        f"cleanse: error: {tree / 'a' / 'p.txt'}: cannot write {out / 'a' / 'p.txt'}: "
        f"{out / 'a'} is a symlink (not written through)"
    )
    assert sorted(p.name for p in elsewhere.iterdir()) == ["q.txt"]
    assert (elsewhere / "q.txt").read_text("utf-8") == "not ours"
    assert not (out / "q.txt").is_symlink() and (out / "q.txt").read_text("utf-8") == BODY


# -- file names that are not UTF-8, or hold a newline -------------------------------------------

LATIN = b"caf\xe9.txt"  # cp1252 bytes: no UTF-8 decoder reads this name


def odd_names(tmp_path: Path) -> Path:
    """A folder with a page under a non-UTF-8 name and one whose name holds a newline."""
    tree = tmp_path / "tree"
    tree.mkdir()
    with open(os.path.join(os.fsencode(tree), LATIN), "wb") as f:
        f.write(PAGE.encode())
    (tree / "two\nlines.txt").write_text(PAGE, "utf-8")
    return tree


def test_json_lines_name_an_undecodable_file_in_valid_utf8(tmp_path: Path) -> None:
    tree = odd_names(tmp_path)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONIOENCODING"}
    proc = subprocess.run(
        [sys.executable, "-m", "cleanse", "--no-config", "-j", "1", "--format", "jsonl", str(tree)],
        capture_output=True,
        timeout=HANG,
        check=False,
        env={**env, "LC_ALL": "C"},
    )
    assert (proc.returncode, proc.stderr) == (0, b"")
    lines = proc.stdout.decode("utf-8").splitlines()  # strict: every byte is UTF-8
    paths = [json.loads(line)["path"] for line in lines]
    # \udce9 stands for the byte 0xE9: the name round-trips to the file.
    assert "\\udce9" in lines[0] and os.fsencode(paths[0]) == os.path.join(os.fsencode(tree), LATIN)
    assert paths[1] == str(tree / "two\nlines.txt")


def test_an_output_file_takes_undecodable_names(tmp_path: Path) -> None:
    tree = odd_names(tmp_path)
    target, errors = tmp_path / "out.jsonl", tmp_path / "errors.jsonl"
    with open(os.path.join(os.fsencode(tree), b"bad\xff.txt"), "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + bytes(64))
    code, _, err = run(["-j", "1", "--format", "jsonl", "-o", str(target), "--errors", str(errors), str(tree)])
    assert (code, err) == (2, "")
    assert len([json.loads(line) for line in target.read_bytes().decode("utf-8").splitlines()]) == 2
    [entry] = [json.loads(line) for line in errors.read_bytes().decode("utf-8").splitlines()]
    assert os.fsencode(entry["source"]).endswith(b"bad\xff.txt")


def test_odd_names_stay_on_one_line_where_people_read_them(tmp_path: Path) -> None:
    tree = odd_names(tmp_path)
    (tree / "bad\nname.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    code, out, err = run(["-j", "1", "--format", "annotated", str(tree)])
    assert code == 2
    assert one_error(err) == f"cleanse: error: {tree}/bad\\nname.png: input is a PNG image, not text or HTML"
    headers = [line for line in out.splitlines() if line.startswith("==> ")]
    assert headers == [f"==> {tree}/caf\\udce9.txt <==", f"==> {tree}/two\\nlines.txt <=="]
    code, out, _ = run(["check", "--no-config", str(tree / "two\nlines.txt")])
    assert code == 1 and all(line.startswith(f"{tree}/two\\nlines.txt:") for line in out.splitlines())
    code, page, err = run(["report", "--no-config", str(tree)])
    assert code == 2 and "caf\\udce9.txt" in page and "Traceback" not in err
