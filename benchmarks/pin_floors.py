"""Measure the quality gate's figures on every developer source and print them as floors.

The gate (tests/test_quality_gate.py) fails CI under the floors pinned in
benchmarks/floors.json. When quality rises, run this and raise the floors to
what it prints (floors only go up: a lower one needs a commit that says why)::

    .venv/bin/python benchmarks/pin_floors.py            # print the measured figures and the floors
    .venv/bin/python benchmarks/pin_floors.py --write    # raise floors.json to them (never lowers one)

Skips (exit 0) when ../shared/data is absent.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import math
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
for _p in (str(ROOT / "src"), str(HERE)):
    if _p not in sys.path:
        sys.path.insert(0, _p)

import cleanse  # noqa: E402
import scoring  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
SOURCES = {"wcxb-dev": "wcxb-dev.jsonl.gz", "dragnet": "dragnet.jsonl.gz", "cleaneval": "cleaneval.jsonl.gz"}
FLOORS = HERE / "floors.json"


def measure(path: Path, mode: str) -> dict[str, float]:
    """The gate's figures for one source and front end."""
    pages = [json.loads(line) for line in gzip.open(path, "rt", encoding="utf-8")]
    cleaner = cleanse.Cleaner()
    run = (lambda p: cleaner.clean_html(p["html"])) if mode == "html" else (lambda p: cleaner.clean(p["text"]))
    results = [scoring.score_page(run(p), p) for p in pages]
    o = scoring.aggregate(results, n_resamples=0)
    out = {k: o[k] for k in ("f1", "precision", "recall", "empty_outputs")}
    if not math.isnan(o["with_recall"]):
        out["with_recall"], out["leak"] = o["with_recall"], o["leak"]
    typed = [r for r, p in zip(results, pages, strict=True) if p.get("page_type") == "article"]
    if typed and any(p.get("source") == "wcxb" for p in pages):
        out["article_f1"] = scoring.aggregate(typed, n_resamples=0)["f1"]
    return out


def as_floors(name: str, mode: str, digest: str, m: dict[str, float]) -> dict[str, object]:
    """Measured figures rounded towards failing never: floors down, the leak ceiling up."""
    floor = {
        "data": SOURCES[name],
        "sha256": digest,
        "input": mode,
        **{k: math.floor(m[k] * 1000) / 1000 for k in ("f1", "precision", "recall")},
    }
    if "article_f1" in m:
        floor["article_f1"] = math.floor(m["article_f1"] * 1000) / 1000
    if "with_recall" in m:
        floor["with_recall"] = math.floor(m["with_recall"] * 1000) / 1000
        floor["max_leak"] = math.ceil(m["leak"] * 1000) / 1000
    floor["max_empty_outputs"] = int(m["empty_outputs"])
    return floor


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--write", action="store_true", help="raise benchmarks/floors.json to the measured floors")
    args = ap.parse_args()
    if not DATA.exists():
        print(f"skipped: {DATA} is not here")
        return 0
    pinned = json.loads(FLOORS.read_text("utf-8"))
    for name, file in SOURCES.items():
        path = DATA / file
        if not path.exists():
            continue
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        for mode in ("text", "html"):
            key = name if mode == "text" else f"{name}-html"
            m = measure(path, mode)
            new = as_floors(name, mode, digest, m)
            old = pinned.get(key, {})
            print(key, " ".join(f"{k}={v:.4f}" for k, v in m.items()))
            if args.write:
                merged = dict(new)
                for k, v in old.items():
                    if k in ("max_leak", "max_empty_outputs") and k in new:
                        merged[k] = min(v, new[k]) if old.get("sha256") == digest else new[k]
                    elif isinstance(v, float) and k in new and old.get("sha256") == digest:
                        merged[k] = max(v, new[k])
                pinned[key] = merged
    if args.write:
        FLOORS.write_text(json.dumps(pinned, indent=2) + "\n", "utf-8")
        print(f"wrote {FLOORS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
