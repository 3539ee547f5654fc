from __future__ import annotations

import copy
import json
import pickle

import pytest

from pygen_core.runtime import (
    CDFAPIError,
    CDFAuthError,
    CDFConnectionError,
    CDFError,
    ConfigError,
)
from pygen_core.runtime._errors import one_line, parse_api_error, redact


def test_hierarchy() -> None:
    for cls in (CDFAPIError, CDFAuthError, CDFConnectionError, ConfigError):
        assert issubclass(cls, CDFError)


def test_full_error_body_is_parsed() -> None:
    body = {
        "error": {
            "code": 400,
            "message": "Instances not found",
            "missing": [{"space": "s", "externalId": "a"}, {"space": "s", "externalId": "b"}],
            "duplicated": [{"space": "s", "externalId": "c"}],
            "isAutoRetryable": False,
            "details": {"x": 1},
        }
    }
    err = parse_api_error(400, json.dumps(body).encode(), request_id="req-1")
    assert (err.status, err.code, err.message, err.request_id) == (400, 400, "Instances not found", "req-1")
    assert err.missing == body["error"]["missing"]
    assert err.duplicated == [{"space": "s", "externalId": "c"}]
    assert err.extra == {"isAutoRetryable": False, "details": {"x": 1}}
    text = str(err)
    assert text.startswith("CDF API error 400 (request id req-1): Instances not found")
    assert "missing 2" in text
    assert '"externalId":"a"' in text
    assert "duplicated 1" in text


def test_minimal_error_body() -> None:
    err = parse_api_error(404, b'{"error": {"code": 404, "message": "nope"}}')
    assert (err.code, err.message, err.missing, err.duplicated, err.extra, err.request_id) == (
        404,
        "nope",
        [],
        [],
        {},
        None,
    )
    assert str(err) == "CDF API error 404: nope"


@pytest.mark.parametrize(
    ("body", "expected_message"),
    [
        (b"<html>\n<body>Bad Gateway</body>\n</html>", "<html> <body>Bad Gateway</body> </html>"),
        (b"", "HTTP 502 with an empty body"),
        (b'{"message": "no error key"}', '{"message": "no error key"}'),
        (b'["a list"]', '["a list"]'),
        (b'{"error": "a string"}', '{"error": "a string"}'),
        (b"\xff\xfe broken utf8", "\ufffd\ufffd broken utf8"),
    ],
)
def test_non_cdf_bodies_are_tolerated(body: bytes, expected_message: str) -> None:
    err = parse_api_error(502, body)
    assert err.status == 502
    assert err.code is None
    assert err.message == expected_message
    assert "\n" not in str(err)


def test_odd_field_types_do_not_crash() -> None:
    err = parse_api_error(400, b'{"error": {"code": "E42", "message": {"nested": 1}, "missing": "x"}}')
    assert err.code is None
    assert err.extra == {"code": "E42"}
    assert err.message == '{"nested": 1}'
    assert err.missing == []


def test_long_messages_are_cut_to_one_line() -> None:
    err = parse_api_error(500, ("line\n" * 1000).encode())
    assert "\n" not in str(err)
    assert len(str(err)) < 700


def test_many_missing_items_are_summarised() -> None:
    missing = [{"space": "s", "externalId": f"x{i}"} for i in range(50)]
    err = parse_api_error(400, json.dumps({"error": {"code": 400, "message": "m", "missing": missing}}))
    assert len(err.missing) == 50
    assert "and 47 more" in str(err)


def test_secrets_in_server_text_are_redacted() -> None:
    err = parse_api_error(
        400, b'{"error": {"code": 400, "message": "bad token Bearer abc.def.ghi"}}', secrets=["abc.def.ghi"]
    )
    assert "abc.def.ghi" not in str(err)
    assert "***" in err.message


def test_redact_prefers_longest_and_ignores_empty() -> None:
    assert redact("token abcdefghij and abcdefgh", ["abcdefgh", "abcdefghij", ""]) == "token *** and ***"
    assert redact("nothing", []) == "nothing"


def test_redact_leaves_implausibly_short_values_alone() -> None:
    assert redact("attempt to connect", ["t", "tt"]) == "attempt to connect"


def test_one_line() -> None:
    assert one_line("a\n  b\tc") == "a b c"
    assert one_line("x" * 20, limit=10) == "xxxxxxx..."


def test_api_error_survives_pickle_and_copy() -> None:
    err = parse_api_error(
        409, b'{"error": {"code": 409, "message": "dup", "duplicated": [1]}}', request_id="r"
    )
    for clone in (pickle.loads(pickle.dumps(err)), copy.copy(err)):
        assert isinstance(clone, CDFAPIError)
        assert (clone.status, clone.message, clone.duplicated, clone.request_id) == (409, "dup", [1], "r")
