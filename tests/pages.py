"""Helpers to read expected-verdict pages (the format of shared/seed/expected.json)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path


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
