"""The rule reference in ``docs/rules/``, rendered from the registry.

sqlfluff's lesson: rule pages written by hand drift from the rules they
describe. Here every page comes from the rule's own metadata (code, name,
status, docstring, ``drop`` / ``keep`` examples, phrase files), and
``tests/test_docs.py`` fails when the committed pages differ from ``render()``.

Only built-in rules are documented: a plugin pack installed in the
environment must never change the project's docs.

    python -m cleanse.ruledocs                 # (re)write docs/rules/
    python -m cleanse.ruledocs --check         # exit 1 listing the files that differ

The output is deterministic: rules sorted by code, languages by file name, no
dates or versions.
"""

from __future__ import annotations

import argparse
import math
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from .config import Thresholds
from .decide import CONTEXT_CODES
from .registry import available_rules
from .rules.base import PhraseRule, Rule, phrase_tables

#: where ``main`` writes, relative to the working directory (the project root)
DEFAULT_OUT = Path("docs/rules")
#: the three lists of a phrase table, in the order PhraseRule documents them
KINDS = ("lines", "strong", "phrases")
#: phrase files as seen from docs/rules/, so the counts link to the data
DATA_LINK = "../../src/cleanse/rules/data"
REGENERATE = "python -m cleanse.ruledocs"


def builtin_rules() -> tuple[type[Rule], ...]:
    """The built-in rules, sorted by code (installed plugins left out)."""
    return tuple(sorted(available_rules(plugins=False), key=lambda r: r.code))


def render() -> dict[str, str]:
    """Every page of the rule reference: path relative to docs/rules/ -> Markdown."""
    rules = builtin_rules()
    pages = {"index.md": render_index(rules)}
    for rule in rules:
        pages[f"{rule.code}.md"] = render_rule(rule)
    return dict(sorted(pages.items()))


def render_index(rules: Sequence[type[Rule]]) -> str:
    """The table of every rule and the table of the decision step's context codes."""
    out = [
        "# Rule reference",
        "",
        _generated_note(),
        "",
        "A rule gathers evidence about the blocks of a page; one decision step turns the evidence",
        "and each block's context into keep or drop (see [the algorithm](../algorithm.md)).",
        "Select or ignore rules by code (`APL002`), prefix (`APL`), name (`donation-appeal`) or `ALL`:",
        '`cleanse --ignore NAV001`, `Cleaner(ignore=["read-more-link"])`. A rule can be ignored and',
        "its block still dropped by context; see [the CLI](../cli.md) and [writing rules](../writing-rules.md).",
        "",
        "## Rules",
        "",
        "| Code | Name | Status | Summary |",
        "|---|---|---|---|",
    ]
    for rule in rules:
        link = f"{rule.code}.md"
        out.append(f"| [{rule.code}]({link}) | [{rule.name}]({link}) | {rule.status} | {_escape(rule.summary())} |")
    out += [
        "",
        "## Context codes",
        "",
        "Decisions the decision step makes from a block's shape and neighbours rather than from a",
        "rule. They appear in a verdict's `codes` and in `--format annotated` next to rule codes;",
        "they are not rules, so `--select` and `--ignore` do not accept them.",
        "",
        "| Code | Name | Meaning |",
        "|---|---|---|",
    ]
    for code, (name, text) in sorted(CONTEXT_CODES.items()):
        out.append(f"| {code} | {name} | {_escape(text)} |")
    return "\n".join(out) + "\n"


def render_rule(rule: type[Rule]) -> str:
    """One rule's page: identity, why it exists, examples, patterns, how to ignore it."""
    out = [
        f"# {rule.code} {rule.name}",
        "",
        _generated_note(),
        "",
        f"**{_escape(rule.summary())}**",
        "",
        "| | |",
        "|---|---|",
        f"| Code | `{rule.code}` |",
        f"| Name | `{rule.name}` |",
        f"| Status | {rule.status} |",
        f"| Defined in | `{rule.__module__}.{rule.__qualname__}` |",
        "",
    ]
    if rule.doc():
        out += [rule.doc(), ""]
    if rule.example_site:
        out += [
            "## The example site",
            "",
            f"The examples below are checked as pages of one site, with the profile `cleanse learn` makes "
            f"of these {len(rule.example_site)} pages of it:",
            "",
            *(_bullet(text) for text in rule.example_site),
            "",
        ]
    out += ["## Drops, for example", "", *(_bullet(text) for text in rule.drop), ""]
    if rule.keep:
        out += ["## Keeps look-alikes such as", "", *(_bullet(text) for text in rule.keep), ""]
    if issubclass(rule, PhraseRule):
        out += _phrase_section(rule)
    out += [
        "## Ignoring it",
        "",
        "```sh",
        f"cleanse --ignore {rule.code} page.txt",
        "```",
        "",
        "```python",
        "import cleanse",
        "",
        f'cleaner = cleanse.Cleaner(ignore=["{rule.code}"])',
        "```",
        "",
        f'or `ignore = ["{rule.code}"]` in `[tool.cleanse]` of `pyproject.toml` or in `cleanse.toml`.',
        "",
        "[All rules](index.md)",
    ]
    return "\n".join(out) + "\n"


def pattern_counts(rule: type[PhraseRule]) -> list[tuple[str, dict[str, int]]]:
    """(source, count per kind) for the code and every phrase file with a table for ``rule``."""
    rows: list[tuple[str, dict[str, int]]] = []
    in_code = {kind: len(getattr(rule, kind)) for kind in KINDS}
    if any(in_code.values()):
        rows.append(("code", in_code))
    for lang, table in sorted(phrase_tables().items()):
        lists = table.get(rule.name, {})
        counts = {kind: len(lists.get(kind, [])) for kind in KINDS}
        if any(counts.values()):
            rows.append((f"{lang}.toml", counts))
    return rows


def _phrase_section(rule: type[PhraseRule]) -> list[str]:
    rows = pattern_counts(rule)
    # patterns(None) is what a page in any language can meet; the rows must add up to it.
    total = {kind: len(items) for kind, items in rule.patterns(None).items()}
    out = ["## Patterns", ""]
    if any(source != "code" for source, _ in rows):
        out += [
            "A phrase rule: its patterns are the class attributes `lines`, `strong` and `phrases` and the",
            f"`[{rule.name}]` table of each language file in `src/cleanse/rules/data/`. A page is matched",
            "against the class attributes, `en.toml` and the file of its own language.",
            "",
        ]
    else:
        out += [
            "A phrase rule whose patterns are all language-neutral class attributes (`lines`, `strong`,",
            f"`phrases`); no language file has a `[{rule.name}]` table.",
            "",
        ]
    out += [
        "| Source | lines | strong | phrases | Total |",
        "|---|--:|--:|--:|--:|",
    ]
    for source, counts in rows:
        label = "class attributes" if source == "code" else f"[{source}]({DATA_LINK}/{source})"
        out.append(f"| {label} | " + " | ".join(str(counts[k]) for k in KINDS) + f" | {sum(counts.values())} |")
    out.append("| **all** | " + " | ".join(str(total[k]) for k in KINDS) + f" | {sum(total.values())} |")
    out.append("")
    strong = Thresholds().strong
    weights = []
    if total["lines"] or total["strong"]:
        weights.append(
            f"a whole-line or strong match weighs {rule.line_weight}{_weight_note(rule.line_weight, strong)}"
        )
    if total["phrases"]:
        weights.append(f"each distinct weak phrase in a block weighs {rule.phrase_weight}{_phrases_note(rule, strong)}")
    if weights:
        out += [f"Weights: {'; '.join(weights)}.", ""]
    return out


def _weight_note(weight: float, strong: float) -> str:
    if weight >= strong:
        return " (drops the block on its own)"
    return " (weak evidence: the decision step weighs it with the block's shape and neighbours)"


def _phrases_note(rule: type[PhraseRule], strong: float) -> str:
    if rule.phrase_weight <= 0:
        return ""
    # Weights add up per block; round away float noise (1.0 / 0.1 is 10.000000000000002).
    needed = math.ceil(round(strong / rule.phrase_weight, 9))
    return f" (they add up: {needed} distinct phrases drop a block on their own)"


def _generated_note() -> str:
    return f"<!-- Generated by `{REGENERATE}` from the rule registry. Do not edit by hand. -->"


def _escape(text: str) -> str:
    """Text safe inside a Markdown table cell or a bold span on one line."""
    return " ".join(text.split()).replace("|", "\\|")


def _code_span(text: str) -> str:
    """``text`` as an inline code span, whatever backticks or edge spaces it holds."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    # CommonMark strips one space at each end when both ends have one; pad to keep them.
    pad = " " if text[:1] in ("`", " ") or text[-1:] in ("`", " ") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _bullet(text: str) -> str:
    """One example as a list item: a code span, or a fenced block when it has several lines."""
    if not text.strip():
        return f"- *(blank text: {text!r})*"
    if "\n" not in text:
        return f"- {_code_span(text)}"
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    body = "\n".join(f"  {line}" if line else "" for line in text.split("\n"))
    return f"- {fence}text\n{body}\n  {fence}"


# -- writing and checking -------------------------------------------------------


def differences(out: Path, pages: dict[str, str]) -> dict[str, str]:
    """Files of ``out`` that differ from ``pages``: name -> 'missing', 'differs' or 'stale'."""
    found: dict[str, str] = {}
    for name, text in pages.items():
        path = out / name
        if not path.is_file():
            found[name] = "missing"
        elif path.read_bytes() != text.encode("utf-8"):
            found[name] = "differs"
    if out.is_dir():
        for path in out.glob("*.md"):
            if path.name not in pages:
                found[path.name] = "stale"
    return dict(sorted(found.items()))


def write(out: Path, pages: dict[str, str]) -> dict[str, str]:
    """Bring ``out`` in line with ``pages``; returns what changed (as ``differences``)."""
    changed = differences(out, pages)
    out.mkdir(parents=True, exist_ok=True)
    for name, state in changed.items():
        if state == "stale":
            (out / name).unlink()
        else:
            # Bytes, not text: no platform newline translation.
            (out / name).write_bytes(pages[name].encode("utf-8"))
    return changed


def main(argv: Sequence[str] | None = None) -> int:
    """Write docs/rules/ (or with ``--check`` list the files that differ and exit 1)."""
    parser = argparse.ArgumentParser(
        prog="python -m cleanse.ruledocs",
        description="Render the rule reference (docs/rules/) from the built-in rules.",
    )
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 when a file differs")
    parser.add_argument("--out", metavar="DIR", default=str(DEFAULT_OUT), help=f"folder (default: {DEFAULT_OUT})")
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, or a usage error argparse has already printed
        return int(exc.code or 0)
    out = Path(args.out)
    pages = render()
    try:
        if args.check:
            changed = differences(out, pages)
            for name, state in changed.items():
                print(f"{out / name}: {state}")
            if changed:
                print(f"{out} is out of date: run `{REGENERATE} --out {out}`", file=sys.stderr)
                return 1
            print(f"{out}: {len(pages)} files up to date")
            return 0
        changed = write(out, pages)
    except OSError as exc:
        print(f"ruledocs: error: {out}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    for name, state in changed.items():
        print(f"{out / name}: {'deleted' if state == 'stale' else 'written'}")
    print(f"{out}: {len(pages)} files, {len(changed)} changed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
