"""The command line, through main(argv) and once as a real subprocess."""

from __future__ import annotations

import io
import json
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
