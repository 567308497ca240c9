"""Configuration: rule selection and the decision step's named thresholds.

Read from ``[tool.cleanse]`` in ``pyproject.toml`` or from ``cleanse.toml``,
kebab-case keys, validated up front: an unknown key is an error with a
suggestion, never silently ignored.
"""

from __future__ import annotations

import difflib
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from .errors import ConfigError

FAVOR = ("balanced", "precision", "recall")


@dataclass(frozen=True, slots=True)
class Thresholds:
    """The decision step's numbers; each is explained in ``docs/algorithm.md``."""

    #: evidence at or above this drops a block on rules alone
    strong: float = 1.0
    #: below this many characters a block is "short" and decided by context
    length_low: int = 70
    #: from this many characters a prose block is "good" on its own
    length_high: int = 200
    #: stopword share below which a block is not prose
    stopwords_low: float = 0.30
    #: stopword share from which a block is prose
    stopwords_high: float = 0.32
    #: a block ending in sentence punctuation with this many words is prose-like
    sentence_words: int = 8
    #: this many item lines in a row form a list, decided like borderline prose
    list_items: int = 3
    #: an item line has at least this many words that are not figures
    list_item_words: int = 2
    #: an exclamation this short may close the body ("Enjoy!"); longer ones are prompts
    closing_exclamation_words: int = 3
    #: a paragraph this long that already stood higher up the page is dropped
    repeat_chars: int = 60
    #: keep what no rule flagged between the first and last kept block
    fill_body: bool = True
    #: short lines right after the body with this many words stay (a closing list)
    tail_item_words: int = 3
    #: inside the body, blocks with at most this much evidence are kept
    fill_evidence: float = 0.0
    #: this many dropped blocks in a row separate two regions of kept text
    region_gap: int = 6
    #: a secondary region is kept when it weighs this share of the main one
    region_share: float = 0.17
    #: how far (characters) a heading may sit above the body and still be kept
    max_heading_distance: int = 200
    #: how many headings (title, subtitle or caption) may be kept above the body
    max_headings: int = 2
    #: and how many blocks up the search for them goes
    max_heading_blocks: int = 10
    #: a heading has at least this many words (menu items have one or two)
    heading_words: int = 3
    #: a closing section (author box, related links) holds fewer prose blocks
    section_blocks: int = 2
    #: and its heading has at most this many words
    section_heading_words: int = 5
    #: this many borderline paragraphs in a row make a body without a long one
    prose_run_blocks: int = 3
    #: a block this long with prose shape is never dropped on weak evidence
    long_prose: int = 400
    #: when less than this share of the page's prose survives, fall back
    fallback_share: float = 0.05


# How each preset moves the thresholds (see docs/algorithm.md, "Presets").
_PRESETS: dict[str, dict[str, Any]] = {
    "balanced": {},
    "precision": {"length_low": 90, "length_high": 250, "stopwords_high": 0.34, "max_heading_distance": 120},
    "recall": {
        "length_low": 50,
        "length_high": 150,
        "stopwords_low": 0.25,
        "stopwords_high": 0.28,
        "max_heading_distance": 300,
    },
}


@dataclass(frozen=True, slots=True)
class Config:
    """Everything that changes what a ``Cleaner`` does.

    >>> Config(ignore=("NAV",)).ignore
    ('NAV',)
    """

    #: rules to run, by code, prefix or name (None: all stable rules)
    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    favor: str = "balanced"
    #: language of the pages (ISO 639-1); None detects per page
    language: str | None = None
    thresholds: Thresholds = field(default_factory=Thresholds)
    #: a site profile file learned by ``cleanse learn`` (docs/profiles.md); None: no site evidence
    profile: str | None = None

    def __post_init__(self) -> None:
        if self.favor not in FAVOR:
            raise ConfigError(f"favor must be one of {', '.join(FAVOR)}, not {self.favor!r}")

    def resolved_thresholds(self) -> Thresholds:
        """The thresholds with the ``favor`` preset applied on top."""
        return replace(self.thresholds, **_PRESETS[self.favor])

    @classmethod
    def from_mapping(cls, data: dict[str, Any], *, source: str = "configuration") -> Config:
        """Build from kebab-case keys (as in TOML); unknown keys raise with a suggestion."""
        known = {f.name.replace("_", "-"): f.name for f in fields(cls) if f.name != "thresholds"}
        known_thresholds = {f.name.replace("_", "-"): f.name for f in fields(Thresholds)}
        kwargs: dict[str, Any] = {}
        thr: dict[str, Any] = {}
        for key, value in data.items():
            if key in known:
                name = known[key]
                if name in ("select", "extend_select", "ignore"):
                    value = _str_tuple(value, f"{source}: {key}")
                kwargs[name] = value
            elif key == "thresholds":
                if not isinstance(value, dict):
                    continue
                for tkey, tval in value.items():
                    if tkey not in known_thresholds:
                        raise ConfigError(_unknown(f"{source}: thresholds", tkey, known_thresholds))
                    thr[known_thresholds[tkey]] = tval
            else:
                raise ConfigError(_unknown(source, key, [*known, "thresholds"]))
        if "thresholds" in data and not isinstance(data["thresholds"], dict):
            raise ConfigError(f"{source}: thresholds must be a table of named values")
        defaults = Thresholds()
        for name, value in thr.items():
            expected = type(getattr(defaults, name))
            if isinstance(value, bool) != (expected is bool) or not isinstance(value, (int, float)):
                raise ConfigError(
                    f"{source}: thresholds.{name.replace('_', '-')} must be a {expected.__name__}, not {value!r}"
                )
        if "language" in kwargs and kwargs["language"] is not None and not isinstance(kwargs["language"], str):
            raise ConfigError(f"{source}: language must be an ISO 639-1 code such as 'en'")
        if "profile" in kwargs and kwargs["profile"] is not None and not isinstance(kwargs["profile"], str):
            raise ConfigError(f"{source}: profile must be the path of a profile file")
        if thr:
            kwargs["thresholds"] = Thresholds(**thr)
        try:
            return cls(**kwargs)
        except ConfigError as exc:
            raise ConfigError(f"{source}: {exc}") from exc

    @classmethod
    def from_file(cls, path: str | Path) -> Config:
        """Read ``[tool.cleanse]`` of a ``pyproject.toml`` or a whole ``cleanse.toml``."""
        path = Path(path)
        try:
            data = tomllib.loads(path.read_text("utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"{path}: {exc}") from exc
        if path.name == "pyproject.toml":
            data = data.get("tool", {}).get("cleanse", {})
        if isinstance(data.get("profile"), str):
            # A profile named in a file is found beside that file, wherever cleanse runs.
            data = {**data, "profile": str(path.parent / data["profile"])}
        return cls.from_mapping(data, source=str(path))


def find_config(start: str | Path = ".") -> Path | None:
    """The nearest ``cleanse.toml``, or ``pyproject.toml`` with ``[tool.cleanse]``, upwards."""
    here = Path(start).resolve()
    for folder in (here, *here.parents):
        candidate = folder / "cleanse.toml"
        if candidate.is_file():
            return candidate
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            try:
                if "cleanse" in tomllib.loads(pyproject.read_text("utf-8")).get("tool", {}):
                    return pyproject
            except (OSError, tomllib.TOMLDecodeError):
                continue
    return None


def _str_tuple(value: Any, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [v for v in value.replace(",", " ").split() if v]
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: expected a list of rule codes or names")
    return tuple(value)


def _unknown(where: str, key: str, known: Any) -> str:
    close = difflib.get_close_matches(key, list(known), n=1, cutoff=0.5)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    return f"{where}: unknown key {key!r}{hint}"
