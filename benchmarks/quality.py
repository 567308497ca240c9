"""Quality benchmark: cleanse against simple baselines on the WCXB dev share.

Every system gets the page's plain ``text`` (text mode) and is scored against
the gold ``body`` with the token 4-gram shingle P/R/F1 of ScrapingHub's
article-extraction-benchmark, plus the ``with`` / ``without`` snippet checks
(see ``benchmarks/scoring.py`` and /work/shared/data/README.md).

Run from the project root::

    .venv/bin/python benchmarks/quality.py
    .venv/bin/python benchmarks/quality.py --systems identity,c4,justext --types --worst 10
    .venv/bin/python benchmarks/quality.py --limit 50 --json /tmp/quality.json

Options: ``--data PATH`` (default ``<root>/../shared/data/wcxb-dev.jsonl.gz``;
when it is missing the script says so and exits 0; ``all`` runs WCXB dev,
Dragnet and CleanEval from that folder, each reported on its own, then prints
one table of F1 per source), ``--limit N`` (first N
pages), ``--systems a,b,...`` (default ``identity,c4,justext,cleanse``),
``--types`` (per page type F1 table), ``--worst K`` (the K worst pages of
cleanse, or of the last listed system when cleanse is not run, with the
longest wrongly kept and wrongly dropped lines), ``--json OUT`` (all figures).

A system is any ``str -> str`` callable in ``SYSTEMS``; an exception (or a
non-str result) on a page counts as an empty output and as an error, and never
stops the run.
"""

from __future__ import annotations

import argparse
import collections
import gzip
import html
import json
import math
import re
import sys
import time
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "wcxb-dev.jsonl.gz"
DEFAULT_SYSTEMS = "identity,c4,justext,cleanse"
#: the sources of ``--data all``, in the order they are reported
ALL_SOURCES = ("wcxb-dev", "dragnet", "cleaneval")

# Work without installing: the library (src layout) and the sibling scoring module.
for _p in (str(ROOT / "src"), str(HERE)):
    if _p not in sys.path:
        sys.path.insert(0, _p)

import scoring  # noqa: E402  (needs the sys.path set-up above)

# --------------------------------------------------------------------------
# Systems
# --------------------------------------------------------------------------


def identity(text: str) -> str:
    """Baseline: keep everything."""
    return text


# C4-style line filter.  Follows the line rules of C4's clean_page
# (tensorflow_datasets c4_utils, Raffel et al. 2020) as re-implemented in
# datatrove's C4QualityFilter (min 3 words per line, "'" as end mark):
#   * strip the line; drop it if a word is longer than 1000 characters;
#   * remove Wikipedia-style citations "[1]", "[edit]", "[citation needed]";
#   * keep only lines ending in terminal punctuation (not in an ellipsis);
#   * keep only lines with at least 3 words (whitespace split);
#   * drop lines containing "javascript" and lines with a policy phrase
#     ("cookie policy", "uses cookies", "privacy policy", ...);
#   * "lorem ipsum" and "{": C4 drops the whole page; as a *cleaner* we drop
#     only the line (dropping the page would just be an empty output).
# Not applied: C4's page-level rules (fewer than 3/5 sentences, bad words,
# language id, dedup), which decide whether to keep a page, not what to keep.
# Extension for CJK (as the brief asks): CJK full-width end marks count, and a
# line with at least 10 CJK characters passes the word-count rule.
C4_END_MARKS = (".", "!", "?", '"', "\u201d", "'", "\u2019", "\u3002", "\uff01", "\uff1f", "\uff0e", "\u300d", "\u300f")
C4_ELLIPSIS = ("...", "\u2026")
C4_MIN_WORDS = 3
C4_MIN_CJK_CHARS = 10
C4_MAX_WORD_LENGTH = 1000
C4_POLICY_SUBSTRINGS = (
    "terms of use",
    "privacy policy",
    "cookie policy",
    "uses cookies",
    "use of cookies",
    "use cookies",
)
C4_CITATION_RE = re.compile(r"\[\d*\]|\[edit\]|\[citation needed\]")
_CJK_RE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def c4(text: str) -> str:
    """C4-style line filter (see the comment above); kept lines joined by "\\n"."""
    kept = []
    for line in text.splitlines():
        line = line.strip()
        words = line.split()
        if any(len(w) > C4_MAX_WORD_LENGTH for w in words):
            continue
        line = C4_CITATION_RE.sub("", line).strip()
        if not line.endswith(C4_END_MARKS) or line.endswith(C4_ELLIPSIS):
            continue
        if len(words) < C4_MIN_WORDS and len(_CJK_RE.findall(line)) < C4_MIN_CJK_CHARS:
            continue
        low = line.lower()
        if "javascript" in low or "lorem ipsum" in low or "{" in line:
            continue
        if any(s in low for s in C4_POLICY_SUBSTRINGS):
            continue
        kept.append(line)
    return "\n".join(kept)


@lru_cache(maxsize=1)
def _stoplists() -> tuple[list[str], dict[str, frozenset], dict[str, list[int]]]:
    """Load every jusText stoplist once: (names, name -> words, word -> name indexes)."""
    import justext

    names = sorted(justext.get_stoplists())
    lists = {name: justext.get_stoplist(name) for name in names}
    index: dict[str, list[int]] = collections.defaultdict(list)
    for i, name in enumerate(names):
        for w in lists[name]:
            index[w].append(i)
    return names, lists, dict(index)


def guess_stoplist(text: str) -> str | None:
    """Name of the jusText stoplist with the most stopword hits in ``text``.

    Words are counted the way jusText counts them (whitespace split,
    lower-cased); ties go to the alphabetically first name.  None when no word
    of the text is in any stoplist.  Raw counts favour the big Wikipedia-derived
    stoplists that contain English words (Marathi, Uzbek, Finnish, ...): on this
    data set they win on ~35 English pages, which moves justext's F1 by less
    than 0.001 compared with forcing English.
    """
    names, _, index = _stoplists()
    scores = [0] * len(names)
    for word, count in collections.Counter(text.lower().split()).items():
        for i in index.get(word, ()):
            scores[i] += count
    best = max(range(len(names)), key=lambda i: (scores[i], -i))
    return names[best] if scores[best] > 0 else None


_BLANK_LINE_RE = re.compile(r"\n[ \t\r\f\v]*\n")
# Characters lxml refuses in a str (C0 controls other than tab/newline/CR).
_XML_BAD_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def text_to_html(text: str) -> str:
    """Wrap each blank-line-separated paragraph (each line when the text has no
    blank line) of ``text`` in an HTML-escaped ``<p>`` inside ``<html><body>``."""
    if _BLANK_LINE_RE.search(text):
        paras = _BLANK_LINE_RE.split(text)
    else:
        paras = text.splitlines()
    body = "".join(f"<p>{html.escape(_XML_BAD_RE.sub(' ', p))}</p>\n" for p in paras if p.strip())
    return f"<html><body>\n{body}</body></html>"


class JusText:
    """jusText on the text wrapped as HTML, with the stoplist guessed per page.

    When no stoplist matches (e.g. Chinese/Japanese text) jusText's
    language-independent mode is used: empty stoplist, stopwords_low =
    stopwords_high = 0.  ``languages`` counts the stoplists picked.
    """

    def __init__(self) -> None:
        self.languages: collections.Counter = collections.Counter()

    def warm_up(self) -> None:
        """Load the stoplists (outside the timed part)."""
        _stoplists()

    def __call__(self, text: str) -> str:
        import justext

        if not text.strip():
            return ""
        lang = guess_stoplist(text)
        self.languages[lang or "(none)"] += 1
        doc = text_to_html(text)
        if lang is None:
            paragraphs = justext.justext(doc, frozenset(), stopwords_low=0, stopwords_high=0)
        else:
            paragraphs = justext.justext(doc, _stoplists()[1][lang])
        return "\n\n".join(p.text for p in paragraphs if not p.is_boilerplate)


def cleanse_clean(text: str) -> str:
    """The library under test: ``cleanse.clean(text)``."""
    import cleanse

    return cleanse.clean(text)


def cleanse_html(markup: str) -> str:
    """The library's HTML front end: ``cleanse.clean_html(html)``."""
    import cleanse

    return cleanse.clean_html(markup)


def trafilatura_default(markup: str) -> str:
    """trafilatura's extract with its defaults (the peer HTML users run today)."""
    import trafilatura

    return trafilatura.extract(markup) or ""


def trafilatura_precision(markup: str) -> str:
    """trafilatura's extract with ``favor_precision=True``."""
    import trafilatura

    return trafilatura.extract(markup, favor_precision=True) or ""


def readability(markup: str) -> str:
    """readability-lxml's summary, as text (one block per line)."""
    import lxml.html
    from readability import Document

    summary = Document(markup).summary(html_partial=True)
    root = lxml.html.fromstring(summary)
    return "\n".join(t.strip() for t in root.itertext() if t.strip())


def _warm_cleanse() -> None:
    import cleanse  # noqa: F401  (import cost is not counted in the timing)


justext_system = JusText()

#: name -> callable(str) -> str.  Add new systems here.
SYSTEMS: dict[str, Callable[[str], str]] = {
    "identity": identity,
    "c4": c4,
    "justext": justext_system,
    "cleanse": cleanse_clean,
    "cleanse-html": cleanse_html,
    "trafilatura": trafilatura_default,
    "trafilatura-precision": trafilatura_precision,
    "readability": readability,
}

#: which field of a page each system reads (default: the naive full-page text)
INPUT_FIELD: dict[str, str] = {
    "cleanse-html": "html",
    "trafilatura": "html",
    "trafilatura-precision": "html",
    "readability": "html",
}

#: name -> set-up run before the timed loop (errors there are reported, not fatal).
WARM_UPS: dict[str, Callable[[], None]] = {
    "justext": justext_system.warm_up,
    "cleanse": _warm_cleanse,
    "cleanse-html": _warm_cleanse,
}


# --------------------------------------------------------------------------
# Running
# --------------------------------------------------------------------------


def load_pages(path: Path | str, limit: int | None = None) -> list[dict]:
    """Read the gzip JSON-lines data set (first ``limit`` pages when given)."""
    pages = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if limit is not None and len(pages) >= limit:
                break
            if line.strip():
                pages.append(json.loads(line))
    return pages


def run_system(
    name: str,
    fn: Callable[[str], str],
    pages: Sequence[dict],
    keep_outputs: bool = False,
) -> dict:
    """Run ``fn`` on every page's ``text``, time it, and score it.

    Returns ``{"results": [PageResult], "seconds": float, "outputs": [str] | None,
    "first_error": str | None}``.  Exceptions and non-str results count as
    empty output plus one error.
    """
    warm = WARM_UPS.get(name)
    first_error = None
    if warm is not None:
        try:
            warm()
        except Exception as exc:  # reported; the per-page calls will fail too
            first_error = f"warm-up: {type(exc).__name__}: {exc}"
    results, outputs = [], []
    seconds = 0.0
    for page in pages:
        error = None
        t0 = time.perf_counter()
        try:
            out = fn(page[INPUT_FIELD.get(name, "text")])
        except Exception as exc:
            out, error = "", f"{type(exc).__name__}: {exc}"
        seconds += time.perf_counter() - t0
        if error is None and not isinstance(out, str):
            out, error = "", f"returned {type(out).__name__}, not str"
        if error is not None and first_error is None:
            first_error = f"page {page.get('id')}: {error}"
        results.append(scoring.score_page(out, page, error=error))
        if keep_outputs:
            outputs.append(out)
    return {
        "results": results,
        "seconds": seconds,
        "outputs": outputs if keep_outputs else None,
        "first_error": first_error,
    }


def per_type(results: Sequence[scoring.PageResult]) -> dict[str, dict]:
    """Aggregate figures per page type (same keys as ``scoring.aggregate``)."""
    groups: dict[str, list] = collections.defaultdict(list)
    for r in results:
        groups[r.page_type].append(r)
    return {t: scoring.aggregate(rs) for t, rs in groups.items()}


# --------------------------------------------------------------------------
# Reporting
# --------------------------------------------------------------------------


def _f(x: float | None, digits: int = 3) -> str:
    return "-" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:.{digits}f}"


def _table(header: list[str], rows: list[list[str]], left: int = 1) -> str:
    """Plain text table; the first ``left`` columns left-aligned, others right."""
    widths = [max(len(str(c)) for c in col) for col in zip(header, *rows, strict=False)]
    lines = []
    for i, row in enumerate([header, *rows]):
        cells = [
            str(c).ljust(w) if j < left else str(c).rjust(w) for j, (c, w) in enumerate(zip(row, widths, strict=False))
        ]
        lines.append("  ".join(cells).rstrip())
        if i == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def summary_table(figures: dict[str, dict]) -> str:
    """One row per system: pages, P, R, F1 ±, with-recall, leak, empty, errors, speed."""
    header = [
        "system",
        "pages",
        "P",
        "R",
        "F1",
        "±CI95",
        "with-R",
        "leak",
        "empty",
        "errors",
        "seconds",
        "pages/s",
        "vs cleanse",
    ]
    rows = []
    for name, fig in figures.items():
        ratio = fig.get("speed_vs_cleanse")
        rows.append(
            [
                name,
                str(fig["pages"]),
                _f(fig["precision"]),
                _f(fig["recall"]),
                _f(fig["f1"]),
                _f(fig["f1_ci_half"]),
                _f(fig["with_recall"]),
                _f(fig["leak"]),
                str(fig["empty_outputs"]),
                str(fig["errors"]),
                _f(fig["seconds"], 2),
                _f(fig["pages_per_s"], 1),
                "-" if ratio is None else f"{ratio:.2f}x",
            ]
        )
    return _table(header, rows)


def types_table(figures: dict[str, dict]) -> str:
    """F1 per page type (rows, with page counts) and system (columns)."""
    counts: collections.Counter = collections.Counter()
    for fig in figures.values():
        for t, agg in fig["per_type"].items():
            counts[t] = max(counts[t], agg["pages"])
    names = list(figures)
    rows = []
    for t, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        rows.append([t, str(n)] + [_f(figures[s]["per_type"].get(t, {}).get("f1")) for s in names])
    rows.append(
        ["all", str(max((f["pages"] for f in figures.values()), default=0))] + [_f(figures[s]["f1"]) for s in names]
    )
    return _table(["page type", "pages", *names], rows)


def _lines_missing(lines_text: str, other_tokens: Sequence[str], k: int = 3) -> list[str]:
    """The ``k`` longest lines of ``lines_text`` whose token sequence does not
    occur in ``other_tokens`` (one line at a time, whitespace collapsed)."""
    hay = scoring._joined(other_tokens)
    seen, missing = set(), []
    for line in lines_text.splitlines():
        line = " ".join(line.split())
        if not line or line in seen or not scoring.tokens(line):
            continue
        seen.add(line)
        if not scoring.snippet_found(line, hay):
            missing.append(line)
    missing.sort(key=len, reverse=True)
    return missing[:k]


def worst_pages(
    pages: Sequence[dict],
    results: Sequence[scoring.PageResult],
    outputs: Sequence[str],
    k: int,
) -> list[dict]:
    """The ``k`` pages with the lowest page F1, with the 3 longest kept lines
    not in gold and the 3 longest gold lines that were dropped."""
    order = sorted(range(len(results)), key=lambda i: (results[i].f1, results[i].id))[:k]
    worst = []
    for i in order:
        page, res, out = pages[i], results[i], outputs[i]
        worst.append(
            {
                "id": res.id,
                "page_type": res.page_type,
                "url": page.get("url", ""),
                "precision": res.precision,
                "recall": res.recall,
                "f1": res.f1,
                "output_chars": len(out),
                "gold_chars": len(page.get("body", "")),
                "error": res.error,
                "kept_not_gold": _lines_missing(out, scoring.tokens(page.get("body", ""))),
                "gold_dropped": _lines_missing(page.get("body", ""), scoring.tokens(out)),
            }
        )
    return worst


def _clip(s: str, n: int = 100) -> str:
    return s if len(s) <= n else s[: n - 1] + "…"


def format_worst(system: str, worst: list[dict]) -> str:
    """Human-readable list of the worst pages."""
    out = [f"{len(worst)} worst pages for {system} (by page F1):"]
    for w in worst:
        out.append("")
        out.append(
            f"#{w['id']} [{w['page_type']}] P={_f(w['precision'])} R={_f(w['recall'])} "
            f"F1={_f(w['f1'])}  output {w['output_chars']} chars, gold {w['gold_chars']} chars"
        )
        out.append(f"  {w['url']}")
        if w["error"]:
            out.append(f"  error: {_clip(w['error'], 200)}")
        out.append("  kept, not in gold:" + ("" if w["kept_not_gold"] else " (none)"))
        out.extend(f"    + {_clip(line)}" for line in w["kept_not_gold"])
        out.append("  gold, dropped:" + ("" if w["gold_dropped"] else " (none)"))
        out.extend(f"    - {_clip(line)}" for line in w["gold_dropped"])
    return "\n".join(out)


def _json_safe(obj):
    """NaN -> None, recursively (strict JSON)."""
    if isinstance(obj, float):
        return None if math.isnan(obj) else obj
    if isinstance(obj, dict):
        return {k: _json_safe(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_json_safe(v) for v in obj]
    return obj


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--data",
        default=str(DEFAULT_DATA),
        help="data set (gzip JSON lines; default: %(default)s), or 'all' for every source in its folder, each apart",
    )
    ap.add_argument("--limit", type=int, default=None, help="score only the first N pages")
    ap.add_argument(
        "--systems", default=DEFAULT_SYSTEMS, help=f"comma-separated, from: {', '.join(SYSTEMS)} (default: %(default)s)"
    )
    ap.add_argument(
        "--worst", type=int, default=0, metavar="K", help="show the K worst pages of cleanse (else of the last system)"
    )
    ap.add_argument("--json", metavar="OUT", default=None, help="write all figures as JSON")
    ap.add_argument("--types", action="store_true", help="per page type F1 table")
    return ap.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; returns the process exit code."""
    args = parse_args(argv)
    names = [s.strip() for s in args.systems.split(",") if s.strip()]
    unknown = [s for s in names if s not in SYSTEMS]
    if unknown or not names:
        print(
            f"unknown system(s): {', '.join(unknown) or '(none given)'}; choose from {', '.join(SYSTEMS)}",
            file=sys.stderr,
        )
        return 2
    if args.data == "all":
        # Every source in the data folder, each reported on its own, then one table of F1 per source.
        folder = DEFAULT_DATA.parent
        sources = [folder / f"{name}.jsonl.gz" for name in ALL_SOURCES if (folder / f"{name}.jsonl.gz").exists()]
        if not sources:
            print(f"quality benchmark skipped: no data set found in {folder}")
            return 0
        per_source: dict[str, dict[str, dict]] = {}
        for path in sources:
            print(f"\n==================== {path.name} ====================")
            per_source[path.name.split(".")[0]] = run_source(path, names, args)
        print("\nF1 per source (P / R; leak where the source has snippets):")
        header = ["system", *per_source]
        rows = []
        for name in names:
            row = [name]
            for figs in per_source.values():
                f = figs[name]
                cell = f"{_f(f['f1'])} ({_f(f['precision'])} / {_f(f['recall'])})"
                if not math.isnan(f["leak"]):
                    cell += f" leak {_f(f['leak'])}"
                row.append(cell)
            rows.append(row)
        print(_table(header, rows))
        return 0
    data = Path(args.data)
    if not data.exists():
        print(f"quality benchmark skipped: data set not found at {data} (pass --data PATH)")
        return 0
    run_source(data, names, args)
    return 0


def run_source(data: Path, names: list[str], args: argparse.Namespace) -> dict[str, dict]:
    """Run every system on one data set and print its tables; returns the figures per system."""
    pages = load_pages(data, args.limit)
    print(f"data: {data} ({len(pages)} pages)")
    worst_system = "cleanse" if "cleanse" in names else names[-1]

    runs, figures = {}, {}
    for name in names:
        run = run_system(name, SYSTEMS[name], pages, keep_outputs=(args.worst > 0 and name == worst_system))
        runs[name] = run
        fig = scoring.aggregate(run["results"])
        fig["seconds"] = run["seconds"]
        fig["pages_per_s"] = len(pages) / run["seconds"] if run["seconds"] > 0 else math.nan
        fig["first_error"] = run["first_error"]
        fig["per_type"] = per_type(run["results"])
        figures[name] = fig
    base = figures.get("cleanse", {}).get("pages_per_s")
    for fig in figures.values():
        ok = base is not None and not math.isnan(base) and base > 0 and not math.isnan(fig["pages_per_s"])
        fig["speed_vs_cleanse"] = fig["pages_per_s"] / base if ok else None

    print()
    print(summary_table(figures))
    print(
        "P/R/F1: token 4-gram shingles; ±CI95: bootstrap half-width (1000 resamples);"
        " with-R/leak: share of with/without snippets found;"
    )
    print("empty: pages with gold but empty output; vs cleanse: pages/s relative to cleanse (>1 = faster)")
    for name, fig in figures.items():
        if fig["first_error"]:
            print(f"{name}: errors: {fig['errors']} (first: {_clip(fig['first_error'], 300)})")
    if "justext" in names and justext_system.languages:
        langs = ", ".join(f"{k} {v}" for k, v in justext_system.languages.most_common(6))
        print(f"justext stoplists picked: {langs}")

    if args.types:
        print()
        print("F1 per page type:")
        print(types_table(figures))

    worst = None
    if args.worst > 0:
        run = runs[worst_system]
        worst = worst_pages(pages, run["results"], run["outputs"], args.worst)
        print()
        if worst_system != "cleanse":
            print(f"(cleanse not run: showing the worst pages of {worst_system})")
        print(format_worst(worst_system, worst))

    if args.json:
        payload = {
            "data": str(data),
            "pages": len(pages),
            "systems": figures,
            "justext_stoplists": dict(justext_system.languages),
        }
        if worst is not None:
            payload["worst"] = {"system": worst_system, "pages": worst}
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        out = Path(args.json)
        if args.data == "all":
            out = out.with_name(f"{out.stem}.{data.name.split('.')[0]}{out.suffix}")
        with open(out, "w", encoding="utf-8") as fh:
            json.dump(_json_safe(payload), fh, indent=2, ensure_ascii=False)
        print(f"\nwrote {out}")
    return figures


if __name__ == "__main__":
    sys.exit(main())
