"""Credentials against the emulator's token endpoint: caching, refresh on expiry or 401, clear failures."""

from __future__ import annotations

import dataclasses
import logging
import threading
from typing import Any

import pytest

from pygen_core.emulator import Emulator
from pygen_core.runtime import (
    CDFAuthError,
    CDFConnectionError,
    CDFError,
    ClientConfig,
    Credentials,
    HTTPClient,
    OAuthClientCredentials,
    Token,
)

from .conftest import OMNI_SPACE, SleepRecorder


class FakeClock:
    """A monotonic clock the test moves forward by hand (the HTTP traffic stays real)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _credentials(emu: Emulator, **kwargs: object) -> OAuthClientCredentials:
    return OAuthClientCredentials(
        emu.token_url,
        emu.client_id,
        kwargs.pop("client_secret", emu.client_secret),  # type: ignore[arg-type]
        [f"{emu.base_url}/.default"],
        **kwargs,  # type: ignore[arg-type]
    )


def _config(emu: Emulator, credentials: Credentials, **overrides: Any) -> ClientConfig:
    return dataclasses.replace(emu.client_config(), credentials=credentials, **overrides)


def _list_spaces(http: HTTPClient) -> list[object]:
    items = http.get("/models/spaces", params={"limit": 1000})["items"]
    assert isinstance(items, list)
    return items


def test_token_is_cached_and_refreshed_before_expiry(emulator: Emulator) -> None:
    emulator.auth.token_ttl = 600
    clock = FakeClock()
    creds = _credentials(emulator, clock=clock, leeway=30.0)
    with HTTPClient(_config(emulator, creds)) as http:
        assert any(space["space"] == OMNI_SPACE for space in _list_spaces(http))  # type: ignore[index]
        _list_spaces(http)
        assert creds.fetch_count == 1
        first = creds.authorization_header()
        clock.now += 600 - 31  # 31 s left: still good
        assert creds.authorization_header() == first
        clock.now += 2  # 29 s left: inside the leeway, refresh before use
        _list_spaces(http)
        assert creds.fetch_count == 2
        assert creds.authorization_header() != first
        assert http.stats.token_refreshes == 0


def test_server_side_expiry_triggers_one_refresh_and_retry(emulator: Emulator) -> None:
    creds = _credentials(emulator, leeway=0.0)
    with HTTPClient(_config(emulator, creds)) as http:
        _list_spaces(http)
        emulator.auth.revoke_all()  # the cached token is now rejected with 401
        _list_spaces(http)
        assert creds.fetch_count == 2
        assert http.stats.token_refreshes == 1
        assert http.stats.requests == 3
        assert http.stats.retries == 0


def test_short_lived_tokens_are_renewed_transparently(emulator: Emulator) -> None:
    emulator.auth.token_ttl = 5  # shorter than the 30 s leeway: every use needs a new token
    creds = _credentials(emulator)
    with HTTPClient(_config(emulator, creds)) as http:
        for _ in range(3):
            _list_spaces(http)
        assert creds.fetch_count == 3
        assert http.stats.token_refreshes == 0


def test_persistent_401_raises_auth_error_after_one_refresh(emulator: Emulator) -> None:
    creds = _credentials(emulator)
    config = _config(emulator, creds, project="another-project")  # the token is for the emulator's project
    with HTTPClient(config) as http:
        with pytest.raises(CDFAuthError) as info:
            _list_spaces(http)
        assert http.stats.token_refreshes == 1
        assert http.stats.requests == 2
    assert creds.fetch_count == 2
    err = info.value
    assert err.status == 401
    assert err.request_id
    assert "another-project" in str(err)
    assert "\n" not in str(err)


def test_invalid_static_token_is_not_refreshed(emulator: Emulator) -> None:
    token = "not-a-real-token-0123456789"
    config = _config(emulator, Token(token))
    with HTTPClient(config) as http:
        with pytest.raises(CDFAuthError) as info:
            _list_spaces(http)
        assert http.stats.requests == 1
        assert http.stats.token_refreshes == 0
    assert token not in str(info.value)
    assert "401" in str(info.value)


def test_valid_static_token_works(emulator: Emulator) -> None:
    with HTTPClient(_config(emulator, Token(emulator.token()))) as http:
        assert _list_spaces(http)


def test_wrong_secret_gives_one_clear_error_without_the_secret(emulator: Emulator) -> None:
    wrong = "definitely-the-wrong-secret-42"
    creds = _credentials(emulator, client_secret=wrong)
    with HTTPClient(_config(emulator, creds)) as http:
        with pytest.raises(CDFAuthError) as info:
            _list_spaces(http)
        assert http.stats.requests == 0
    message = str(info.value)
    assert message.startswith(f"token request to {emulator.token_url} (client_id '{emulator.client_id}')")
    assert "HTTP 401" in message
    assert "invalid_client" in message
    assert "wrong client secret" in message
    assert wrong not in message
    assert emulator.client_secret not in message
    assert "\n" not in message
    assert info.value.status == 401
    assert creds.fetch_count == 0


def test_token_endpoint_outage_is_retried(emulator: Emulator) -> None:
    emulator.faults.inject("503", path="/oauth2/token", count=1, retry_after=0.001)
    creds = _credentials(emulator)
    with HTTPClient(_config(emulator, creds)) as http:
        assert _list_spaces(http)
    assert creds.fetch_count == 1
    assert emulator.faults.count("503", "/oauth2/token") == 1


def test_token_endpoint_that_keeps_failing_is_a_connection_error(emulator: Emulator) -> None:
    emulator.faults.inject("drop", path="/oauth2/token", count=10)
    creds = _credentials(emulator, max_retries=1)
    with HTTPClient(_config(emulator, creds)) as http, pytest.raises(CDFConnectionError) as info:
        _list_spaces(http)
    assert "token endpoint" in str(info.value)
    assert emulator.faults.count("drop", "/oauth2/token") == 2


def test_no_secret_or_token_in_any_log_line_or_message(
    emulator: Emulator, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    creds = _credentials(emulator, leeway=0.0)
    sleeps = SleepRecorder()
    messages: list[str] = []
    config = _config(emulator, creds, backoff_base=0.001, backoff_cap=0.01)
    with HTTPClient(config, sleep=sleeps) as http:
        emulator.faults.inject("429", path="/models/spaces", count=1)
        emulator.faults.inject("drop", path="/models/spaces", count=1)
        _list_spaces(http)
        tokens = [creds.authorization_header().removeprefix("Bearer ")]
        emulator.auth.revoke_all()
        _list_spaces(http)
        tokens.append(creds.authorization_header().removeprefix("Bearer "))
        emulator.faults.inject("503", path="/models/spaces", count=50)
        with pytest.raises(CDFError) as info:
            _list_spaces(http)
        messages.append(str(info.value))
        messages.append(repr(http))
        messages.append(repr(http.config))
    bad = _credentials(emulator, client_secret="another-wrong-secret-777")
    with HTTPClient(_config(emulator, bad)) as http, pytest.raises(CDFError) as info:
        _list_spaces(http)
    messages.append(str(info.value))
    assert "retry" in caplog.text  # the retries above were logged ...
    secrets = [emulator.client_secret, "another-wrong-secret-777", *tokens]
    for secret in secrets:  # ... but never with a credential in them
        assert secret not in caplog.text
        for message in messages:
            assert secret not in message


def test_concurrent_401s_refresh_the_token_only_once(emulator: Emulator) -> None:
    creds = _credentials(emulator, leeway=0.0)
    threads_count = 8
    barrier = threading.Barrier(threads_count)
    errors: list[BaseException] = []

    def work(http: HTTPClient) -> None:
        barrier.wait()
        try:
            _list_spaces(http)
        except BaseException as exc:  # collected and asserted on below
            errors.append(exc)

    with HTTPClient(_config(emulator, creds)) as http:
        _list_spaces(http)
        emulator.auth.revoke_all()
        threads = [threading.Thread(target=work, args=(http,)) for _ in range(threads_count)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        assert 1 <= http.stats.token_refreshes <= threads_count
    # every thread saw the revoked token at most once, but only one of them fetched a new one
    assert creds.fetch_count == 2
