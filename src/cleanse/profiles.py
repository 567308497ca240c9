"""Site profiles: the lines a site prints on many of its pages, learned from a corpus.

A single page cannot tell its template from its article when the template
says something no rule knows ("Get the Harbour Gazette by pigeon post"). A
corpus can: the site prints that line on most of its pages, while each
article's sentences appear once. ``learn`` counts, per site, on how many pages
each normalised line appears (once per page); ``prune`` keeps the lines that
recur on at least ``min_pages`` pages and ``min_share`` of the site's pages;
rule ``SIT002`` (``rules/site.py``) turns them into evidence.

Learning is a map-reduce: learn shards separately, ``merge`` the counts (a sum:
associative and commutative), prune once at the end.

>>> pages = [("example.com", f"Home\\nNews\\nStory number {i} is unique.") for i in range(4)]
>>> profile = learn(pages).prune(min_pages=3, min_share=0.5)
>>> site = profile.sites["example.com"]
>>> site.pages, sorted(site.lines.values())
(4, [4, 4])
>>> line_key("Story number 1 is unique.") in site.lines
False
>>> line_key("  HOME ") in site.lines
True

Lines are stored as 64-bit hashes of their normalised text (``line_key``),
not as text: 8 bytes per line in memory, 16 hex digits on disk, and a profile
does not publish a corpus. ``keep_text=True`` keeps one original spelling of
each line for inspection. ``docs/profiles.md`` has the file format and the
memory bound.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import json
import math
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

import regex

from .errors import InputError
from .features import Page, normalise
from .outputs import write_atomic
from .segment import segment
from .streams import StreamCut, TooLarge, format_size, open_chunks, read_all

#: written in the header line; readers refuse other formats and newer versions
FORMAT = "cleanse-profile"
VERSION = 1
#: how a line becomes a key, recorded so a future change of normalisation is detected
KEY = "blake2b-64(features.normalise)"
#: defaults of ``prune`` (and of ``cleanse learn``): a line on 3+ pages and 30 % of a site's pages
MIN_PAGES = 3
MIN_SHARE = 0.3
#: the lossy-counting error: a line's count is low by at most this share of the site's pages
ERROR = 0.01
#: the most a profile file may hold once decompressed (``load``): about 30 million lines
MAX_PROFILE_BYTES = 1 << 30
#: lines longer than this are never template lines (articles' paragraphs); skipping them
#: bounds the time spent hashing a page with a 100 MB line
MAX_LINE_CHARS = 2000
# A host name: letters (any script), digits, dots, hyphens; colons for IPv6.
_HOST = regex.compile(r"[\w.:-]+")


def line_key(text: str) -> int | None:
    """The 64-bit key of a line: its normalised text (``features.normalise``) hashed.

    Case, punctuation and spacing do not matter, as for repeated lines on one
    page. None for a line with no letters or digits, or longer than ``MAX_LINE_CHARS``.

    >>> line_key("Sign up!") == line_key("SIGN UP") != line_key("Sign in")
    True
    >>> line_key("* * *") is None
    True
    """
    if len(text) > MAX_LINE_CHARS:
        return None
    norm = normalise(text)
    if not norm:
        return None
    return int.from_bytes(hashlib.blake2b(norm.encode("utf-8"), digest_size=8).digest(), "big")


def site_of(url: str) -> str:
    """The site of a page URL: its host, lower case, without ``www.`` and port.

    No public-suffix list: ``news.example.com`` and ``example.com`` are two
    sites, which is what a template is usually shared by. A URL without a
    scheme is read as one (``example.com/a``). Empty when there is no host.

    >>> site_of("https://WWW.Example.com:443/news/1?x=2")
    'example.com'
    >>> site_of("example.org/about")
    'example.org'
    >>> site_of("file:///data/example.com/page.html")
    ''
    """
    url = url.strip()
    if not url:
        return ""
    try:
        parts = urlsplit(url if "//" in url else f"//{url}")
        host = (parts.hostname or "").rstrip(".")
    except ValueError:  # an unbalanced IPv6 bracket, say
        return ""
    if not _HOST.fullmatch(host):
        return ""
    return host[4:] if host.startswith("www.") else host


@dataclass(frozen=True, slots=True)
class SiteProfile:
    """One site's counts: pages seen, and per line key the pages it appeared on."""

    pages: int
    #: line key (``line_key``) -> number of pages it appeared on
    lines: Mapping[int, int]
    #: line key -> one spelling of the line (only with ``keep_text``)
    texts: Mapping[int, str] = field(default_factory=dict)

    def share(self, key: int) -> float:
        """The share of the site's pages the line appeared on."""
        return self.lines.get(key, 0) / self.pages if self.pages else 0.0


@dataclass(frozen=True, slots=True)
class Profile:
    """Site profiles by site name, and the thresholds they were pruned with (0: not pruned)."""

    sites: Mapping[str, SiteProfile]
    min_pages: int = 0
    min_share: float = 0.0

    @property
    def pruned(self) -> bool:
        return self.min_pages > 0 or self.min_share > 0

    def prune(self, min_pages: int = MIN_PAGES, min_share: float = MIN_SHARE) -> Profile:
        """Keep the lines on at least ``min_pages`` pages and ``min_share`` of their site's pages.

        Sites left without lines are left out. Pruning twice with the same
        thresholds changes nothing.
        """
        sites: dict[str, SiteProfile] = {}
        for name, site in self.sites.items():
            floor = max(min_pages, math.ceil(min_share * site.pages - 1e-9))
            lines = {k: n for k, n in site.lines.items() if n >= floor}
            if lines:
                texts = {k: t for k, t in site.texts.items() if k in lines}
                sites[name] = SiteProfile(site.pages, lines, texts)
        return Profile(sites, min_pages, min_share)

    def template(self) -> Profile:
        """The profile as evidence: pruned with its own thresholds, or the defaults if it never was."""
        return self.prune(self.min_pages, self.min_share) if self.pruned else self.prune()

    def site_for(self, url: str) -> tuple[str, SiteProfile] | None:
        """The profiled site a page belongs to, from its URL; None if the site is not in the profile.

        A web URL names its host (``site_of``). A ``file:`` URL (the command
        line gives files one) names the nearest folder above the file whose
        name is a profiled site: ``corpus/example.com/2024/page.html`` is
        ``example.com``, as ``cleanse learn corpus/`` named it.

        >>> profile = Profile({"example.com": SiteProfile(3, {1: 3})})
        >>> profile.site_for("https://www.example.com/a")[0], profile.site_for("file:///x/example.com/2024/b.txt")[0]
        ('example.com', 'example.com')
        >>> profile.site_for("https://example.org/a") is None
        True
        """
        if not url.startswith("file:"):
            host = site_of(url)
            site = self.sites.get(host)
            return (host, site) if site is not None else None
        for folder in reversed(PurePosixPath(unquote(urlsplit(url).path)).parent.parts):
            site = self.sites.get(folder.lower())
            if site is not None:
                return folder.lower(), site
        return None


def with_site(page: Page, profile: Profile | None) -> Page:
    """The page with its site and site profile attached, when ``profile`` knows its URL's site."""
    found = profile.site_for(page.url) if profile is not None and page.url else None
    if found is None:
        return page
    return replace(page, site=found[0], site_profile=found[1])


class Learner:
    """Counts lines per site, page by page, in bounded memory (lossy counting).

    Each site's table is pruned every ``1/error`` pages of that site, after
    Manku and Motwani's lossy counting: a line is dropped when it cannot be on
    more than ``error`` of the site's pages seen so far. A line on more than
    ``min_share + error`` of a site's pages is never lost, and every count is
    low by at most ``error`` × pages. A site with fewer than ``1/error`` pages
    is counted exactly, so shards of such sites merge to exactly the same profile.
    """

    def __init__(self, *, error: float = ERROR, keep_text: bool = False) -> None:
        if not 0 < error < 1:
            raise ValueError(f"error must be between 0 and 1, not {error!r}")
        self.width = math.ceil(1 / error)
        self.keep_text = keep_text
        self._pages: dict[str, int] = {}
        # key -> count + (bucket the entry was created in - 1) << 32: one int per
        # line instead of a (count, delta) pair, half the memory.
        self._counts: dict[str, dict[int, int]] = {}
        self._texts: dict[str, dict[int, str]] = {}

    def add(self, site: str, lines: Iterable[str]) -> None:
        """Count one page of ``site``: each distinct line once."""
        pages = self._pages.get(site, 0) + 1
        self._pages[site] = pages
        counts = self._counts.setdefault(site, {})
        texts = self._texts.setdefault(site, {}) if self.keep_text else None
        delta = ((pages - 1) // self.width) << 32
        seen: set[int] = set()
        for line in lines:
            key = line_key(line)
            if key is None or key in seen:
                continue
            seen.add(key)
            counts[key] = counts.get(key, delta) + 1
            if texts is not None:
                text = line.strip()
                if key not in texts or text < texts[key]:
                    texts[key] = text  # the smallest spelling: the same whatever the order of pages
        if pages % self.width == 0:
            bucket = pages // self.width
            doomed = [k for k, v in counts.items() if (v & 0xFFFFFFFF) + (v >> 32) <= bucket]
            for k in doomed:
                del counts[k]
                if texts is not None:
                    texts.pop(k, None)

    @property
    def size(self) -> int:
        """Line entries held now, all sites together: the memory the counts take is about 100 bytes each."""
        return sum(len(c) for c in self._counts.values())

    def add_text(self, site: str, text: str) -> None:
        """Count one page given as text (one block per non-blank line)."""
        self.add(site, (b.text for b in segment(text)))

    def profile(self) -> Profile:
        """The counts so far, unpruned."""
        sites = {}
        for name in self._pages:
            counts = {k: v & 0xFFFFFFFF for k, v in self._counts.get(name, {}).items()}
            sites[name] = SiteProfile(self._pages[name], counts, dict(self._texts.get(name, {})))
        return Profile(sites)


def learn(records: Iterable[tuple[str, str]], *, error: float = ERROR, keep_text: bool = False) -> Profile:
    """Count the lines of ``(site, text)`` records per site; unpruned (see ``Profile.prune``)."""
    learner = Learner(error=error, keep_text=keep_text)
    for site, text in records:
        learner.add_text(site, text)
    return learner.profile()


def merge(*profiles: Profile) -> Profile:
    """The sum of profiles: pages and line counts add up per site.

    Associative and commutative, so shards merge in any grouping and order.
    Merging pruned profiles is allowed but undercounts (a shard forgot the
    lines it pruned away); the result keeps the strictest thresholds recorded.
    """
    pages: dict[str, int] = {}
    lines: dict[str, dict[int, int]] = {}
    texts: dict[str, dict[int, str]] = {}
    for profile in profiles:
        for name, site in profile.sites.items():
            pages[name] = pages.get(name, 0) + site.pages
            counts = lines.setdefault(name, {})
            for k, n in site.lines.items():
                counts[k] = counts.get(k, 0) + n
            spelled = texts.setdefault(name, {})
            for k, t in site.texts.items():
                if k not in spelled or t < spelled[k]:
                    spelled[k] = t
    return Profile(
        {name: SiteProfile(pages[name], lines[name], texts[name]) for name in pages},
        max((p.min_pages for p in profiles), default=0),
        max((p.min_share for p in profiles), default=0.0),
    )


# -- the file -----------------------------------------------------------------


def dumps(profile: Profile) -> str:
    """The profile as JSON lines: a header, then one line per site, all sorted.

    Deterministic: the same counts give the same bytes, whatever the order
    the pages were learned in.
    """
    header = {
        "format": FORMAT,
        "version": VERSION,
        "key": KEY,
        "min_pages": profile.min_pages,
        "min_share": profile.min_share,
        "sites": len(profile.sites),
    }
    out = [json.dumps(header, sort_keys=True, separators=(",", ":"))]
    for name in sorted(profile.sites):
        site = profile.sites[name]
        record: dict[str, object] = {
            "site": name,
            "pages": site.pages,
            "lines": {f"{k:016x}": site.lines[k] for k in sorted(site.lines)},
        }
        if site.texts:
            record["texts"] = {f"{k:016x}": site.texts[k] for k in sorted(site.texts)}
        out.append(json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":")))
    return "\n".join(out) + "\n"


def loads(text: str, *, source: str = "profile") -> Profile:
    """Read what ``dumps`` wrote; raises ``InputError`` naming the line that is wrong."""
    lines = iter(enumerate(text.splitlines(), 1))
    try:
        header = json.loads(next(lines, (0, ""))[1] or "null")
    except json.JSONDecodeError as exc:
        raise InputError(f"{source}: not a cleanse profile: {exc.msg}") from exc
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise InputError(f"{source}: not a cleanse profile (no {FORMAT!r} header)")
    if not isinstance(header.get("version"), int) or header["version"] > VERSION:
        raise InputError(f"{source}: profile version {header.get('version')!r}; this cleanse reads up to {VERSION}")
    if header.get("key") != KEY:
        raise InputError(f"{source}: lines were keyed by {header.get('key')!r}, not {KEY!r}: learn it again")
    sites: dict[str, SiteProfile] = {}
    for number, line in lines:
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            name = record["site"]
            pages = int(record["pages"])
            counts = {int(k, 16): int(n) for k, n in record["lines"].items()}
            spelled = {int(k, 16): str(t) for k, t in record.get("texts", {}).items()}
            if not isinstance(name, str) or name in sites:
                raise ValueError(f"site {name!r} is not a new name")
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise InputError(f"{source}:{number}: bad site record: {exc}") from exc
        sites[name] = SiteProfile(pages, counts, spelled)
    try:
        return Profile(sites, int(header.get("min_pages", 0)), float(header.get("min_share", 0.0)))
    except (TypeError, ValueError) as exc:
        raise InputError(f"{source}: bad thresholds in the header: {exc}") from exc


def save(profile: Profile, path: str | Path) -> None:
    """Write the profile; gzip when the name ends in ``.gz`` (no timestamp: still deterministic).

    Written beside the target and renamed, so a profile file is never half there
    (``outputs.write_atomic``; raises ``OutputError``).
    """
    path = Path(path)
    data = dumps(profile).encode("utf-8")
    if path.name.endswith(".gz"):
        data = gzip.compress(data, mtime=0)
    write_atomic(path, data)


def load(path: str | Path, *, max_bytes: int | None = None) -> Profile:
    """Read a profile file (gzip, zstd or neither, whatever its name).

    It may hold at most ``max_bytes`` once decompressed (default
    ``MAX_PROFILE_BYTES``), so a decompression bomb given as ``--profile`` is
    an error, not a process that grows until it is killed.
    """
    path = Path(path)
    limit = MAX_PROFILE_BYTES if max_bytes is None else max_bytes
    try:
        with path.open("rb") as raw:
            text = read_all(open_chunks(raw), limit).decode("utf-8")
    except TooLarge:
        raise InputError(f"cannot read profile {path}: it is larger than {format_size(limit)} decompressed") from None
    except (OSError, StreamCut, zlib.error, ValueError) as exc:  # ValueError: UnicodeDecodeError, zstd's errors
        raise InputError(f"cannot read profile {path}: {getattr(exc, 'strerror', None) or exc}") from exc
    return loads(text, source=str(path))


@functools.lru_cache(maxsize=8)
def _cached(path: str, mtime_ns: int, size: int) -> Profile:
    return load(path).template()


def load_template(path: str | Path) -> Profile:
    """A profile file ready as evidence (``Profile.template``), read once per process.

    Worker processes rebuild a ``Cleaner`` from its configuration, which names
    the file: each reads it once, and again only if the file changes.
    """
    resolved = Path(path).resolve()
    try:
        stat = resolved.stat()
    except OSError as exc:
        raise InputError(f"cannot read profile {path}: {exc.strerror or exc}") from exc
    return _cached(str(resolved), stat.st_mtime_ns, stat.st_size)
