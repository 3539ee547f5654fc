"""Malformed request bodies get a one-line DMSError (400) — never another exception."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pygen_core.emulator._errors import DMSError
from pygen_core.emulator._instances import InstanceStore

from .helpers import SP, prop, view

scalars = st.one_of(st.none(), st.booleans(), st.integers(-5, 5), st.text(max_size=4), st.just("node"))
json_values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(
            st.sampled_from(
                [
                    "property",
                    "value",
                    "values",
                    "filter",
                    "and",
                    "equals",
                    "in",
                    "range",
                    "gt",
                    "nodes",
                    "edges",
                    "from",
                    "space",
                    "externalId",
                    "instanceType",
                    "source",
                    "sources",
                    "items",
                    "with",
                    "select",
                    "scope",
                ]
            ),
            inner,
            max_size=3,
        ),
    ),
    max_leaves=12,
)
known_parts = st.sampled_from(
    [
        view("PrimitiveRequired"),
        prop("PrimitiveRequired", "int32"),
        ["node", "externalId"],
        {"matchAll": {}},
        {"equals": {"property": prop("PrimitiveRequired", "int32"), "value": 1}},
        [SP, "PrimitiveRequired", "text"],
    ]
)


def _error_of(call: Callable[[], object]) -> DMSError | None:
    """The DMSError ``call`` raises, or None; any other exception propagates and fails the test."""
    try:
        call()
    except DMSError as exc:
        return exc
    return None


bodies = st.dictionaries(
    st.sampled_from(
        [
            "items",
            "filter",
            "sources",
            "sort",
            "limit",
            "cursor",
            "instanceType",
            "view",
            "query",
            "aggregates",
            "groupBy",
            "with",
            "select",
            "parameters",
            "cursors",
            "properties",
            "operator",
        ]
    ),
    st.one_of(json_values, known_parts, st.lists(known_parts, max_size=2)),
    max_size=4,
)


@pytest.mark.parametrize(
    "endpoint", ["apply", "delete", "byids", "list", "search", "aggregate", "query", "sync"]
)
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=bodies)
def test_malformed_bodies_raise_dms_errors_only(
    store: InstanceStore, endpoint: str, body: dict[str, Any]
) -> None:
    error = _error_of(lambda: getattr(store, endpoint)(body))
    if error is not None:
        assert 400 <= error.status < 500
        assert "\n" not in error.message
        assert error.message


filter_names = st.sampled_from(
    [
        "equals",
        "in",
        "range",
        "prefix",
        "exists",
        "containsAny",
        "containsAll",
        "nested",
        "overlaps",
        "hasData",
        "instanceReferences",
        "matchAll",
        "and",
        "or",
        "not",
    ]
)
refs = st.sampled_from(
    [
        prop("PrimitiveRequired", "int32"),
        prop("PrimitiveRequired", "timestamp"),
        prop("ConnectionItemA", "selfDirect"),
        prop("PrimitiveNullableListed", "text"),
        ["node", "createdTime"],
        ["node", "type"],
        ["edge", "startNode"],
        [SP, "PrimitiveRequired", "date"],
    ]
)
filter_bodies = st.recursive(
    st.fixed_dictionaries(
        {},
        optional={
            "property": refs,
            "value": json_values,
            "values": json_values,
            "gt": json_values,
            "lte": json_values,
            "scope": refs,
            "startProperty": refs,
            "endProperty": refs,
        },
    ),
    lambda inner: st.one_of(
        st.lists(st.builds(lambda n, b: {n: b}, filter_names, inner), max_size=2),
        st.builds(lambda n, b: {n: b}, filter_names, inner),
        st.fixed_dictionaries({"scope": refs, "filter": st.builds(lambda n, b: {n: b}, filter_names, inner)}),
    ),
    max_leaves=6,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=filter_names, body=filter_bodies, kind=st.sampled_from(["node", "edge"]))
def test_random_filters_evaluate_or_raise_dms_errors(
    store: InstanceStore, name: str, body: Any, kind: str
) -> None:
    found: list[dict[str, Any]] = []
    error = _error_of(
        lambda: found.append(store.list({"instanceType": kind, "filter": {name: body}, "limit": 5}))
    )
    if error is not None:
        assert error.status == 400
        assert error.message.startswith("filter")
    else:
        assert len(found[0]["items"]) <= 5
