"""Stopping the emulator: at once when idle, after the response when a request is being served."""

from __future__ import annotations

import threading

import httpx

from pygen_core.emulator import Emulator
from tests._models import model_path


def test_stop_lets_a_request_in_flight_finish_and_frees_the_port() -> None:
    emu = Emulator(snapshots=[model_path("Pumps.json")]).start()
    headers = {"Authorization": f"Bearer {emu.token()}"}
    url = f"{emu.project_url}/models/spaces"
    with httpx.Client(headers=headers, timeout=30) as idle:
        assert idle.get(url).status_code == 200  # a kept-alive connection the stop must close
        results: list[int] = []
        emu.lock.acquire()  # the request below blocks inside the server until released
        try:
            request = threading.Thread(
                target=lambda: results.append(httpx.get(url, headers=headers).status_code)
            )
            request.start()
            stopper = threading.Thread(target=emu.stop)
            request.join(0.5)
            assert request.is_alive()  # held by the lock: in flight
            stopper.start()
            stopper.join(0.5)
            assert stopper.is_alive()  # waits for the response in flight
        finally:
            emu.lock.release()
        request.join(30)
        stopper.join(30)
        assert results == [200]
        assert not stopper.is_alive()
    assert emu._thread is None
    # The port is free again: a new emulator can serve on it.
    again = Emulator(snapshots=[model_path("Pumps.json")], port=emu.port).start()
    try:
        with httpx.Client(headers={"Authorization": f"Bearer {again.token()}"}) as client:
            assert client.get(f"{again.project_url}/models/spaces").status_code == 200
    finally:
        again.stop()
