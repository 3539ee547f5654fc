"""OAuth2 device-code grant (RFC 8628) and refresh tokens on the emulator's token endpoint, over real HTTP."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from pygen_core.emulator import Emulator

DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"


@pytest.fixture
def emu() -> Iterator[Emulator]:
    with Emulator(token_ttl=600) as emulator:
        emulator.auth.device_interval = 0  # tests poll back to back
        yield emulator


def _start(emu: Emulator, client_id: str | None = None) -> dict[str, Any]:
    response = httpx.post(emu.device_code_url, data={"client_id": client_id or emu.client_id, "scope": "x"})
    assert response.status_code == 200, response.text
    return response.json()


def _poll(emu: Emulator, device_code: str, client_id: str | None = None) -> httpx.Response:
    data = {"grant_type": DEVICE_GRANT, "device_code": device_code, "client_id": client_id or emu.client_id}
    return httpx.post(emu.token_url, data=data)


def _api_works(emu: Emulator, token: str) -> bool:
    response = httpx.get(f"{emu.project_url}/models/spaces", headers={"Authorization": f"Bearer {token}"})
    return response.status_code == 200


def test_device_authorization_response(emu: Emulator) -> None:
    started = _start(emu)
    assert set(started) >= {"device_code", "user_code", "verification_uri", "expires_in", "interval"}
    assert started["verification_uri"] == f"{emu.base_url}/oauth2/device"
    assert started["verification_uri_complete"].endswith(f"?user_code={started['user_code']}")
    assert started["expires_in"] == 900
    assert started["interval"] == 0
    assert started["user_code"] in emu.auth.pending_user_codes()
    assert len(started["device_code"]) > 30
    unknown = httpx.post(emu.device_code_url, data={"client_id": "someone-else"})
    assert unknown.status_code == 401
    assert unknown.json()["error"] == "invalid_client"


def test_pending_until_approved_by_hand(emu: Emulator) -> None:
    emu.auth.device_auto_approve_after = None
    started = _start(emu)
    for _ in range(3):
        pending = _poll(emu, started["device_code"])
        assert pending.status_code == 400
        assert pending.json()["error"] == "authorization_pending"
    emu.auth.approve(started["user_code"].lower())  # user codes are case-insensitive
    granted = _poll(emu, started["device_code"])
    assert granted.status_code == 200
    body = granted.json()
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 600
    assert _api_works(emu, body["access_token"])
    used = _poll(emu, started["device_code"])  # a device code gives one token
    assert used.json()["error"] == "invalid_grant"
    with pytest.raises(KeyError):
        emu.auth.approve(started["user_code"])


def test_automatic_approval_after_n_polls(emu: Emulator) -> None:
    emu.auth.device_auto_approve_after = 2
    started = _start(emu)
    answers = [_poll(emu, started["device_code"]) for _ in range(3)]
    assert [a.status_code for a in answers] == [400, 400, 200]
    assert answers[0].json()["error"] == "authorization_pending"


def test_verification_page_approves(emu: Emulator) -> None:
    emu.auth.device_auto_approve_after = None
    started = _start(emu)
    assert "user_code" in httpx.get(started["verification_uri"]).text
    page = httpx.get(started["verification_uri_complete"])
    assert page.status_code == 200
    assert "approved" in page.text
    assert _poll(emu, started["device_code"]).status_code == 200
    assert httpx.get(started["verification_uri_complete"]).status_code == 404


def test_denied_expired_wrong_client_and_slow_down(emu: Emulator) -> None:
    emu.auth.device_auto_approve_after = None
    denied = _start(emu)
    emu.auth.deny(denied["user_code"])
    assert _poll(emu, denied["device_code"]).json()["error"] == "access_denied"

    other = _start(emu)
    wrong = _poll(emu, other["device_code"], client_id="intruder")
    assert wrong.status_code == 401
    assert wrong.json()["error"] == "invalid_client"
    assert _poll(emu, "made-up").json()["error"] == "invalid_grant"

    emu.auth.device_ttl = 0
    expired = _start(emu)
    assert _poll(emu, expired["device_code"]).json()["error"] == "expired_token"

    emu.auth.device_ttl = 900
    emu.auth.device_interval = 30
    slow = _start(emu)
    assert _poll(emu, slow["device_code"]).json()["error"] == "authorization_pending"
    assert _poll(emu, slow["device_code"]).json()["error"] == "slow_down"  # polled again within 30 s


def test_refresh_tokens_rotate(emu: Emulator) -> None:
    started = _start(emu)
    emu.auth.approve(started["user_code"])
    first = _poll(emu, started["device_code"]).json()
    refreshed = httpx.post(
        emu.token_url,
        data={
            "grant_type": "refresh_token",
            "refresh_token": first["refresh_token"],
            "client_id": emu.client_id,
        },
    )
    assert refreshed.status_code == 200
    second = refreshed.json()
    assert second["access_token"] != first["access_token"]
    assert second["refresh_token"] != first["refresh_token"]
    assert _api_works(emu, second["access_token"])
    reused = httpx.post(
        emu.token_url,
        data={
            "grant_type": "refresh_token",
            "refresh_token": first["refresh_token"],
            "client_id": emu.client_id,
        },
    )
    assert reused.status_code == 400
    assert reused.json()["error"] == "invalid_grant"
    emu.auth.revoke_all()
    assert not _api_works(emu, second["access_token"])
    revoked = httpx.post(
        emu.token_url,
        data={
            "grant_type": "refresh_token",
            "refresh_token": second["refresh_token"],
            "client_id": emu.client_id,
        },
    )
    assert revoked.json()["error"] == "invalid_grant"
