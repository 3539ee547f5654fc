"""What generated SDKs stand on: config, credentials, the HTTP client and errors.

This package is copied verbatim into every generated SDK, so it imports only the standard library, httpx and
pydantic, and only relatively within itself.
"""

from ._config import ClientConfig
from ._credentials import Credentials, OAuthClientCredentials, Token
from ._errors import CDFAPIError, CDFAuthError, CDFConnectionError, CDFError, ConfigError
from ._http import HTTPClient, HTTPStats

__all__ = [
    "CDFAPIError",
    "CDFAuthError",
    "CDFConnectionError",
    "CDFError",
    "ClientConfig",
    "ConfigError",
    "Credentials",
    "HTTPClient",
    "HTTPStats",
    "OAuthClientCredentials",
    "Token",
]
