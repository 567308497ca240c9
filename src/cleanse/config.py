"""Configuration: rule selection, rule options, sites, rule files and thresholds.

Read from ``[tool.cleanse]`` in ``pyproject.toml`` or from ``cleanse.toml``,
kebab-case keys, validated up front: an unknown key is an error with a
suggestion, never silently ignored. Every value remembers where it came from
(``Config.origin``), which ``cleanse --show-config`` prints.
"""

from __future__ import annotations

import glob
import json
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import regex

from .errors import ConfigError, did_you_mean
from .rulefiles import RuleFile, load_rule_files
from .rules.site import SitePhrase

FAVOR = ("balanced", "precision", "recall")
#: what happens to reader comment threads
COMMENTS = ("drop", "keep")


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
    #: in HTML, this many lines of one template make a listing's cards even
    #: when each names its item in a single word (a ranking of products)
    card_items: int = 5
    #: an item line has at least this many words that are not figures
    list_item_words: int = 2
    #: and at most this many words (longer lines are menus flattened into one)
    list_item_max_words: int = 32
    #: an exclamation this short may close the body ("Enjoy!"); longer ones are prompts
    closing_exclamation_words: int = 3
    #: a paragraph this long that already stood higher up the page is dropped
    repeat_chars: int = 60
    #: keep what no rule flagged between the first and last kept block
    fill_body: bool = True
    #: but not repeats of kept paragraphs that add up to this share of the
    #: kept text: the page prints its article twice
    duplicate_share: float = 0.5
    #: short lines right after the body with this many words stay (a closing list)
    tail_item_words: int = 3
    #: inside the body, blocks with at most this much evidence are kept
    fill_evidence: float = 0.0
    #: this many dropped blocks in a row separate two regions of kept text
    region_gap: int = 6
    #: a secondary region is kept when it weighs this share of the main one
    region_share: float = 0.17
    #: in HTML, a region above the heaviest one needs only this share: the
    #: structure rules have taken the page's header and menus, and what is
    #: kept above the article's main region is its head (lead, product panel)
    region_share_above_html: float = 0.12
    #: in HTML, a region in the same ``<article>`` or ``<main>`` landmark as the
    #: heaviest one needs only this part of its share: it is a section of the
    #: article cut off by a list, a table or a code listing more often than a teaser
    region_landmark_factor: float = 0.5
    #: in HTML, when this share of the kept characters stands in ``<article>``
    #: elements, what is kept below the last of them trails the article and goes
    article_share: float = 0.6
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
    #: in plain text, such a heading ends the article when this share of the
    #: kept text and ``close_after_blocks`` long paragraphs stand above it
    close_share: float = 0.6
    close_after_blocks: int = 6
    #: in HTML, a closing heading inside page furniture (an aside's "Recommended
    #: reading") ends the article only below this share of the kept text
    furniture_close_share: float = 0.85
    #: this many borderline paragraphs in a row make a body without a long one
    prose_run_blocks: int = 3
    #: such a run made of list items only must also weigh this share of the
    #: good prose (teasers under an article do not, a shop's grid does)
    item_run_share: float = 0.5
    #: at the body's edge, borderline prose behind boilerplate (a share row, a
    #: newsletter box) stays out: in plain text, and in HTML (off there while
    #: HTML dropped button labels and glued inline items; on since, except
    #: between blocks of one container: HTML F1 0.8226 -> 0.8238, leak
    #: 0.0384 -> 0.0378 on the WCXB dev pages)
    edge_walls_text: bool = True
    edge_walls_html: bool = True
    #: a line of at least this many words, most of them capitalised and no
    #: sentence end, is a flattened menu, not prose
    title_case_words: int = 6
    #: the share of capitalised words that makes it one
    title_case_share: float = 0.6
    #: a block this long with prose shape is never dropped on weak evidence
    long_prose: int = 400
    #: this many comment headers ("Ann says:") in a row make a reader thread
    thread_headers: int = 3
    #: each at most this many kept characters after the one before it
    thread_gap_chars: int = 2000
    #: and the first of the page's comment headers below this much kept text:
    #: with less above it, the page starts with its thread (a forum) and keeps it
    thread_after_chars: int = 200
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


#: options of rules, by the rule's code or name as written: ((rule, ((option, value), ...)), ...)
RuleOptions = tuple[tuple[str, tuple[tuple[str, Any], ...]], ...]

SITE_KEYS = ("match", "drop-phrases", "ignore", "extend-select", "thresholds")
# "https://*.example.org/blog/*": scheme, host and path globs, matched apart
# so that a `*` in the path can never swallow the host (evil.com/x.example.org).
_URL_GLOB = regex.compile(r"(?:(?P<scheme>[^:/]+)://)?(?P<host>[^/?#]*)(?P<path>[/?#].*)?")


@dataclass(frozen=True, slots=True)
class Site:
    """Overrides for the pages of one site: a ``[[tool.cleanse.sites]]`` entry.

    ``match`` is a domain (``example.com``: it and its subdomains) or a URL glob
    (``https://*.example.org/blog/*``: scheme, host and path each matched by
    ``fnmatch``).

    >>> site = Site("example.com")
    >>> [site.matches(u) for u in ("https://example.com/a", "http://news.example.com", "https://notexample.com/")]
    [True, True, False]
    >>> blog = Site("https://*.example.org/blog/*")
    >>> [blog.matches(u) for u in ("https://www.example.org/blog/x", "https://www.example.org/shop/x", "https://evil.com/a.example.org/blog/x")]
    [True, False, False]
    """

    match: str
    #: literal phrases dropped on this site only (reported as SIT001 site-phrase)
    drop_phrases: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    #: threshold overrides by field name: ((name, value), ...)
    thresholds: tuple[tuple[str, Any], ...] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.match, str) or not self.match.strip() or not _URL_GLOB.fullmatch(self.match.strip()):
            raise ConfigError(f"sites: match must be a domain or a URL glob, not {self.match!r}")
        if isinstance(self.thresholds, Mapping):
            object.__setattr__(self, "thresholds", tuple(self.thresholds.items()))

    def matches(self, url: str) -> bool:
        """Does this entry apply to the page at ``url``?"""
        parts = urlsplit(url.strip() if "://" in url else "//" + url.strip())
        host = (parts.hostname or "").rstrip(".")
        if not host:
            return False
        pattern = self.match.strip().lower()
        if "/" not in pattern and "*" not in pattern and "?" not in pattern:
            domain = pattern.rstrip(".")
            return host == domain or host.endswith("." + domain)
        glob_parts = _URL_GLOB.fullmatch(self.match.strip())
        assert glob_parts is not None  # checked in __post_init__
        scheme, host_glob, path_glob = glob_parts["scheme"], glob_parts["host"].lower(), glob_parts["path"]
        if scheme and not fnmatchcase(parts.scheme.lower(), scheme.lower()):
            return False
        if not fnmatchcase(host, host_glob):
            return False
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        return path_glob is None or fnmatchcase(target, path_glob)


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
    #: options per rule (``[tool.cleanse.rules.<CODE or name>]``); a mapping is accepted
    rule_options: RuleOptions = ()
    #: per-site overrides, applied to pages whose URL an entry matches
    sites: tuple[Site, ...] = ()
    #: declarative rule files, read (their text is kept: the Cleaner pickles by config)
    rule_files: tuple[RuleFile, ...] = ()
    #: where values came from: ((key, source), ...), the last entry for a key wins
    origins: tuple[tuple[str, str], ...] = field(default=(), compare=False, repr=False)
    #: a site profile file learned by ``cleanse learn`` (docs/profiles.md); None: no site evidence
    profile: str | None = None
    #: reader comment threads: "drop" them with the boilerplate, or "keep" them as content
    #: (the rules that recognise threads, ``Rule.comments``, are switched off)
    comments: str = "drop"

    def __post_init__(self) -> None:
        if self.favor not in FAVOR:
            raise ConfigError(f"favor must be one of {', '.join(FAVOR)}, not {self.favor!r}")
        if self.comments not in COMMENTS:
            raise ConfigError(f"comments must be one of {', '.join(COMMENTS)}, not {self.comments!r}")
        if isinstance(self.rule_options, Mapping):
            # Tuples all the way down: a Config stays hashable and immutable.
            normal = tuple(
                (str(rule), tuple((str(k), tuple(v) if isinstance(v, list) else v) for k, v in dict(opts).items()))
                for rule, opts in self.rule_options.items()
            )
            object.__setattr__(self, "rule_options", normal)

    def origin(self, key: str) -> str:
        """Where the value of ``key`` (kebab-case, dotted: ``thresholds.long-prose``) came from."""
        recorded = next((source for k, source in reversed(self.origins) if k == key), None)
        if key.startswith("thresholds.") and key.split(".", 1)[1].replace("-", "_") in _PRESETS[self.favor]:
            # The preset is applied on top of the thresholds table (see resolved_thresholds).
            return f"preset favor={self.favor}" + (f" (over the value in {recorded})" if recorded else "")
        return recorded or "default"

    def for_sites(self, sites: Sequence[Site]) -> Config:
        """This configuration with the overrides of ``sites`` applied (in order) and no sites left.

        Lists add up; a threshold set by a later entry wins. Drop phrases turn
        on SIT001 with them as its extra phrases.
        """
        ignore, extend = list(self.ignore), list(self.extend_select)
        phrases: list[str] = []
        thresholds: dict[str, Any] = {}
        for site in sites:
            ignore += site.ignore
            extend += site.extend_select
            phrases += site.drop_phrases
            thresholds.update(site.thresholds)
        options = self.rule_options
        if phrases:
            extend.append(SitePhrase.code)
            options = (*options, (SitePhrase.code, (("extra-phrases", tuple(phrases)),)))
        return replace(
            self,
            ignore=tuple(ignore),
            extend_select=tuple(extend),
            thresholds=replace(self.thresholds, **thresholds),
            rule_options=options,
            sites=(),
        )

    def resolved_thresholds(self) -> Thresholds:
        """The thresholds with the ``favor`` preset applied on top."""
        return replace(self.thresholds, **_PRESETS[self.favor])

    @classmethod
    def from_mapping(
        cls, data: Mapping[str, Any], *, source: str = "configuration", base: str | Path | None = None
    ) -> Config:
        """Build from kebab-case keys (as in TOML); unknown keys raise with a suggestion.

        ``base`` is the folder ``rule-files`` globs are relative to (default:
        the current directory).
        """
        simple = {"select", "extend-select", "ignore", "favor", "language", "profile", "comments"}
        tables = ("thresholds", "rules", "sites", "rule-files")
        kwargs: dict[str, Any] = {}
        origins: list[tuple[str, str]] = []
        for key, value in data.items():
            if key in simple:
                name = key.replace("-", "_")
                if name in ("select", "extend_select", "ignore"):
                    value = _str_tuple(value, f"{source}: {key}")
                kwargs[name] = value
                origins.append((key, source))
            elif key == "thresholds":
                kwargs["thresholds"] = Thresholds(**_thresholds(value, f"{source}: thresholds"))
                origins += [(f"thresholds.{k}", source) for k in value]
            elif key == "rules":
                kwargs["rule_options"] = _rule_options(value, f"{source}: rules")
                origins += [(f"rules.{r}.{k}", source) for r, opts in value.items() for k in opts]
            elif key == "sites":
                kwargs["sites"] = _sites(value, f"{source}: sites")
                origins.append(("sites", source))
            elif key == "rule-files":
                kwargs["rule_files"] = _read_rule_files(value, f"{source}: rule-files", base)
                origins.append(("rule-files", source))
            else:
                raise ConfigError(_unknown(source, key, [*simple, *tables]))
        if "language" in kwargs and kwargs["language"] is not None and not isinstance(kwargs["language"], str):
            raise ConfigError(f"{source}: language must be an ISO 639-1 code such as 'en'")
        if "profile" in kwargs and kwargs["profile"] is not None and not isinstance(kwargs["profile"], str):
            raise ConfigError(f"{source}: profile must be the path of a profile file")
        try:
            return cls(**kwargs, origins=tuple(origins))
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
        return cls.from_mapping(data, source=str(path), base=path.parent)


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
    return f"{where}: unknown key {key!r}{did_you_mean(key, known)}"


def _thresholds(value: Any, where: str) -> dict[str, Any]:
    """A thresholds table (kebab-case keys) as checked ``Thresholds`` field values."""
    if not isinstance(value, Mapping):
        raise ConfigError(f"{where} must be a table of named values")
    known = {f.name.replace("_", "-"): f.name for f in fields(Thresholds)}
    defaults = Thresholds()
    out: dict[str, Any] = {}
    for key, val in value.items():
        if key not in known:
            raise ConfigError(_unknown(where, key, known))
        name = known[key]
        expected = type(getattr(defaults, name))
        if isinstance(val, bool) != (expected is bool) or not isinstance(val, int | float):
            raise ConfigError(f"{where}.{key} must be a {expected.__name__}, not {val!r}")
        out[name] = val
    return out


def _rule_options(value: Any, where: str) -> RuleOptions:
    """``[rules.<CODE or name>]`` tables; the options are checked against the rules by the Cleaner."""
    if not isinstance(value, Mapping) or not all(isinstance(v, Mapping) for v in value.values()):
        raise ConfigError(f"{where} must hold one table per rule, such as [rules.APL002]")
    return tuple(
        (rule, tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in opts.items()))
        for rule, opts in value.items()
    )


def _sites(value: Any, where: str) -> tuple[Site, ...]:
    """``[[sites]]`` entries, every key checked."""
    if not isinstance(value, list) or not all(isinstance(v, Mapping) for v in value):
        raise ConfigError(f"{where} must be an array of tables ([[sites]] entries)")
    out = []
    for i, entry in enumerate(value):
        here = f"{where}[{i}]"
        for key in entry:
            if key not in SITE_KEYS:
                raise ConfigError(_unknown(here, key, SITE_KEYS))
        if "match" not in entry:
            raise ConfigError(f"{here}: needs `match`, a domain (example.com) or a URL glob")
        phrases = _str_list(entry.get("drop-phrases", []), f"{here}: drop-phrases")
        try:
            out.append(
                Site(
                    entry["match"],
                    drop_phrases=phrases,
                    ignore=_str_tuple(entry.get("ignore", []), f"{here}: ignore"),
                    extend_select=_str_tuple(entry.get("extend-select", []), f"{here}: extend-select"),
                    thresholds=tuple(_thresholds(entry.get("thresholds", {}), f"{here}: thresholds").items()),
                )
            )
        except ConfigError as exc:
            raise ConfigError(f"{here}: {exc}") from exc
    return tuple(out)


def _read_rule_files(value: Any, where: str, base: str | Path | None) -> tuple[RuleFile, ...]:
    """Read the files the globs name (relative to ``base``) and build their rules once, to check them."""
    folder = Path(base) if base is not None else Path.cwd()
    files: list[RuleFile] = []
    for pattern in _str_list(value, where):
        full = str(folder / Path(pattern).expanduser())
        paths = sorted(glob.glob(full)) if glob.has_magic(full) else [full]
        if not paths:
            raise ConfigError(f"{where}: {pattern!r} matches no file")
        for path in paths:
            try:
                files.append(RuleFile(path, Path(path).read_text("utf-8")))
            except (OSError, UnicodeDecodeError) as exc:
                raise ConfigError(f"{where}: cannot read {path}: {exc}") from exc
    load_rule_files(tuple(files))  # errors now, not at the first page
    return tuple(files)


def _str_list(value: Any, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ConfigError(f"{where} must be a list of non-empty strings")
    return tuple(value)


def show(config: Config, running: Sequence[str] = ()) -> str:
    """The resolved configuration, TOML-like, each value with where it came from.

    >>> text = show(Config.from_mapping({"favor": "precision"}, source="cleanse.toml"))
    >>> print(*[line for line in text.splitlines() if line.startswith(("favor", "length-low", "strong"))], sep="\\n")
    favor = "precision"             # cleanse.toml
    strong = 1.0                    # default
    length-low = 90                 # preset favor=precision
    """
    defaults = Config()
    resolved = replace(defaults, favor=config.favor).resolved_thresholds()
    actual = config.resolved_thresholds()
    sections: list[tuple[str, list[tuple[str, str, str]]]] = []
    shown = _top(config)
    # What each top-level key and threshold shows by default, to tell values set in code.
    baseline = {
        **_top(defaults),
        **{f.name.replace("_", "-"): _value(getattr(resolved, f.name)) for f in fields(Thresholds)},
    }
    top = [(key, shown[key], config.origin(key)) for key in shown]
    sections.append(("", top))
    sections.append(
        (
            "[thresholds]",
            [
                (
                    f.name.replace("_", "-"),
                    _value(getattr(actual, f.name)),
                    config.origin(f"thresholds.{f.name.replace('_', '-')}"),
                )
                for f in fields(Thresholds)
            ],
        )
    )
    for rule, opts in config.rule_options:
        sections.append((f"[rules.{rule}]", [(k, _value(v), config.origin(f"rules.{rule}.{k}")) for k, v in opts]))
    for site in config.sites:
        entry = [("match", _value(site.match), config.origin("sites"))]
        entry += [("drop-phrases", _value(site.drop_phrases), "")] if site.drop_phrases else []
        entry += [("ignore", _value(site.ignore), "")] if site.ignore else []
        entry += [("extend-select", _value(site.extend_select), "")] if site.extend_select else []
        entry += [(f"thresholds.{k.replace('_', '-')}", _value(v), "") for k, v in site.thresholds]
        sections.append(("[[sites]]", entry))
    width = min(60, max(len(f"{k} = {v}") for _, lines in sections for k, v, _ in lines))
    out = ["# cleanse --show-config: resolved values, each with where it came from"]
    if running:
        out.append(f"# {len(running)} rules run: {' '.join(running)}")
    for header, lines in sections:
        out += ["", header] if header else [""]
        for key, val, source in lines:
            if source == "default" and (header.startswith(("[rules", "[[sites")) or val != baseline.get(key, val)):
                source = "set in code"
            text = f"{key} = {val}"
            out.append(f"{text:<{width}}  # {source}" if source else text)
    return "\n".join(out) + "\n"


def _top(config: Config) -> dict[str, str]:
    """The top-level values as ``show`` writes them."""
    return {
        "select": "(all stable rules)" if config.select is None else _value(config.select),
        "extend-select": _value(config.extend_select),
        "ignore": _value(config.ignore),
        "favor": _value(config.favor),
        "comments": _value(config.comments),
        "language": "(detected per page)" if config.language is None else _value(config.language),
        "rule-files": _value(tuple(f.path for f in config.rule_files)),
    }


def _value(value: Any) -> str:
    """A value written as TOML would write it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, tuple | list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    return repr(value)
