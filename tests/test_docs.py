"""The docs say what the code does: the generated rule reference, the README's commands.

docs/rules/ is rendered from the registry by ``python -m cleanse.ruledocs``;
these tests fail when a rule changes and the pages were not regenerated, when a
rule has no page, or when the README's first commands (the ones CI runs) move.
"""

from __future__ import annotations

import contextlib
import dataclasses
import importlib
import importlib.util
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cleanse import Block, Features, Finding, Page, Rule, registry, ruledocs
from cleanse.cli import main as cli_main
from cleanse.decide import CONTEXT_CODES

from .conftest import ROOT

RULE_DOCS = ROOT / "docs" / "rules"
BUILTIN = registry.available_rules(plugins=False)

# The README's fenced block at the top: set up a fresh machine and clean a page, then run
# the tests. .ci/run follows these steps; they must not drift out of the README.
README_COMMANDS = (
    "python3 -m venv .venv && .venv/bin/pip install -e '.[test]' && "
    ".venv/bin/cleanse fixtures/pages/01_news_port_strike_appeal.txt",
    ".venv/bin/python -m pytest",
)


def _on_disk() -> dict[str, str]:
    if not RULE_DOCS.is_dir():
        return {}
    return {p.name: p.read_text("utf-8") for p in sorted(RULE_DOCS.glob("*.md"))}


def test_rule_docs_match_the_registry() -> None:
    expected = ruledocs.render()
    actual = _on_disk()
    missing = sorted(set(expected) - set(actual))
    stale = sorted(set(actual) - set(expected))
    differ = sorted(name for name in set(expected) & set(actual) if expected[name] != actual[name])
    problems = [f"missing {n}" for n in missing] + [f"stale {n}" for n in stale] + [f"outdated {n}" for n in differ]
    assert not problems, (
        f"docs/rules/ has drifted from the rules ({', '.join(problems)}): "
        "run `python -m cleanse.ruledocs` from the project root and commit the result"
    )


def test_every_builtin_rule_has_a_page_linked_from_the_index() -> None:
    index = (RULE_DOCS / "index.md").read_text("utf-8")
    assert len(BUILTIN) > 0
    for rule in BUILTIN:
        page = RULE_DOCS / f"{rule.code}.md"
        assert page.is_file(), f"{rule.code} {rule.name} has no page: run `python -m cleanse.ruledocs`"
        text = page.read_text("utf-8")
        assert text.startswith(f"# {rule.code} {rule.name}\n"), page
        assert rule.summary().replace("|", "\\|") in text, page
        assert f"]({rule.code}.md)" in index, f"docs/rules/index.md does not link {rule.code}"


def test_readme_starts_with_the_setup_and_test_commands() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    # The title, then at once the fenced block: nothing to read before the commands.
    top = re.match(r"# [^\n]+\n\s*```[a-z]*\n(.*?)^```", readme, re.MULTILINE | re.DOTALL)
    assert top, "README.md must open with its title and then a fenced block of commands"
    commands = [line.strip() for line in top.group(1).splitlines() if line.strip()]
    assert tuple(commands[:2]) == README_COMMANDS, (
        f"README.md's first commands changed to {commands[:2]}; CI (.ci/run) and docs/quickstart.md follow them"
    )
    # The page the first command cleans must exist, or a fresh machine fails at once.
    assert (ROOT / "fixtures" / "pages" / "01_news_port_strike_appeal.txt").is_file(), (
        "the README cleans a missing page"
    )


def test_quickstart_repeats_the_readme_setup() -> None:
    quickstart = (ROOT / "docs" / "quickstart.md").read_text("utf-8")
    for command in README_COMMANDS:
        assert command in quickstart, f"docs/quickstart.md lost the README command {command!r}"


def test_list_rules_codes_are_all_in_the_index(monkeypatch: pytest.MonkeyPatch) -> None:
    # Installed plugin packs show up in --list-rules but are (rightly) not documented here.
    monkeypatch.setattr(registry, "plugin_rules", lambda: ())
    out = io.StringIO()
    assert cli_main(["--list-rules"], stdout=out) == 0
    codes = [line.split()[0] for line in out.getvalue().splitlines() if line.strip()]
    assert {r.code for r in BUILTIN} | set(CONTEXT_CODES) <= set(codes)
    index = (RULE_DOCS / "index.md").read_text("utf-8")
    rows = set(re.findall(r"^\| \[?([A-Z]{3}\d{3})\b", index, re.MULTILINE))
    missing = [c for c in codes if c not in rows]
    assert not missing, f"codes of `cleanse --list-rules` without a row in docs/rules/index.md: {missing}"
    # In code order, rules then context codes, as the rule reference lists them.
    in_index = re.findall(r"^\| \[?([A-Z]{3}\d{3})\b", index, re.MULTILINE)
    assert codes == in_index, "`cleanse --list-rules` and docs/rules/index.md list the codes in different orders"
    rules = [c for c in codes if c not in CONTEXT_CODES]
    assert rules == sorted(rules) and codes[len(rules) :] == sorted(CONTEXT_CODES)


class _PluginRule(Rule):
    """A rule from an installed pack."""

    code = "ZZZ901"
    name = "installed-pack-rule"
    drop = ("zzz",)

    def check_block(self, block: Block, feats: Features, page: Page) -> Finding | None:
        return None


def test_installed_plugins_do_not_change_the_docs(monkeypatch: pytest.MonkeyPatch) -> None:
    before = ruledocs.render()
    monkeypatch.setattr(registry, "plugin_rules", lambda: ((_PluginRule, "plugin 'zzz' from package 'zzz'"),))
    assert "ZZZ901" in [r.code for r in registry.list_rules()]  # the plugin is live
    assert ruledocs.render() == before


def test_main_writes_checks_and_prunes(tmp_path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "rules"
    assert ruledocs.main(["--check", "--out", str(out)]) == 1
    assert ruledocs.main(["--out", str(out)]) == 0
    assert {p.name for p in out.glob("*.md")} == set(ruledocs.render())
    assert ruledocs.main(["--check", "--out", str(out)]) == 0

    (out / "APL001.md").write_text("edited by hand\n", "utf-8")
    (out / "OLD001.md").write_text("a rule that was removed\n", "utf-8")
    (out / "notes.txt").write_text("not a page\n", "utf-8")
    capsys.readouterr()
    assert ruledocs.main(["--check", "--out", str(out)]) == 1
    report = capsys.readouterr()
    assert "APL001.md: differs" in report.out and "OLD001.md: stale" in report.out
    assert "python -m cleanse.ruledocs" in report.err
    assert (out / "APL001.md").read_text("utf-8") == "edited by hand\n"  # --check changes nothing

    assert ruledocs.main(["--out", str(out)]) == 0
    assert not (out / "OLD001.md").exists()
    assert (out / "notes.txt").exists()  # only stale pages go
    assert ruledocs.main(["--check", "--out", str(out)]) == 0
    assert ruledocs.main(["--no-such-option"]) == 2


def test_examples_render_as_code_whatever_they_contain() -> None:
    assert ruledocs._bullet("Read more") == "- `Read more`"
    assert ruledocs._bullet("use `x`") == "- `` use `x` ``"
    assert ruledocs._bullet("Home\nNews") == "- ```text\n  Home\n  News\n  ```"
    assert ruledocs._escape("a | b\nc") == "a \\| b c"


def test_cli_doc_lists_every_option() -> None:
    from cleanse.commands.clean import _parser

    text = (ROOT / "docs" / "cli.md").read_text("utf-8")
    options = [o for a in _parser()._actions for o in a.option_strings if o.startswith("--")]
    missing = [o for o in options if f"`{o}" not in text]
    assert not missing, f"docs/cli.md does not document {missing}"


def test_cli_doc_lists_every_option_of_cleanse_check() -> None:
    from cleanse import sources
    from cleanse.commands import check

    text = (ROOT / "docs" / "cli.md").read_text("utf-8")
    # The subcommand's own section, up to the next section of the same level.
    section = re.search(r"^## `cleanse check`\n(.*?)(?=^## )", text, re.MULTILINE | re.DOTALL)
    assert section, "docs/cli.md has no '## `cleanse check`' section"
    table = re.search(r"^### Options of `cleanse check`\n(.*?)(?=^#)", section.group(1), re.MULTILINE | re.DOTALL)
    assert table, "the `cleanse check` section has no '### Options of `cleanse check`' table"
    rows = [line for line in table.group(1).splitlines() if line.startswith("| ")]
    options = [o for a in check._parser()._actions for o in a.option_strings if o.startswith("--")]
    # In the first cell, as `--opt` or `--opt ARG`.
    missing = [o for o in options if not any(re.search(f"`{o}[` ]", row.split(" | ")[0]) for row in rows)]
    assert not missing, f"the `cleanse check` section of docs/cli.md does not document {missing}"
    for fmt in check.OUTPUT_FORMATS:
        assert f"`{fmt}`" in section.group(1), f"output format {fmt!r} is not described"
    for suffix in sources.PAGE_SUFFIXES + sources.JSONL_SUFFIXES + sources.WARC_SUFFIXES:
        assert f"`{suffix}`" in section.group(1), f"the folder walk's {suffix} is not documented"


def test_cli_doc_lists_every_report_option() -> None:
    from cleanse.commands.report import _parser

    text = (ROOT / "docs" / "cli.md").read_text("utf-8")
    section = text[text.index("## `cleanse report`") :]
    section = section[: section.index("\n## ", 1)]
    options = [o for a in _parser()._actions for o in a.option_strings if o.startswith("--")]
    missing = [o for o in options if f"`{o}" not in section]
    assert not missing, f"the `cleanse report` section of docs/cli.md does not document {missing}"
    # The input formats it takes, not those of the filter.
    [action] = [a for a in _parser()._actions if "--input-format" in a.option_strings]
    assert f"`--input-format {{{','.join(action.choices)}}}`" in section


# --- the docs' examples run -----------------------------------------------------------
#
# Every ```python block of docs/*.md runs, the blocks of one page in order in one namespace
# (a page reads as one session), in a folder the test fills (FILES); a ```text block right
# after a ```python block is its printed output. Every ```text block of `$ command` lines runs
# each command in bash in such a folder, and what it prints (stdout and stderr) must be the
# lines shown under it; `$ echo $?` shows the exit code of the command above it. A line
# `...` in shown output stands for any lines, and `...` in a line for any text. The folder is called /srv/crawl in the docs.
# An HTML comment `<!-- docs-test: skip REASON -->` right above a fence leaves the block out;
# `<!-- docs-test: needs MODULE -->` runs it only where MODULE is installed. A fenced block whose
# first line is `# NAME.toml` is that file: it is written before the page's later examples run.

DOCS = ROOT / "docs"
FOLDER_IN_DOCS = "/srv/crawl"
_FENCE = re.compile(r"^```(\w*)\n(.*?)^```\n", re.MULTILINE | re.DOTALL)
_MARK = re.compile(r"<!-- docs-test: (skip|needs) ([^>]*?) -->\n*$")


@dataclasses.dataclass(frozen=True)
class Fence:
    doc: str
    line: int
    lang: str
    body: str
    #: ("skip", reason) or ("needs", module) from a marker right above the fence
    mark: tuple[str, str] | None
    #: the fenced text right after this one (only blank lines between), for a python block's output
    output: str | None


def fences(path: Path) -> list[Fence]:
    text = path.read_text("utf-8")
    found = list(_FENCE.finditer(text))
    out = []
    for i, m in enumerate(found):
        before = text[: m.start()]
        mark = _MARK.search(before)
        after = found[i + 1] if i + 1 < len(found) else None
        output = None
        if (
            after is not None
            and after.group(1) == "text"
            and not text[m.end() : after.start()].strip()
            and not after.group(2).startswith("$ ")
        ):
            output = after.group(2)
        out.append(
            Fence(
                path.name,
                before.count("\n") + 1,
                m.group(1),
                m.group(2),
                (mark.group(1), mark.group(2)) if mark else None,
                output,
            )
        )
    return out


def _shown(expected: str, actual: str, where: str) -> None:
    """``actual`` has the lines of ``expected``, a ``...`` line matching any lines.

    Runs of spaces count as one: a column padded to a path's length moves with the folder.
    """
    want = [" ".join(line.split()) for line in expected.rstrip().splitlines()]
    got = [" ".join(line.split()) for line in actual.rstrip().splitlines()]
    pattern = "\n".join(".*?" if line == "..." else re.escape(line).replace(r"\.\.\.", "[^\n]*?") for line in want)
    pattern = pattern.replace("\n.*?\n", "(?:\n.*?)?\n")
    if not re.fullmatch(pattern, "\n".join(got), re.DOTALL):
        pytest.fail(f"{where}: the docs show\n" + "\n".join(want) + "\n\nbut it prints\n" + "\n".join(got))


TEXT_PAGE = (
    "Support The Example Times!\n\n"
    "Council Extends Tram Line\n\n"
    "The city council voted on Tuesday to extend the tram line to the northern districts, ending a debate that "
    "had lasted for almost three years and had divided the governing coalition, which promised it.\n\n"
    "Supporters of the plan say it will cut travel times in half for the thousands of commuters who now spend "
    "more than an hour on buses each way, while critics warn that the cost has already doubled.\n\n"
    "Read more\n"
)
HTML_PAGE = (
    "<!DOCTYPE html><html lang='en'><head><title>Tram line</title></head><body>"
    "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav><article><h1>Council Extends Tram Line</h1>"
    "<p>The city council voted on Tuesday to extend the tram line to the northern districts, ending a debate "
    "that had lasted for almost three years and had divided the governing coalition.</p></article>"
    "<footer><p>© 2025 Example Media. All rights reserved.</p></footer></body></html>"
)


def fill(folder: Path) -> None:
    """The files the docs' examples read, written where they expect them."""
    pages = folder / "fixtures" / "pages"
    pages.mkdir(parents=True)
    for name in ("01_news_port_strike_appeal.txt", "24_neg_food_bank_drive.txt"):
        shutil.copy(ROOT / "fixtures" / "pages" / name, pages / name)
    (folder / "page.txt").write_text(TEXT_PAGE, "utf-8")
    (folder / "page.html").write_text(HTML_PAGE, "utf-8")
    (folder / "crawl").mkdir()
    records = [
        {"id": f"p{i}", "text": TEXT_PAGE if i % 2 else HTML_PAGE, "url": f"https://example.org/{i}"} for i in range(4)
    ]
    (folder / "crawl" / "part-0.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
    # corpus.jsonl: two bad lines among good ones (docs/corpus.md, "Nothing lost").
    lines = [json.dumps({"id": i, "text": TEXT_PAGE}).encode() for i in range(1, 9)]
    lines[3] = b'{"id": 4, "text": "Support us'
    lines[6] = b'{"id": 7, "text": "Tallin\xc3\x28n"}'
    (folder / "corpus.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    # pages/: two sites; one prints the same footer lines on all of its pages (docs/cli.md, `cleanse learn`).
    for site, count, footer in (("harbour.test", 6, True), ("tram.test", 2, False)):
        (folder / "pages" / site).mkdir(parents=True)
        for i in range(count):
            tail = "\n\nHarbour News Ltd, 1 Quay Street\n\nTips: news@harbour.test" if footer else ""
            (folder / "pages" / site / f"{i}.txt").write_text(TEXT_PAGE.replace("Tuesday", f"day {i}") + tail, "utf-8")


_DECLARED = re.compile(r"# ([\w./-]+\.toml)\b")


def declared_file(fence: Fence) -> tuple[str, str] | None:
    """(path, text) when a fenced block shows a whole file (first line ``# NAME.toml``)."""
    first = fence.body.split("\n", 1)[0]
    m = _DECLARED.match(first)
    return (m.group(1), fence.body) if m else None


def _docs_with(lang: str) -> list[str]:
    return [p.name for p in sorted(DOCS.glob("*.md")) if any(f.lang == lang for f in fences(p))]


@pytest.mark.parametrize("doc", _docs_with("python"))
def test_python_examples_run_and_print_what_the_docs_show(
    doc: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fill(tmp_path)
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {"__name__": "__main__"}
    ran = 0
    for fence in fences(DOCS / doc):
        if fence.lang != "python" or (fence.mark and fence.mark[0] == "skip"):
            continue
        if fence.mark and importlib.util.find_spec(fence.mark[1]) is None:
            continue
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            exec(compile(fence.body, f"docs/{doc}:{fence.line}", "exec"), namespace)
        ran += 1
        if fence.output is not None:
            _shown(fence.output, printed.getvalue(), f"docs/{doc}:{fence.line}")
    assert ran or doc in ("spark.md", "profiles.md"), f"docs/{doc}: no python example ran"


def _commands(body: str) -> list[tuple[str, str]]:
    """(command, shown output) pairs of a ``$ command`` block; a line ending in a backslash goes on."""
    steps: list[tuple[str, list[str]]] = []
    going_on = False
    for line in body.splitlines():
        if going_on:
            steps[-1] = (steps[-1][0] + "\n" + line, [])
        elif line.startswith("$ "):
            steps.append((line[2:], []))
        else:
            steps[-1][1].append(line)
        going_on = line.endswith("\\") and not steps[-1][1]
    return [(command, "\n".join(shown)) for command, shown in steps]


SHELL_EXAMPLES = [
    pytest.param(f, id=f"{f.doc}:{f.line}")
    for p in sorted(DOCS.glob("*.md"))
    for f in fences(p)
    if f.lang == "text" and f.body.startswith("$ ")
]


@pytest.mark.parametrize("fence", SHELL_EXAMPLES)
def test_shell_examples_print_what_the_docs_show(fence: Fence, tmp_path: Path) -> None:
    if fence.mark and fence.mark[0] == "skip":
        pytest.skip(fence.mark[1])
    fill(tmp_path)
    for earlier in fences(DOCS / fence.doc):
        if earlier.line < fence.line and (file := declared_file(earlier)):
            (tmp_path / file[0]).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / file[0]).write_text(file[1], "utf-8")
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    env.update(PYTHONUNBUFFERED="1", NO_COLOR="1", COLUMNS="100")
    status = 0
    for command, shown in _commands(fence.body):
        where = f"docs/{fence.doc}:{fence.line}: $ {command}"
        if command == "echo $?":
            assert shown == str(status), f"{where}: the command above exits {status}, the docs say {shown}"
            continue
        run = subprocess.run(
            ["bash", "-c", command],
            cwd=tmp_path,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            timeout=300,
        )
        status = run.returncode
        _shown(shown, run.stdout.replace(str(tmp_path), FOLDER_IN_DOCS), where)


def test_quickstart_names_what_each_extra_installs() -> None:
    import tomllib

    extras = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["optional-dependencies"]
    quickstart = (DOCS / "quickstart.md").read_text("utf-8")
    section = quickstart[quickstart.index("The extras are") : quickstart.index("## The filter")]
    for extra, requirements in extras.items():
        assert f"`{extra}`" in section, f"docs/quickstart.md does not describe the extra {extra!r}"
        for requirement in requirements:
            name = re.match(r"[A-Za-z0-9_.-]+(?:\[(\w+)\])?", requirement)
            assert name
            # cleanse[datatrove]: an extra of our own, named as such.
            wanted = f"`{name.group(1)}`" if name.group(1) else name.group(0).split("[")[0].lower()
            assert wanted in section.lower(), f"docs/quickstart.md: the {extra!r} extra brings {requirement}, unsaid"
    if any("datatrove" in r for r in extras["test"]):
        # What datatrove brings that a user notices: hundreds of MB on a fresh machine.
        assert "numpy" in section and "huggingface_hub" in section


@pytest.mark.parametrize("command", ["", "check", "report", "learn"])
def test_each_command_words_its_errors_with_one_prefix(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Usage errors are argparse's, `PROG: error: ...`; every other error of the command says the same PROG.
    prog = f"cleanse {command}".strip()
    argv = [command] if command else []
    missing = str(tmp_path / "missing.txt")
    for args in (["--no-such-option"], [missing, "--no-config"], ["--ignore", "NOPE999", "--no-config", missing]):
        assert cli_main([*argv, *args], stdin=io.BytesIO(), stdout=io.StringIO()) == 2
        errors = [line for line in capsys.readouterr().err.splitlines() if "error:" in line]
        assert errors and all(line.startswith(f"{prog}: error: ") for line in errors), (args, errors)
    text = (DOCS / "cli.md").read_text("utf-8")
    assert f"`{prog}: error:" in text, f"docs/cli.md does not name the prefix of {prog}'s errors"


def _sh_commands() -> list[tuple[str, str]]:
    """(where, command) of every `cleanse ...` line in the ```sh blocks of the docs and the README."""
    found = []
    for path in [ROOT / "README.md", *sorted(DOCS.glob("*.md"))]:
        for fence in fences(path):
            if fence.lang != "sh":
                continue
            for n, line in enumerate(fence.body.splitlines(), fence.line + 1):
                if line.startswith("cleanse "):
                    found.append((f"{fence.doc}:{n}", re.split(r"\s+#\s", line)[0]))
    return found


@pytest.mark.parametrize(("where", "command"), _sh_commands())
def test_shell_commands_in_the_docs_take_those_options(where: str, command: str) -> None:
    """The commands shown without output are not run, but each must parse: options and choices exist."""
    import shlex

    from cleanse import cli

    words = shlex.split(command)[1:]
    cut = next((i for i, w in enumerate(words) if w in ("<", ">", ">>", "|", "2>", "&&", ";")), len(words))
    words = words[:cut]
    command_name = words[0] if words and words[0] in cli.SUBCOMMANDS else "clean"
    parser = importlib.import_module(f"cleanse.commands.{command_name}")._parser()
    words = words[1:] if command_name != "clean" else words
    try:
        with contextlib.redirect_stderr(io.StringIO()) as err:
            parser.parse_args(words)
    except SystemExit:
        pytest.fail(f"{where}: `{command}` does not parse: {err.getvalue().strip()}")
