"""Records through worker processes and back in input order, a bounded number at a time.

Why not ``multiprocessing.Pool``: its ``imap`` reads the whole input ahead
(memory grows with the corpus), ``map`` over batches waits for each batch's
slowest page, and a worker stuck inside a C call can't be stopped without
losing the pool. Here each worker has its own pipe and one small chunk of
records at a time; the main process knows which record every worker is on,
so a worker silent past the time limit is killed and replaced, its record
reported, and the rest of its chunk handed to the next worker.

At most ``window`` items are between the reader and the writer at any time
(records being cleaned, or done and waiting for an earlier one), so memory
stays flat however large the corpus is.

Why it cannot deadlock: a pipe holds about 64 KB, so a send of a large
record or answer blocks until the other side reads. The main process sends
a worker its next chunk while the worker still answers the last one; if the
worker sent only when it had finished reading, both would wait on full
pipes for ever (they did, with records of a few hundred KB). So each worker
reads its pipe in a thread of its own (``_inbox``) that does nothing but
read: whatever the main process sends is taken at once, and the main
process reads answers whenever it is not sending. A send from either side
therefore waits only for a reader that is already reading, never for one
that is itself blocked in a send. What the thread reads ahead is bounded
by the main process, which has at most two chunks out per worker
(``busy`` below ``CHUNK_RECORDS`` before it sends another).

One more wait is possible: a worker stuck in a C call that holds the GIL
(its reader thread cannot run) while the main process sends it more than a
pipe holds. The main process would wait in that send and never reach the
time limit that kills the worker. So a chunk larger than
``SEND_AHEAD_BYTES`` goes only to a worker with nothing in flight: one that
is waiting for work, not inside a page.
"""

from __future__ import annotations

import multiprocessing
import queue
import signal
import threading
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Any

from .cleaner import Cleaner
from .errors import CleanseError
from .sources import Item, Record
from .work import Job, Outcome, process, warm_up

#: records sent to a worker at once, and the most bytes in one such chunk
CHUNK_RECORDS = 8
CHUNK_BYTES = 1 << 20
#: items in flight per worker (cleaning, or waiting for an earlier one to be written)
WINDOW_PER_WORKER = 32
#: a chunk larger than this waits for an idle worker: it may not fit in the pipe (see above)
SEND_AHEAD_BYTES = 32 << 10
#: how long past ``--timeout`` a worker may stay silent before it is killed
#: (the worker's own alarm normally answers first)
GRACE = 2.0


def _worker_main(conn: Connection, cleaner: Cleaner, job: Job) -> None:
    # Ctrl-C reaches the whole process group; the main process decides what stops.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    chunks = _inbox(conn)
    warm_up(cleaner)
    conn.send(("ready", None))
    while (chunk := chunks.get()) is not None:
        for seq, record in chunk:
            conn.send((seq, process(cleaner, job, record)))


def _inbox(conn: Connection) -> queue.SimpleQueue[list[tuple[int, Record]] | None]:
    """Read ``conn`` in a thread of its own, so a send to this worker never waits on its answers (see above).

    The queue ends with ``None``: the main process's last message, or the pipe closed.
    """
    chunks: queue.SimpleQueue[list[tuple[int, Record]] | None] = queue.SimpleQueue()

    def read() -> None:
        try:
            while (chunk := conn.recv()) is not None:
                chunks.put(chunk)
        except (EOFError, OSError):
            pass
        chunks.put(None)

    threading.Thread(target=read, name="cleanse-inbox", daemon=True).start()
    return chunks


@dataclass
class _Worker:
    process: Any
    conn: Connection
    ready: bool = False
    #: (seq, record) sent and not answered yet, in the order the worker takes them
    busy: deque[tuple[int, Record]] = field(default_factory=deque)
    #: when the worker started on the record at the head of ``busy``
    since: float = 0.0


class OrderedPool:
    """Clean items in ``jobs`` worker processes; yield (item, outcome) in input order.

    Source errors pass through in their place with outcome ``None``.
    """

    def __init__(self, cleaner: Cleaner, job: Job, jobs: int) -> None:
        self.cleaner = cleaner
        self.job = job
        self.jobs = jobs
        self.context = multiprocessing.get_context("spawn")
        self.workers: list[_Worker] = []
        self.window = WINDOW_PER_WORKER * jobs
        #: chunks read and waiting for a worker; put back at the front after a kill
        self.queue: deque[list[tuple[int, Record]]] = deque()
        self.results: dict[int, Outcome] = {}
        self.restarts = 0

    def _spawn(self) -> _Worker:
        parent, child = self.context.Pipe()
        proc = self.context.Process(target=_worker_main, args=(child, self.cleaner, self.job), daemon=True)
        proc.start()
        child.close()
        return _Worker(proc, parent)

    def close(self, *, force: bool = False) -> None:
        """Stop the workers: politely at the end, at once when interrupted."""
        for w in self.workers:
            if force:
                w.process.kill()
            else:
                try:
                    w.conn.send(None)
                except OSError:
                    w.process.kill()
        for w in self.workers:
            w.process.join(5)
            if w.process.is_alive():
                w.process.kill()
                w.process.join()
            w.conn.close()
        self.workers = []

    def run(self, items: Iterator[Item]) -> Iterator[tuple[Item, Outcome | None]]:
        self.workers = [self._spawn() for _ in range(self.jobs)]
        pending: deque[tuple[int, Item]] = deque()
        chunk: list[tuple[int, Record]] = []
        chunk_bytes = 0
        seq = 0
        exhausted = False
        while True:
            # Read ahead while the window has room.
            while not exhausted and len(pending) < self.window:
                item = next(items, None)
                if item is None:
                    exhausted = True
                    break
                pending.append((seq, item))
                if isinstance(item, Record):
                    chunk.append((seq, item))
                    chunk_bytes += len(item.data)
                    if len(chunk) >= CHUNK_RECORDS or chunk_bytes >= CHUNK_BYTES:
                        self.queue.append(chunk)
                        chunk, chunk_bytes = [], 0
                seq += 1
            # A worker gets its next chunk while it still works on the last
            # one, so it never waits for this process to wake up and answer.
            hungry = [w for w in self.workers if w.ready and len(w.busy) < CHUNK_RECORDS]
            if chunk and (exhausted or (any(not w.busy for w in hungry) and not self.queue)):
                # A part chunk goes out rather than keep a worker waiting.
                self.queue.append(chunk)
                chunk, chunk_bytes = [], 0
            for w in hungry:
                if not self.queue:
                    break
                if w.busy and sum(len(record.data) for _, record in self.queue[0]) > SEND_AHEAD_BYTES:
                    continue  # a large chunk waits for a worker that is not inside a page
                work = self.queue.popleft()
                if not w.busy:
                    w.since = time.monotonic()  # the clock runs for the record it works on
                w.busy.extend(work)
                w.conn.send(work)
            # Everything finished at the head goes out, in order.
            while pending and (not isinstance(pending[0][1], Record) or pending[0][0] in self.results):
                done_seq, item = pending.popleft()
                yield item, self.results.pop(done_seq, None)
            if not pending:
                if exhausted:
                    return
                continue
            self._collect()

    def _collect(self) -> None:
        """Wait for answers; replace workers that died or overran the time limit."""
        limit = self.job.timeout + GRACE if self.job.timeout > 0 else None
        now = time.monotonic()
        timeout = None
        if limit is not None:
            deadlines = [w.since + limit for w in self.workers if w.busy]
            timeout = max(0.0, min(deadlines) - now) if deadlines else None
        conns: dict[Any, _Worker] = {w.conn: w for w in self.workers}
        sentinels: dict[Any, _Worker] = {w.process.sentinel: w for w in self.workers}
        dead: list[_Worker] = []
        for ready in wait([*conns, *sentinels], timeout):
            w = conns[ready] if ready in conns else sentinels[ready]
            if w in dead:
                continue
            if ready in conns:
                try:
                    message = w.conn.recv()
                except (EOFError, OSError):
                    dead.append(w)
                    continue
                self._answer(w, message)
            else:
                dead.append(w)
        for w in dead:
            # A crash is not a time-out: replace the worker now. What it sent
            # before it died (pages it finished) is read first. A closed pipe
            # reads as ready forever, so waiting on it again would spin.
            self._drain(w)
            self._replace(w, f"the worker process died (exit code {w.process.exitcode})")
        now = time.monotonic()
        for w in list(self.workers):
            if limit is not None and w.busy and now - w.since > limit:
                self._replace(w, f"took longer than {self.job.timeout:g} s (--timeout; worker stopped)")

    def _drain(self, w: _Worker) -> None:
        """Read the answers a dead worker sent before it died."""
        try:
            while w.conn.poll():
                self._answer(w, w.conn.recv())
        except (EOFError, OSError):
            pass
        w.process.join()

    def _answer(self, w: _Worker, message: tuple[Any, Any]) -> None:
        key, value = message
        if key == "ready":
            w.ready = True
            return
        seq, _ = w.busy.popleft()
        assert seq == key, (seq, key)
        self.results[seq] = value
        w.since = time.monotonic()

    def _replace(self, w: _Worker, reason: str) -> None:
        """Kill ``w``: its current record fails with ``reason``, the rest of its chunk goes back."""
        w.process.kill()
        w.process.join()
        w.conn.close()
        if not w.ready:
            raise CleanseError(f"a worker process could not start (exit code {w.process.exitcode})")
        if w.busy:
            seq, _ = w.busy.popleft()
            self.results[seq] = Outcome(False, reason)
            if w.busy:
                self.queue.appendleft(list(w.busy))
        self.workers[self.workers.index(w)] = self._spawn()
        self.restarts += 1
