"""Worker processes that answer queries, killed and replaced when a query overruns its time.

pyoxigraph cannot cancel a running query, and a thread cannot be stopped, so each query runs
in a worker process (see :mod:`omsgraph.serve.worker`): at the timeout the server kills that
process (SIGKILL) and starts a fresh one, and the other workers keep answering.

Updates never touch the graph being read: :func:`apply_update` runs in its own process, on a
copy-on-write build (``GraphStore.update``), which becomes ``current`` only when the update has
succeeded; a refused, failed or killed update leaves the served graph as it was.

>>> pool = QueryPool("/nonexistent", workers=1, timeout=1.0)
>>> pool.size, pool.timeout
(1, 1.0)
"""

from __future__ import annotations

import multiprocessing
import queue
import threading
import time
from dataclasses import dataclass

from omsgraph.serve.worker import Job, Reply, serve_jobs

_CONTEXT = multiprocessing.get_context("spawn")  # no forking of a threaded server process
_START_TIMEOUT = 60.0


class PoolError(Exception):
    """The pool could not answer: no worker came up, or none became free in time."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


@dataclass(eq=False)
class _Worker:
    process: multiprocessing.Process
    conn: object

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)
        self.conn.close()


class QueryPool:
    """A fixed number of query worker processes over ``graph_dir`` (each opens the store read-only)."""

    def __init__(self, graph_dir: str, *, workers: int = 2, timeout: float = 30.0,
                 queue_timeout: float | None = None) -> None:
        self.graph_dir = str(graph_dir)
        self.size = max(1, workers)
        self.timeout = timeout
        # Waiting for a free worker is bounded separately: a burst of fast queries may queue.
        self.queue_timeout = queue_timeout if queue_timeout is not None else max(30.0, timeout)
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._workers: set[_Worker] = set()
        self._closed = False
        self.started_failures: list[str] = []
        self.kills = 0

    # ---- lifecycle ---------------------------------------------------------------------------

    def start(self) -> None:
        """Start the workers (each reports ready once its store is open)."""
        for _ in range(self.size):
            self._spawn()

    def _spawn(self) -> None:
        parent, child = _CONTEXT.Pipe(duplex=True)
        process = _CONTEXT.Process(target=serve_jobs, args=(child, self.graph_dir), daemon=True,
                                   name="omsgraph-query-worker")
        process.start()
        child.close()
        worker = _Worker(process, parent)
        with self._lock:
            self._workers.add(worker)
        threading.Thread(target=self._await_ready, args=(worker,), daemon=True).start()

    def _await_ready(self, worker: _Worker) -> None:
        ok = False
        try:
            if worker.conn.poll(_START_TIMEOUT):
                status, detail = worker.conn.recv()
                ok = status == "ready"
                if not ok:
                    self.started_failures.append(str(detail))
        except (EOFError, OSError) as err:
            self.started_failures.append(str(err))
        if ok and not self._closed:
            self._idle.put(worker)
        else:
            self._retire(worker)

    def _retire(self, worker: _Worker) -> None:
        with self._lock:
            self._workers.discard(worker)
        worker.kill()

    def close(self) -> None:
        """Stop every worker."""
        self._closed = True
        with self._lock:
            workers = list(self._workers)
            self._workers.clear()
        for worker in workers:
            worker.kill()

    # ---- answering ---------------------------------------------------------------------------

    def run(self, job: Job) -> Reply:
        """Answer ``job`` in a free worker (blocking; call it from a thread)."""
        if self._closed:
            raise PoolError(503, "unavailable", "the server is shutting down")
        try:
            worker = self._idle.get(timeout=self.queue_timeout)
        except queue.Empty:
            detail = f" ({self.started_failures[-1]})" if self.started_failures else ""
            raise PoolError(503, "busy", f"no query worker became free within {self.queue_timeout:g} s{detail}") from None
        job.deadline = time.time() + self.timeout
        try:
            worker.conn.send(job)
            if worker.conn.poll(self.timeout):
                reply = worker.conn.recv()
                self._idle.put(worker)
                return reply
        except (EOFError, OSError):
            self._retire(worker)
            self._spawn()
            raise PoolError(500, "worker_failed", "the query worker stopped unexpectedly") from None
        # Overran: stop it for real and bring up a replacement.
        self.kills += 1
        self._retire(worker)
        self._spawn()
        raise PoolError(503, "timeout", f"the query took longer than {self.timeout:g} s and was stopped")


def _update_main(conn, graph_dir: str, sparql: str, prefixes: dict[str, str]) -> None:
    from omsgraph.graph import GraphStore  # noqa: PLC0415 - only the update process needs it

    try:
        with GraphStore.update(graph_dir) as graph:
            graph.oxigraph.update(sparql, prefixes=prefixes or None)
        conn.send(Reply(204))
    except SyntaxError as err:
        conn.send(Reply(400, code="malformed_update", message="invalid SPARQL Update: " + " ".join(str(err).split())))
    except Exception as err:  # noqa: BLE001 - reported to the client as one line, graph unchanged
        conn.send(Reply(400, code="update_failed", message="the update failed: " + " ".join(str(err).split())))


def apply_update(graph_dir: str, sparql: str, *, prefixes: dict[str, str], timeout: float) -> Reply:
    """Run a SPARQL Update as a new build of ``graph_dir`` in a separate process, killed at ``timeout``."""
    parent, child = _CONTEXT.Pipe(duplex=False)
    process = _CONTEXT.Process(target=_update_main, args=(child, str(graph_dir), sparql, prefixes), daemon=True,
                               name="omsgraph-update")
    process.start()
    child.close()
    try:
        if parent.poll(timeout + 10.0):  # process start-up is not the update's fault
            return parent.recv()
        return Reply(503, code="timeout", message=f"the update took longer than {timeout:g} s and was stopped; the graph is unchanged")
    except EOFError:
        return Reply(500, code="update_failed", message="the update process stopped unexpectedly; the graph is unchanged")
    finally:
        if process.is_alive():
            process.kill()
        process.join(timeout=5)
        parent.close()
