"""Client set-up: from_toml, connect, device-code login (against the emulator's token endpoint, LOGIN_FLOW
from the environment) and a client built from cognite-sdk's configuration."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from pygen_core.emulator import Emulator

from .conftest import MODELS


@pytest.fixture(scope="module")
def emu() -> Iterator[Emulator]:
    with Emulator(snapshots=[MODELS / "Omni.json"], seed=MODELS / "Omni.instances.json") as emulator:
        emulator.auth.device_interval = 0.05
        yield emulator


def _works(client: Any) -> None:
    with client:
        assert len(client.primitive_nullable.list(limit=2)) == 2


def test_from_toml_reads_the_environment_keys(
    omni: ModuleType, emu: Emulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config.toml"
    config.write_text(
        f'cdf_url = "{emu.base_url}"\nCDF_PROJECT = "{emu.project}"\nIDP_CLIENT_ID = "{emu.client_id}"\n'
        f'IDP_TOKEN_URL = "{emu.token_url}"\nIDP_SCOPES = ["a", "b"]\n\n[other]\nx = 1\n'
    )
    monkeypatch.setenv("IDP_CLIENT_SECRET", emu.client_secret)
    client = omni.OmniMiniClient.from_toml(config, client_name="toml-app")
    assert client.config.client_name == "toml-app"
    assert client.config.credentials.scopes == ("a", "b")
    _works(client)
    nested = tmp_path / "nested.toml"
    nested.write_text(
        f'[cognite]\nCDF_URL = "{emu.base_url}"\nCDF_PROJECT = "{emu.project}"\n'
        "CDF_TOKEN_URL_IS_NOT_A_KEY = 1\n"
    )
    with pytest.raises(
        omni.CDFError, match=r"nested.toml \[cognite\]: CDF_TOKEN_URL_IS_NOT_A_KEY: unknown key"
    ):
        omni.OmniMiniClient.from_toml(nested)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('IDP_CLIENT_SECRET = "s3cr3t-value"\nCDF_PROJECT = "p"', "secrets are not read from files"),
        ('CDF_PROJECT = "p"\nCDF_CLUSTR = "x"', "CDF_CLUSTR: unknown key; did you mean CDF_CLUSTER?"),
        ('CDF_PROJECT = "p"', r"missing .*cfg.toml key\(s\): CDF_CLUSTER \(or CDF_URL\)"),
        ("CDF_PROJECT = ", "not valid TOML"),
        ('CDF_PROJECT = 5\nCDF_CLUSTER = "c"', "CDF_PROJECT: expected a string, got int"),
        ('[elsewhere]\nx = "y"', r"no CDF settings at the top level or in a \[cognite\] table"),
    ],
)
def test_from_toml_errors_are_one_line(
    omni: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, message: str
) -> None:
    monkeypatch.delenv("IDP_CLIENT_SECRET", raising=False)
    monkeypatch.delenv("CDF_TOKEN", raising=False)
    path = tmp_path / "cfg.toml"
    path.write_text(text)
    with pytest.raises(omni.CDFError, match=message) as caught:
        omni.OmniMiniClient.from_toml(path)
    assert "\n" not in str(caught.value)
    assert "s3cr3t-value" not in str(caught.value)


def test_from_toml_reads_the_predecessors_cognite_table(
    omni: ModuleType, emu: Emulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config.toml"
    config.write_text(
        f'[cognite]\nproject = "{emu.project}"\nbase_url = "{emu.base_url}"\nclient_id = "{emu.client_id}"\n'
        f'token_url = "{emu.token_url}"\nscopes = ["{emu.base_url}/.default"]\n'
    )
    monkeypatch.setenv("IDP_CLIENT_SECRET", emu.client_secret)
    _works(omni.OmniMiniClient.from_toml(config))
    config.write_text(config.read_text() + 'client_secret = "s3cr3t-in-a-file"\n')
    with pytest.raises(omni.CDFError, match="client_secret: secrets are not read from files"):
        omni.OmniMiniClient.from_toml(config)


def test_from_toml_missing_file(omni: ModuleType, tmp_path: Path) -> None:
    with pytest.raises(omni.CDFError, match="no such file"):
        omni.OmniMiniClient.from_toml(tmp_path / "absent.toml")


def test_connect_with_explicit_credentials(omni: ModuleType, emu: Emulator) -> None:
    client = omni.OmniMiniClient.connect(
        emu.project, omni.Token(emu.token()), base_url=emu.base_url, max_retries=1
    )
    assert client.config.max_retries == 1
    _works(client)


def test_device_login_signs_in_once_then_refreshes(omni: ModuleType, emu: Emulator) -> None:
    shown: list[str] = []
    emu.auth.token_ttl = 1  # shorter than the 30 s leeway: every request renews the token
    try:
        client = omni.OmniMiniClient.device_login(
            emu.project, emu.client_id, base_url=emu.base_url, token_url=emu.token_url
        )
        credentials = client.config.credentials
        assert isinstance(credentials, omni.OAuthDeviceCode)
        assert credentials.device_code_url == f"{emu.base_url}/oauth2/devicecode"
        credentials._prompt = shown.append
        with client:
            client.primitive_nullable.list(limit=1)
            client.primitive_nullable.list(limit=1)  # refresh grant, no new login
        assert credentials.logins == 1
        assert len(shown) == 1
        assert "enter the code" in shown[0]
        assert emu.base_url in shown[0]
    finally:
        emu.auth.token_ttl = 3600


def test_login_flow_device_code_from_the_environment(
    omni: ModuleType, emu: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    for key in ("CDF_TOKEN", "IDP_CLIENT_SECRET", "CDF_CLUSTER", "IDP_TENANT_ID", "IDP_SCOPES"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("LOGIN_FLOW", "device_code")
    monkeypatch.setenv("CDF_URL", emu.base_url)
    monkeypatch.setenv("CDF_PROJECT", emu.project)
    monkeypatch.setenv("IDP_CLIENT_ID", emu.client_id)
    monkeypatch.setenv("IDP_TOKEN_URL", emu.token_url)
    client = omni.OmniMiniClient.from_env()
    credentials = client.config.credentials
    assert isinstance(credentials, omni.OAuthDeviceCode)
    credentials._prompt = lambda message: None
    _works(client)
    monkeypatch.setenv("LOGIN_FLOW", "interactive")
    with pytest.raises(
        omni.CDFError, match="LOGIN_FLOW must be one of client_credentials, token, device_code"
    ):
        omni.OmniMiniClient.from_env()
    monkeypatch.setenv("LOGIN_FLOW", "token")
    with pytest.raises(omni.CDFError, match=r"missing environment variable\(s\): CDF_TOKEN"):
        omni.OmniMiniClient.from_env()


def test_denied_and_expired_device_logins(omni: ModuleType, emu: Emulator, rt: ModuleType) -> None:
    emu.auth.device_auto_approve_after = None
    try:
        denied = omni.OAuthDeviceCode(
            f"{emu.base_url}/oauth2/devicecode",
            emu.token_url,
            emu.client_id,
            ["x"],
            prompt=lambda message: emu.auth.deny(message.rsplit(" ", 1)[1]),
        )
        with pytest.raises(rt.CDFAuthError, match="device login was denied"):
            denied.authorization_header()
        emu.auth.device_ttl = 0.2
        expired = omni.OAuthDeviceCode(
            f"{emu.base_url}/oauth2/devicecode", emu.token_url, emu.client_id, ["x"], prompt=lambda m: None
        )
        with pytest.raises(rt.CDFAuthError, match="expired"):
            expired.authorization_header()
        foreign = omni.OAuthDeviceCode(
            f"{emu.base_url}/oauth2/devicecode", emu.token_url, "someone-else", ["x"], prompt=lambda m: None
        )
        with pytest.raises(rt.CDFAuthError, match="invalid_client"):
            foreign.authorization_header()
    finally:
        emu.auth.device_auto_approve_after = 2
        emu.auth.device_ttl = 900.0


def test_from_a_cognite_sdk_client(omni: ModuleType, emu: Emulator) -> None:
    from cognite.client import ClientConfig, CogniteClient
    from cognite.client.credentials import OAuthClientCredentials

    credentials = OAuthClientCredentials(emu.token_url, emu.client_id, emu.client_secret, ["x"])
    cognite = CogniteClient(
        ClientConfig(client_name="cog", project=emu.project, base_url=emu.base_url, credentials=credentials)
    )
    client = omni.OmniMiniClient.from_cognite_client(cognite)
    assert client.config.client_name == "cog"
    assert repr(client.config.credentials) == "CogniteSdkCredentials(OAuthClientCredentials)"
    _works(client)
    _works(omni.OmniMiniClient.from_cognite_client(cognite.config, max_retries=0))
    with pytest.raises(omni.CDFError, match="expected a cognite-sdk CogniteClient"):
        omni.OmniMiniClient.from_cognite_client(object())


def test_client_renders_its_apis(client: Any) -> None:
    html = client._repr_html_()
    assert "<td>primitive_nullable</td><td>PrimitiveNullableAPI</td>" in html
