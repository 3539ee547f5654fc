"""A small pool of worker processes that run jobs with a hard timeout.

A job that overruns its timeout is stopped by killing its worker, which is replaced at once (threads cannot
be stopped, processes can). Workers are plain ``python -m pygen_core.service._worker`` subprocesses talking
over a socket pair, so they never re-import the caller's ``__main__``. Waiting for a worker is bounded: past
``max_waiting`` queued requests the pool refuses work (the service answers 503).
"""

from __future__ import annotations

import os
import queue
import socket
import subprocess
import sys
import threading
import time
from multiprocessing.connection import Connection
from typing import Any

__all__ = ["JobTimeout", "PoolBusy", "WorkerCrashed", "WorkerPool"]

_READY_TIMEOUT = 120.0
_STEERING = ("PYGEN_", "CDF_", "IDP_", "HATCH_BUILD_", "SOURCE_DATE_EPOCH")


class JobTimeout(Exception):
    """The job ran past its timeout; its worker was killed."""


class PoolBusy(Exception):
    """Too many requests are already waiting for a worker (or the pool is closing)."""


class WorkerCrashed(Exception):
    """The worker died while running the job."""


def _worker_environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(_STEERING)}
    env["PYGEN_OFFLINE"] = "1"
    return env


class _Worker:
    def __init__(self) -> None:
        parent, child = socket.socketpair()
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "pygen_core.service._worker", str(child.fileno())],
                pass_fds=(child.fileno(),),
                stdin=subprocess.DEVNULL,
                env=_worker_environment(),
            )
        except BaseException:
            parent.close()
            raise
        finally:
            child.close()
        self.conn = Connection(parent.detach())
        self.ready = False

    def wait_ready(self, deadline: float) -> None:
        """Consume the worker's ``ready`` message (sent after its warm-up)."""
        if self.ready:
            return
        if not self.conn.poll(max(0.0, deadline - time.monotonic())):
            raise JobTimeout("the generator process did not start in time")
        if self.conn.recv() != "ready":
            raise WorkerCrashed("the generator process sent no ready message")
        self.ready = True

    def stop(self, *, kill: bool) -> None:
        if not kill:
            try:
                self.conn.send(None)
                self.process.wait(timeout=5)
            except (OSError, ValueError, subprocess.TimeoutExpired):
                kill = True
        if kill and self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=10)
        self.conn.close()


class WorkerPool:
    """``size`` worker processes; :meth:`run` blocks the calling thread until its job is done."""

    def __init__(self, size: int, *, max_waiting: int) -> None:
        if size < 1:
            raise ValueError("a worker pool needs at least one process")
        self.size = size
        self.max_waiting = max_waiting
        self._idle: queue.SimpleQueue[_Worker | None] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._workers: set[_Worker] = set()
        self._inside = 0  # callers in run(): on a worker or waiting for one
        self._closed = False
        self._started = False

    def start(self) -> None:
        """Start the workers and wait until each is warm (idempotent)."""
        with self._lock:
            if self._started or self._closed:
                return
            self._started = True
            workers = [_Worker() for _ in range(self.size)]
            self._workers.update(workers)
        deadline = time.monotonic() + _READY_TIMEOUT
        for worker in workers:
            worker.wait_ready(deadline)
            self._idle.put(worker)

    @property
    def _waiting(self) -> int:
        """Callers that are not (yet) on a worker."""
        return max(0, self._inside - self.size)

    def run(self, name: str, payload: Any, timeout: float) -> Any:
        """Run job ``name`` in a worker; :class:`JobTimeout`, :class:`PoolBusy` or :class:`WorkerCrashed`.

        At most ``size`` jobs run and ``max_waiting`` callers wait; the count covers callers from the
        moment they arrive, so the first ones are not refused while the workers are still starting.
        """
        with self._lock:
            if self._closed:
                raise PoolBusy("the service is shutting down")
            if self._inside >= self.size + self.max_waiting:
                raise PoolBusy(f"{self._waiting} requests are already waiting for a generator process")
            self._inside += 1
        try:
            return self._run(name, payload, timeout)
        finally:
            with self._lock:
                self._inside -= 1

    def _run(self, name: str, payload: Any, timeout: float) -> Any:
        self.start()
        with self._lock:
            if self._closed:
                raise PoolBusy("the service is shutting down")
        worker = self._idle.get()
        while worker is not None and worker.process.poll() is not None:
            self._release(worker, healthy=False)  # died while idle: replace it, take the next one
            worker = self._idle.get()
        if worker is None:  # closed while waiting: pass the news on
            self._idle.put(None)
            raise PoolBusy("the service is shutting down")
        healthy = False
        try:
            worker.wait_ready(time.monotonic() + _READY_TIMEOUT)
            worker.conn.send((name, payload))
            if not worker.conn.poll(timeout):
                raise JobTimeout(f"the job ran longer than {timeout:g} s")
            result = worker.conn.recv()
            healthy = True
            return result
        except (EOFError, OSError) as exc:
            raise WorkerCrashed(f"the generator process died ({type(exc).__name__})") from None
        finally:
            self._release(worker, healthy)

    def _release(self, worker: _Worker, healthy: bool) -> None:
        if healthy:
            self._idle.put(worker)
            return
        worker.stop(kill=True)
        with self._lock:
            self._workers.discard(worker)
            if self._closed:
                return
            replacement = _Worker()  # warms up while queued; the next job waits for its ready message
            self._workers.add(replacement)
        self._idle.put(replacement)

    def close(self) -> None:
        """Stop every worker (busy ones are killed); waiting callers get :class:`PoolBusy`."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            workers = list(self._workers)
            self._workers.clear()
        for worker in workers:
            worker.stop(kill=not worker.ready)
        self._idle.put(None)

    def pids(self) -> list[int]:
        """Process ids of the live workers (for tests and diagnostics)."""
        with self._lock:
            return sorted(w.process.pid for w in self._workers)
