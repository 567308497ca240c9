"""A corpus run: records from the sources, through the pool, to the sink, in order.

Besides the cleaned output a run keeps three things: an errors report (every
record that could not be read or cleaned, with its source and position; the
run goes on), a progress bar on stderr when a person is watching, and a
summary (records in and out, errors, the rules that dropped most blocks).
Nothing is lost silently: a record is either in the output or in the errors.
"""

from __future__ import annotations

import signal
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import IO, TYPE_CHECKING, Any

from .cleaner import Cleaner
from .outputs import OutputError, Sink, cannot_write, open_log
from .render import to_json
from .sources import Item, Record, SourceError, mirror_path, where
from .work import Job, Outcome, process, warm_up

if TYPE_CHECKING:
    from .pool import OrderedPool

#: rules listed in the summary
TOP_RULES = 10


@dataclass
class Summary:
    """The figures of one run."""

    records_in: int = 0
    records_out: int = 0
    errors: int = 0
    #: bytes read from disk (compressed size for compressed inputs)
    bytes_in: int = 0
    seconds: float = 0.0
    dropped_by_code: Counter[str] = field(default_factory=Counter)
    #: workers killed and replaced (time limit or crash)
    restarts: int = 0
    #: whether ``--check`` found blocks to drop
    found: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "records_in": self.records_in,
            "records_out": self.records_out,
            "errors": self.errors,
            "bytes_in": self.bytes_in,
            "seconds": round(self.seconds, 3),
            "workers_restarted": self.restarts,
            "dropped_by_code": dict(self.dropped_by_code.most_common()),
        }

    def render(self) -> str:
        """Two or three lines for stderr."""
        secs = max(self.seconds, 1e-9)
        lines = [
            f"cleanse: {self.records_in} records in, {self.records_out} out, {self.errors} errors; "
            f"{self.bytes_in / 1e6:.1f} MB in {self.seconds:.1f} s "
            f"({self.bytes_in / 1e6 / secs:.1f} MB/s, {self.records_in / secs:.1f} pages/s)"
        ]
        if self.dropped_by_code:
            top = ", ".join(f"{code} {n}" for code, n in self.dropped_by_code.most_common(TOP_RULES))
            lines.append(f"cleanse: blocks dropped, top rules: {top}")
        return "\n".join(lines) + "\n"


class ErrorLog:
    """Errors as JSON lines in a file (``--errors``), or one line each on stderr."""

    def __init__(self, path: Path | None, stderr: IO[str]) -> None:
        self.path = path
        self.stderr = stderr
        self.file: IO[str] | None = open_log(path) if path else None
        self.count = 0

    def report(self, item: Item, reason: str, record_id: str = "") -> None:
        """Report why ``item`` is not in the output."""
        self.count += 1
        if self.file is not None:
            entry: dict[str, Any] = {"source": item.source, "position": item.position, "reason": reason}
            if record_id:
                entry["id"] = record_id
            try:
                self.file.write(to_json(entry) + "\n")
                self.file.flush()  # an interrupted run keeps every error found so far
            except OSError as exc:
                raise cannot_write(self.path, exc) from exc
        else:
            print(f"cleanse: error: {where(item)}: {reason}", file=self.stderr)

    def close(self) -> None:
        if self.file is not None:
            self.file.close()


class Progress:
    """A tqdm bar on stderr (bytes, MB/s, ETA; pages and errors alongside), or nothing."""

    def __init__(self, enabled: bool, total_bytes: int | None, stderr: IO[str]) -> None:
        self.bar: Any = None
        self.last = 0.0
        self.start = time.monotonic()
        if enabled:
            from tqdm import tqdm

            # delay: a run that ends within a second never shows a bar
            self.bar = tqdm(
                total=total_bytes or None,
                unit="B",
                unit_scale=True,
                unit_divisor=1000,
                file=stderr,
                delay=1.0,
                desc="cleanse",
                dynamic_ncols=True,
            )

    def update(self, consumed: int, summary: Summary) -> None:
        if self.bar is None:
            return
        self.bar.update(consumed)
        now = time.monotonic()
        if now - self.last > 0.5:
            self.last = now
            self._figures(summary, now)

    def _figures(self, summary: Summary, now: float) -> None:
        rate = summary.records_in / max(now - self.start, 1e-9)
        self.bar.set_postfix_str(f"{summary.records_in} pages ({rate:.0f}/s), {summary.errors} errors", refresh=False)

    def close(self, summary: Summary | None = None) -> None:
        """Close the bar; with ``summary``, its last figures first (they are refreshed twice a second at most)."""
        if self.bar is not None:
            if summary is not None:
                self._figures(summary, time.monotonic())
            self.bar.close()


class Interrupted(BaseException):
    """SIGINT or SIGTERM arrived; ``signum`` says which (exit status 128 + signum).

    A ``BaseException``, like ``KeyboardInterrupt``, so no per-record ``except Exception`` swallows it.
    """

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def _with_lazy_pool(
    cleaner: Cleaner, job: Job, jobs: int, items: Iterator[Item]
) -> tuple[Iterator[tuple[Item, Outcome | None]], OrderedPool | None]:
    """The pool starts only when there are at least two records: one page is cleaned here at once."""
    head: list[Item] = []
    records = 0
    while jobs > 1 and records < 2:
        item = next(items, None)
        if item is None:
            break
        head.append(item)
        records += isinstance(item, Record)
    stream = _chain(head, items)
    if jobs > 1 and records >= 2:
        from .pool import OrderedPool  # multiprocessing is imported only when a pool starts

        pool = OrderedPool(cleaner, job, jobs)
        return pool.run(stream), pool
    return serial(cleaner, job, stream), None


#: time limits (seconds) under which the serial path warms up before the first page
WARM_UP_BELOW = 10.0


def serial(cleaner: Cleaner, job: Job, items: Iterator[Item]) -> Iterator[tuple[Item, Outcome | None]]:
    """What ``OrderedPool.run`` does, in this process: for ``-j 1`` and single pages."""
    warmed = False
    for item in items:
        # Setup (patterns, language model) must not count against a short time
        # limit; against the default's 30 s it never matters, and a one-page
        # run should not pay for an HTML and a text page it never sees.
        if isinstance(item, Record) and 0 < job.timeout < WARM_UP_BELOW and not warmed:
            warm_up(cleaner)
            warmed = True
        yield item, process(cleaner, job, item) if isinstance(item, Record) else None


def _chain(head: list[Item], rest: Iterator[Item]) -> Iterator[Item]:
    yield from head
    yield from rest


def run(
    items: Iterator[Item],
    cleaner: Cleaner,
    job: Job,
    sink: Sink,
    *,
    jobs: int = 1,
    errors: ErrorLog,
    progress: Progress | None = None,
    stderr: IO[str] | None = None,
) -> Summary:
    """Clean every item into ``sink`` in input order; failures go to ``errors``.

    SIGINT and SIGTERM raise ``Interrupted`` (after the workers are stopped and
    any half-written output file removed); the caller exits non-zero.
    """
    stderr = stderr or sys.stderr
    summary = Summary()
    started = time.monotonic()
    previous = _catch_signals()
    pool: OrderedPool | None = None
    suffix = {"json": ".json", "jsonl": ".json", "markdown": ".md"}.get(job.format, ".txt")
    try:
        results, pool = _with_lazy_pool(cleaner, job, jobs, items)
        for item, outcome in results:
            summary.records_in += 1
            summary.bytes_in += item.consumed
            if isinstance(item, SourceError):
                errors.report(item, item.reason)
            elif outcome is None or not outcome.ok:
                reason = outcome.text if outcome else "not cleaned"
                errors.report(item, reason, outcome.record_id if outcome else "")
            elif sink.directory is not None and not item.rel:
                errors.report(item, "--output-dir mirrors page files; use --format jsonl for JSON lines and WARC")
            else:
                try:
                    rel = mirror_path(item.rel, suffix) if sink.directory else ""
                    sink.write(outcome.text, rel, page=item.kind != "json")
                except OutputError as exc:
                    if sink.directory is None:
                        raise
                    errors.report(item, str(exc))
                else:
                    summary.records_out += 1
                    summary.dropped_by_code.update(outcome.drop_counts)
                    for line in outcome.check:
                        summary.found = True
                        print(line, file=stderr)
            summary.errors = errors.count
            if progress is not None:
                progress.update(item.consumed, summary)
        sink.finish()
    except BaseException:
        if pool is not None:
            pool.close(force=True)
            pool = None
        raise
    finally:
        if pool is not None:
            summary.restarts = pool.restarts
            pool.close()
        if progress is not None:
            progress.close(summary)
        _restore_signals(previous)
        summary.seconds = time.monotonic() - started
    return summary


def _catch_signals() -> dict[int, Any] | None:
    """SIGINT and SIGTERM become ``Interrupted`` so cleanup runs (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        return None

    def on_signal(signum: int, frame: FrameType | None) -> None:
        raise Interrupted(signum)

    return {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}


def _restore_signals(previous: dict[int, Any] | None) -> None:
    for sig, handler in (previous or {}).items():
        signal.signal(sig, handler)
