"""Helpers to read expected-verdict pages (the format of shared/seed/expected.json).

Every non-blank line of a page is judged: ``keep``, ``drop`` or ``either``. A
line the page prints more than once (a "Reply" under every comment, an article
repeated in a hidden mobile copy) is listed once, and a kept line then must come
out once: a page whose text the cleaner prints twice is not clean. A kept line
listed n times may come out up to n times (a forum prints its topic's title
above the thread and again on the first post).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest


@dataclass(frozen=True)
class ExpectedPage:
    path: Path
    keep: tuple[str, ...]
    drop: tuple[str, ...]
    either: tuple[str, ...]

    @property
    def id(self) -> str:
        return self.path.name


def load_expected(json_path: Path) -> ExpectedPage:
    data = json.loads(json_path.read_text("utf-8"))
    return ExpectedPage(
        json_path.parent / data["page"],
        tuple(data["keep"]),
        tuple(data["drop"]),
        tuple(data.get("either", ())),
    )


def kept_lines(output: str) -> set[str]:
    """The stripped non-blank lines of a cleaner's output."""
    return {line.strip() for line in output.splitlines() if line.strip()}


def misjudged(page: ExpectedPage, output: str) -> str:
    """What a cleaner's ``output`` got wrong on ``page``: '' when nothing.

    >>> page = ExpectedPage(Path("p.txt"), keep=("Body.",), drop=("Menu",), either=())
    >>> misjudged(page, "Body.\\n")
    ''
    >>> misjudged(page, "Menu\\nBody.\\n\\nBody.\\n")
    "p.txt: lost body []; kept too often ['Body.' 2x]; kept boilerplate ['Menu']"
    """
    counts = Counter(line.strip() for line in output.splitlines() if line.strip())
    allowed = Counter(page.keep)
    lost = [line for line in allowed if not counts[line]]
    repeated = [f"{line!r} {counts[line]}x" for line, n in allowed.items() if counts[line] > n]
    noise = [line for line in page.drop if counts[line]]
    if not (lost or repeated or noise):
        return ""
    return f"{page.id}: lost body {lost}; kept too often [{', '.join(repeated)}]; kept boilerplate {noise}"


def inconsistency(page: ExpectedPage, lines: Iterable[str]) -> str:
    """Why the judged lines of ``page`` do not match the page's own ``lines``: '' when they do.

    Every line is judged, none twice over, so a page cannot pass by omission.
    """
    counts = Counter(line.strip() for line in lines if line.strip())
    judged = Counter(page.keep) + Counter(page.drop) + Counter(page.either)
    unjudged = sorted(set(counts) - set(judged))
    absent = sorted(set(judged) - set(counts))
    overlisted = sorted(line for line, n in judged.items() if line in counts and n > counts[line])
    keep, drop, either = set(page.keep), set(page.drop), set(page.either)
    both = sorted(keep & drop | keep & either | drop & either)
    problems = {"unjudged": unjudged, "not on the page": absent, "listed too often": overlisted, "judged twice": both}
    return "; ".join(f"{what} {found}" for what, found in problems.items() if found)


def fixture_params(paths: Iterable[Path], known_failures: Mapping[str, str]) -> list[object]:
    """One pytest param per expected.json, a known failure marked ``xfail(strict=True)``.

    Strict: when the cleaner learns the page, the test turns red until the
    page leaves ``known_failures``.
    """
    paths = list(paths)
    stems = {p.name.split(".")[0] for p in paths}
    unknown = sorted(set(known_failures) - stems)
    assert not unknown, f"known failures without a page: {unknown}"
    return [
        pytest.param(
            p,
            id=p.name.split(".")[0],
            marks=[pytest.mark.xfail(strict=True, reason=known_failures[s])]
            if (s := p.name.split(".")[0]) in known_failures
            else [],
        )
        for p in paths
    ]
