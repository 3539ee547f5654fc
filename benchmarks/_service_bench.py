"""``pygen serve`` under load, over loopback: Omni through ``POST /v1/generate`` (zip).

The service runs as ``pygen serve`` in its own process (as deployed); clients are threads here, each with its
own keep-alive connection. Bounded: a fixed number of requests, each with a timeout.

- one client, sequential: p50 latency vs in-process ``generate()`` of the same model (floor: p50 <= 1.5x
  in-process + 50 ms);
- 20 concurrent clients x 10 requests: zero errors (floor), p50 / p99 latency and requests per second.

Run alone: ``python -m benchmarks --only service`` or ``python -m benchmarks._service_bench``.
"""

from __future__ import annotations

import json
import os
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
from typing import Any

import httpx

from ._util import MODELS, Section, clean_env, floor_check, fmt_s, median

KEY = "bench-key-0123456789abcdef"
CLIENTS = 20
PER_CLIENT = 10
SEQUENTIAL = 30
REQUEST_TIMEOUT = 120.0


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def _in_process(model: dict[str, Any], runs: int) -> float:
    from pygen_core.codegen import GenerateOptions, generate
    from pygen_core.snapshot import parse_snapshot

    snapshot = parse_snapshot(model)
    options = GenerateOptions(package="omni_sdk")
    generate(snapshot, options)  # templates compiled, as in a warm service
    times = []
    for _ in range(runs):
        begin = time.perf_counter()
        generate(snapshot, options)
        times.append(time.perf_counter() - begin)
    return median(times)


class _Server:
    """``pygen serve`` in a child process; stopped with SIGTERM."""

    def __init__(self, processes: int) -> None:
        env = clean_env(
            {
                "PYGEN_SERVICE_KEYS": f"bench:{KEY}",
                "PYGEN_SERVICE_RATE": "1000000",
                "PYGEN_SERVICE_BURST": "1000000",
            }
        )
        self.process = subprocess.Popen(
            [sys.executable, "-m", "pygen_core", "serve", "--port", "0", "--processes", str(processes)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,  # the access log: one line per request
            text=True,
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        match = re.search(r"serving on (http://[0-9.]+:\d+)", line)
        if match is None:
            self.stop()
            raise RuntimeError(f"pygen serve did not start: {line!r}")
        self.url = match.group(1)
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{self.url}/v1/health", timeout=5).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("pygen serve never answered /v1/health")
            time.sleep(0.1)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def _post(client: httpx.Client, body: bytes) -> tuple[float, str | None]:
    begin = time.perf_counter()
    try:
        response = client.post(
            "/v1/generate",
            content=body,
            headers={"X-API-Key": KEY, "Content-Type": "application/json"},
            timeout=REQUEST_TIMEOUT,
        )
    except httpx.HTTPError as exc:
        return time.perf_counter() - begin, f"{type(exc).__name__}"
    elapsed = time.perf_counter() - begin
    if response.status_code != 200 or not response.content.startswith(b"PK"):
        return elapsed, f"HTTP {response.status_code}"
    return elapsed, None


def _concurrent(url: str, body: bytes) -> tuple[list[float], list[str], float]:
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(CLIENTS + 1)

    def client_loop() -> None:
        with httpx.Client(base_url=url) as client:
            start.wait()
            for _ in range(PER_CLIENT):
                elapsed, error = _post(client, body)
                with lock:
                    latencies.append(elapsed)
                    if error:
                        errors.append(error)

    threads = [threading.Thread(target=client_loop) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join(REQUEST_TIMEOUT * PER_CLIENT)
    return latencies, errors, time.perf_counter() - began


def run_service() -> Section:
    """Measure, and return the report's section."""
    model = json.loads((MODELS / "Omni.json").read_text(encoding="utf-8"))
    body = json.dumps({"snapshot": model, "options": {"package": "omni_sdk", "format": "zip"}}).encode()
    in_process = _in_process(model, 20)
    processes = max(1, os.cpu_count() or 1)
    server = _Server(processes)
    try:
        with httpx.Client(base_url=server.url) as client:
            for _ in range(3):  # warm-up: connections, first renders in every generator process
                _post(client, body)
            sequential = [_post(client, body) for _ in range(SEQUENTIAL)]
        latencies, errors, wall = _concurrent(server.url, body)
    finally:
        server.stop()
    seq_times = [t for t, _ in sequential]
    seq_errors = [e for _, e in sequential if e]
    p50 = statistics.median(seq_times)
    floor = 1.5 * in_process + 0.05
    section = Section(
        "Service: POST /v1/generate of Omni (zip) over loopback",
        ["load", "requests", "errors", "p50", "p99", "requests/s", "floor"],
    )
    section.rows.append(
        [
            "1 client, sequential",
            str(len(seq_times)),
            str(len(seq_errors)),
            fmt_s(p50),
            fmt_s(_percentile(seq_times, 0.99)),
            f"{len(seq_times) / sum(seq_times):.1f}",
            f"p50 <= 1.5 x {fmt_s(in_process)} + 50 ms = {fmt_s(floor)}: {floor_check(p50, floor)}",
        ]
    )
    section.rows.append(
        [
            f"{CLIENTS} clients x {PER_CLIENT}",
            str(len(latencies)),
            str(len(errors)),
            fmt_s(statistics.median(latencies) if latencies else None),
            fmt_s(_percentile(latencies, 0.99)),
            f"{len(latencies) / wall:.1f}",
            f"zero errors: {'ok' if not errors and len(latencies) == CLIENTS * PER_CLIENT else 'MISSED'}",
        ]
    )
    section.notes.append(
        f"in-process generate() of Omni: {fmt_s(in_process)} (median of 20, warm); the service adds HTTP, "
        f"JSON parsing, the snapshot parse, a hand-off to a generator process and the zip"
    )
    section.notes.append(
        f"pygen serve with 1 uvicorn worker and {processes} generator process(es); clients are threads of "
        "the benchmark process on the same machine (they share its CPUs)"
    )
    if errors:
        section.notes.append(f"errors: {', '.join(sorted(set(errors)))}")
    return section


def main() -> int:
    print(run_service().text())
    return 0


if __name__ == "__main__":
    sys.exit(main())
