"""``ServiceSettings``: keys and limits, from ``PYGEN_SERVICE_*`` variables and ``pygen serve`` options."""

from __future__ import annotations

import dataclasses
import fnmatch
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from .._errors import PygenError
from ._keys import parse_key_list, read_key_file

__all__ = ["SETTINGS_ENV", "ServiceSettings", "cdf_url_allowed"]

# How `pygen serve` hands resolved settings (hashed keys only) to uvicorn's worker processes.
SETTINGS_ENV = "PYGEN_SERVICE_SETTINGS"
MiB = 1024 * 1024

# (field, variable, type) of every limit that can be set from the environment.
_LIMITS: tuple[tuple[str, str, type], ...] = (
    ("max_body_bytes", "PYGEN_SERVICE_MAX_BODY_BYTES", int),
    ("max_json_bytes", "PYGEN_SERVICE_MAX_JSON_BYTES", int),
    ("max_views", "PYGEN_SERVICE_MAX_VIEWS", int),
    ("max_properties", "PYGEN_SERVICE_MAX_PROPERTIES", int),
    ("max_depth", "PYGEN_SERVICE_MAX_DEPTH", int),
    ("timeout", "PYGEN_SERVICE_TIMEOUT", float),
    ("rate_per_minute", "PYGEN_SERVICE_RATE", float),
    ("burst", "PYGEN_SERVICE_BURST", int),
    ("processes", "PYGEN_SERVICE_PROCESSES", int),
    ("max_waiting", "PYGEN_SERVICE_MAX_WAITING", int),
)


@dataclass(frozen=True)
class ServiceSettings:
    """How the service authenticates and what it accepts.

    ``keys`` are ``(key id, "sha256:<hex>")`` pairs; ``auth=False`` (local trials only) accepts every caller.
    Limits: raw request body, JSON after ``Content-Encoding: gzip``, views, properties and nesting depth of
    a snapshot, seconds per generation, requests per minute (and burst) per key, generator processes and how
    many requests may wait for one. ``cdf_urls`` are the CDF base URLs the service may fetch models from
    (``scheme://host-glob[:port]``); empty: never.
    """

    keys: tuple[tuple[str, str], ...] = ()
    auth: bool = True
    max_body_bytes: int = 10 * MiB
    max_json_bytes: int = 50 * MiB
    max_views: int = 1000
    max_properties: int = 50_000
    max_depth: int = 64
    timeout: float = 60.0
    rate_per_minute: float = 120.0
    burst: int = 30
    processes: int = 1
    max_waiting: int = 64
    cdf_urls: tuple[str, ...] = ("https://*.cognitedata.com",)

    def __post_init__(self) -> None:
        for name, _variable, kind in _LIMITS:
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
                raise PygenError(f"{name}: must be a positive {kind.__name__}, got {value!r}")
        for pattern in self.cdf_urls:
            _parse_pattern(pattern)
        if self.auth and not self.keys:
            raise PygenError(
                "no API keys: set PYGEN_SERVICE_KEYS (ID:KEY,...) or PYGEN_SERVICE_KEYS_FILE / --keys-file "
                "(hashed keys), or pass --no-auth for a local trial"
            )

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> ServiceSettings:
        """Settings from ``PYGEN_SERVICE_*`` variables; ``overrides`` (e.g. CLI options) win."""
        env = os.environ if environ is None else environ
        resolved = env.get(SETTINGS_ENV)
        if resolved:
            return cls.from_json(resolved)
        values: dict[str, Any] = {}
        for name, variable, kind in _LIMITS:
            raw = env.get(variable, "").strip()
            if raw:
                try:
                    values[name] = kind(raw)
                except ValueError:
                    raise PygenError(f"{variable}={raw!r}: expected a {kind.__name__}") from None
        keys = parse_key_list(env.get("PYGEN_SERVICE_KEYS", ""))
        keys_file = overrides.pop("keys_file", None) or env.get("PYGEN_SERVICE_KEYS_FILE", "").strip()
        if keys_file:
            keys += read_key_file(keys_file)
        values["keys"] = tuple(keys)
        urls = env.get("PYGEN_SERVICE_CDF_URLS")
        if urls is not None:
            values["cdf_urls"] = tuple(u.strip() for u in urls.split(",") if u.strip())
        if env.get("PYGEN_SERVICE_NO_AUTH", "").strip().lower() in ("1", "true", "yes", "on"):
            values["auth"] = False
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    def to_json(self) -> str:
        """The settings as JSON (keys hashed: no secret in clear)."""
        return json.dumps(dataclasses.asdict(self), sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> ServiceSettings:
        """Settings written by :meth:`to_json`."""
        data = json.loads(text)
        data["keys"] = tuple(tuple(pair) for pair in data["keys"])
        data["cdf_urls"] = tuple(data["cdf_urls"])
        return cls(**data)

    def limits(self) -> dict[str, Any]:
        """The limits a client may want to know (``GET /v1/version``)."""
        return {
            "maxBodyBytes": self.max_body_bytes,
            "maxJsonBytes": self.max_json_bytes,
            "maxViews": self.max_views,
            "maxProperties": self.max_properties,
            "maxDepth": self.max_depth,
            "timeoutSeconds": self.timeout,
            "requestsPerMinute": self.rate_per_minute,
            "burst": self.burst,
        }


def _parse_pattern(pattern: str) -> tuple[str, str, str | None]:
    scheme, sep, rest = pattern.partition("://")
    if not sep or scheme not in ("http", "https") or not rest or "/" in rest:
        raise PygenError(
            f"cdf_urls: {pattern!r} is not scheme://host[:port] (e.g. https://*.cognitedata.com)"
        )
    host, colon, port = rest.rpartition(":") if rest.count(":") == 1 else (rest, "", "")
    return scheme, (host if colon else rest).lower(), (port if colon else None)


def cdf_url_allowed(url: str, patterns: tuple[str, ...]) -> bool:
    """Whether ``url`` (a CDF base URL) matches one of ``patterns``."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return False
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("http", "https") or not host or parts.username or parts.password:
        return False
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        return False
    for pattern in patterns:
        scheme, host_glob, port_glob = _parse_pattern(pattern)
        if scheme != parts.scheme or not fnmatch.fnmatchcase(host, host_glob):
            continue
        if port_glob is None:
            if port is None:
                return True
        elif port is not None and fnmatch.fnmatchcase(str(port), port_glob):
            return True
    return False
