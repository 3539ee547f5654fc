from __future__ import annotations

from typing import Any

import httpx
import pytest

from pygen_core.runtime import CDFAuthError, ConfigError, Credentials, OAuthClientCredentials, Token

SECRET = "the-client-secret-123"


def test_token_header_repr_and_no_refresh() -> None:
    token = Token("abc.def.ghi")
    assert token.authorization_header() == "Bearer abc.def.ghi"
    assert "abc.def.ghi" not in repr(token)
    assert token.invalidate("Bearer abc.def.ghi") is False
    assert token.sensitive_values() == ("abc.def.ghi",)
    assert isinstance(token, Credentials)


@pytest.mark.parametrize("bad", ["", "   "])
def test_token_must_not_be_empty(bad: str) -> None:
    with pytest.raises(ConfigError, match="token"):
        Token(bad)


def test_oauth_repr_hides_the_secret() -> None:
    creds = OAuthClientCredentials("https://idp.example.com/token", "cid", SECRET, ["scope/.default"])
    text = repr(creds)
    assert SECRET not in text
    assert "cid" in text
    assert SECRET in creds.sensitive_values()
    assert creds.scopes == ("scope/.default",)


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (("", "cid", SECRET, ["s"]), "token_url"),
        (("idp.example.com", "cid", SECRET, ["s"]), "token_url"),
        (("https://idp", "", SECRET, ["s"]), "client_id"),
        (("https://idp", "cid", "", ["s"]), "client_secret"),
        (("https://idp", "cid", SECRET, []), "scopes"),
    ],
)
def test_oauth_bad_arguments(args: tuple[str, str, str, list[str]], named: str) -> None:
    with pytest.raises(ConfigError) as info:
        OAuthClientCredentials(*args)
    assert named in str(info.value)
    assert SECRET not in str(info.value)


def test_single_scope_string_is_accepted() -> None:
    creds = OAuthClientCredentials("https://idp", "cid", SECRET, "only/.default")
    assert creds.scopes == ("only/.default",)


def _parse(status: int, **kwargs: Any) -> tuple[str, float]:
    creds = OAuthClientCredentials("https://idp.example.com/token", "cid", SECRET, ["s"])
    return creds._parse_token_response(httpx.Response(status, **kwargs))


def test_token_response_is_parsed() -> None:
    assert _parse(200, json={"access_token": "abc", "expires_in": 3599}) == ("abc", 3599.0)
    assert _parse(200, json={"access_token": "abc", "expires_in": "60"}) == ("abc", 60.0)
    assert _parse(200, json={"access_token": "abc"}) == ("abc", float("inf"))


@pytest.mark.parametrize(
    ("status", "kwargs", "needle"),
    [
        (
            400,
            {"json": {"error": "invalid_scope", "error_description": "AADSTS70011: bad scope"}},
            "invalid_scope",
        ),
        (401, {"json": {"error": "invalid_client"}}, "HTTP 401: invalid_client"),
        (500, {"content": b"<html>\nboom\n</html>"}, "HTTP 500: <html> boom </html>"),
        (400, {"content": b""}, "<empty body>"),
        (200, {"json": {"error": "temporarily_unavailable"}}, "failed: temporarily_unavailable"),
        (200, {"json": {"token_type": "Bearer"}}, "no 'access_token'"),
        (200, {"json": {"access_token": "abc", "expires_in": "soon"}}, "'expires_in' is not a number"),
        (200, {"json": ["not", "an", "object"]}, "HTTP 200"),
        (200, {"content": b"not json"}, "not json"),
    ],
)
def test_bad_token_responses_are_one_line_auth_errors(
    status: int, kwargs: dict[str, Any], needle: str
) -> None:
    with pytest.raises(CDFAuthError) as info:
        _parse(status, **kwargs)
    message = str(info.value)
    assert needle in message
    assert message.startswith("token request to https://idp.example.com/token (client_id 'cid')")
    assert "\n" not in message


def test_idp_echoing_the_secret_is_redacted() -> None:
    with pytest.raises(CDFAuthError) as info:
        _parse(401, json={"error": "invalid_client", "error_description": f"secret {SECRET} is wrong"})
    assert SECRET not in str(info.value)
    assert "secret *** is wrong" in str(info.value)
