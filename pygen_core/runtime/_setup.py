"""More ways to a :class:`ClientConfig`: a TOML file, and cognite-sdk's own configuration.

``from_toml`` reads the keys of the environment variables (``CDF_PROJECT``, ``CDF_CLUSTER``,
``IDP_CLIENT_ID``, ``LOGIN_FLOW``, ...; any case; the predecessor's ``project``, ``cdf_cluster``,
``tenant_id``, ``client_id`` too) from the top level of the file or from one table (``[cognite]`` by
default when the top level has none). Secrets (``IDP_CLIENT_SECRET``,
``CDF_TOKEN``) never come from a file: they are read from the environment, and a file that holds
one is refused.

cognite-sdk is never imported: a ``CogniteClient`` (or its ``ClientConfig``) is read through the attributes
it documents (``config``, ``base_url``, ``project``, ``credentials.authorization_header()``).
"""

# The runtime's modules share underscored names with each other (kept private so they stay out
# of the SDK's public surface and clear of generated property names).
# pyright: reportPrivateUsage=false
from __future__ import annotations

import difflib
import importlib
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, cast

from ._config import ClientConfig
from ._credentials import Credentials
from ._errors import ConfigError, one_line

__all__ = ["CogniteSdkCredentials", "config_from_cognite_sdk", "config_from_toml"]

KEYS = (
    "CDF_CLUSTER",
    "CDF_URL",
    "CDF_PROJECT",
    "CDF_TOKEN",
    "IDP_CLIENT_ID",
    "IDP_CLIENT_SECRET",
    "IDP_TENANT_ID",
    "IDP_TOKEN_URL",
    "IDP_DEVICE_CODE_URL",
    "IDP_SCOPES",
    "IDP_AUDIENCE",
    "LOGIN_FLOW",
)
SECRETS = ("IDP_CLIENT_SECRET", "CDF_TOKEN")
ALIASES = {
    "PROJECT": "CDF_PROJECT",
    "CDF_PROJECT_NAME": "CDF_PROJECT",
    "BASE_URL": "CDF_URL",
    "TENANT_ID": "IDP_TENANT_ID",
    "CLIENT_ID": "IDP_CLIENT_ID",
    "CLIENT_SECRET": "IDP_CLIENT_SECRET",
    "TOKEN_URL": "IDP_TOKEN_URL",
    "SCOPES": "IDP_SCOPES",
    "AUDIENCE": "IDP_AUDIENCE",
    "TOKEN": "CDF_TOKEN",
}
"""The predecessor's ``[cognite]`` keys (``project``, ``tenant_id``, ``cdf_cluster``, ...), read as theirs."""


def _load_toml(path: Path) -> dict[str, Any]:
    toml: Any = None
    for name in ("tomllib", "tomli"):  # tomllib from Python 3.11; tomli on 3.10
        try:
            toml = importlib.import_module(name)
            break
        except ImportError:
            continue
    if toml is None:
        raise ConfigError("from_toml needs Python 3.11+, or the tomli package on 3.10")
    try:
        with path.open("rb") as handle:
            loaded: dict[str, Any] = toml.load(handle)
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such file") from None
    except OSError as error:
        raise ConfigError(f"{path}: cannot read it ({error.strerror})") from None
    except ValueError as error:  # tomllib.TOMLDecodeError
        raise ConfigError(f"{path}: not valid TOML ({one_line(str(error))})") from None
    return loaded


def config_from_toml(
    path: str | Path,
    section: str | None = None,
    environ: Mapping[str, str] | None = None,
    **options: Any,
) -> ClientConfig:
    """A config from a TOML file (see the module docstring); ``options`` go to the constructor."""
    file = Path(path)
    document = _load_toml(file)
    env = os.environ if environ is None else environ
    table: dict[str, Any]
    if section is not None:
        found = document.get(section)
        if not isinstance(found, dict):
            raise ConfigError(f"{file}: no [{section}] table")
        table, where = cast("dict[str, Any]", found), f"{file} [{section}]"
    elif any(ALIASES.get(key.upper(), key.upper()) in KEYS for key in document):
        table, where = document, str(file)
    elif isinstance(document.get("cognite"), dict):
        table, where = cast("dict[str, Any]", document["cognite"]), f"{file} [cognite]"
    else:
        raise ConfigError(
            f"{file}: no CDF settings at the top level or in a [cognite] table "
            f"(keys like {', '.join(KEYS[:3])})"
        )
    values: dict[str, str] = {}
    for key, value in table.items():
        name = ALIASES.get(key.upper(), key.upper())
        if name not in KEYS:
            if isinstance(value, dict) and section is None and table is document:
                continue  # another table of the file
            close = difflib.get_close_matches(name, KEYS, n=1)
            hint = f"; did you mean {close[0]}?" if close else ""
            raise ConfigError(f"{where}: {key}: unknown key{hint}")
        if name in SECRETS:
            raise ConfigError(
                f"{where}: {key}: secrets are not read from files; set the environment "
                f"variable {name} instead"
            )
        if name == "IDP_SCOPES" and isinstance(value, list):
            items = cast("Sequence[object]", value)
            if all(isinstance(v, str) for v in items):
                values[name] = " ".join(cast("Sequence[str]", items))
                continue
        if not isinstance(value, str):
            kind = type(cast(object, value)).__name__
            raise ConfigError(f"{where}: {key}: expected a string, got {kind}")
        values[name] = value
    for name in SECRETS:
        secret = env.get(name)
        if secret:
            values[name] = secret
    return ClientConfig._from_values(values, f"{where} key", **options)


class CogniteSdkCredentials(Credentials):
    """cognite-sdk's credential provider (``Token``, ``OAuthClientCredentials``, ``OAuthInteractive``,
    ...) as this runtime's credentials: the header comes from the provider, which refreshes it."""

    def __init__(self, provider: Any) -> None:
        if not callable(getattr(provider, "authorization_header", None)):
            raise ConfigError(
                "CogniteSdkCredentials: expected a cognite-sdk credential provider "
                "(with authorization_header())"
            )
        self._provider = provider
        self._last: str | None = None

    def authorization_header(self) -> str:
        """The provider's ``Authorization`` header value."""
        header: object = self._provider.authorization_header()
        value = (
            cast("tuple[object, object]", header)[1]
            if isinstance(header, tuple)
            else header
        )
        if not isinstance(value, str) or not value:
            raise ConfigError(
                "the cognite-sdk credential provider gave no Authorization header"
            )
        self._last = value
        return value

    def sensitive_values(self) -> tuple[str, ...]:
        """The last header value handed out (its token)."""
        if not self._last:
            return ()
        return (self._last, self._last.partition(" ")[2])

    def __repr__(self) -> str:
        return f"CogniteSdkCredentials({type(self._provider).__name__})"


def config_from_cognite_sdk(source: Any, **options: Any) -> ClientConfig:
    """A config from a cognite-sdk ``CogniteClient`` or ``ClientConfig``: its project, base URL, client
    name and credential provider. ``options`` go to the constructor (and win)."""
    config = getattr(source, "config", source)
    project = getattr(config, "project", None)
    base_url = getattr(config, "base_url", None)
    provider = getattr(config, "credentials", None)
    if (
        not isinstance(project, str)
        or not isinstance(base_url, str)
        or provider is None
    ):
        raise ConfigError(
            "from_cognite_client: expected a cognite-sdk CogniteClient or ClientConfig "
            f"(got {type(source).__name__})"
        )
    settings: dict[str, Any] = {}
    client_name = getattr(config, "client_name", None)
    if isinstance(client_name, str) and client_name:
        settings["client_name"] = client_name
    timeout = getattr(config, "timeout", None)
    if (
        isinstance(timeout, (int, float))
        and not isinstance(timeout, bool)
        and timeout > 0
    ):
        settings["timeout"] = float(timeout)
    settings.update(options)
    return ClientConfig(base_url, project, CogniteSdkCredentials(provider), **settings)
