"""The docs say what the code does: the generated rule reference, the README's commands.

docs/rules/ is rendered from the registry by ``python -m cleanse.ruledocs``;
these tests fail when a rule changes and the pages were not regenerated, when a
rule has no page, or when the README's first commands (the ones CI runs) move.
"""

from __future__ import annotations

import io
import re

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
