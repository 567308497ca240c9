"""The command line, through main(argv) and once as a real subprocess."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys

import cleanse
from cleanse.cli import main

PAGE = (
    "Support The Example Times!\n\n"
    "The city council voted on Tuesday to extend the tram line to the northern districts, ending a debate that had lasted for almost three years.\n\n"
    "Supporters of the plan say it will cut travel times in half for thousands of commuters, while critics warn that the cost has already doubled.\n\n"
    "Read more\n"
)


def run(argv: list[str], stdin: bytes = b"") -> tuple[int, str]:
    out = io.StringIO()
    code = main(argv, stdin=io.BytesIO(stdin), stdout=out)
    return code, out.getvalue()


def test_filter_stdin_to_stdout() -> None:
    code, out = run([], PAGE.encode())
    assert code == 0
    assert out == cleanse.clean(PAGE)
    assert "Read more" not in out


def test_files_and_output_file(tmp_path) -> None:
    src = tmp_path / "page.txt"
    src.write_text(PAGE)
    dst = tmp_path / "body.txt"
    code, out = run([str(src), "-o", str(dst)])
    assert code == 0 and out == ""
    assert dst.read_text() == cleanse.clean(PAGE)


def test_dash_is_stdin() -> None:
    assert run(["-"], PAGE.encode()) == run([], PAGE.encode())


def test_annotated_shows_keep_drop_and_codes() -> None:
    code, out = run(["--format", "annotated"], PAGE.encode())
    assert code == 0
    assert "DROP APL001" in out
    assert "DROP NAV001" in out
    assert "KEEP" in out


def test_json_format() -> None:
    code, out = run(["--format", "json"], PAGE.encode())
    assert code == 0
    data = json.loads(out)
    assert data["text"] == cleanse.clean(PAGE)
    assert data["dropped_by_code"] == {"APL001": 1, "NAV001": 1}
    assert [b["keep"] for b in data["blocks"]] == [False, True, True, False]


def test_select_and_ignore() -> None:
    mid = PAGE.replace("Read more\n", "").replace("\n\nSupporters", "\n\nRead more\n\nSupporters")
    _, out = run([], mid.encode())
    assert "Read more" not in out
    _, out = run(["--ignore", "NAV001"], mid.encode())
    assert "Read more" in out
    _, out = run(["--select", "NAV"], PAGE.encode())
    assert "Support The Example Times!" in out


def test_unknown_rule_is_a_usage_error(capsys) -> None:
    code, _ = run(["--ignore", "read-mor"], PAGE.encode())
    assert code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "did you mean 'read-more-link'" in err


def test_missing_file_is_one_line_and_exit_2(capsys, tmp_path) -> None:
    code, _ = run([str(tmp_path / "nope.txt")])
    assert code == 2
    err = capsys.readouterr().err
    assert "cannot read" in err and err.count("\n") == 1


def test_binary_input_is_refused(capsys) -> None:
    code, _ = run([], b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    assert code == 2
    assert "PNG image" in capsys.readouterr().err


def test_undeclared_legacy_encoding_is_decoded() -> None:
    text = "Le conseil municipal a voté mardi la prolongation du tramway vers les quartiers nord, après trois années de débats très animés.\n"
    code, out = run([], text.encode("cp1252"))
    assert code == 0 and "débats très animés" in out


def test_list_rules_and_explain() -> None:
    code, out = run(["--list-rules"])
    assert code == 0
    assert all(r.code in out for r in cleanse.list_rules())
    code, out = run(["--explain", "APL003"])
    assert code == 0 and "paiment methods" in out
    code, out = run(["--explain", "CTX002"])
    assert code == 0 and "between-boilerplate" in out


def test_check_exits_1_when_boilerplate_is_found(capsys) -> None:
    code, _ = run(["--check"], PAGE.encode())
    assert code == 1
    assert "APL001" in capsys.readouterr().err
    clean_page = cleanse.clean(PAGE)
    code, _ = run(["--check"], clean_page.encode())
    assert code == 0


def test_version(capsys) -> None:
    code, _ = run(["--version"])
    assert code == 0
    assert capsys.readouterr().out.strip() == f"cleanse {cleanse.__version__}"


def test_console_script_in_a_pipe() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "cleanse"], input=PAGE.encode(), capture_output=True, timeout=60, check=False
    )
    assert proc.returncode == 0
    assert proc.stdout.decode() == cleanse.clean(PAGE)


def test_one_unreadable_file_does_not_stop_the_others(tmp_path, capsys) -> None:
    good = tmp_path / "good.txt"
    good.write_text(PAGE)
    binary = tmp_path / "image.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    code, out = run([str(binary), str(tmp_path / "missing.txt"), str(good)])
    assert code == 2
    assert out == cleanse.clean(PAGE)
    err = capsys.readouterr().err
    assert "image.png" in err and "missing.txt" in err


def test_json_for_several_files_is_one_array(tmp_path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(PAGE)
    b.write_text(PAGE.replace("tram", "bus"))
    code, out = run(["--format", "json", str(a), str(b)])
    assert code == 0
    data = json.loads(out)
    assert [d["path"] for d in data] == [str(a), str(b)]


def test_output_file_is_replaced_whole(tmp_path) -> None:
    src = tmp_path / "page.txt"
    src.write_text(PAGE)
    dst = tmp_path / "body.txt"
    dst.write_text("old content")
    assert run([str(src), "-o", str(dst)])[0] == 0
    assert dst.read_text() == cleanse.clean(PAGE)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def _jsonl(*records: object) -> bytes:
    return "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records).encode()


def test_jsonl_keeps_fields_and_order_and_reports_bad_lines(capsys) -> None:
    data = _jsonl(
        {"id": 1, "text": PAGE},
        '{"id": 2, "text": "broken',
        {
            "id": 3,
            "html": "<html><body><nav><a href='/'>Home</a></nav><p>" + PAGE.splitlines()[2] + "</p></body></html>",
        },
        {"id": 4, "title": "no text field"},
        {"id": 5, "text": PAGE},
    )
    code, out = run(["--input-format", "jsonl"], data)
    assert code == 2
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in records] == [1, 3, 5]
    assert records[0]["cleaned"] == cleanse.clean(PAGE)
    assert records[0]["text"] == PAGE
    assert records[0]["cleanse"]["dropped_by_code"] == {"APL001": 1, "NAV001": 1}
    assert "Home" not in records[1]["cleaned"] and "tram line" in records[1]["cleaned"]
    err = capsys.readouterr().err
    assert "stdin:2: not JSON" in err and "stdin:4: no string field" in err


def test_jsonl_gzip_file(tmp_path) -> None:
    import gzip

    path = tmp_path / "corpus.jsonl.gz"
    with gzip.open(path, "wb") as fh:
        fh.write(_jsonl({"id": "a", "text": PAGE}, {"id": "b", "text": PAGE}))
    code, out = run(["--input-format", "jsonl", str(path)])
    assert code == 0
    assert [json.loads(line)["id"] for line in out.splitlines()] == ["a", "b"]


def test_jsonl_truncated_gzip_keeps_what_came_before(tmp_path, capsys) -> None:
    import gzip

    path = tmp_path / "cut.jsonl.gz"
    records = [{"id": i, "text": PAGE.replace("Tuesday", f"day {i * 7919 % 1000}")} for i in range(50)]
    whole = gzip.compress(_jsonl(*records))
    path.write_bytes(whole[: len(whole) // 2])
    code, out = run(["--input-format", "jsonl", str(path)])
    assert code == 2
    ids = [json.loads(line)["id"] for line in out.splitlines()]
    assert ids and ids == list(range(len(ids)))  # every complete record before the cut, in order
    assert "cannot read on" in capsys.readouterr().err


def test_jsonl_with_workers_keeps_input_order(tmp_path, capsys) -> None:
    path = tmp_path / "corpus.jsonl"
    records = [{"id": i, "text": PAGE.replace("Tuesday", f"day {i}")} for i in range(40)]
    lines = [json.dumps(r) for r in records]
    lines.insert(17, "{broken")
    path.write_text("\n".join(lines) + "\n")
    serial = run(["--input-format", "jsonl", str(path)])
    parallel = run(["--input-format", "jsonl", "-j", "2", str(path)])
    assert serial == parallel
    assert serial[0] == 2
    assert [json.loads(line)["id"] for line in parallel[1].splitlines()] == list(range(40))
    assert f"{path}:18: not JSON" in capsys.readouterr().err


def test_several_pages_to_stdout_are_separated_by_a_form_feed_line(tmp_path) -> None:
    # One page alone is the filter's output as ever; several are kept apart by a line holding "\f".
    pages = [PAGE, PAGE.replace("tram", "bus").rstrip("\n"), PAGE.replace("tram", "ferry")]
    folder = tmp_path / "pages"
    folder.mkdir()
    for i, page in enumerate(pages):
        (folder / f"{i}.txt").write_text(page)
    names = [str(folder / f"{i}.txt") for i in range(3)]
    expected = [cleanse.clean(p) for p in pages]
    for argv in (names, [str(folder)]):
        code, out = run(argv)
        assert code == 0
        assert out.split("\f\n") == [t if t.endswith("\n") else t + "\n" for t in expected[:2]] + expected[2:]
    target = tmp_path / "all.txt"
    assert run([*names, "-o", str(target)]) == (0, "")
    assert target.read_text().count("\f\n") == 2
    assert run([names[0]]) == (0, expected[0])


def test_a_closed_pipe_ends_quietly(tmp_path) -> None:
    # `cleanse --list-rules | head -1`: the reader went away. No traceback, no complaint, exit 0.
    page = tmp_path / "page.txt"
    page.write_text(PAGE * 50)
    for argv in (
        ["--no-config", "--list-rules"],
        ["--no-config", "--explain", "APL002"],
        ["--no-config", "--show-config"],
        ["--no-config", str(page), str(page)],
        ["check", "--no-config", str(page)],
        ["report", "--no-config", str(page)],
        ["learn", "--input-format", "text", str(page)],
    ):
        read, write = os.pipe()
        os.close(read)  # closed before the first write: every write meets a broken pipe
        try:
            proc = subprocess.run(
                [sys.executable, "-m", "cleanse", *argv], stdout=write, stderr=subprocess.PIPE, timeout=120, check=False
            )
        finally:
            os.close(write)
        err = proc.stderr.decode()
        assert proc.returncode == 0, (argv, err)
        # learn says what it learned on stderr; nothing else may be there
        assert err == "" or (argv[0] == "learn" and err.startswith("cleanse learn: 1 page")), (argv, err)
