"""Scoring for the cleanse quality benchmark (see /work/shared/data/README.md).

Body scoring follows ScrapingHub's article-extraction-benchmark (evaluate.py):

* tokens are ``\\w+`` runs (``re.findall(r"\\w+", text)``, case-sensitive);
* each text becomes a multiset of token 4-gram shingles;
* per page, tp/fp/fn are counted over the two multisets
  (tp = sum of min counts, fp = surplus in the output, fn = surplus in the gold);
* page precision = tp/(tp+fp), page recall = tp/(tp+fn), with ScrapingHub's
  conventions (fp == fn == 0 -> 1.0);
* precision is averaged over pages with a non-empty output, recall over pages
  with a non-empty gold body, and F1 is the harmonic mean of the two *means*
  (not the mean of per-page F1s);
* the +/- figure comes from a bootstrap over pages (1000 resamples, fixed seed).

Snippets: a ``with`` / ``without`` snippet is "found" when its ``\\w+`` token
sequence occurs as a contiguous run in the output's token sequence.  "with
recall" and "leak" are pooled over all snippets of all pages (share of snippets,
not a mean of per-page shares).

Self-check (scores every gold body against itself, must print P=R=F1=1)::

    .venv/bin/python benchmarks/scoring.py
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

_TOKEN_RE = re.compile(r"\w+")

#: Number of bootstrap resamples and the fixed seed used for the F1 interval.
BOOTSTRAP_RESAMPLES = 1000
BOOTSTRAP_SEED = 20240601


def tokens(text: str) -> list[str]:
    """Return the ``\\w+`` runs of ``text`` in order (case kept)."""
    return _TOKEN_RE.findall(text or "")


def shingles(toks: Sequence[str], n: int = 4) -> Counter:
    """Return the multiset of token ``n``-gram shingles of ``toks``.

    A text with fewer than ``n`` (but at least one) tokens yields a single,
    shorter shingle made of all its tokens, exactly as ScrapingHub's
    ``_ngrams`` does (``range(max(1, len(tokens) - n + 1))``); an empty token
    list yields an empty multiset.
    """
    if not toks:
        return Counter()
    if len(toks) < n:
        # Fewer than n tokens: the tokens themselves form one shorter shingle.
        return Counter([tuple(toks)])
    return Counter(tuple(toks[i : i + n]) for i in range(len(toks) - n + 1))


def _precision(tp: int, fp: int, fn: int) -> float:
    """ScrapingHub's precision_score (called only when tp + fp > 0)."""
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fp)


def _recall(tp: int, fp: int, fn: int) -> float:
    """ScrapingHub's recall_score (called only when tp + fn > 0)."""
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fn)


def page_scores(
    output: str | Sequence[str],
    gold: str | Sequence[str],
) -> tuple[float | None, float | None, int, int, int]:
    """Score one page: return ``(precision, recall, tp, fp, fn)``.

    ``output`` and ``gold`` are texts or already tokenised texts.
    Precision is ``None`` when the output has no shingle (empty output: the
    page is left out of the precision mean); recall is ``None`` when the gold
    body is empty (left out of the recall mean).  An empty output against a
    non-empty gold therefore gives ``(None, 0.0, 0, 0, fn)``.
    """
    out_sh = shingles(tokens(output) if isinstance(output, str) else output)
    gold_sh = shingles(tokens(gold) if isinstance(gold, str) else gold)
    tp = fp = fn = 0
    for key in out_sh.keys() | gold_sh.keys():
        o, g = out_sh.get(key, 0), gold_sh.get(key, 0)
        tp += min(o, g)
        fp += max(0, o - g)
        fn += max(0, g - o)
    p = _precision(tp, fp, fn) if tp + fp > 0 else None
    r = _recall(tp, fp, fn) if tp + fn > 0 else None
    return p, r, tp, fp, fn


def _joined(toks: Sequence[str]) -> str:
    """Join tokens with spaces and pad both ends (tokens never contain spaces)."""
    return " " + " ".join(toks) + " "


def snippet_found(snippet: str, output_tokens: Sequence[str] | str) -> bool:
    """Return True when the ``\\w+`` token sequence of ``snippet`` occurs as a
    contiguous run of ``output_tokens`` (case-sensitive).

    ``output_tokens`` may be a token list or the pre-joined form returned by
    ``_joined`` (faster when testing many snippets).  A snippet without any
    token is trivially found (callers leave such snippets out of the counts).
    """
    snip = tokens(snippet)
    if not snip:
        return True
    hay = output_tokens if isinstance(output_tokens, str) else _joined(output_tokens)
    return _joined(snip) in hay


@dataclass
class PageResult:
    """Everything measured for one page and one system."""

    id: str
    page_type: str
    precision: float | None
    recall: float | None
    tp: int
    fp: int
    fn: int
    with_found: int = 0
    with_total: int = 0
    without_found: int = 0
    without_total: int = 0
    gold_empty: bool = False
    output_empty: bool = False
    error: str | None = None
    extra: dict = field(default_factory=dict)

    @property
    def f1(self) -> float:
        """Per-page F1 (undefined precision/recall count as 0); used for ranking."""
        p = self.precision or 0.0
        r = self.recall or 0.0
        return 2 * p * r / (p + r) if p + r > 0 else 0.0


def score_page(
    output: str,
    page: dict,
    error: str | None = None,
) -> PageResult:
    """Score ``output`` against one data-set ``page`` (needs body/with/without)."""
    out_toks = tokens(output)
    gold_toks = tokens(page.get("body", ""))
    p, r, tp, fp, fn = page_scores(out_toks, gold_toks)
    hay = _joined(out_toks)
    withs = [s for s in page.get("with") or [] if tokens(s)]
    withouts = [s for s in page.get("without") or [] if tokens(s)]
    return PageResult(
        id=str(page.get("id", "")),
        page_type=str(page.get("page_type", "")),
        precision=p,
        recall=r,
        tp=tp,
        fp=fp,
        fn=fn,
        with_found=sum(snippet_found(s, hay) for s in withs),
        with_total=len(withs),
        without_found=sum(snippet_found(s, hay) for s in withouts),
        without_total=len(withouts),
        gold_empty=not gold_toks,
        output_empty=not out_toks,
        error=error,
    )


def _mean_or_nan(values: Iterable[float]) -> float:
    vals = list(values)
    return sum(vals) / len(vals) if vals else math.nan


def _f1(p: float, r: float) -> float:
    """Harmonic mean; 0 when recall is 0 even if precision is undefined (NaN),
    i.e. a set of pages on which every output is empty scores F1 = 0."""
    if r == 0:
        return 0.0
    if math.isnan(p) or math.isnan(r):
        return math.nan
    return 2 * p * r / (p + r) if p + r > 0 else 0.0


def aggregate(
    results: Sequence[PageResult],
    n_resamples: int = BOOTSTRAP_RESAMPLES,
    seed: int = BOOTSTRAP_SEED,
) -> dict:
    """Aggregate per-page results into the benchmark figures.

    Returns a dict with ``pages``, ``precision``, ``recall``, ``f1`` (harmonic
    mean of the two means), ``f1_ci`` (95 % percentile bootstrap interval
    ``[low, high]`` over pages), ``f1_ci_half`` (its half-width), ``f1_std``
    (bootstrap standard deviation, the figure ScrapingHub prints as +/-),
    F1 is 0 when the mean recall is 0 (e.g. every output empty) even though
    precision is then undefined,
    ``with_recall``, ``leak``, ``empty_outputs`` (pages whose gold body is
    non-empty but whose output has no token) and ``errors``.
    Figures that are undefined (no page to average) are NaN.
    """
    n = len(results)
    p_arr = np.array([np.nan if x.precision is None else x.precision for x in results], dtype=float)
    r_arr = np.array([np.nan if x.recall is None else x.recall for x in results], dtype=float)
    precision = _mean_or_nan(x.precision for x in results if x.precision is not None)
    recall = _mean_or_nan(x.recall for x in results if x.recall is not None)
    f1 = _f1(precision, recall)

    ci_low = ci_high = f1_std = math.nan
    if n and not math.isnan(f1):
        rng = np.random.default_rng(seed)
        idx = rng.integers(0, n, size=(n_resamples, n))
        with np.errstate(invalid="ignore", divide="ignore"):
            bp = _nanmean_rows(p_arr[idx])
            br = _nanmean_rows(r_arr[idx])
            bf = np.where(br == 0, 0.0, np.where(bp + br > 0, 2 * bp * br / (bp + br), 0.0))
        bf = bf[~np.isnan(bf)]
        if bf.size:
            ci_low, ci_high = (float(v) for v in np.percentile(bf, [2.5, 97.5]))
            f1_std = float(np.std(bf, ddof=1)) if bf.size > 1 else 0.0

    with_total = sum(x.with_total for x in results)
    without_total = sum(x.without_total for x in results)
    return {
        "pages": n,
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "f1_ci": [ci_low, ci_high],
        "f1_ci_half": (ci_high - ci_low) / 2,
        "f1_std": f1_std,
        "with_recall": sum(x.with_found for x in results) / with_total if with_total else math.nan,
        "with_total": with_total,
        "leak": sum(x.without_found for x in results) / without_total if without_total else math.nan,
        "without_total": without_total,
        "empty_outputs": sum(1 for x in results if x.output_empty and not x.gold_empty),
        "errors": sum(1 for x in results if x.error is not None),
    }


def _nanmean_rows(a: np.ndarray) -> np.ndarray:
    """Row-wise mean ignoring NaN; NaN for rows without any value (no warning)."""
    valid = ~np.isnan(a)
    counts = valid.sum(axis=1)
    sums = np.where(valid, a, 0.0).sum(axis=1)
    out = np.full(a.shape[0], np.nan)
    np.divide(sums, counts, out=out, where=counts > 0)
    return out


def _self_check(path: str | None = None) -> int:
    """Score the gold bodies against themselves; every figure must be 1."""
    import gzip
    import json
    import os

    path = path or os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "data", "wcxb-dev.jsonl.gz"
    )
    if not os.path.exists(path):
        print(f"data set not found at {path}; skipping self-check")
        return 0
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        pages = [json.loads(line) for line in fh]
    agg = aggregate([score_page(pg["body"], pg) for pg in pages])
    print(
        f"gold vs gold on {agg['pages']} pages: P={agg['precision']:.4f} "
        f"R={agg['recall']:.4f} F1={agg['f1']:.4f} CI={agg['f1_ci']}"
    )
    ok = agg["precision"] == agg["recall"] == agg["f1"] == 1.0
    print("OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    import sys

    sys.exit(_self_check(sys.argv[1] if len(sys.argv) > 1 else None))
