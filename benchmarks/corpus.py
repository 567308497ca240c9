"""Corpus benchmark: throughput, worker speed-up, flat memory, and trafilatura beside cleanse.

Generates synthetic pages from a few templates of our own (article paragraphs
with menus, donation appeals, newsletter prompts and footers around them, as
plain text and as HTML) into JSON-lines corpora under ``--dir`` (default
``/tmp/cleanse-bench``), then prints in one run:

* single-process throughput (``cleanse -j 1``) on a text and an HTML sample:
  MB/s of input and pages/s, wall-clock including start-up;
* the speed-up of ``-j 2`` over ``-j 1`` (target >= 1.7x on two free cores) on
  the ``--size-mb`` mixed corpus, ``-j 1`` and ``-j 2`` taking turns
  ``--rounds`` times (median), with the load average and where the CPU went:
  the main process's CPU per MB (reading, pipes, writing: the part that does
  not spread over workers) and the whole tree's. The fixed cost of a run
  (start-up: interpreter, imports, worker processes, warm-up) is measured
  apart on a two-record corpus, so a small corpus's figure can be read for
  what it is: on 5 MB the start-up of two spawned workers alone costs a tenth
  of ``-j 2``'s time;
* peak memory of the whole process tree (main process and workers, RSS summed,
  sampled every 50 ms from /proc) for a ``--size-mb`` and a ``--big-mb`` corpus
  with ``-j 2`` (target: within 20% of each other: memory must not grow with
  the corpus);
* trafilatura's throughput (``trafilatura.extract``, one process) on the same
  HTML pages, and cleanse's as a ratio of it (``pip install -e '.[bench]'``).

Run from the project root (the full run takes a while: the 1 GB corpus is
cleaned once)::

    .venv/bin/python benchmarks/corpus.py

Quick run::

    .venv/bin/python benchmarks/corpus.py --size-mb 20 --big-mb 100 --sample-mb 5

Timings are wall-clock and sensitive to other load on the machine: compare
speed-ups taken at a low load average, and the CPU figures, which load barely
moves.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLEANSE = [sys.executable, "-m", "cleanse"]

WORDS = (
    "the council said on monday that a new plan for the harbour would be put to a vote after months of debate "
    "among residents engineers and local businesses who fear that the cost of repairs has grown faster than the "
    "budget while others argue that the river crossing is needed because traffic on the old bridge doubled in "
    "ten years and the ferry service was cut last winter when two boats were taken out of service for checks"
).split()
MENUS = ("Home | News | Sport | Weather | Culture", "Politics  Business  Science  Opinion  Video")
APPEALS = (
    "Support independent journalism: donate today!",
    "We have a small favour to ask. Millions turn to us for open, independent reporting. If you can, please "
    "support us with a regular contribution; it takes only a minute. Thank you.",
    "Not ready to support today? Remind me next month",
)
FOOTERS = (
    "Subscribe to our newsletter",
    "Read more",
    "Share on Facebook  Share on Twitter",
    "© 2024 The Example Times. All rights reserved.",
)


def paragraph(rng: random.Random) -> str:
    sentences = []
    for _ in range(rng.randint(3, 6)):
        words = [rng.choice(WORDS) for _ in range(rng.randint(12, 24))]
        sentences.append(" ".join(words).capitalize() + ".")
    return " ".join(sentences)


def text_page(rng: random.Random) -> str:
    body = [paragraph(rng) for _ in range(rng.randint(4, 10))]
    title = " ".join(rng.choice(WORDS) for _ in range(8)).capitalize()
    return "\n\n".join([rng.choice(MENUS), title, *body, *rng.sample(APPEALS, 2), *rng.sample(FOOTERS, 3)]) + "\n"


def html_page(rng: random.Random) -> str:
    body = "".join(f"<p>{paragraph(rng)}</p>" for _ in range(rng.randint(4, 10)))
    title = " ".join(rng.choice(WORDS) for _ in range(8)).capitalize()
    nav = "".join(f"<li><a href='/{w.lower()}'>{w}</a></li>" for w in rng.choice(MENUS).replace("|", " ").split())
    appeal = "".join(f"<div class='appeal'><p>{a}</p></div>" for a in rng.sample(APPEALS, 2))
    footer = "".join(f"<p>{f}</p>" for f in rng.sample(FOOTERS, 3))
    return (
        "<!doctype html><html><head><meta charset='utf-8'><title>News</title></head><body>"
        f"<header><nav><ul>{nav}</ul></nav></header><main><article><h1>{title}</h1>{body}</article>"
        f"{appeal}</main><footer>{footer}</footer></body></html>"
    )


def generate(path: Path, megabytes: float, kind: str, seed: int) -> int:
    """A JSON-lines corpus of about ``megabytes`` MB; returns the number of pages (cached by size)."""
    if path.exists() and path.stat().st_size >= megabytes * 1e6:
        with path.open("rb") as fh:
            return sum(1 for _ in fh)
    rng = random.Random(seed)
    n = 0
    tmp = path.with_suffix(".part")
    with tmp.open("w", encoding="utf-8") as fh:
        written = 0
        while written < megabytes * 1e6:
            field = kind if kind != "mixed" else rng.choice(("text", "html"))
            page = text_page(rng) if field == "text" else html_page(rng)
            line = json.dumps({"id": n, field: page}) + "\n"
            fh.write(line)
            written += len(line.encode())
            n += 1
    tmp.replace(path)
    return n


def _tree_rss(pid: int) -> int:
    """RSS in bytes of a process and all its descendants, from /proc."""
    total = 0
    todo = [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/status") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    todo.extend(int(c) for c in fh.read().split())
        except (FileNotFoundError, ProcessLookupError, ValueError):
            continue
    return total


def _own_cpu(pid: int) -> float:
    """User + system CPU seconds of one process so far (not its children), from /proc."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            fields = fh.read().rpartition(")")[2].split()
    except (FileNotFoundError, ProcessLookupError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass
class Run:
    """One ``cleanse`` run: wall-clock seconds, peak RSS of its tree, and CPU seconds."""

    seconds: float
    peak: int
    #: the main process's own CPU (last sample, at most 50 ms before it ended)
    main_cpu: float
    #: main process and workers together
    tree_cpu: float


def run_cleanse(corpus: Path, jobs: int) -> Run:
    """Time ``cleanse -j N corpus > /dev/null``, sampling its tree every 50 ms."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    with open(os.devnull, "w") as sink:
        proc = subprocess.Popen(
            [*CLEANSE, "-j", str(jobs), "--no-progress", str(corpus)], stdout=sink, stderr=subprocess.PIPE
        )
        peak = 0
        main_cpu = 0.0
        while True:
            peak = max(peak, _tree_rss(proc.pid))
            main_cpu = max(main_cpu, _own_cpu(proc.pid))
            try:
                proc.wait(0.05)
                break
            except subprocess.TimeoutExpired:
                continue
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"cleanse failed on {corpus}: {proc.stderr.read().decode() if proc.stderr else ''}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    tree = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return Run(seconds, peak, main_cpu, tree)


def trafilatura_rate(corpus: Path, limit_mb: float) -> tuple[float, int, float]:
    """(seconds, pages, MB) for trafilatura.extract over the corpus's HTML pages, one process."""
    import trafilatura

    pages = []
    size = 0
    with corpus.open(encoding="utf-8") as fh:
        for line in fh:
            html = json.loads(line)["html"]
            pages.append(html)
            size += len(html.encode())
            if size >= limit_mb * 1e6:
                break
    trafilatura.extract(pages[0])  # warm-up, untimed
    started = time.perf_counter()
    for html in pages:
        trafilatura.extract(html)
    return time.perf_counter() - started, len(pages), size / 1e6


def page_bytes(corpus: Path, field: str) -> float:
    """MB of page content (the cleaned field only, not the JSON around it)."""
    size = 0
    with corpus.open(encoding="utf-8") as fh:
        for line in fh:
            size += len(json.loads(line)[field].encode())
    return size / 1e6


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dir", default="/tmp/cleanse-bench", help="where corpora are generated (kept for reruns)")
    ap.add_argument("--size-mb", type=float, default=200, help="the corpus for the memory figure (default 200)")
    ap.add_argument("--big-mb", type=float, default=1000, help="the large corpus for the memory figure (default 1000)")
    ap.add_argument("--sample-mb", type=float, default=30, help="text and HTML samples for throughput (default 30)")
    ap.add_argument("--rounds", type=int, default=3, help="-j 1 and -j 2 runs taken in turn (default 3)")
    ap.add_argument("--trafilatura-mb", type=float, default=10, help="HTML MB given to trafilatura (default 10)")
    args = ap.parse_args(argv)
    base = Path(args.dir)
    base.mkdir(parents=True, exist_ok=True)
    print(f"cores: {os.cpu_count()}; load average before: {os.getloadavg()[0]:.2f}", flush=True)

    text = base / f"text-{args.sample_mb:g}.jsonl"
    html = base / f"html-{args.sample_mb:g}.jsonl"
    mixed = base / f"mixed-{args.size_mb:g}.jsonl"
    big = base / f"mixed-{args.big_mb:g}.jsonl"
    counts = {
        "text": generate(text, args.sample_mb, "text", 1),
        "html": generate(html, args.sample_mb, "html", 2),
        "mixed": generate(mixed, args.size_mb, "mixed", 3),
        "big": generate(big, args.big_mb, "mixed", 3),
    }
    print(f"corpora in {base}: " + ", ".join(f"{k} {counts[k]} pages" for k in counts), flush=True)

    rows = []
    for name, corpus in (("text", text), ("html", html)):
        seconds = run_cleanse(corpus, 1).seconds
        mb = page_bytes(corpus, name)
        rows.append((name, seconds, counts[name], mb))
        print(f"cleanse -j 1, {name:<4}: {mb:7.1f} MB, {counts[name]:6d} pages in {seconds:6.1f} s = "
              f"{mb / seconds:5.2f} MB/s, {counts[name] / seconds:6.1f} pages/s", flush=True)  # fmt: skip

    # The fixed cost of a run, apart: two records start a pool as a corpus does.
    tiny = base / "mixed-two.jsonl"
    with mixed.open("rb") as fh, tiny.open("wb") as out:
        out.write(fh.readline() + fh.readline())
    fixed = {jobs: statistics.median(run_cleanse(tiny, jobs).seconds for _ in range(3)) for jobs in (1, 2)}
    print(f"start-up (two records, median of 3): -j 1 {fixed[1]:.2f} s, -j 2 {fixed[2]:.2f} s", flush=True)

    mb = mixed.stat().st_size / 1e6
    runs: dict[int, list[Run]] = {1: [], 2: []}
    loads = []
    for r in range(args.rounds):
        for jobs in (1, 2):
            loads.append(os.getloadavg()[0])
            run = run_cleanse(mixed, jobs)
            runs[jobs].append(run)
            print(f"round {r + 1}, -j {jobs}: {run.seconds:6.2f} s; CPU main {run.main_cpu:5.2f} s, "
                  f"tree {run.tree_cpu:5.2f} s; load {loads[-1]:.2f}", flush=True)  # fmt: skip
    one = statistics.median(run.seconds for run in runs[1])
    two = statistics.median(run.seconds for run in runs[2])
    main_per_mb = statistics.median(run.main_cpu for run in runs[2]) / mb
    tree_two = statistics.median(run.tree_cpu for run in runs[2])
    tree_one = statistics.median(run.tree_cpu for run in runs[1])
    print(f"speed-up on {mb:.0f} MB, {counts['mixed']} pages: -j 1 {one:.2f} s, -j 2 {two:.2f} s (medians of "
          f"{args.rounds}): {one / two:.2f}x (target >= 1.7x); load {min(loads):.2f}-{max(loads):.2f}", flush=True)  # fmt: skip
    print(f"CPU, -j 2: main process {main_per_mb * 1000:.1f} ms per MB; whole tree {tree_two:.1f} s "
          f"against {tree_one:.1f} s for -j 1", flush=True)  # fmt: skip

    peak_small = max(run.peak for run in runs[2])
    print(f"peak RSS, -j 2, {args.size_mb:g} MB corpus: {peak_small / 1e6:.0f} MB", flush=True)
    big_run = run_cleanse(big, 2)
    secs_big, peak_big = big_run.seconds, big_run.peak
    print(f"peak RSS, -j 2, {args.big_mb:g} MB corpus: {peak_big / 1e6:.0f} MB ({secs_big:.0f} s)", flush=True)
    print(f"memory ratio big/small: {peak_big / peak_small:.2f} (target within 20%: 0.80-1.20)", flush=True)

    try:
        t_secs, t_pages, t_mb = trafilatura_rate(html, args.trafilatura_mb)
    except ImportError:
        print("trafilatura: not installed (pip install -e '.[bench]')")
    else:
        cleanse_rate = rows[1][3] / rows[1][1]
        print(f"trafilatura, html: {t_mb:.1f} MB, {t_pages} pages in {t_secs:.1f} s = {t_mb / t_secs:.2f} MB/s, "
              f"{t_pages / t_secs:.1f} pages/s; cleanse/trafilatura = {cleanse_rate / (t_mb / t_secs):.2f}x")  # fmt: skip
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
