"""Token endpoint and bearer-token checks over real HTTP."""

from __future__ import annotations

import base64

import httpx
import pytest

from pygen_core.emulator import Emulator
from pygen_core.runtime import CDFAuthError, HTTPClient

from .conftest import api_client, fetch_token


def _token_request(emu: Emulator, **overrides: str) -> httpx.Response:
    data = {
        "grant_type": "client_credentials",
        "client_id": emu.client_id,
        "client_secret": emu.client_secret,
    }
    data.update(overrides)
    return httpx.post(emu.token_url, data=data)


def test_token_endpoint_issues_bearer_tokens_with_the_configured_lifetime() -> None:
    with Emulator(token_ttl=120) as emu:
        body = _token_request(emu, scope="x").json()
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 120
    assert len(body["access_token"]) > 20


@pytest.mark.parametrize("field", ["client_id", "client_secret"])
def test_wrong_client_credentials_are_rejected_with_invalid_client(
    omni_emulator: Emulator, field: str
) -> None:
    response = _token_request(omni_emulator, **{field: "wrong"})
    assert response.status_code == 401
    body = response.json()
    assert body["error"] == "invalid_client"
    assert body["error_description"]
    assert omni_emulator.client_secret not in response.text


def test_basic_auth_client_credentials_are_accepted(omni_emulator: Emulator) -> None:
    basic = base64.b64encode(f"{omni_emulator.client_id}:{omni_emulator.client_secret}".encode()).decode()
    response = httpx.post(
        omni_emulator.token_url,
        data={"grant_type": "client_credentials"},
        headers={"Authorization": f"Basic {basic}"},
    )
    assert response.status_code == 200


def test_other_grant_types_are_refused(omni_emulator: Emulator) -> None:
    response = _token_request(omni_emulator, grant_type="password")
    assert response.status_code == 400
    assert response.json()["error"] == "unsupported_grant_type"


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer not-a-token"},
        {"Authorization": "Basic abc"},
        {"Authorization": "Bearer"},
    ],
)
def test_missing_or_wrong_token_gives_cdf_shaped_401(
    omni_emulator: Emulator, headers: dict[str, str]
) -> None:
    response = httpx.get(f"{omni_emulator.project_url}/models/spaces", headers=headers)
    assert response.status_code == 401
    error = response.json()["error"]
    assert error["code"] == 401
    assert error["message"]
    assert response.headers["x-request-id"]


def test_token_is_bound_to_the_project(omni_emulator: Emulator) -> None:
    token = fetch_token(omni_emulator)
    url = f"{omni_emulator.base_url}/api/v1/projects/another-project/models/spaces"
    response = httpx.get(url, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401
    assert "another-project" in response.json()["error"]["message"]


def test_expired_token_is_rejected() -> None:
    with Emulator(token_ttl=0) as emu:
        token = fetch_token(emu)
        response = httpx.get(f"{emu.project_url}/models/spaces", headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 401
        assert "expired" in response.json()["error"]["message"]
        emu.auth.token_ttl = 3600
        with api_client(emu) as client:
            assert client.get("/models/spaces").status_code == 200


def test_revoked_tokens_stop_working(emulator: Emulator) -> None:
    with api_client(emulator) as client:
        assert client.get("/models/spaces").status_code == 200
        emulator.auth.revoke_all()
        assert client.get("/models/spaces").status_code == 401


def test_runtime_client_authenticates_with_client_config(omni_emulator: Emulator) -> None:
    with HTTPClient(omni_emulator.client_config()) as http:
        body = http.get("/models/views", params={"limit": 3})
    assert len(body["items"]) == 3


def test_runtime_client_with_wrong_secret_fails_with_auth_error(omni_emulator: Emulator) -> None:
    from pygen_core.runtime import ClientConfig, OAuthClientCredentials

    credentials = OAuthClientCredentials(
        omni_emulator.token_url, omni_emulator.client_id, "Zq9-secret", ["s"]
    )
    config = ClientConfig(omni_emulator.base_url, omni_emulator.project, credentials, max_retries=0)
    with HTTPClient(config) as http, pytest.raises(CDFAuthError) as info:
        http.get("/models/spaces")
    assert "Zq9-secret" not in str(info.value)


def test_repr_never_shows_the_secret() -> None:
    with Emulator(client_secret="s3cr3t-value") as emu:
        assert "s3cr3t-value" not in repr(emu)
        assert "s3cr3t-value" not in repr(emu.auth)


def test_runtime_client_fetches_a_new_token_after_revocation(emulator: Emulator) -> None:
    with HTTPClient(emulator.client_config()) as http:
        http.get("/models/spaces")
        issued = emulator.auth.issued
        emulator.auth.revoke_all()
        assert http.get("/models/spaces") == {"items": []}
        assert http.stats.token_refreshes == 1
        assert emulator.auth.issued == issued + 1


def test_short_token_lifetime_makes_the_runtime_refresh(emulator: Emulator) -> None:
    emulator.auth.token_ttl = 1  # below the runtime's 30 s leeway: every request needs a fresh token
    with HTTPClient(emulator.client_config()) as http:
        for _ in range(3):
            http.get("/models/spaces")
    assert emulator.auth.issued >= 3


def test_environment_printed_by_the_cli_configures_the_runtime(emulator: Emulator) -> None:
    from pygen_core.runtime import ClientConfig

    environ = {
        "CDF_URL": emulator.base_url,
        "CDF_PROJECT": emulator.project,
        "IDP_TOKEN_URL": emulator.token_url,
        "IDP_CLIENT_ID": emulator.client_id,
        "IDP_CLIENT_SECRET": emulator.client_secret,
        "IDP_SCOPES": f"{emulator.base_url}/.default",
    }
    with HTTPClient(ClientConfig.from_env(environ)) as http:
        assert http.get("/models/spaces") == {"items": []}
