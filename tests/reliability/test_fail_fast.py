"""Unreachable hosts fail fast (an unknown host, a refused connection, a connection nobody answers: two
short retries, then one clear error), while 429/5xx and connections dropped mid-request keep every retry."""

from __future__ import annotations

import contextlib
import socket
from collections.abc import Iterator
from typing import Any

import pytest

from pygen_core.emulator import Emulator
from pygen_core.runtime import (
    CDFConnectionError,
    ClientConfig,
    DeleteError,
    HTTPClient,
    InstanceClient,
    NodeId,
    OAuthClientCredentials,
    Token,
)
from pygen_core.runtime._http import CONNECT_BACKOFF_CAP, CONNECT_RETRIES

from ._inputs import MODELS
from ._rogue_server import RogueServer


class Sleeps:
    """Stands in for ``time.sleep``: records the pauses the client chose."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _default_config(base_url: str, **options: Any) -> ClientConfig:
    """The default retry policy (10 retries, backoff up to 30 s): what users get."""
    return ClientConfig(base_url, "p", Token("fail-fast-token-0123456789"), **options)


def _fails_fast(http: HTTPClient, sleeps: Sleeps) -> str:
    with pytest.raises(CDFConnectionError) as caught:
        http.get("/models/spaces")
    assert http.stats.retries == CONNECT_RETRIES
    assert len(sleeps.delays) == CONNECT_RETRIES
    assert all(0 <= delay <= CONNECT_BACKOFF_CAP for delay in sleeps.delays)
    message = str(caught.value)
    assert "\n" not in message
    assert f"({CONNECT_RETRIES + 1} attempt(s) in " in message
    assert "check the base URL" in message
    assert "fail-fast-token" not in message
    return message


def test_a_refused_connection_is_reported_after_two_short_retries() -> None:
    port = _free_port()
    sleeps = Sleeps()
    with HTTPClient(_default_config(f"http://127.0.0.1:{port}"), sleep=sleeps) as http:
        message = _fails_fast(http, sleeps)
    assert f"cannot connect to 127.0.0.1:{port}: ConnectError:" in message
    assert "refused" in message.lower()


def test_an_unknown_host_is_reported_after_two_short_retries() -> None:
    sleeps = Sleeps()
    with HTTPClient(_default_config("https://pygen-no-such-host.invalid"), sleep=sleeps) as http:
        message = _fails_fast(http, sleeps)
    assert "cannot connect to pygen-no-such-host.invalid: unknown host (ConnectError:" in message


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A port whose accept queue is full: connection requests get no answer (SYNs are dropped)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(0)
    port = int(server.getsockname()[1])
    fillers = []
    for _ in range(4):
        filler = socket.socket()
        filler.setblocking(False)
        with contextlib.suppress(BlockingIOError):
            filler.connect(("127.0.0.1", port))
        fillers.append(filler)
    probe = socket.socket()
    probe.settimeout(0.3)
    try:
        probe.connect(("127.0.0.1", port))
    except (TimeoutError, OSError):
        pass
    else:
        pytest.skip("this kernel accepts connections beyond a full backlog")
    finally:
        probe.close()
    try:
        yield port
    finally:
        for filler in fillers:
            filler.close()
        server.close()


@pytest.mark.slow  # waits for its retries
def test_a_connection_nobody_answers_is_reported_after_two_short_retries(silent_port: int) -> None:
    sleeps = Sleeps()
    config = _default_config(f"http://127.0.0.1:{silent_port}", timeout=0.3)
    with HTTPClient(config, sleep=sleeps) as http:
        message = _fails_fast(http, sleeps)
    assert "no answer (ConnectTimeout:" in message


def test_the_sdk_layer_reports_an_unreachable_host_item_by_item() -> None:
    port = _free_port()
    config = _default_config(f"http://127.0.0.1:{port}", backoff_base=0.001)
    with InstanceClient(config) as client, pytest.raises(DeleteError) as caught:
        client.delete(["x"], space="s")
    assert [str(item.id) for item in caught.value.failed] == [str(NodeId("s", "x"))]
    assert f"cannot connect to 127.0.0.1:{port}" in caught.value.failed[0].reason
    assert "\n" not in str(caught.value)


@pytest.mark.slow  # waits for its retries
def test_an_unreachable_token_endpoint_is_reported_in_seconds() -> None:
    port = _free_port()
    credentials = OAuthClientCredentials(
        f"http://127.0.0.1:{port}/token", "client", "fail-fast-secret-0123456789", ["scope"]
    )
    config = ClientConfig(f"http://127.0.0.1:{_free_port()}", "p", credentials)
    with HTTPClient(config) as http, pytest.raises(CDFConnectionError) as caught:
        http.get("/models/spaces")
    assert f"cannot reach token endpoint http://127.0.0.1:{port}/token" in str(caught.value)
    assert "fail-fast-secret" not in str(caught.value)


def test_a_host_that_answered_before_gets_every_retry_when_it_goes_away() -> None:
    sleeps = Sleeps()
    server = RogueServer(lambda path, body: (200, {"items": []}))
    with server:
        config = _default_config(server.base_url, max_retries=4)
        http = HTTPClient(config, sleep=sleeps)
        assert http.get("/models/spaces") == {"items": []}
    # The server is gone (a restart, a failover): now a refused connection is worth every retry.
    with http, pytest.raises(CDFConnectionError) as caught:
        http.get("/models/spaces")
    assert http.stats.retries == 4
    assert "failed after 5 attempt(s): ConnectError" in str(caught.value)


@pytest.fixture(scope="module")
def emulator() -> Iterator[Emulator]:
    with Emulator(snapshots=[MODELS / "Omni.json"]) as emu:
        yield emu


@pytest.mark.parametrize("kind", ["drop", "503", "429"])
def test_the_first_request_keeps_every_retry_for_drops_and_busy_servers(
    emulator: Emulator, kind: Any
) -> None:
    emulator.faults.clear()
    emulator.faults.inject(kind, path="/models/spaces", count=6, retry_after=0.001)
    sleeps = Sleeps()
    config = emulator.client_config(max_retries=6, backoff_base=0.001, backoff_cap=0.01)
    with HTTPClient(config, sleep=sleeps) as http:
        assert "items" in http.get("/models/spaces")
        assert http.stats.retries == 6
    assert emulator.faults.count(path="/models/spaces") == 6
