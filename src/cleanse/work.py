"""One record in, one outcome out: decode, clean and render a page, within a time limit.

This is what runs in worker processes (and in the main process with ``-j 1``).
Whatever goes wrong with one record (bad JSON, binary data, a rule that
raises, a page that takes too long) becomes a failed ``Outcome`` with a
reason, never an exception that stops the run.
"""

from __future__ import annotations

import bisect
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import regex

from .cleaner import Cleaner
from .documents import Document, Reading, RecordError, analyze, interpret
from .markdown import to_markdown
from .model import Result
from .render import annotated, as_dict, as_json, front_matter, to_json
from .sources import Record, printable


@dataclass(frozen=True, slots=True)
class Job:
    """What to do with every record; sent once to each worker."""

    #: how records are read (``--input-format`` of page files, the JSON-lines fields, ``--url``)
    reading: Reading = field(default_factory=Reading)
    #: output format for pages and WARC records (JSON lines in always give JSON lines out)
    format: str = "text"
    output_field: str = "cleaned"
    #: list the dropped blocks (``--check``)
    check: bool = False
    #: text and markdown: start each page with its metadata as front matter (``--with-metadata``)
    with_metadata: bool = False
    #: seconds one record may take; 0 for no limit
    timeout: float = 30.0
    #: several records in the output: annotated pages get a header, JSON objects a path
    many: bool = False


@dataclass(frozen=True, slots=True)
class Outcome:
    """The result of one record: its rendered output, or why there is none."""

    ok: bool
    #: the rendered output when ``ok``, else the reason it failed
    text: str
    drop_counts: dict[str, int] = field(default_factory=dict)
    #: ``path:line: codes text`` lines for ``--check``
    check: tuple[str, ...] = ()
    #: the record's id field, when a JSON line had one (for the errors file)
    record_id: str = ""


class DocumentTimeout(BaseException):
    """Raised by the alarm inside a page that takes too long.

    A ``BaseException`` so no ``except Exception`` on the way (the cleaner
    wraps rule errors) turns it into something else.
    """


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise ``DocumentTimeout`` in this thread after ``seconds`` (SIGALRM; main thread only).

    Python code is stopped at its next bytecode; a C call that never returns
    is not, which is why the pool also kills a worker that stays silent past
    the limit.
    """
    if seconds <= 0 or not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def on_alarm(signum: int, frame: Any) -> None:
        raise DocumentTimeout

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


#: cleaned once before the first real page, so one-off costs don't count against its time limit
_WARM_UP = (
    "Home | News\n\nThe council met on Tuesday and agreed the budget for the coming year after a long debate.\n",
    "<html><body><nav><a href='/'>Home</a></nav><p>The council met on Tuesday and agreed the budget.</p></body></html>",
)


def warm_up(cleaner: Cleaner) -> None:
    """Load the language model and compile the patterns now, not inside the first page's time limit."""
    cleaner.analyze(_WARM_UP[0])
    cleaner.analyze_html(_WARM_UP[1])


def process(cleaner: Cleaner, job: Job, record: Record) -> Outcome:
    """Clean one record; every failure becomes an outcome with a reason."""
    try:
        with time_limit(job.timeout):
            return _process(cleaner, job, record)
    except DocumentTimeout:
        return Outcome(False, f"took longer than {job.timeout:g} s (--timeout)")
    except RecordError as exc:
        return Outcome(False, str(exc), record_id=exc.record_id)
    except RecursionError:
        return Outcome(False, "nested too deeply to parse")
    except Exception as exc:  # nothing is lost: any failure is reported with the record's position
        text = str(exc) if isinstance(exc, ValueError | LookupError) else f"{type(exc).__name__}: {exc}"
        return Outcome(False, text)


def _process(cleaner: Cleaner, job: Job, record: Record) -> Outcome:
    document = interpret(record, job.reading)
    result = analyze(cleaner, document)
    if record.kind == "json":
        return _json_line(job, record, document, result)
    name = record.url if record.kind == "html" else record.source
    check = _check_lines(name, result) if job.check else ()
    return Outcome(True, _render(job, record, result), result.drop_counts(), check)


def _stats(result: Result) -> dict[str, Any]:
    """The figures a JSON line carries under ``cleanse``; HTML pages add their ``metadata``."""
    stats: dict[str, Any] = {
        "language": result.language,
        "fallback": result.fallback,
        "blocks": len(result.verdicts),
        "dropped": len(result.dropped),
        "dropped_by_code": result.drop_counts(),
    }
    if result.metadata is not None:
        stats["metadata"] = result.metadata.as_dict()
    return stats


def _json_line(job: Job, record: Record, document: Document, result: Result) -> Outcome:
    """One JSON line: every field kept, cleaned text and figures added."""
    data = dict(document.fields or {})
    data[job.output_field] = to_markdown(result) if job.format == "markdown" else result.text
    data["cleanse"] = _stats(result)
    check = _check_lines(f"{record.source}:{record.position}", result) if job.check else ()
    # A "\ud800" escape in the input is a lone surrogate, which UTF-8 cannot
    # write: to_json escapes it again, as it came in.
    return Outcome(True, to_json(data) + "\n", result.drop_counts(), check, document.record_id)


def _render(job: Job, record: Record, result: Result) -> str:
    """A page's or WARC record's output in the chosen format."""
    if job.format in ("text", "markdown"):
        body = to_markdown(result) if job.format == "markdown" else result.text
        if not job.with_metadata:
            return body
        return front_matter(result, record.url if record.kind == "html" else job.reading.url) + body
    name = record.url if record.kind == "html" else record.source
    if job.format == "annotated":
        return (f"==> {printable(name)} <==\n" if job.many else "") + annotated(result)
    if job.format == "json":
        if not job.many:
            return as_json(result) + "\n"
        return to_json({**_identity(record), **as_dict(result)}, indent=2)
    return to_json({**_identity(record), job.output_field: result.text, "cleanse": _stats(result)}) + "\n"


def _identity(record: Record) -> dict[str, Any]:
    """What names a record in JSON output: its file, or a WARC record's id, URL and place."""
    if record.kind == "html":
        return {"id": record.record_id, "url": record.url, "path": record.source, "record": record.position}
    return {"path": "-" if record.source == "stdin" else record.source}


def _check_lines(name: str, result: Result) -> tuple[str, ...]:
    breaks = [m.start() for m in regex.finditer(r"\n", result.source)]
    lines = []
    for v in result.dropped:
        line = bisect.bisect_left(breaks, v.block.start) + 1
        lines.append(f"{printable(name)}:{line}: {','.join(v.codes)} {v.block.text.strip()[:80]}")
    return tuple(lines)
