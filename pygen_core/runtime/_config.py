"""Client configuration: where CDF is, who we are, and how hard to retry."""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote, urlsplit

from ._credentials import Credentials, OAuthClientCredentials, Token
from ._errors import ConfigError

_CLUSTER_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.-]*$")
_ENTRA_TOKEN_URL = "https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token"  # noqa: S105 - a URL


def _url_problem(url: str) -> str | None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return f"must be an http(s) URL like https://api.cognitedata.com (got {url!r})"
    if parts.query or parts.fragment:
        return f"must not have a query or fragment (got {url!r})"
    if "/api/v1" in parts.path:
        return f"must be the server only, without /api/v1/... (got {url!r})"
    return None


@dataclasses.dataclass(frozen=True, init=False, repr=False)
class ClientConfig:
    """Immutable settings for :class:`HTTPClient` and the SDK layer on top of it.

    Give ``base_url`` (e.g. ``"https://westeurope-1.cognitedata.com"``) or ``cluster`` (→
    ``https://{cluster}.cognitedata.com``). ``max_retries=0`` disables retries. Backoff before retry
    ``n`` (0-based) is uniform in ``[0, min(backoff_cap, backoff_base * 2**n)]``. The ``max_*_workers``
    bound the SDK layer's concurrent requests per kind. ``sdk_version`` goes into
    ``x-cdp-sdk: hatch-pygen:<version>``.
    """

    base_url: str
    project: str
    credentials: Credentials
    client_name: str
    sdk_version: str
    timeout: float
    max_retries: int
    backoff_base: float
    backoff_cap: float
    max_read_workers: int
    max_write_workers: int
    max_delete_workers: int

    def __init__(
        self,
        base_url: str | None = None,
        project: str | None = None,
        credentials: Credentials | None = None,
        *,
        cluster: str | None = None,
        client_name: str = "pygen",
        sdk_version: str = "unknown",
        timeout: float = 30.0,
        max_retries: int = 10,
        backoff_base: float = 0.5,
        backoff_cap: float = 30.0,
        max_read_workers: int = 2,
        max_write_workers: int = 2,
        max_delete_workers: int = 1,
    ) -> None:
        if base_url is None:
            if cluster is None:
                raise ConfigError("ClientConfig: give base_url or cluster")
            if not _CLUSTER_RE.match(cluster):
                raise ConfigError(
                    f"ClientConfig: cluster must look like 'westeurope-1' (got {cluster!r})"
                )
            base_url = f"https://{cluster}.cognitedata.com"
        elif (
            cluster is not None
            and base_url.rstrip("/") != f"https://{cluster}.cognitedata.com"
        ):
            raise ConfigError("ClientConfig: give base_url or cluster, not both")
        problem = _url_problem(base_url)
        if problem:
            raise ConfigError(f"ClientConfig: base_url {problem}")
        if (
            not isinstance(project, str)
            or not project
            or any(c in project for c in "/?# \t\n")
        ):
            raise ConfigError(
                f"ClientConfig: project must be a non-empty name without '/' or spaces (got {project!r})"
            )
        if not isinstance(credentials, Credentials):
            raise ConfigError(
                "ClientConfig: credentials must be a Token or OAuthClientCredentials"
            )
        if not client_name or not client_name.isprintable():
            raise ConfigError(
                "ClientConfig: client_name must be a non-empty printable string"
            )
        if not sdk_version or not sdk_version.isprintable():
            raise ConfigError(
                "ClientConfig: sdk_version must be a non-empty printable string"
            )
        _check_number("timeout", timeout, minimum=0.0, exclusive=True)
        _check_int("max_retries", max_retries, minimum=0)
        _check_number("backoff_base", backoff_base, minimum=0.0)
        _check_number("backoff_cap", backoff_cap, minimum=0.0)
        for name, workers in (
            ("max_read_workers", max_read_workers),
            ("max_write_workers", max_write_workers),
            ("max_delete_workers", max_delete_workers),
        ):
            _check_int(name, workers, minimum=1)
        values: dict[str, Any] = {
            "base_url": base_url.rstrip("/"),
            "project": project,
            "credentials": credentials,
            "client_name": client_name,
            "sdk_version": sdk_version,
            "timeout": float(timeout),
            "max_retries": max_retries,
            "backoff_base": float(backoff_base),
            "backoff_cap": float(backoff_cap),
            "max_read_workers": max_read_workers,
            "max_write_workers": max_write_workers,
            "max_delete_workers": max_delete_workers,
        }
        for name, value in values.items():
            object.__setattr__(self, name, value)

    @property
    def api_url(self) -> str:
        """``{base_url}/api/v1/projects/{project}``: the prefix of every request path."""
        return f"{self.base_url}/api/v1/projects/{quote(self.project, safe='')}"

    def __repr__(self) -> str:
        fields = ", ".join(
            f"{f.name}={getattr(self, f.name)!r}" for f in dataclasses.fields(self)
        )
        return f"ClientConfig({fields})"

    @classmethod
    def from_env(
        cls, environ: Mapping[str, str] | None = None, **options: Any
    ) -> ClientConfig:
        """Build a config from the cognite-toolkit variables (``os.environ`` by default).

        ``CDF_PROJECT`` plus ``CDF_CLUSTER`` or ``CDF_URL``; then ``CDF_TOKEN``, or ``IDP_CLIENT_ID``,
        ``IDP_CLIENT_SECRET`` and ``IDP_TOKEN_URL`` / ``IDP_TENANT_ID`` (Entra ID), optional ``IDP_SCOPES``
        (comma or space separated) and ``IDP_AUDIENCE``. ``LOGIN_FLOW`` chooses the flow as the toolkit
        does: ``client_credentials``, ``token`` or ``device_code`` (interactive: ``IDP_CLIENT_ID`` and the
        token URL; ``IDP_DEVICE_CODE_URL`` defaults to the token URL ending in ``/devicecode``).
        ``options`` are passed on to the constructor.
        """
        env = os.environ if environ is None else environ
        return cls._from_values(env, "environment variable", **options)

    @classmethod
    def _from_values(
        cls, env: Mapping[str, str], label: str, **options: Any
    ) -> ClientConfig:
        """``from_env`` on any mapping; ``label`` names its keys in errors (``"environment variable"``)."""

        def get(name: str) -> str | None:
            value = env.get(name)
            return value.strip() if value and value.strip() else None

        missing: list[str] = []
        project = get("CDF_PROJECT")
        if project is None:
            missing.append("CDF_PROJECT")
        url, cluster = get("CDF_URL"), get("CDF_CLUSTER")
        if url is not None:
            problem = _url_problem(url)
            if problem:
                raise ConfigError(f"{label} CDF_URL {problem}")
            host = urlsplit(url)
            scope_base = f"{host.scheme}://{host.netloc}"
        elif cluster is not None:
            if not _CLUSTER_RE.match(cluster):
                raise ConfigError(
                    f"{label} CDF_CLUSTER must look like 'westeurope-1' (got {cluster!r})"
                )
            scope_base = f"https://{cluster}.cognitedata.com"
        else:
            missing.append("CDF_CLUSTER (or CDF_URL)")
            scope_base = ""
        flow = get("LOGIN_FLOW")
        if flow is not None and flow not in _LOGIN_FLOWS:
            raise ConfigError(
                f"{label} LOGIN_FLOW must be one of {', '.join(_LOGIN_FLOWS)} (got {flow!r})"
            )
        static_token = get("CDF_TOKEN")
        if flow is None:
            flow = "token" if static_token is not None else "client_credentials"
        credentials: Credentials | None = None
        if flow == "token":
            if static_token is None:
                missing.append("CDF_TOKEN")
            else:
                credentials = Token(static_token)
        else:
            client_id, client_secret = get("IDP_CLIENT_ID"), get("IDP_CLIENT_SECRET")
            token_url, tenant = get("IDP_TOKEN_URL"), get("IDP_TENANT_ID")
            if client_id is None:
                missing.append("IDP_CLIENT_ID")
            if client_secret is None and flow == "client_credentials":
                missing.append("IDP_CLIENT_SECRET")
            if token_url is None and tenant is not None:
                token_url = _ENTRA_TOKEN_URL.format(tenant=quote(tenant, safe=""))
            if token_url is None:
                missing.append("IDP_TOKEN_URL (or IDP_TENANT_ID)")
            scopes_text = get("IDP_SCOPES")
            scopes = (
                scopes_text.replace(",", " ").split()
                if scopes_text
                else [f"{scope_base}/.default"]
            )
            audience = get("IDP_AUDIENCE")
            extra = {"audience": audience} if audience else None
            if not missing and client_id and token_url:
                if _url_problem(token_url):
                    raise ConfigError(
                        f"{label} IDP_TOKEN_URL {_url_problem(token_url)}"
                    )
                if flow == "device_code":
                    credentials = _device_credentials(
                        get("IDP_DEVICE_CODE_URL"),
                        token_url,
                        client_id,
                        scopes,
                        extra,
                        label,
                    )
                elif client_secret:
                    credentials = OAuthClientCredentials(
                        token_url, client_id, client_secret, scopes, extra_params=extra
                    )
        if missing:
            hint = (
                " (set CDF_TOKEN, or the IDP_* client credentials)"
                if any(m.startswith("IDP_") for m in missing) and flow != "device_code"
                else ""
            )
            raise ConfigError(f"missing {label}(s): {', '.join(missing)}{hint}")
        return cls(
            url, project, credentials, cluster=None if url else cluster, **options
        )


_LOGIN_FLOWS = ("client_credentials", "token", "device_code")


def _device_credentials(
    device_url: str | None,
    token_url: str,
    client_id: str,
    scopes: list[str],
    extra: dict[str, str] | None,
    label: str,
) -> Credentials:
    from ._device import OAuthDeviceCode

    if device_url is None:
        if not token_url.rstrip("/").endswith("/token"):
            raise ConfigError(
                f"{label} IDP_DEVICE_CODE_URL is needed: the token URL does not end in /token"
            )
        device_url = token_url.rstrip("/")[: -len("token")] + "devicecode"
    elif _url_problem(device_url):
        raise ConfigError(f"{label} IDP_DEVICE_CODE_URL {_url_problem(device_url)}")
    return OAuthDeviceCode(device_url, token_url, client_id, scopes, extra_params=extra)


def _check_number(
    name: str, value: object, *, minimum: float, exclusive: bool = False
) -> None:
    ok = (
        isinstance(value, (int, float))
        and not isinstance(value, bool)
        and value == value
    )
    if not ok or (value <= minimum if exclusive else value < minimum):  # type: ignore[operator]
        relation = ">" if exclusive else ">="
        raise ConfigError(
            f"ClientConfig: {name} must be a number {relation} {minimum:g} (got {value!r})"
        )


def _check_int(name: str, value: object, *, minimum: int) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
        raise ConfigError(
            f"ClientConfig: {name} must be an integer >= {minimum} (got {value!r})"
        )
