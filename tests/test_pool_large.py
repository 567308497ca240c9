"""Workers and records larger than a pipe's buffer: every record out, as with one process.

The pool sent a worker its next chunk while the worker sent its answers back;
with records of a few hundred KB both pipes filled and each side waited for
the other for ever (pool.py says why that cannot happen now). Each run is a
child process under a generous guard: the guard detects a hang, it measures
no speed.
"""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from itertools import islice
from pathlib import Path

import pytest

from .conftest import SHARED

#: seconds before a run counts as hung (a run here takes a few seconds)
HANG = 300

SENTENCE = (
    "The harbour board met on Tuesday to decide how the port would be run through the winter, and dock "
    "workers said the plan left them short of staff on the busiest nights of the season."
)


def big_record(i: int, chars: int) -> dict[str, object]:
    """A JSON-lines record of about ``chars`` characters: a menu, many paragraphs, an appeal."""
    paragraphs = [f"Paragraph {k} of record {i}. {SENTENCE}" for k in range(chars // (len(SENTENCE) + 30))]
    text = "Home | News | Sport\n\n" + "\n\n".join(paragraphs) + "\n\nSupport us! Donate today.\n"
    return {"id": i, "text": text}


def clean(path: Path, jobs: int) -> bytes:
    done = subprocess.run(
        [sys.executable, "-m", "cleanse", "--no-config", "-j", str(jobs), str(path)],
        capture_output=True,
        timeout=HANG,
    )
    assert done.returncode == 0, done.stderr.decode()
    return done.stdout


def test_records_larger_than_a_pipe_with_two_workers(tmp_path: Path) -> None:
    # 16 records of 300 KB: each answer, and each chunk of records, is several times a pipe's 64 KB.
    path = tmp_path / "big.jsonl"
    path.write_text("".join(json.dumps(big_record(i, 300_000)) + "\n" for i in range(16)), "utf-8")
    one, two = clean(path, 1), clean(path, 2)
    assert two == one
    records = [json.loads(line) for line in two.splitlines()]
    assert [r["id"] for r in records] == list(range(16))
    assert "Support us!" not in records[15]["cleaned"] and "Paragraph 500 of record 15." in records[15]["cleaned"]


def test_mixed_sizes_with_two_workers(tmp_path: Path) -> None:
    # Large records between small ones: chunks of one and of many records, sent ahead and not.
    sizes = [200, 700_000, 300, 150_000, 100, 1_200_000, 500, 80_000, 90]
    path = tmp_path / "mixed.jsonl"
    path.write_text("".join(json.dumps(big_record(i, n)) + "\n" for i, n in enumerate(sizes)), "utf-8")
    assert clean(path, 2) == clean(path, 1)


DEV = SHARED / "data" / "wcxb-dev.jsonl.gz"


@pytest.mark.skipif(not DEV.exists(), reason="../shared/data is not here")
def test_real_pages_with_two_workers(tmp_path: Path) -> None:
    # Real pages, HTML in a JSON-lines field: five of them hung the pool in three runs of five.
    with gzip.open(DEV, "rt", encoding="utf-8") as f:
        pages = [json.loads(line) for line in islice(f, 40)]
    pages = sorted(pages, key=lambda p: -len(p["html"]))[:8]
    path = tmp_path / "real.jsonl"
    path.write_text("".join(json.dumps({"id": p["id"], "text": p["html"]}) + "\n" for p in pages), "utf-8")
    one = clean(path, 1)
    for _ in range(3):
        assert clean(path, 2) == one
