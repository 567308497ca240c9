"""Speed benchmark: cleanse against jusText and C4 on the WCXB dev share.

Every system gets the same inputs, the plain ``text`` of every page of the data
set that ``benchmarks/quality.py`` scores (its loader, its jusText and C4
systems and its skip when the data is missing are imported from there).  One
run, single process, measures:

* throughput: for cleanse (``cleanse.Cleaner().clean``), jusText and C4, the
  total seconds over all pages (best of ``--repeat`` runs, after one untimed
  warm-up page), pages/s, MB/s of input (UTF-8, 1 MB = 10^6 bytes) and
  cleanse's pages/s relative to each peer ("cleanse is 0.4x jusText");
* cold start: ``import cleanse`` + ``Cleaner()`` + the first ``clean()`` of a
  median-sized page, in a fresh ``python -c`` subprocess (best of
  ``--repeat``), next to bare interpreter start-up: what a one-shot CLI pays;
* peak memory: each system in a fresh subprocess over all pages; peak RSS
  (``ru_maxrss``) minus the RSS after the input is loaded and the system's
  modules are imported and the system built (lazy caches, stoplists, compiled
  patterns built during the run count as the system's);
* with ``--stages``: where cleanse's time goes (segmentation, features +
  language detection, phrase matcher, other rules, decision, output), by
  calling cleanse's internal steps in the order of
  ``Cleaner.clean``; the profiled output is checked against
  ``Cleaner.clean`` so a drift of the pipeline is reported, not hidden.

Run from the project root (the full run, about three minutes)::

    .venv/bin/python benchmarks/speed.py --stages --json /tmp/speed.json

Quick run::

    .venv/bin/python benchmarks/speed.py --limit 50 --repeat 1 --stages

Options: ``--data PATH`` (default as quality.py; when missing the script says
so and exits 0), ``--limit N`` (first N pages), ``--repeat N`` (default 3),
``--stages`` (cleanse per-stage profile), ``--json OUT`` (all figures).
Timings are wall-clock (``time.perf_counter``) and sensitive to other load on
the machine; compare figures from the same machine and run.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import quality  # noqa: E402  (needs the sys.path set-up above; it adds <root>/src too)

ROOT = quality.ROOT
#: benchmarked systems, cleanse first; name -> display name
SYSTEMS: dict[str, str] = {"cleanse": "cleanse", "justext": "jusText", "c4": "C4"}
STAGES = ("segmentation", "features + language", "phrase matcher", "other rules", "decision", "output")

Figures = dict[str, Any]


# --------------------------------------------------------------------------
# Systems
# --------------------------------------------------------------------------


def import_system(name: str) -> None:
    """Import the modules a system needs (outside any timing or memory delta)."""
    if name == "cleanse":
        import cleanse  # noqa: F401
    elif name == "justext":
        import justext  # noqa: F401


def make_system(name: str) -> tuple[Callable[[str], str], Callable[[], None] | None]:
    """(callable, warm-up or None) of a system; cleanse is ``Cleaner().clean``."""
    import_system(name)
    if name == "cleanse":
        import cleanse

        return cleanse.Cleaner().clean, None
    return quality.SYSTEMS[name], quality.WARM_UPS.get(name)


def input_bytes(texts: Sequence[str]) -> int:
    """UTF-8 size of the inputs (lone surrogates counted as 3 bytes each)."""
    return sum(len(t.encode("utf-8", "surrogatepass")) for t in texts)


# --------------------------------------------------------------------------
# Throughput
# --------------------------------------------------------------------------


def time_system(
    fn: Callable[[str], str],
    texts: Sequence[str],
    repeat: int,
    warm_up: Callable[[], None] | None = None,
) -> tuple[Figures, list[str]]:
    """Time ``fn`` over all ``texts`` ``repeat`` times after one warm-up page.

    Returns the figures (``runs`` in seconds, ``seconds`` = best run,
    ``errors`` per run) and the outputs of the last run ("" for a page that
    raised).  Exceptions are counted, never fatal.
    """
    first_error: str | None = None
    if warm_up is not None:
        try:
            warm_up()
        except Exception as exc:
            first_error = f"warm-up: {type(exc).__name__}: {exc}"
    try:
        fn(texts[0])
    except Exception as exc:
        first_error = first_error or f"warm-up page: {type(exc).__name__}: {exc}"
    runs: list[float] = []
    errors = 0
    outputs: list[str] = []
    for _ in range(repeat):
        gc.collect()
        outputs = []
        errors = 0
        t0 = time.perf_counter()
        for text in texts:
            try:
                outputs.append(fn(text))
            except Exception as exc:
                outputs.append("")
                errors += 1
                if first_error is None:
                    first_error = f"{type(exc).__name__}: {exc}"
        runs.append(time.perf_counter() - t0)
    return {"runs": runs, "seconds": min(runs), "errors": errors, "first_error": first_error}, outputs


def add_rates(fig: Figures, pages: int, nbytes: int) -> None:
    """pages/s, MB/s (10^6 bytes) and ms/page from the best run."""
    s = fig["seconds"]
    fig["pages_per_s"] = pages / s if s > 0 else None
    fig["mb_per_s"] = nbytes / 1e6 / s if s > 0 else None
    fig["ms_per_page"] = 1000 * s / pages if pages else None


def speed_ratios(figures: dict[str, Figures]) -> dict[str, float | None]:
    """cleanse's pages/s divided by each peer's (below 1: cleanse is slower)."""
    base = figures["cleanse"].get("pages_per_s")
    out: dict[str, float | None] = {}
    for name, fig in figures.items():
        if name != "cleanse":
            peer = fig.get("pages_per_s")
            out[name] = base / peer if base and peer else None
    return out


# --------------------------------------------------------------------------
# Cold start (fresh interpreter)
# --------------------------------------------------------------------------

_COLD_CODE = """\
import sys, time
text = sys.stdin.buffer.read().decode("utf-8", "surrogatepass")
t0 = time.perf_counter()
import cleanse
t1 = time.perf_counter()
cleaner = cleanse.Cleaner()
t2 = time.perf_counter()
cleaner.clean(text)
t3 = time.perf_counter()
cleaner.clean(text)
t4 = time.perf_counter()
print(t1 - t0, t2 - t1, t3 - t2, t4 - t3)
"""


def child_env() -> dict[str, str]:
    """Environment for subprocesses: ``<root>/src`` first on PYTHONPATH (as quality.py does)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT / "src"), env.get("PYTHONPATH", "")) if p)
    return env


def cold_start(text: str, repeat: int) -> Figures:
    """Import, ``Cleaner()``, first and second ``clean(text)`` in fresh interpreters.

    Each figure is the best of ``repeat`` subprocesses (the median is kept in
    ``median``); ``process`` is the parent's wall clock of the whole child,
    ``python`` that of a bare ``python -c pass``.
    """
    payload = text.encode("utf-8", "surrogatepass")
    env = child_env()
    samples: dict[str, list[float]] = {
        k: [] for k in ("python", "import", "cleaner", "first_clean", "warm_clean", "process")
    }
    for _ in range(repeat):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True, env=env)
        samples["python"].append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-c", _COLD_CODE], input=payload, capture_output=True, check=False, env=env
        )
        wall = time.perf_counter() - t0
        if proc.returncode != 0:
            raise RuntimeError(f"cold-start child failed: {proc.stderr.decode(errors='replace')[-500:]}")
        imp, ctor, first, warm = (float(x) for x in proc.stdout.split())
        samples["import"].append(imp)
        samples["cleaner"].append(ctor)
        samples["first_clean"].append(first)
        samples["warm_clean"].append(warm)
        samples["process"].append(wall)
    totals = [i + c + f for i, c, f in zip(samples["import"], samples["cleaner"], samples["first_clean"], strict=True)]
    samples["import_first_call"] = totals
    return {
        "page_chars": len(text),
        "best": {k: min(v) for k, v in samples.items()},
        "median": {k: statistics.median(v) for k, v in samples.items()},
        "runs": samples,
    }


# --------------------------------------------------------------------------
# Peak memory (fresh subprocess per system)
# --------------------------------------------------------------------------


def _maxrss_bytes() -> int:
    """Peak RSS of this process so far (ru_maxrss is KiB on Linux, bytes on macOS)."""
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss if sys.platform == "darwin" else rss * 1024


def _current_rss_bytes() -> int | None:
    """Current RSS from /proc (Linux), else None."""
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


def _vm_hwm_bytes() -> int | None:
    """Peak RSS of this process's own address space (Linux VmHWM), else None.

    Used only to cross-check ``ru_maxrss``: after ``exec`` the kernel seeds a
    child's ``ru_maxrss`` with its parent's RSS, VmHWM starts afresh.
    """
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def memory_child(name: str, data: Path, limit: int | None) -> int:
    """In a fresh process: load the pages, import and build ``name``, run it over
    every page, print the RSS figures as one JSON line."""
    pages = quality.load_pages(data, limit)  # kept alive: no freed slack below the baseline
    texts = [p["text"] for p in pages]
    rss_data = _current_rss_bytes()
    fn, _ = make_system(name)
    gc.collect()
    baseline = _maxrss_bytes()
    hwm_baseline = _vm_hwm_bytes()
    rss_imports = _current_rss_bytes()
    errors = 0
    t0 = time.perf_counter()
    for text in texts:
        try:
            fn(text)
        except Exception:
            errors += 1
    seconds = time.perf_counter() - t0
    peak = _maxrss_bytes()
    hwm_peak = _vm_hwm_bytes()
    print(
        json.dumps(
            {
                "system": name,
                "pages": len(texts),
                "rss_after_data": rss_data,
                "rss_after_imports": rss_imports,
                "maxrss_after_imports": baseline,
                "maxrss_peak": peak,
                "delta": peak - baseline,
                "vmhwm_after_imports": hwm_baseline,
                "vmhwm_peak": hwm_peak,
                "vmhwm_delta": None if hwm_peak is None or hwm_baseline is None else hwm_peak - hwm_baseline,
                "seconds": seconds,
                "errors": errors,
            }
        )
    )
    return 0


def measure_memory(name: str, data: Path, limit: int | None) -> Figures:
    """Run :func:`memory_child` for ``name`` in a fresh interpreter.

    Call it while this process is still small (before loading the pages or
    importing any system): a child's ``ru_maxrss`` starts at the parent's RSS
    at spawn time, which would otherwise hide the child's own peak.
    """
    cmd = [sys.executable, str(Path(__file__).resolve()), "--memory-child", name, "--data", str(data)]
    if limit is not None:
        cmd += ["--limit", str(limit)]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False, env=child_env())
    lines = proc.stdout.strip().splitlines()
    if proc.returncode != 0 or not lines:
        return {"system": name, "error": (proc.stderr or proc.stdout)[-500:]}
    fig: Figures = json.loads(lines[-1])
    return fig


# --------------------------------------------------------------------------
# Per-stage profile of cleanse
# --------------------------------------------------------------------------


def profile_stages(cleaner: Any, texts: Sequence[str], repeat: int, reference: Sequence[str] | None = None) -> Figures:
    """Seconds per stage of ``cleaner`` over ``texts``, mirroring ``Cleaner.clean``.

    Steps, in the order of cleaner.py: ``segment`` (segmentation),
    ``make_page`` (language detection + block features), the phrase matcher
    (all phrase rules in one pass), every other rule's ``check`` (also timed
    one by one), grouping the findings per block + ``decide.kept`` (decision),
    ``join_blocks`` (output).  Of ``repeat`` passes the one with
    the smallest total is reported, so the stages add up to its total.
    Language detection alone (``lang.detect`` on the text ``make_page`` gives
    it) is timed in a separate loop and is *not* part of the total.  When
    ``reference`` (``Cleaner.clean``'s outputs) is given, pages whose profiled
    output differs are counted: a non-zero count means this function no longer
    matches cleaner.py.
    """
    from cleanse import lang as langs
    from cleanse.decide import kept
    from cleanse.features import make_page
    from cleanse.model import Finding
    from cleanse.render import join_blocks
    from cleanse.rules.base import phrase_matcher
    from cleanse.segment import segment

    phrase_rules = cleaner._phrase_rules
    other_rules = cleaner._other_rules
    thresholds = cleaner.thresholds
    codes = cleaner._codes
    language = cleaner.config.language
    clock = time.perf_counter

    passes: list[tuple[dict[str, float], dict[str, float], int, int]] = []
    for i in range(repeat + 1):  # pass 0 is a warm-up (lazy matchers per language)
        gc.collect()
        acc = dict.fromkeys(STAGES, 0.0)
        per_rule = {f"{r.code} {r.name}": 0.0 for r in other_rules}
        errors = mismatches = 0
        for k, text in enumerate(texts):
            try:
                t0 = clock()
                blocks = segment(text)
                t1 = clock()
                page = make_page(blocks, language, "")
                t2 = clock()
                found: list[Finding] = []
                if phrase_rules:
                    found.extend(phrase_matcher(phrase_rules, page.lang).check(page))
                t3 = clock()
                for rule in other_rules:
                    r0 = clock()
                    found.extend(rule.check(page))
                    per_rule[f"{rule.code} {rule.name}"] += clock() - r0
                t4 = clock()
                per_block: list[tuple[Finding, ...]] = [()] * len(blocks)
                for finding in found:
                    per_block[finding.block] += (finding,)
                keep = kept(page, per_block, thresholds, codes)
                t5 = clock()
                output = join_blocks(blocks, keep)
                t6 = clock()
            except Exception:
                errors += 1
                continue
            for stage, dt in zip(STAGES, (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4, t6 - t5), strict=True):
                acc[stage] += dt
            if reference is not None and output != reference[k]:
                mismatches += 1
        if i > 0:
            passes.append((acc, per_rule, errors, mismatches))
    acc, per_rule, errors, mismatches = min(passes, key=lambda p: sum(p[0].values()))

    detect_seconds: float | None = None
    if language is None:
        joined = ["\n".join(b.text for b in segment(t)) for t in texts]
        runs = []
        for _ in range(repeat):
            t0 = clock()
            for j in joined:
                langs.detect(j)
            runs.append(clock() - t0)
        detect_seconds = min(runs)
    return {
        "stages": acc,
        "other_rules": per_rule,
        "phrase_rules": len(phrase_rules),
        "language_detection": detect_seconds,
        "total": sum(acc.values()),
        "errors": errors,
        "mismatches": mismatches if reference is not None else None,
    }


# --------------------------------------------------------------------------
# Reporting
# --------------------------------------------------------------------------

_f = quality._f
_table = quality._table


def _mib(b: float | None) -> str:
    return "-" if b is None else f"{b / 2**20:.1f}"


def throughput_table(figures: dict[str, Figures], pages: int, nbytes: int) -> str:
    header = ["system", "pages", "input MB", "best s", "runs s", "pages/s", "MB/s", "ms/page", "errors"]
    rows = []
    for name, fig in figures.items():
        rows.append(
            [
                SYSTEMS[name],
                str(pages),
                _f(nbytes / 1e6, 2),
                _f(fig["seconds"], 2),
                " ".join(_f(r, 2) for r in fig["runs"]),
                _f(fig["pages_per_s"], 1),
                _f(fig["mb_per_s"], 3),
                _f(fig["ms_per_page"], 2),
                str(fig["errors"]),
            ]
        )
    return _table(header, rows)


def cold_table(cold: Figures) -> str:
    labels = [
        ("python", "bare interpreter start-up (python -c pass)"),
        ("import", "import cleanse"),
        ("cleaner", "cleanse.Cleaner()"),
        ("first_clean", "first clean()"),
        ("warm_clean", "same clean() again (warm, for comparison)"),
        ("import_first_call", "import + Cleaner() + first clean()"),
        ("process", "whole child process, wall clock"),
    ]
    rows = [[label, _f(1000 * cold["best"][k], 1), _f(1000 * cold["median"][k], 1)] for k, label in labels]
    return _table(["step", "best ms", "median ms"], rows)


def memory_table(mem: dict[str, Figures]) -> str:
    header = [
        "system",
        "input loaded MiB",
        "+ imports MiB",
        "peak MiB",
        "peak - after imports MiB",
        "child s",
        "errors",
    ]
    rows = []
    for name, m in mem.items():
        if "error" in m:
            rows.append([SYSTEMS[name], "failed", "-", "-", "-", "-", "-"])
            continue
        rows.append(
            [
                SYSTEMS[name],
                _mib(m["rss_after_data"]),
                _mib(m["maxrss_after_imports"]),
                _mib(m["maxrss_peak"]),
                _mib(m["delta"]),
                _f(m["seconds"], 2),
                str(m["errors"]),
            ]
        )
    return _table(header, rows)


def stages_table(prof: Figures, pages: int) -> str:
    total = prof["total"]
    rows = []

    def row(label: str, s: float) -> list[str]:
        share = f"{100 * s / total:.1f}%" if total > 0 else "-"
        return [label, _f(s, 3), share, _f(1000 * s / pages if pages else None, 3)]

    for stage in STAGES:
        label = stage + (f" ({prof['phrase_rules']} rules)" if stage == "phrase matcher" else "")
        rows.append(row(label, prof["stages"][stage]))
        if stage == "features + language" and prof["language_detection"] is not None:
            rows.append(row("  of which language detection*", prof["language_detection"]))
        if stage == "other rules":
            for rule, s in sorted(prof["other_rules"].items(), key=lambda kv: -kv[1]):
                rows.append(row(f"  {rule}", s))
    rows.append(row("total", total))
    return _table(["stage", "seconds", "share", "ms/page"], rows)


def git_revision() -> str | None:
    """Short commit of the project (with "+dirty" when the tree has changes), or None."""
    try:
        rev = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None
    return rev + ("+dirty" if dirty else "")


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument(
        "--data", default=str(quality.DEFAULT_DATA), help="data set (gzip JSON lines; default: %(default)s)"
    )
    ap.add_argument("--limit", type=int, default=None, help="only the first N pages")
    ap.add_argument("--repeat", type=int, default=3, help="timed runs per system, best kept (default: 3)")
    ap.add_argument("--stages", action="store_true", help="per-stage profile of cleanse")
    ap.add_argument("--json", metavar="OUT", default=None, help="write all figures as JSON")
    ap.add_argument("--memory-child", default=None, choices=list(SYSTEMS), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.repeat < 1:
        ap.error("--repeat must be at least 1")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; returns the process exit code."""
    args = parse_args(argv)
    data = Path(args.data)
    if not data.exists():
        print(f"speed benchmark skipped: data set not found at {data} (pass --data PATH)")
        return 0
    if args.memory_child:
        return memory_child(args.memory_child, data, args.limit)

    # Memory children first, while this process is small (see measure_memory).
    memory = {name: measure_memory(name, data, args.limit) for name in SYSTEMS}

    pages = quality.load_pages(data, args.limit)
    texts = [p["text"] for p in pages]
    if not texts:
        print(f"speed benchmark skipped: no pages in {data}")
        return 0
    nbytes = input_bytes(texts)
    print(f"data: {data} ({len(texts)} pages, {nbytes / 1e6:.2f} MB of text)")
    print(
        f"python {platform.python_version()} on {platform.platform()}; "
        f"single process; best of {args.repeat}; revision {git_revision() or '?'}"
    )

    # Throughput, all systems in this process.
    figures: dict[str, Figures] = {}
    outputs: dict[str, list[str]] = {}
    for name in SYSTEMS:
        fn, warm = make_system(name)
        figures[name], outputs[name] = time_system(fn, texts, args.repeat, warm)
        add_rates(figures[name], len(texts), nbytes)
    ratios = speed_ratios(figures)
    print()
    print("Throughput (same inputs; best run; MB = 10^6 bytes of UTF-8 input):")
    print(throughput_table(figures, len(texts), nbytes))
    for name, r in ratios.items():
        print(f"cleanse is {_f(r, 2)}x {SYSTEMS[name]}" if r is not None else f"cleanse vs {SYSTEMS[name]}: -")
    for name, fig in figures.items():
        if fig["first_error"]:
            print(f"{SYSTEMS[name]}: first error: {quality._clip(fig['first_error'], 300)}")

    # Cold start on a median-sized page.
    median_page = sorted(texts, key=len)[len(texts) // 2]
    cold = cold_start(median_page, args.repeat)
    print()
    print(
        f"Cold start of cleanse in a fresh interpreter (median-sized page, {cold['page_chars']} chars; "
        f"best/median of {args.repeat}):"
    )
    print(cold_table(cold))

    # Peak memory, one fresh interpreter per system (measured at the start).
    print()
    print(
        "Peak memory over all pages, one fresh process per system (RSS in MiB = 2^20 bytes; input = "
        "every page as quality.load_pages reads it, HTML included; '+ imports' = ru_maxrss once the "
        "system's modules are imported and the system built):"
    )
    print(memory_table(memory))
    for name, m in memory.items():
        if "error" in m:
            print(f"{SYSTEMS[name]}: memory child failed: {quality._clip(m['error'], 300)}")
        elif m.get("vmhwm_delta") is not None and abs(m["vmhwm_delta"] - m["delta"]) > max(2**20, 0.1 * m["delta"]):
            print(
                f"warning: {SYSTEMS[name]}: ru_maxrss delta {_mib(m['delta'])} MiB disagrees with "
                f"VmHWM delta {_mib(m['vmhwm_delta'])} MiB (ru_maxrss inherited from the parent?)"
            )

    prof: Figures | None = None
    if args.stages:
        import cleanse

        prof = profile_stages(cleanse.Cleaner(), texts, args.repeat, reference=outputs["cleanse"])
        print()
        print(f"cleanse per stage (steps of Cleaner.clean; best of {args.repeat} passes after a warm-up pass):")
        print(stages_table(prof, len(texts)))
        if prof["language_detection"] is not None:
            print("* lang.detect timed in a separate loop, not counted in the total")
        print(f"sum of stages {_f(prof['total'], 2)} s vs Cleaner.clean {_f(figures['cleanse']['seconds'], 2)} s")
        if prof["errors"]:
            print(f"warning: {prof['errors']} pages raised in the profiled pipeline")
        if prof["mismatches"]:
            print(
                f"warning: the profiled output differs from Cleaner.clean on {prof['mismatches']} pages: "
                f"profile_stages no longer mirrors Cleaner.clean"
            )

    if args.json:
        payload = {
            "data": str(data),
            "pages": len(texts),
            "input_bytes": nbytes,
            "repeat": args.repeat,
            "limit": args.limit,
            "python": platform.python_version(),
            "platform": platform.platform(),
            "revision": git_revision(),
            "throughput": figures,
            "cleanse_speed_ratio": ratios,
            "cold_start": cold,
            "memory": memory,
            "stages": prof,
        }
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(quality._json_safe(payload), fh, indent=2, ensure_ascii=False)
        print(f"\nwrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
