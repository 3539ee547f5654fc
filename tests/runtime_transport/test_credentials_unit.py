from __future__ import annotations

import pytest

from pygen_core.runtime import ConfigError, Credentials, OAuthClientCredentials, Token

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
