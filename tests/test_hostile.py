"""Hostile input: what scraped data really contains, fed to the CLI and the API.

Every case gets a sane result or one clear error, within a memory bound, and
never takes the rest of a run down with it. No test here reads the clock:
work is bounded by caps and counted in steps, and a run that hangs is killed
by a generous guard; timings are ``benchmarks/hostile.py``'s. Four parts:

* the CLI in a child process on every input of ``hostile_inputs.CASES``,
  with its peak memory bounded; then each among good files;
* every regular expression cleanse compiles, on inputs built to make it
  backtrack, under regex's own timeout (``bounded.py``), and the caps
  that bound what whole-line patterns and phrase searches see;
* the whole pipeline linear in counted steps on adversarial pages;
* hypothesis driving ``cli.main`` with arbitrary bytes and options.

Sizes: the CI run uses each case's ``ci_size`` (a 20 MB single line, 50,000
lines, 100,000-deep HTML; about a minute in all). ``CLEANSE_HOSTILE_FULL=1``
runs the full sizes of ``benchmarks/hostile.py`` (100 MB line, a million
lines: several minutes), with the same bounds scaled by the input.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest
import regex
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import cleanse
from cleanse.cli import main
from cleanse.errors import InputError
from cleanse.registry import list_rules
from cleanse.rules import triggers
from cleanse.rules.base import (
    LINE_MAX_CHARS,
    PHRASE_SEARCH_CHARS,
    PhraseRule,
    compile_alternation,
    phrase_matcher,
    phrase_tables,
)

from .bounded import MAX_STEP_RATIO, hangs, module_patterns, steps
from .hostile_inputs import ARTICLE, ARTICLE_LINES, CASES, HTML_ARTICLE, Hostile, assert_line_subset, judge, run_cli

FULL = os.environ.get("CLEANSE_HOSTILE_FULL") == "1"
_sre = re._constants  # type: ignore[attr-defined]


# -- 1. every hostile input through the CLI, in a child process -------------------------


def hang_bound(data: bytes) -> float:
    """Seconds after which a run counts as hung and is killed: start-up, plus per MB and per line.

    A hang detector, not a speed check (``benchmarks/hostile.py`` times the
    cases): about twenty times what was measured on a loaded 2-core machine
    (the 20 MB line: 8.5 s against 100; 50,000 tiny lines: 5 s against 60).
    """
    return 40 + 3 * len(data) / 1e6 + 400e-6 * data.count(b"\n")


def memory_bound(data: bytes) -> float:
    """MiB of peak RSS a run may use: the interpreter and rules, plus per MB and per line.

    Measured: about 100 MiB for any small input, 214 MiB for the 20 MB line,
    600 MiB for the 100 MB line, 835 MiB for a million tiny lines.
    """
    return 400 + 15 * len(data) / 2**20 + 2e-3 * data.count(b"\n")


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_input_through_the_cli(case: Hostile, tmp_path: Path) -> None:
    data = case.make(case.full_size if FULL else case.ci_size)
    path = case.path(tmp_path, "input")
    path.write_bytes(data)
    outcome = run_cli([*case.args, str(path)], timeout=hang_bound(data))
    judge(case, data, outcome)
    assert outcome.peak_mib < memory_bound(data), f"{outcome.peak_mib:.0f} MiB"


def test_hostile_input_on_stdin() -> None:
    # The same refusal and the same cleaning whether a file or a pipe.
    png = run_cli([], stdin=b"\x89PNG\r\n\x1a\n" + bytes(200))
    assert png.code == 2 and png.stderr == "cleanse: error: stdin: input is a PNG image, not text or HTML\n"
    mixed = ARTICLE.replace("\n", "\r\n", 1).replace("\n", "\r", 2).encode("utf-16")
    text = run_cli([], stdin=mixed)
    assert text.code == 0 and text.stderr == ""
    assert_line_subset(mixed.decode("utf-16"), text.stdout)
    assert "tram line" in text.stdout


GOOD = ARTICLE + "Read more\n"


def _together(case: Hostile, tmp_path: Path) -> tuple[int, list[dict[str, object]], list[str], Path]:
    """Run ``good hostile good`` in one CLI call; returns exit code, records, stderr lines."""
    good1, good2 = tmp_path / "good1.txt", tmp_path / "good2.txt"
    good1.write_text(GOOD)
    good2.write_text(GOOD)
    hostile = case.path(tmp_path, "hostile")
    hostile.write_bytes(case.make(min(case.ci_size, 20_000)))
    out, err = io.StringIO(), io.StringIO()
    # auto-detection, so the good files are read as text and the hostile one as it looks
    argv = ["--no-config", "--format", "jsonl", str(good1), str(hostile), str(good2)]
    with contextlib.redirect_stderr(err):
        code = main(argv, stdin=io.BytesIO(b""), stdout=out)
    records = [json.loads(line) for line in out.getvalue().split("\n") if line]  # not splitlines(): NEL is text
    return code, records, err.getvalue().splitlines(), hostile


TOGETHER = [c for c in CASES if "jsonl" not in c.args]


@pytest.mark.parametrize("case", TOGETHER, ids=[c.name for c in TOGETHER])
def test_hostile_file_among_good_files(case: Hostile, tmp_path: Path) -> None:
    code, records, err, hostile = _together(case, tmp_path)
    paths = [Path(str(r["path"])).name for r in records]
    if case.expect == "refused":
        assert code == 2
        # Refused as what it is, or (a compressed file cut short) as unreadable.
        assert len(err) == 1 and err[0].startswith(
            (f"cleanse: error: {hostile}: input is ", f"cleanse: error: {hostile}: cannot read: ")
        ), err
        assert paths == ["good1.txt", "good2.txt"]
    else:
        assert code == 0 and err == []
        assert paths == ["good1.txt", hostile.name, "good2.txt"]
    good = cleanse.clean(GOOD)
    assert [r["cleaned"] for r in records if r["path"] != str(hostile)] == [good, good]
    assert "tram line" in good and "Read more" not in good


def test_hostile_records_among_good_ones_with_workers(tmp_path: Path) -> None:
    # Bad records in a corpus cleaned by two worker processes: the good ones
    # come out in order, the bad ones are named by line, the exit is 2.
    good = [json.dumps({"id": i, "text": ARTICLE}) for i in range(6)]
    bad = [
        "not json at all",
        '{"id": "n", "text": 42}',
        "[" * 50_000 + "]" * 50_000,
        '{"id": "s", "text": "lone \\ud800 surrogate in the text of a record"}',
    ]
    lines = [good[0], bad[0], good[1], bad[1], good[2], bad[2], good[3], bad[3], good[4], good[5]]
    path = tmp_path / "corpus.jsonl"
    path.write_text("\n".join(lines) + "\n")
    serial = run_cli(["--input-format", "jsonl", str(path)])
    parallel = run_cli(["--input-format", "jsonl", "-j", "2", str(path)])
    for outcome in (serial, parallel):
        assert outcome.code == 2 and "Traceback" not in outcome.stderr
        assert [json.loads(line)["id"] for line in outcome.stdout.splitlines()] == [0, 1, 2, 3, "s", 4, 5]
        assert [e.split(": ")[2].rsplit(":", 1)[1] for e in outcome.stderr.splitlines()] == ["2", "4", "6"]
    assert serial.stdout == parallel.stdout


def test_jsonl_surrogate_record_written_to_an_output_file(tmp_path: Path) -> None:
    # Before: UnicodeEncodeError, a traceback, the run lost and a temp file left behind.
    src = tmp_path / "in.jsonl"
    src.write_text('{"text": "\\ud800 a lone surrogate here."}\n' + json.dumps({"text": ARTICLE}) + "\n")
    dst = tmp_path / "out.jsonl"
    outcome = run_cli(["--input-format", "jsonl", str(src), "-o", str(dst)])
    assert outcome.code == 0 and outcome.stderr == ""
    records = [json.loads(line) for line in dst.read_text("utf-8").splitlines()]
    assert records[0]["text"] == "\ud800 a lone surrogate here." and "tram line" in records[1]["cleaned"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl", "out.jsonl"]


# -- the API on what cannot reach it through the CLI ------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "abc\ud800def. " + ARTICLE,
        ARTICLE.replace(" ", " \udc80", 3),
        "\udfff" * 100 + "\n" + ARTICLE,
        ARTICLE + "\ud83d",  # half of an emoji's surrogate pair
    ],
    ids=["high", "low-in-words", "a-line-of-them", "half-emoji"],
)
def test_lone_surrogates_in_a_str(text: str) -> None:
    result = cleanse.analyze(text)
    assert_line_subset(text, result.text)
    assert "tram line" in result.text
    html = cleanse.clean_html("<p>" + text.replace("\n", "</p><p>") + "</p>")
    assert "tram line" in html and "four years" in html


def test_controls_in_a_str() -> None:
    text = "".join(chr(c) for c in range(32) if c not in (10, 13)) + "\n" + ARTICLE + "".join(map(chr, range(127, 160)))
    result = cleanse.analyze(text)
    assert_line_subset(text, result.text)
    assert "tram line" in result.text
    assert "tram line" in cleanse.clean_html(f"<p>{text}</p>")


@pytest.mark.parametrize("case", [c for c in CASES if c.expect == "refused"], ids=lambda c: c.name)
def test_binary_bytes_refused_by_the_api(case: Hostile) -> None:
    data = case.make(case.ci_size)
    with pytest.raises(InputError, match="not text or HTML"):
        cleanse.clean(data)
    with pytest.raises(InputError, match="not text or HTML"):
        cleanse.clean_html(data)


def test_entity_bombs_are_not_expanded_by_the_api() -> None:
    from .hostile_inputs import _billion_laughs

    for xhtml in (False, True):
        out = cleanse.clean_html(_billion_laughs(xhtml))
        assert "lol" not in out and "tram line" in out
    # A bomb written as plain text is text: nothing expands it either.
    as_text = _billion_laughs(False).decode().replace("<p>", "\n<q>")
    assert len(cleanse.clean(as_text)) <= len(as_text)


# -- 2. regular-expression audit ---------------------------------------------------------
# Timings and growth ratios are the benchmark's (benchmarks/hostile.py --audit); here
# every pattern runs on its baits under regex's own timeout, a hang detector.

MODULE_PATTERNS = dict(module_patterns())
PHRASE_RULES = tuple(r for r in list_rules() if issubclass(r, PhraseRule))
LANGS = ("*", *phrase_tables())


def test_the_audit_finds_every_kind_of_pattern() -> None:
    names = set(MODULE_PATTERNS)
    # module globals, dicts of patterns, and inline literals
    assert {"cleanse.segment._LINE_BREAK", "cleanse.features._SENTENCE_END", "cleanse.rules.base._EDGE"} <= names
    assert any(n.startswith("cleanse.html._DROPPED_CLOSE[") for n in names)
    assert any(n.startswith("cleanse.html:") for n in names) and any(
        n.startswith("cleanse.commands.options:") for n in names
    )
    assert len(PHRASE_RULES) >= 20 and len(LANGS) >= 10


def test_the_hang_detector_catches_catastrophic_patterns() -> None:
    # Nested repetition never ends on 2,000 characters; the detector must be able to fail.
    assert hangs(regex.compile(r"(a+)+$"), "finditer", n=2_000, timeout=1.0, units=("a",))
    assert not hangs(regex.compile(r"a+$"), "finditer", n=2_000, timeout=1.0, units=("a",))


@pytest.mark.parametrize("name", sorted(MODULE_PATTERNS))
def test_module_pattern_never_hangs(name: str) -> None:
    assert hangs(MODULE_PATTERNS[name], "finditer", n=40_000) == []


@pytest.mark.parametrize("rule", PHRASE_RULES, ids=[r.code for r in PHRASE_RULES])
def test_phrase_patterns_never_hang(rule: type[PhraseRule]) -> None:
    # Each pattern alone, every language, in the way the matcher uses it: whole-line
    # patterns fullmatched, the others searched, at eight times the sizes they meet.
    problems = []
    for kind, patterns in rule.patterns(None).items():
        for p in dict.fromkeys(patterns):
            pattern = compile_alternation([p], rule.code)
            assert pattern is not None
            mode, n = ("fullmatch", 8 * LINE_MAX_CHARS) if kind == "lines" else ("finditer", 2 * PHRASE_SEARCH_CHARS)
            problems += [f"{kind} {p!r}: {problem}" for problem in hangs(pattern, mode, n)]
    assert problems == []


@pytest.mark.parametrize("lang", LANGS)
def test_compiled_phrase_matcher_never_hangs(lang: str) -> None:
    # The matcher's big alternations per language, as they really run.
    matcher = phrase_matcher(PHRASE_RULES, lang)
    problems = []
    for kind, pattern in matcher.compiled_patterns().items():
        if pattern is not None:
            mode, n = (
                ("fullmatch", 8 * LINE_MAX_CHARS) if kind.startswith("lines") else ("finditer", 2 * PHRASE_SEARCH_CHARS)
            )
            problems += [f"{kind}: {p}" for p in hangs(pattern, mode, n)]
    assert problems == []


#: a line this long runs a quadratic whole-line pattern past the hang detector, and a linear one in a fraction of it
LONG_LINE = 1_000_000


def _name_runs() -> dict[str, tuple[str, str]]:
    """Whole-line patterns that are a run of names, ``(?:(?:visa|amex|…)[\\s,/|]*…){2,}``: pattern -> (rule, first name)."""
    found = {}
    for rule in PHRASE_RULES:
        for p in rule.patterns(None)["lines"]:
            try:
                tree = list(triggers.parse_checked(p))
            except ValueError:
                continue
            if len(tree) != 1 or tree[0][0] not in (_sre.MAX_REPEAT, _sre.POSSESSIVE_REPEAT):
                continue
            low, high, body = tree[0][1]
            names = body[0]  # Python's parser inlines the groups: the names' alternation comes first
            if low >= 2 and high == _sre.MAXREPEAT and names[0] is _sre.BRANCH:
                # The first name written out in full ("visa", not "tarjeta(?: de crédito)?")
                name = next(b for b in names[1][1] if all(op is _sre.LITERAL for op, _ in b))
                found[p] = (rule.code, "".join(chr(v) for _, v in name))
    return found


NAME_RUNS = _name_runs()


def test_the_runs_of_names_are_found() -> None:
    # Card lists and share rows in every language.
    codes = sorted(code for code, _ in NAME_RUNS.values())
    assert codes.count("APL003") >= 10 and codes.count("SOC001") >= 5
    assert ("APL003", "visa") in NAME_RUNS.values()


@pytest.mark.parametrize(
    "pattern", sorted(NAME_RUNS), ids=[f"{c}-{n}" for c, n in map(NAME_RUNS.get, sorted(NAME_RUNS))]
)
def test_runs_of_names_are_linear_on_long_lines(pattern: str) -> None:
    # A run of names that fails at the end of the line ("visa, visa, … x") gave its
    # names back one by one and tried each again: quadratic, 20 s and more on a
    # line of a million characters; linear, a fraction of a second.
    _, name = NAME_RUNS[pattern]
    compiled = compile_alternation([pattern], "test")
    assert compiled is not None
    assert hangs(compiled, "fullmatch", LONG_LINE, units=(name, name + ", ")) == []


def test_the_whole_line_matcher_is_linear_on_long_lines_of_digits() -> None:
    # PRM008's badge counts split a run of digits every way ("[\d.,]+k?…\s*\d*\s+"):
    # the matcher's whole-line alternation ran past 10 s on 64,000 "1"s.
    pattern = phrase_matcher(PHRASE_RULES, "*").compiled_patterns()["lines"]
    assert pattern is not None
    assert hangs(pattern, "fullmatch", 64_000, units=("1", "1 ")) == []


def _pages_numbers(chars: int) -> str:
    """A line of page numbers ("1 2 3 4 … 1 2 Next") of about ``chars`` characters."""
    return ("1 2 3 4 … " * (chars // 10 + 1))[:chars].rstrip(" …") + " Next"


def test_whole_line_patterns_see_only_lines_up_to_the_cap() -> None:
    # What bounds whole-line matching on a long line is the cap, not the pattern:
    # the same pagination line is NAV005's up to LINE_MAX_CHARS and nobody's past it.
    def codes(line: str) -> set[str]:
        result = cleanse.analyze(ARTICLE + "\n" + line + "\n")
        return {c for v in result.verdicts if v.block.text.strip() == line for c in v.codes}

    assert "NAV005" in codes(_pages_numbers(LINE_MAX_CHARS - 10))
    assert "NAV005" not in codes(_pages_numbers(LINE_MAX_CHARS + 10))
    assert "NAV005" not in codes(_pages_numbers(40 * LINE_MAX_CHARS))


def test_phrases_are_searched_only_up_to_the_cap() -> None:
    # A block's phrases are searched in its first PHRASE_SEARCH_CHARS characters only.
    filler = "The harbour board met again on Tuesday. "
    head = filler * ((PHRASE_SEARCH_CHARS - 300) // len(filler))
    tail = filler * (PHRASE_SEARCH_CHARS // len(filler) + 5)
    result = cleanse.analyze(head + "Please donate to support our journalism. " + tail)
    assert any(f.code.startswith("APL") for v in result.verdicts for f in v.findings)
    result = cleanse.analyze(tail + "Please donate to support our journalism. " + head)
    assert not any(f.code.startswith("APL") for v in result.verdicts for f in v.findings)


# -- 3. the whole pipeline in linear time ------------------------------------------------


def _page_short_lines(n: int) -> str:
    return "".join(f"w{i}\n" for i in range(n))


def _page_menu_and_prose(n: int) -> str:
    return "".join(("Home\nNews\nSport\nContact Us\n" if i % 3 else ARTICLE) for i in range(n // 4))


def _page_long_line(n: int) -> str:
    return "Please support us and donate to our " * (n // 37)


def _page_links(n: int) -> str:
    return "<html><body><nav>" + "".join(f'<a href="/{i}">Story {i}</a> ' for i in range(n)) + "</nav></body></html>"


def _page_deep(n: int) -> str:
    return "<div>" * n + HTML_ARTICLE + "</div>" * n


def _page_quotes(n: int) -> str:
    # quoted() walks the text before a match: a phrase after every quote mark
    return '"Donate now" ' * (n // 13)


LINEAR_PAGES: dict[str, tuple[Callable[[int], str], int, bool]] = {
    "many short lines": (_page_short_lines, 4_000, False),
    "menus between prose": (_page_menu_and_prose, 4_000, False),
    "one long line of phrase words": (_page_long_line, 500_000, False),
    "many quoted phrases": (_page_quotes, 100_000, False),
    "many links": (_page_links, 4_000, True),
    "deep nesting": (_page_deep, 500, True),
}


@pytest.mark.parametrize("name", LINEAR_PAGES)
def test_pipeline_is_linear(name: str) -> None:
    make, n, html = LINEAR_PAGES[name]
    cleaner = cleanse.Cleaner()
    analyze = cleaner.analyze_html if html else cleaner.analyze
    analyze(make(100))  # warm caches: compiled patterns, stoplists
    small, large = make(n), make(4 * n)
    s1, s4 = steps(lambda: analyze(small)), steps(lambda: analyze(large))
    assert s4 / s1 < MAX_STEP_RATIO, f"{s1} steps at n, {s4} at 4n"


# -- 4. hypothesis drives the CLI --------------------------------------------------------

CODES = [r.code for r in list_rules()]
RULE_KEYS = st.one_of(
    st.sampled_from([*CODES, "ALL", "APL", "NAV", "XYZ999", "nav001", "donation-appeal", "BOGUS", "A", "ctx001"]),
    st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=6),
)
PAGES_BYTES = st.one_of(
    st.binary(max_size=3000),
    st.text(max_size=500).map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.lists(st.sampled_from([*ARTICLE_LINES, "Read more", "Support us!", "<p>", "</div>", "&amp;", "\r", "\x00"])).map(
        lambda parts: "\n".join(parts).encode()
    ),
    st.lists(st.sampled_from(['{"text": "a b"}', '{"html": 5}', "[]", "{", json.dumps({"text": ARTICLE})])).map(
        lambda parts: "\n".join(parts).encode()
    ),
)


@st.composite
def argvs(draw: st.DrawFn) -> list[str]:
    argv = ["--no-config", "--format", draw(st.sampled_from(["text", "annotated", "json", "jsonl"]))]
    argv += ["--input-format", draw(st.sampled_from(["auto", "text", "html", "jsonl"]))]
    if draw(st.booleans()):
        argv.append("--check")
    for option in ("--select", "--ignore", "--extend-select"):
        if draw(st.integers(0, 3)) == 0:
            # "--ignore=-x": a value that starts with "-" is an option to argparse when it stands apart
            argv.append(f"{option}={','.join(draw(st.lists(RULE_KEYS, min_size=1, max_size=3)))}")
    if draw(st.integers(0, 4)) == 0:
        argv += ["--favor", draw(st.sampled_from(["precision", "recall", "balanced"]))]
    return argv


_CHECK_LINE = regex.compile(r"(?:-|stdin):\d+: [A-Z]{3}\d{3}(?:,[A-Z]{3}\d{3})* .*")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=PAGES_BYTES, argv=argvs())
@example(data=b"\x89PNG\r\n", argv=["--no-config", "--format", "json", "--input-format", "auto"])
@example(data=b'{"text": "\\ud800 x"}\n{', argv=["--no-config", "--format", "text", "--input-format", "jsonl"])
@example(
    data=b"Read more\n" + ARTICLE.encode(),
    argv=["--no-config", "--format", "text", "--input-format", "text", "--check"],
)
@example(data=b"x", argv=["--no-config", "--format", "text", "--input-format", "text", "--select", "XYZ999"])
@example(
    data="\ud800".encode("utf-8", "surrogatepass"), argv=["--no-config", "--format", "text", "--input-format", "auto"]
)
@example(data=b"", argv=["--no-config", "--format", "text", "--input-format", "auto", "--extend-select=-:"])
def test_cli_on_any_bytes_and_options(data: bytes, argv: list[str]) -> None:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err):
        code = main(argv, stdin=io.BytesIO(data), stdout=out)
    # split on "\n" only: a --check line quotes block text, which may hold NEL or U+2028
    errors = err.getvalue().split("\n")[:-1]
    assert code in (0, 1, 2)
    input_format = argv[argv.index("--input-format") + 1]
    jsonl = input_format == "jsonl"
    if code == 2:
        assert errors and all(e.startswith("cleanse: error: ") for e in errors), errors
        if not jsonl:
            assert len(errors) == 1, errors
    elif code == 1:
        assert "--check" in argv and errors and all(_CHECK_LINE.fullmatch(e) for e in errors), errors
    else:
        assert errors == []
    fmt = argv[argv.index("--format") + 1]
    if code != 2 and input_format == "text" and fmt == "text":
        from cleanse.decode import decode

        assert_line_subset(decode(data), out.getvalue())
    if fmt in ("json", "jsonl") or jsonl:
        # JSON lines in give JSON lines out, whatever --format says
        for line in out.getvalue().split("\n" if fmt != "json" or jsonl else "\x00"):
            if line.strip():
                json.loads(line)


@pytest.mark.parametrize(
    "line",
    [
        "1" * 40 + "a",  # exponential in the combined whole-line matcher: 30 digits never ended
        "1" * 150 + "a",
        "1" * 2000 + " euros",  # quadratic in the searched phrases: 150 ms a block
        "12" * 1000 + "円",
    ],
    ids=["40-digits", "150-digits", "2000-digits-euros", "2000-digits-yen"],
)
def test_lines_of_digits_are_cheap(line: str) -> None:
    # Every pattern of the matcher on the line as the pipeline gives it (whole
    # lines up to LINE_MAX_CHARS, searches up to PHRASE_SEARCH_CHARS), under the
    # hang detector; then the page itself.
    for lang in ("*", "ja"):
        for kind, pattern in phrase_matcher(PHRASE_RULES, lang).compiled_patterns().items():
            if pattern is None:
                continue
            text, mode = (line, "fullmatch") if kind.startswith("lines") else (line[:PHRASE_SEARCH_CHARS], "finditer")
            if mode == "fullmatch" and len(line) > LINE_MAX_CHARS:
                continue
            assert hangs(pattern, mode, len(text), units=(text,)) == [], kind
    page = (line + "\n") * 20 + ARTICLE
    for lang in (None, "ja"):
        assert "tram line" in cleanse.Cleaner(cleanse.Config(language=lang)).clean(page)
