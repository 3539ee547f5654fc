from __future__ import annotations

import dataclasses

import pytest

from pygen_core.runtime import ClientConfig, ConfigError, OAuthClientCredentials, Token

SECRET = "s3cr3t-value-XYZ"


def _oauth_env(**overrides: str) -> dict[str, str]:
    env = {
        "CDF_CLUSTER": "westeurope-1",
        "CDF_PROJECT": "my-project",
        "IDP_CLIENT_ID": "client-1",
        "IDP_CLIENT_SECRET": SECRET,
        "IDP_TENANT_ID": "tenant-42",
    }
    env.update(overrides)
    return {k: v for k, v in env.items() if v != "<unset>"}


def test_cluster_gives_cognitedata_base_url() -> None:
    config = ClientConfig(project="p", credentials=Token("t"), cluster="westeurope-1")
    assert config.base_url == "https://westeurope-1.cognitedata.com"
    assert config.api_url == "https://westeurope-1.cognitedata.com/api/v1/projects/p"


def test_positional_base_url_project_credentials_and_trailing_slash() -> None:
    config = ClientConfig("http://127.0.0.1:8080/", "proj", Token("t"))
    assert config.base_url == "http://127.0.0.1:8080"
    assert config.api_url == "http://127.0.0.1:8080/api/v1/projects/proj"


def test_defaults() -> None:
    config = ClientConfig("https://x.cognitedata.com", "p", Token("t"))
    assert config.client_name == "pygen"
    assert config.max_retries == 10
    assert config.backoff_cap >= config.backoff_base > 0
    assert (config.max_read_workers, config.max_write_workers, config.max_delete_workers) == (2, 2, 1)


def test_config_is_frozen_and_replace_works() -> None:
    config = ClientConfig("https://x.cognitedata.com", "p", Token("t"))
    with pytest.raises(dataclasses.FrozenInstanceError):
        config.project = "other"  # type: ignore[misc]
    changed = dataclasses.replace(config, max_retries=0, timeout=2)
    assert changed.max_retries == 0
    assert changed.timeout == 2.0
    assert changed.base_url == config.base_url


@pytest.mark.parametrize(
    ("kwargs", "needle"),
    [
        ({"project": "p", "credentials": Token("t")}, "base_url or cluster"),
        ({"base_url": "ftp://x", "project": "p", "credentials": Token("t")}, "base_url"),
        ({"base_url": "https://x", "project": "", "credentials": Token("t")}, "project"),
        ({"base_url": "https://x", "project": "a/b", "credentials": Token("t")}, "project"),
        ({"base_url": "https://x", "project": "p"}, "credentials"),
        ({"base_url": "https://x", "project": "p", "credentials": Token("t"), "timeout": 0}, "timeout"),
        (
            {"base_url": "https://x", "project": "p", "credentials": Token("t"), "max_retries": -1},
            "max_retries",
        ),
        (
            {"base_url": "https://x", "project": "p", "credentials": Token("t"), "max_retries": 1.5},
            "max_retries",
        ),
        (
            {"base_url": "https://x", "project": "p", "credentials": Token("t"), "max_write_workers": 0},
            "max_write_workers",
        ),
        (
            {"base_url": "https://x", "project": "p", "credentials": Token("t"), "backoff_cap": -1},
            "backoff_cap",
        ),
        ({"project": "p", "credentials": Token("t"), "cluster": "bad/cluster"}, "cluster"),
        ({"base_url": "https://y", "project": "p", "credentials": Token("t"), "cluster": "x"}, "not both"),
    ],
)
def test_bad_arguments_raise_one_line_config_error(kwargs: dict[str, object], needle: str) -> None:
    with pytest.raises(ConfigError) as info:
        ClientConfig(**kwargs)  # type: ignore[arg-type]
    message = str(info.value)
    assert needle in message
    assert "\n" not in message


def test_max_retries_zero_is_allowed() -> None:
    assert ClientConfig("https://x", "p", Token("t"), max_retries=0).max_retries == 0


def test_from_env_oauth_with_entra_tenant() -> None:
    config = ClientConfig.from_env(_oauth_env())
    assert config.base_url == "https://westeurope-1.cognitedata.com"
    assert config.project == "my-project"
    creds = config.credentials
    assert isinstance(creds, OAuthClientCredentials)
    assert creds.token_url == "https://login.microsoftonline.com/tenant-42/oauth2/v2.0/token"
    assert creds.client_id == "client-1"
    assert creds.scopes == ("https://westeurope-1.cognitedata.com/.default",)


def test_from_env_token_url_and_scopes_override() -> None:
    env = _oauth_env(
        IDP_TENANT_ID="<unset>",
        IDP_TOKEN_URL="https://idp.example.com/token",
        IDP_SCOPES="a/.default, b/.default",
        IDP_AUDIENCE="aud",
    )
    creds = ClientConfig.from_env(env).credentials
    assert isinstance(creds, OAuthClientCredentials)
    assert creds.token_url == "https://idp.example.com/token"
    assert creds.scopes == ("a/.default", "b/.default")
    assert creds.extra_params == {"audience": "aud"}


def test_from_env_cdf_url_overrides_cluster_and_drives_default_scope() -> None:
    env = _oauth_env(CDF_URL="https://custom.example.org:8443/", CDF_CLUSTER="<unset>")
    config = ClientConfig.from_env(env)
    assert config.base_url == "https://custom.example.org:8443"
    assert isinstance(config.credentials, OAuthClientCredentials)
    assert config.credentials.scopes == ("https://custom.example.org:8443/.default",)


def test_from_env_static_token_needs_no_idp_variables() -> None:
    config = ClientConfig.from_env({"CDF_CLUSTER": "api", "CDF_PROJECT": "p", "CDF_TOKEN": "tok"})
    assert isinstance(config.credentials, Token)
    assert config.credentials.authorization_header() == "Bearer tok"


def test_from_env_passes_options_to_the_constructor() -> None:
    config = ClientConfig.from_env(_oauth_env(), client_name="my-app", max_retries=0)
    assert (config.client_name, config.max_retries) == ("my-app", 0)


def test_from_env_reads_os_environ_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in _oauth_env(CDF_PROJECT="from-os").items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("CDF_TOKEN", raising=False)
    monkeypatch.delenv("CDF_URL", raising=False)
    assert ClientConfig.from_env().project == "from-os"


@pytest.mark.parametrize(
    ("unset", "named"),
    [
        ("CDF_PROJECT", "CDF_PROJECT"),
        ("CDF_CLUSTER", "CDF_CLUSTER (or CDF_URL)"),
        ("IDP_CLIENT_ID", "IDP_CLIENT_ID"),
        ("IDP_CLIENT_SECRET", "IDP_CLIENT_SECRET"),
        ("IDP_TENANT_ID", "IDP_TOKEN_URL (or IDP_TENANT_ID)"),
    ],
)
def test_from_env_names_each_missing_variable(unset: str, named: str) -> None:
    with pytest.raises(ConfigError) as info:
        ClientConfig.from_env(_oauth_env(**{unset: "<unset>"}))
    message = str(info.value)
    assert named in message
    assert "\n" not in message
    assert SECRET not in message


def test_from_env_blank_counts_as_missing_and_all_are_listed() -> None:
    with pytest.raises(ConfigError) as info:
        ClientConfig.from_env({"CDF_PROJECT": "  "})
    message = str(info.value)
    for name in ("CDF_PROJECT", "CDF_CLUSTER", "IDP_CLIENT_ID", "IDP_CLIENT_SECRET", "IDP_TOKEN_URL"):
        assert name in message


@pytest.mark.parametrize(
    ("key", "value"),
    [("CDF_URL", "not a url"), ("CDF_CLUSTER", "a b"), ("IDP_TOKEN_URL", "idp.example.com/token")],
)
def test_from_env_bad_values_name_the_variable(key: str, value: str) -> None:
    with pytest.raises(ConfigError, match=key):
        ClientConfig.from_env(_oauth_env(**{key: value}))


def test_repr_hides_secrets() -> None:
    config = ClientConfig.from_env(_oauth_env())
    text = repr(config)
    assert SECRET not in text
    assert "client_secret='***'" in text
    assert "my-project" in text
    token_config = ClientConfig.from_env({"CDF_CLUSTER": "api", "CDF_PROJECT": "p", "CDF_TOKEN": SECRET})
    assert SECRET not in repr(token_config)
    assert SECRET not in str(token_config)


def test_base_url_with_the_api_path_is_rejected() -> None:
    with pytest.raises(ConfigError, match="without /api/v1"):
        ClientConfig("https://api.cognitedata.com/api/v1/projects/p", "p", Token("t"))
