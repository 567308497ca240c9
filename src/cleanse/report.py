"""The report of ``cleanse report``: what cleaning removed across a corpus, as one HTML page.

The page is self-contained: no script, no external stylesheet, font or image,
and a Content-Security-Policy that forbids them, so a report mailed around or
opened from disk shows the same thing everywhere and the scraped text in it
(untrusted by nature) can never run. Every piece of text is escaped.

Inputs stream: a ``Tally`` keeps counts per rule and per site, at most
``MAX_EXAMPLES`` examples per rule and the ``MAX_PAGES`` pages that lost the
most (clipped), never the whole corpus. Blocks are
counted by their first code, as ``Result.drop_counts`` counts them, so the
report agrees with ``--format json`` and the JSON-lines figures.

>>> from cleanse import Cleaner
>>> tally = Tally()
>>> page = "Support us!\\n\\nThe council approved the budget on Tuesday after a long debate about the cost of the new bridge, which engineers say is needed."
>>> tally.add(Cleaner().analyze(page), source="a.txt", site="example.org")
>>> tally.pages, tally.blocks, tally.dropped, tally.codes["APL001"].chars
(1, 2, 1, 11)
"""

from __future__ import annotations

import functools
import heapq
import ipaddress
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from html import escape

from publicsuffixlist import PublicSuffixList

from . import __version__
from .cleaner import Cleaner
from .decide import CONTEXT_CODES
from .model import Result, Verdict

#: examples kept per rule: distinct dropped texts from as many sites, then pages, as there are
MAX_EXAMPLES = 3
#: the pages that lost the most characters, shown kept beside dropped
MAX_PAGES = 10
#: blocks of such a page shown, and the characters shown of each block
PAGE_BLOCKS = 300
PAGE_BLOCK_CHARS = 400
#: more sites than this with one page each are summed in one row, which names this many of them
SINGLE_PAGE_SITES = 5
#: kept blocks shown before and after an example, and the characters shown of each
CONTEXT_BLOCKS = 2
CONTEXT_CHARS = 280
#: a dropped block longer than this is cut in the middle of an example
EXAMPLE_CHARS = 700
#: site rows in the table (the biggest removers); the rest are summed in one row
MAX_SITES = 100
#: unreadable inputs listed by name; all are counted
MAX_FAILURES = 100
#: a dropped block with no code (the decision step always gives one today)
NO_CODE = "-"


@dataclass(frozen=True, slots=True)
class Example:
    """One dropped block with the nearest kept blocks around it."""

    source: str
    url: str
    #: the registered domain (or folder) the page belongs to
    site: str
    codes: tuple[str, ...]
    reason: str
    text: str
    #: (start, end) of rule matches inside ``text``, merged and sorted
    hits: tuple[tuple[int, int], ...]
    before: tuple[str, ...]
    after: tuple[str, ...]
    #: dropped blocks between the example and the kept context on each side
    gap_before: int
    gap_after: int


@dataclass(slots=True)
class CodeStats:
    """What one code removed: blocks, characters, pages, examples."""

    blocks: int = 0
    chars: int = 0
    pages: int = 0
    examples: list[Example] = field(default_factory=list)


@dataclass(slots=True)
class SiteStats:
    """One site's pages and what was removed from them (characters per code)."""

    pages: int = 0
    blocks: int = 0
    dropped: int = 0
    chars_in: int = 0
    chars_removed: int = 0
    codes: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class PageView:
    """A page that lost much: its blocks in order, each kept or dropped, for the side-by-side view."""

    source: str
    url: str
    site: str
    blocks: int
    dropped: int
    chars_in: int
    chars_removed: int
    #: (kept, codes, text clipped to ``PAGE_BLOCK_CHARS``) of the first ``PAGE_BLOCKS`` blocks
    rows: tuple[tuple[bool, tuple[str, ...], str], ...]


@dataclass(frozen=True, slots=True)
class Failure:
    """An input or record that could not be read, and why."""

    source: str
    reason: str


@dataclass(slots=True)
class Tally:
    """Corpus aggregates, fed one ``Result`` at a time.

    Characters are those of block text (separators between blocks are not
    counted), so ``chars_in - chars_out`` is exactly what was removed.
    """

    pages: int = 0
    blocks: int = 0
    dropped: int = 0
    chars_in: int = 0
    chars_out: int = 0
    codes: dict[str, CodeStats] = field(default_factory=dict)
    sites: dict[str, SiteStats] = field(default_factory=dict)
    failures: list[Failure] = field(default_factory=list)
    failure_count: int = 0
    #: a heap of (characters removed, -page number, view) holding the ``MAX_PAGES`` pages that lost the most
    worst: list[tuple[int, int, PageView]] = field(default_factory=list)

    def add(self, result: Result, *, source: str, site: str, url: str = "") -> None:
        """Count one page; keep it as an example where its rule has room."""
        verdicts = result.verdicts
        site_stats = self.sites.setdefault(site, SiteStats())
        page_in = sum(len(v.block.text) for v in verdicts)
        page_removed = 0
        seen: set[str] = set()
        for i, v in enumerate(verdicts):
            if v.keep:
                continue
            code = v.codes[0] if v.codes else NO_CODE
            chars = len(v.block.text)
            page_removed += chars
            stats = self.codes.setdefault(code, CodeStats())
            stats.blocks += 1
            stats.chars += chars
            if code not in seen:
                seen.add(code)
                stats.pages += 1
            site_stats.codes[code] = site_stats.codes.get(code, 0) + chars
            if _fresh(stats.examples, v.block.text) and _wanted(stats.examples, source, site):
                _offer(stats.examples, _example(verdicts, i, source, url, site))
        self._rank(result, source, url, site, page_in, page_removed)
        self.pages += 1
        self.blocks += len(verdicts)
        self.dropped += len(result.dropped)
        self.chars_in += page_in
        self.chars_out += page_in - page_removed
        site_stats.pages += 1
        site_stats.blocks += len(verdicts)
        site_stats.dropped += len(result.dropped)
        site_stats.chars_in += page_in
        site_stats.chars_removed += page_removed

    def _rank(self, result: Result, source: str, url: str, site: str, chars_in: int, removed: int) -> None:
        """Keep the page's view when it is among the ``MAX_PAGES`` that lost the most characters so far."""
        key = (removed, -self.pages)
        if not removed or (len(self.worst) == MAX_PAGES and key <= self.worst[0][:2]):
            return
        rows = tuple(
            (v.keep, v.codes, _clip_head(v.block.text.strip(), PAGE_BLOCK_CHARS)) for v in result.verdicts[:PAGE_BLOCKS]
        )
        view = PageView(source, url, site, len(result.verdicts), len(result.dropped), chars_in, removed, rows)
        if len(self.worst) == MAX_PAGES:
            heapq.heapreplace(self.worst, (*key, view))
        else:
            heapq.heappush(self.worst, (*key, view))

    def worst_pages(self) -> list[PageView]:
        """The pages that lost the most characters, most first (the earlier page first on a tie)."""
        return [view for *_, view in sorted(self.worst, reverse=True)]

    def fail(self, source: str, reason: str) -> None:
        """Count an unreadable input; the first ``MAX_FAILURES`` are listed."""
        self.failure_count += 1
        if len(self.failures) < MAX_FAILURES:
            self.failures.append(Failure(source, reason))

    @property
    def chars_removed(self) -> int:
        return self.chars_in - self.chars_out


def _squash(text: str) -> str:
    return " ".join(text.split())


def _fresh(examples: Sequence[Example], text: str) -> bool:
    """Boilerplate repeats word for word; three copies of "Read more" teach nothing."""
    key = _squash(text)
    return all(_squash(e.text) != key for e in examples)


def _crowded(examples: Sequence[Example], key: str) -> int | None:
    """The latest example that shares its site (``key="site"``) or page (``"source"``) with another; None when none does."""
    counts = Counter(getattr(e, key) for e in examples)
    shared = [i for i, e in enumerate(examples) if counts[getattr(e, key)] > 1]
    return shared[-1] if shared else None


def _wanted(examples: Sequence[Example], source: str, site: str) -> bool:
    """Would an example from this page and site be shown (``_offer``)? Asked before it is built."""
    if len(examples) < MAX_EXAMPLES:
        return True
    if all(e.site != site for e in examples):
        return _crowded(examples, "site") is not None
    return all(e.source != source for e in examples) and _crowded(examples, "source") is not None


def _offer(examples: list[Example], new: Example) -> None:
    """Show ``new`` if there is room, or in place of an example that adds less variety.

    A rule's examples should not be three items of one page's menu: an example
    from a site not shown yet replaces the latest one of a site shown twice,
    and one from a page not shown yet the latest one of a page shown twice.
    Otherwise the first examples found stay, in corpus order.
    """
    if len(examples) >= MAX_EXAMPLES:
        key = "site" if all(e.site != new.site for e in examples) else "source"
        replaced = _crowded(examples, key)
        if replaced is None:
            return
        del examples[replaced]
    examples.append(new)


def _merge(spans: Sequence[tuple[int, int]], length: int) -> tuple[tuple[int, int], ...]:
    out: list[tuple[int, int]] = []
    for start, end in sorted((max(0, s), min(length, e)) for s, e in spans):
        if start >= end:
            continue
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return tuple(out)


def _context(verdicts: Sequence[Verdict], indexes: range) -> tuple[tuple[str, ...], int]:
    """Up to ``CONTEXT_BLOCKS`` kept texts walking ``indexes`` outwards, and the dropped blocks skipped first."""
    found: list[str] = []
    gap = 0
    for k in indexes:
        if verdicts[k].keep:
            found.append(verdicts[k].block.text.strip())
            if len(found) == CONTEXT_BLOCKS or sum(map(len, found)) >= CONTEXT_CHARS // 2:
                break
        elif not found:
            gap += 1
        else:
            break
    return tuple(found), gap


def _example(verdicts: Sequence[Verdict], i: int, source: str, url: str, site: str) -> Example:
    v = verdicts[i]
    before, gap_before = _context(verdicts, range(i - 1, -1, -1))
    after, gap_after = _context(verdicts, range(i + 1, len(verdicts)))
    text = v.block.text
    hits = _merge([f.span for f in v.findings if f.span is not None], len(text))
    return Example(source, url, site, v.codes, v.reason, text, hits, before[::-1], after, gap_before, gap_after)


# --- sites ------------------------------------------------------------------------


def registered_domain(host: str) -> str:
    """``host`` from its registered domain on: ``news.example.co.uk`` is ``example.co.uk``.

    The report groups pages by site, and the public suffix list says where the
    domain a registrant owns begins, so a site's shop, blog and news hosts
    count as one site (``github.io`` and the like are suffixes: each project
    there is a site of its own). A name that is not a domain (``localhost``,
    an address, a folder such as ``my corpus``) stays as it is.

    >>> registered_domain("www.Example.org"), registered_domain("shop.example.co.uk")
    ('example.org', 'example.co.uk')
    >>> registered_domain("alice.github.io"), registered_domain("192.0.2.7"), registered_domain("my corpus")
    ('alice.github.io', '192.0.2.7', 'my corpus')
    """
    host = host.lower().rstrip(".").removeprefix("www.")
    try:
        ipaddress.ip_address(host)
        return host
    except ValueError:
        pass
    return str(_suffixes().privatesuffix(host) or host) if "." in host else host


@functools.cache
def _suffixes() -> PublicSuffixList:
    # Read once per process, and only when a report groups sites.
    return PublicSuffixList()


# --- rendering --------------------------------------------------------------------


def rule_names(cleaner: Cleaner) -> dict[str, tuple[str, str]]:
    """Code -> (name, summary) for the cleaner's rules and the context codes."""
    names = {type(r).code: (type(r).name, type(r).summary()) for r in cleaner.rules}
    names.update(CONTEXT_CODES)
    names[NO_CODE] = ("no-code", "Dropped without a code.")
    return names


def _n(value: int) -> str:
    return f"{value:,}"


def _count(value: int, noun: str) -> str:
    return f"{value:,} {noun}{'' if value == 1 else 's'}"


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "0.0%"


def _palette(codes: Sequence[str]) -> dict[str, str]:
    """A colour class per pack (the code's letters), in sorted order; context codes are grey."""
    packs = sorted({c[:3] for c in codes if not c.startswith("CTX") and c != NO_CODE})
    colour = {p: f"c{i % 8}" for i, p in enumerate(packs)}
    return {c: colour.get(c[:3], "cx") for c in codes}


def _chart(order: Sequence[str], tally: Tally, names: Mapping[str, tuple[str, str]], colours: Mapping[str, str]) -> str:
    """A horizontal bar chart of characters removed per code, as inline SVG."""
    label_w, bar_w, value_w, row_h = 250, 420, 130, 28
    width = label_w + bar_w + value_w
    height = row_h * len(order) + 8
    top = max((tally.codes[c].chars for c in order), default=0) or 1
    rows = []
    for i, code in enumerate(order):
        stats = tally.codes[code]
        name = names.get(code, ("", ""))[0]
        y = 4 + i * row_h
        w = max(1.0, round(bar_w * stats.chars / top, 1)) if stats.chars else 0.0
        value = f"{_n(stats.chars)} · {_pct(stats.chars, tally.chars_removed)}"
        rows.append(
            f'<a href="#rule-{escape(code)}"><g class="row">'
            f"<title>{escape(code)} {escape(name)}: {_count(stats.chars, 'character')} in {_count(stats.blocks, 'block')}</title>"
            f'<text class="code" x="0" y="{y + 18}">{escape(code)}</text>'
            f'<text class="name" x="62" y="{y + 18}">{escape(name)}</text>'
            f'<rect class="bar {colours[code]}" x="{label_w}" y="{y + 5}" width="{w}" height="{row_h - 10}" rx="3"/>'
            f'<text class="value" x="{label_w + w + 8}" y="{y + 18}">{value}</text>'
            "</g></a>"
        )
    return (
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'aria-labelledby="chart-title">'
        f'<title id="chart-title">Characters removed per rule</title>{"".join(rows)}</svg>'
    )


def _share_bar(part: int, whole: int) -> str:
    w = round(100 * part / whole, 1) if whole else 0.0
    return (
        '<svg class="share" viewBox="0 0 100 8" width="80" height="8" aria-hidden="true">'
        f'<rect class="track" width="100" height="8" rx="2"/><rect class="fill" width="{w}" height="8" rx="2"/></svg>'
    )


def _chip(code: str, colours: Mapping[str, str]) -> str:
    return f'<a class="chip {colours.get(code, "cx")}" href="#rule-{escape(code)}">{escape(code)}</a>'


def _clip_head(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit].rstrip() + " …"


def _clip_tail(text: str, limit: int) -> str:
    return text if len(text) <= limit else "… " + text[-limit:].lstrip()


def _marked(example: Example) -> str:
    """The dropped text, escaped, rule matches in ``<b>``, cut in the middle when long."""
    text, hits = example.text.strip(), example.hits
    lead = len(example.text) - len(example.text.lstrip())
    hits = tuple((s - lead, e - lead) for s, e in hits)
    keep: list[tuple[int, int]] = [(0, len(text))]
    if len(text) > EXAMPLE_CHARS:
        half = EXAMPLE_CHARS // 2
        keep = [(0, half), (len(text) - half, len(text))]
    parts: list[str] = []
    for n, (lo, hi) in enumerate(keep):
        if n:
            parts.append(f'<span class="cut"> … {_n(len(text) - EXAMPLE_CHARS)} characters … </span>')
        pos = lo
        for s, e in hits:
            s, e = max(s, lo), min(e, hi)
            if s >= e or s < pos:
                continue
            parts.append(escape(text[pos:s]) + f"<b>{escape(text[s:e])}</b>")
            pos = e
        parts.append(escape(text[pos:hi]))
    return "".join(parts)


def _gap(n: int) -> str:
    if not n:
        return ""
    return f'<p class="gap">⋯ {_count(n, "more dropped block")}</p>'


def _example_html(example: Example, colours: Mapping[str, str]) -> str:
    where = escape(example.source) + (f' · <span class="url">{escape(example.url)}</span>' if example.url else "")
    before = "".join(f'<p class="kept">{escape(_clip_tail(t, CONTEXT_CHARS))}</p>' for t in example.before)
    after = "".join(f'<p class="kept">{escape(_clip_head(t, CONTEXT_CHARS))}</p>' for t in example.after)
    return (
        '<figure class="example">'
        f'<figcaption><span class="src">{where}</span>'
        f'<span class="codes">{" ".join(_chip(c, colours) for c in example.codes)}</span>'
        f'<span class="reason">{escape(example.reason)}</span></figcaption>'
        '<div class="page">'
        + (before or '<p class="edge">start of page</p>')
        + _gap(example.gap_before)
        + f'<p class="dropped"><mark>{_marked(example)}</mark></p>'
        + _gap(example.gap_after)
        + (after or '<p class="edge">end of page</p>')
        + "</div></figure>"
    )


_STYLE = """
:root{color-scheme:light dark;--bg:#fbfbfa;--fg:#1d1f23;--muted:#60656f;--line:#e3e4e8;--card:#fff;
--mark:#ffe58a;--mark-fg:#1d1f23;--hit:#b4231a;--track:#e8e9ed;--fill:#d9480f;
--c0:#3b6fd8;--c1:#d9480f;--c2:#2b8a3e;--c3:#9c36b5;--c4:#c2255c;--c5:#0b7285;--c6:#e67700;--c7:#5c940d;--cx:#868e96}
@media (prefers-color-scheme:dark){:root{--bg:#15171b;--fg:#e6e7ea;--muted:#9aa0aa;--line:#2c3038;--card:#1c1f25;
--mark:#5c4a00;--mark-fg:#fff3c4;--hit:#ff9b8f;--track:#2c3038;--fill:#ff8a4c;
--c0:#74a0ff;--c1:#ff8a4c;--c2:#63c174;--c3:#cf8ae0;--c4:#f783ac;--c5:#4fc3d6;--c6:#ffc24b;--c7:#a9e34b;--cx:#adb5bd}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);
font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:62rem;margin:0 auto;padding:2.5rem 1.25rem 4rem}
h1{font-size:1.9rem;line-height:1.2;margin:0 0 .25rem;letter-spacing:-.01em}
h2{font-size:1.3rem;margin:3rem 0 .75rem;padding-bottom:.35rem;border-bottom:1px solid var(--line)}
h3{font-size:1.05rem;margin:2rem 0 .25rem}
p.lede,.muted{color:var(--muted)}
p.lede{margin:0 0 1.5rem}
a{color:inherit}
code,.code,.chip{font-family:ui-monospace,"SF Mono",Menlo,Consolas,monospace}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(8.5rem,1fr));gap:.75rem;margin:1.5rem 0}
.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:.8rem 1rem}
.card .v{display:block;white-space:nowrap;font-size:1.5rem;font-weight:650;font-variant-numeric:tabular-nums}
.card .k{display:block;line-height:1.3;min-height:2.1em;font-size:.75rem;color:var(--muted);text-transform:uppercase;letter-spacing:.04em}
.card.bad .v{color:var(--hit)}
.card small{display:block;font-size:.8rem;font-weight:500;color:var(--muted)}
svg.chart{display:block;width:100%;height:auto;max-width:100%;font-size:13px}
svg.chart text{fill:var(--fg)}
svg.chart text.code{font-family:ui-monospace,"SF Mono",Menlo,Consolas,monospace;font-weight:600}
svg.chart text.name,svg.chart text.value{fill:var(--muted);font-variant-numeric:tabular-nums}
svg.chart a:hover text.name{fill:var(--fg)}
svg.chart a:hover rect{opacity:.8}
.bar.c0,.chip.c0{fill:var(--c0);--chip:var(--c0)}.bar.c1,.chip.c1{fill:var(--c1);--chip:var(--c1)}
.bar.c2,.chip.c2{fill:var(--c2);--chip:var(--c2)}.bar.c3,.chip.c3{fill:var(--c3);--chip:var(--c3)}
.bar.c4,.chip.c4{fill:var(--c4);--chip:var(--c4)}.bar.c5,.chip.c5{fill:var(--c5);--chip:var(--c5)}
.bar.c6,.chip.c6{fill:var(--c6);--chip:var(--c6)}.bar.c7,.chip.c7{fill:var(--c7);--chip:var(--c7)}
.bar.cx,.chip.cx{fill:var(--cx);--chip:var(--cx)}
.chip{display:inline-block;font-size:.78rem;font-weight:600;text-decoration:none;padding:0 .4rem;border-radius:4px;
border:1px solid var(--chip);color:var(--chip);margin-right:.25rem;white-space:nowrap}
.table-wrap{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:.93rem}
th,td{text-align:left;padding:.4rem .6rem;border-bottom:1px solid var(--line);vertical-align:baseline}
th{font-size:.78rem;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);font-weight:600}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tr.other td{color:var(--muted);font-style:italic}
svg.share{vertical-align:middle;margin-left:.4rem}
svg.share .track{fill:var(--track)}svg.share .fill{fill:var(--fill)}
section.rule{scroll-margin-top:1rem}
section.rule p.summary{margin:.1rem 0 .2rem;max-width:70ch}
section.rule p.stats{margin:0 0 .75rem;font-size:.9rem;color:var(--muted);font-variant-numeric:tabular-nums}
figure.example{margin:0 0 1rem;background:var(--card);border:1px solid var(--line);border-radius:10px;overflow:hidden}
figcaption{display:flex;flex-wrap:wrap;gap:.3rem .8rem;align-items:baseline;padding:.5rem .9rem;font-size:.8rem;
color:var(--muted);border-bottom:1px solid var(--line)}
figcaption .src{font-family:ui-monospace,"SF Mono",Menlo,Consolas,monospace;overflow-wrap:anywhere}
figcaption .reason{flex-basis:100%}
.page{padding:.6rem .9rem;max-width:75ch;font-family:Charter,"Iowan Old Style","Source Serif Pro",Georgia,serif}
.page p{margin:.35rem 0;overflow-wrap:anywhere;white-space:pre-wrap}
.page p.kept{color:var(--muted)}
.page p.edge,.page p.gap{font:italic .8rem system-ui,sans-serif;color:var(--muted)}
mark{background:var(--mark);color:var(--mark-fg);padding:.05em .15em;border-radius:3px;
-webkit-box-decoration-break:clone;box-decoration-break:clone}
mark b{color:var(--hit);font-weight:700}
mark .cut{font:italic .8rem system-ui,sans-serif;opacity:.75}
section.pageview p.stats{margin:0 0 .5rem;font-size:.9rem;color:var(--muted)}
section.pageview h3{overflow-wrap:anywhere}
.side{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);background:var(--card);border:1px solid var(--line);
border-radius:10px;overflow:hidden;font-size:.88rem}
.side p{margin:0;padding:.3rem .6rem;border-top:1px solid var(--line);overflow-wrap:anywhere;white-space:pre-wrap}
.side p.head{border-top:0;font:600 .75rem system-ui,sans-serif;text-transform:uppercase;letter-spacing:.04em;color:var(--muted)}
.side p.dropped{background:var(--mark);color:var(--mark-fg)}
.side p.none{background:var(--bg)}
p.gap{font:italic .8rem system-ui,sans-serif;color:var(--muted)}
ul.failures{font-size:.9rem;padding-left:1.2rem}
ul.failures code{overflow-wrap:anywhere}
footer{margin-top:3rem;font-size:.8rem;color:var(--muted)}
"""


def _single_label(single: Sequence[tuple[str, SiteStats]]) -> str:
    names = ", ".join(escape(site) for site, _ in single[:SINGLE_PAGE_SITES])
    more = f" and {_n(len(single) - SINGLE_PAGE_SITES)} more"
    return f"{_count(len(single), 'site')} with one page: {names}{more}"


def _summed_row(kind: str, label: str, sites: Sequence[tuple[str, SiteStats]]) -> str:
    """One table row summing several sites (``single``: sites of one page; ``other``: past ``MAX_SITES``)."""
    pages = sum(st.pages for _, st in sites)
    dropped = sum(st.dropped for _, st in sites)
    blocks = sum(st.blocks for _, st in sites)
    gone = sum(st.chars_removed for _, st in sites)
    total = sum(st.chars_in for _, st in sites)
    return (
        f'<tr class="{kind}" data-sites="{len(sites)}" data-pages="{pages}" data-removed="{gone}">'
        f'<td>{label}</td><td class="n">{_n(pages)}</td>'
        f'<td class="n">{_n(dropped)} / {_n(blocks)}</td><td class="n">{_n(gone)}</td>'
        f'<td class="n">{_pct(gone, total)}{_share_bar(gone, total)}</td><td></td></tr>'
    )


def _worst_pages(views: Sequence[PageView], colours: Mapping[str, str]) -> list[str]:
    """The pages that lost the most: a table, then each page with its kept and dropped text side by side."""
    out = ['<section id="pages"><h2>Pages that lost the most</h2>']
    if not views:
        out.append('<p class="muted">Nothing was removed.</p></section>')
        return out
    out.append(
        f'<p class="muted">The {_count(len(views), "page")} from which the most characters were removed, '
        "each shown below block by block: what was kept on the left, what was dropped (and why) on the right.</p>"
    )
    out.append('<div class="table-wrap"><table><thead><tr><th>Page</th><th>Site</th><th class="n">Blocks dropped</th>')
    out.append('<th class="n">Characters removed</th><th class="n">Share removed</th></tr></thead><tbody>')
    for n, view in enumerate(views, 1):
        out.append(
            f'<tr data-page="{escape(view.source)}" data-removed="{view.chars_removed}" data-dropped="{view.dropped}">'
            f'<td><a href="#page-{n}">{escape(view.source)}</a></td><td>{escape(view.site)}</td>'
            f'<td class="n">{_n(view.dropped)} / {_n(view.blocks)}</td><td class="n">{_n(view.chars_removed)}</td>'
            f'<td class="n">{_pct(view.chars_removed, view.chars_in)}{_share_bar(view.chars_removed, view.chars_in)}</td></tr>'
        )
    out.append("</tbody></table></div>")
    for n, view in enumerate(views, 1):
        where = escape(view.source) + (f' · <span class="url">{escape(view.url)}</span>' if view.url else "")
        out.append(
            f'<section class="pageview" id="page-{n}"><h3>{where}</h3>'
            f'<p class="stats">{_count(view.dropped, "block")} of {_n(view.blocks)} dropped · '
            f"{_n(view.chars_removed)} of {_count(view.chars_in, 'character')} removed</p>"
            '<div class="side"><p class="head">Kept</p><p class="head">Dropped</p>'
        )
        for keep, codes, text in view.rows:
            if keep:
                out.append(f'<p class="kept">{escape(text)}</p><p class="none"></p>')
            else:
                chips = " ".join(_chip(c, colours) for c in codes)
                out.append(f'<p class="none"></p><p class="dropped">{chips} {escape(text)}</p>')
        out.append("</div>")
        if view.blocks > len(view.rows):
            out.append(f'<p class="gap">⋯ {_count(view.blocks - len(view.rows), "more block")} not shown</p>')
        out.append("</section>")
    out.append("</section>")
    return out


# No script may run, nothing may load: what the report shows is inside the file.
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def render_html(tally: Tally, names: Mapping[str, tuple[str, str]], *, favor: str = "balanced", rules: int = 0) -> str:
    """The report as one HTML document; the same tally always gives the same bytes."""
    order = sorted(tally.codes, key=lambda c: (-tally.codes[c].chars, -tally.codes[c].blocks, c))
    colours = _palette(order)
    removed = tally.chars_removed
    cards = [
        ("Pages", _n(tally.pages), ""),
        ("Sites", _n(len(tally.sites)), ""),
        ("Blocks dropped", f"{_n(tally.dropped)}<small>of {_n(tally.blocks)}</small>", ""),
        ("Characters kept", f"{_n(tally.chars_out)}<small>of {_n(tally.chars_in)}</small>", ""),
        ("Removed", _pct(removed, tally.chars_in), ""),
        ("Unreadable", _n(tally.failure_count), " bad" if tally.failure_count else ""),
    ]
    out: list[str] = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="color-scheme" content="light dark">',
        "<title>cleanse report</title>",
        f"<style>{_STYLE}</style></head><body><main>",
        "<header><h1>What cleaning removed</h1>",
        f'<p class="lede">{_count(tally.pages, "page")} from {_count(len(tally.sites), "site")} · '
        f"{_count(rules, 'rule')} · favor {escape(favor)} · cleanse {escape(__version__)}</p></header>",
        f'<section id="totals" class="cards" data-pages="{tally.pages}" data-blocks="{tally.blocks}" '
        f'data-dropped="{tally.dropped}" data-chars-in="{tally.chars_in}" data-chars-out="{tally.chars_out}" '
        f'data-failures="{tally.failure_count}">',
        *(
            f'<div class="card{extra}"><span class="k">{label}</span><span class="v">{value}</span></div>'
            for label, value, extra in cards
        ),
        "</section>",
    ]
    out.append('<section id="chart"><h2>Characters removed per rule</h2>')
    if order:
        out.append(_chart(order, tally, names, colours))
        out.append(
            '<p class="muted">A dropped block counts for the first code behind its decision '
            "(rules first, then context codes CTX…), as <code>dropped_by_code</code> counts it.</p>"
        )
    else:
        out.append('<p class="muted">Nothing was removed.</p>')
    out.append("</section>")

    out.append('<section id="rules"><h2>Per rule</h2><div class="table-wrap"><table>')
    out.append(
        '<thead><tr><th>Code</th><th>Name</th><th class="n">Blocks</th><th class="n">Characters</th>'
        '<th class="n">Share</th><th class="n">Pages</th></tr></thead><tbody>'
    )
    for code in order:
        s = tally.codes[code]
        out.append(
            f'<tr data-code="{escape(code)}" data-blocks="{s.blocks}" data-chars="{s.chars}" data-pages="{s.pages}">'
            f"<td>{_chip(code, colours)}</td><td>{escape(names.get(code, ('', ''))[0])}</td>"
            f'<td class="n">{_n(s.blocks)}</td><td class="n">{_n(s.chars)}</td>'
            f'<td class="n">{_pct(s.chars, removed)}</td><td class="n">{_n(s.pages)}</td></tr>'
        )
    out.append("</tbody></table></div></section>")

    out.append('<section id="sites"><h2>Per site</h2><div class="table-wrap"><table>')
    out.append(
        '<thead><tr><th>Site</th><th class="n">Pages</th><th class="n">Blocks dropped</th>'
        '<th class="n">Characters removed</th><th class="n">Share removed</th><th>Top codes</th></tr></thead><tbody>'
    )
    ranked = sorted(tally.sites.items(), key=lambda kv: (-kv[1].chars_removed, -kv[1].pages, kv[0]))
    # A site seen on one page is that page: a hundred of them are summed in one row (the pages that
    # lost the most have their own list), a few are listed as sites.
    single = [(site, st) for site, st in ranked if st.pages == 1]
    if len(single) <= SINGLE_PAGE_SITES:
        single = []
    sites = [(site, st) for site, st in ranked if st.pages > 1 or not single]
    for site, st in sites[:MAX_SITES]:
        top = sorted(st.codes, key=lambda c: (-st.codes[c], c))[:3]
        out.append(
            f'<tr data-site="{escape(site)}" data-pages="{st.pages}" data-removed="{st.chars_removed}">'
            f'<td>{escape(site)}</td><td class="n">{_n(st.pages)}</td>'
            f'<td class="n">{_n(st.dropped)} / {_n(st.blocks)}</td><td class="n">{_n(st.chars_removed)}</td>'
            f'<td class="n">{_pct(st.chars_removed, st.chars_in)}{_share_bar(st.chars_removed, st.chars_in)}</td>'
            f"<td>{''.join(_chip(c, colours) for c in top)}</td></tr>"
        )
    rest = sites[MAX_SITES:]
    if rest:
        out.append(_summed_row("other", f"{_n(len(rest))} other sites", rest))
    if single:
        out.append(_summed_row("single", _single_label(single), single))
    out.append("</tbody></table></div></section>")

    out.extend(_worst_pages(tally.worst_pages(), colours))

    out.append('<section id="examples"><h2>Examples</h2>')
    out.append(
        f'<p class="muted">Up to {MAX_EXAMPLES} distinct dropped texts of each rule, from as many sites, then pages, '
        "as the corpus has (the first found, in corpus order), <mark>highlighted</mark> between the nearest kept text; "
        "the words a rule matched are in bold.</p>"
    )
    for code in order:
        s = tally.codes[code]
        name, summary = names.get(code, ("", ""))
        out.append(
            f'<section class="rule" id="rule-{escape(code)}"><h3>{_chip(code, colours)} {escape(name)}</h3>'
            f'<p class="summary">{escape(summary)}</p>'
            f'<p class="stats">{_count(s.blocks, "block")} · {_count(s.chars, "character")} · {_count(s.pages, "page")}</p>'
        )
        out.extend(_example_html(e, colours) for e in s.examples)
        out.append("</section>")
    out.append("</section>")

    if tally.failure_count:
        out.append(f'<section id="failures"><h2>Unreadable inputs ({_n(tally.failure_count)})</h2>')
        out.append('<ul class="failures">')
        out.extend(f"<li><code>{escape(f.source)}</code>: {escape(f.reason)}</li>" for f in tally.failures)
        out.append("</ul>")
        if tally.failure_count > len(tally.failures):
            out.append(f'<p class="muted">and {_n(tally.failure_count - len(tally.failures))} more (see stderr).</p>')
        out.append("</section>")
    out.append(
        "<footer>Made by <code>cleanse report</code>. Characters are those of the blocks' text; "
        "separators between blocks are not counted.</footer></main></body></html>\n"
    )
    return "\n".join(out)
