"""Sync: resumable cursors, changed instances, tombstones, modes, chained sets, expiry and CDF's rules."""

from __future__ import annotations

import time
from typing import Any

import pytest

from pygen_core.emulator._errors import DMSError
from pygen_core.emulator._instances import InstanceStore

from .helpers import pump_view

SITE = {"source": pump_view(), "identifier": "site"}


def pump(xid: str, **props: Any) -> dict[str, Any]:
    return {
        "instanceType": "node",
        "space": "test",
        "externalId": xid,
        "sources": [{"source": pump_view(), "properties": props}],
    }


def gone(xid: str, kind: str = "node") -> dict[str, Any]:
    return {"instanceType": kind, "space": "test", "externalId": xid}


def pumps_body(**expr: Any) -> dict[str, Any]:
    return {
        "with": {"p": {"nodes": {"filter": {"hasData": [pump_view()]}}, **expr}},
        "select": {"p": {"sources": [{"source": pump_view(), "properties": ["name"]}]}},
    }


def sync_all(store: InstanceStore, body: dict[str, Any], name: str = "p") -> tuple[list[dict[str, Any]], str]:
    """Follow the cursor until a page comes back empty; returns the items and the last cursor."""
    items: list[dict[str, Any]] = []
    while True:
        out = store.sync(body)
        assert out["nextCursor"][name], "sync always returns a cursor"
        body = {**body, "cursors": {name: out["nextCursor"][name]}}
        if not out["items"][name]:
            return items, out["nextCursor"][name]
        items.extend(out["items"][name])


def names(items: list[dict[str, Any]]) -> list[str]:
    return [i["externalId"] for i in items]


def test_one_phase_backfill_changes_and_tombstones(empty_store: InstanceStore) -> None:
    empty_store.apply({"items": [pump(f"p{n:03d}", name=f"n{n}") for n in range(250)]})
    body = pumps_body(limit=100)
    first = empty_store.sync(body)
    assert len(first["items"]["p"]) == 100
    backfill, cursor = sync_all(empty_store, body)
    assert names(backfill) == [f"p{n:03d}" for n in range(250)]
    assert all("deletedTime" not in i for i in backfill)
    resumed = {**body, "cursors": {"p": cursor}}
    assert empty_store.sync(resumed)["items"]["p"] == []
    empty_store.apply({"items": [pump("p007", name="changed"), pump("new", name="fresh")]})
    empty_store.delete({"items": [gone("p008")]})
    delta, cursor = sync_all(empty_store, resumed)
    assert names(delta) == ["p007", "new", "p008"]
    assert delta[0]["properties"]["test"]["Pump/v1"] == {"name": "changed"}
    assert delta[0]["version"] == 2
    assert isinstance(delta[2]["deletedTime"], int)
    assert "deletedTime" not in delta[1]
    assert empty_store.sync({**body, "cursors": {"p": cursor}})["items"]["p"] == []


def test_tombstones_from_before_the_sync_only_when_asked(empty_store: InstanceStore) -> None:
    empty_store.apply({"items": [pump("keep"), pump("old")]})
    empty_store.delete({"items": [gone("old")]})
    assert names(sync_all(empty_store, pumps_body())[0]) == ["keep"]
    with_old = sync_all(empty_store, pumps_body(skipAlreadyDeleted=False))[0]
    assert names(with_old) == ["keep", "old"]
    assert "deletedTime" in with_old[1]


def test_no_backfill_delivers_only_later_changes(empty_store: InstanceStore) -> None:
    empty_store.apply({"items": [pump("before")]})
    body = pumps_body(mode="noBackfill")
    first = empty_store.sync(body)
    assert first["items"]["p"] == []
    empty_store.apply({"items": [pump("after")]})
    out = empty_store.sync({**body, "cursors": {"p": first["nextCursor"]["p"]}})
    assert names(out["items"]["p"]) == ["after"]


def test_two_phase_backfills_sorted_then_streams(empty_store: InstanceStore) -> None:
    empty_store.apply({"items": [pump(f"p{n}", name=f"z{9 - n}") for n in range(10)]})
    body = pumps_body(mode="twoPhase", limit=4, backfillSort=[{"property": ["test", "Pump/v1", "name"]}])
    pages: list[list[str]] = []
    cursor = None
    for _ in range(3):
        out = empty_store.sync({**body, "cursors": {"p": cursor}} if cursor else body)
        pages.append(names(out["items"]["p"]))
        cursor = out["nextCursor"]["p"]
        if len(pages) == 1:
            empty_store.apply(
                {"items": [pump("late", name="a")]}
            )  # after the start: streamed, not backfilled
    assert pages == [["p9", "p8", "p7", "p6"], ["p5", "p4", "p3", "p2"], ["p1", "p0"]]
    streamed = empty_store.sync({**body, "cursors": {"p": cursor}})
    assert names(streamed["items"]["p"]) == ["late"]
    with pytest.raises(DMSError, match=r"with.p.backfillSort: can only be given with mode twoPhase"):
        empty_store.sync(pumps_body(backfillSort=[{"property": ["node", "externalId"]}]))


def test_chained_sets_follow_the_whole_parent_set(empty_store: InstanceStore) -> None:
    empty_store.apply({"items": [pump("site1"), pump("site2")]})
    site = {"space": "test", "externalId": "site1"}
    empty_store.apply({"items": [pump(f"k{n}", site=site) for n in range(3)]})
    body = {
        "with": {
            "s": {"nodes": {"filter": {"equals": {"property": ["node", "externalId"], "value": "site1"}}}},
            "k": {"nodes": {"from": "s", "through": SITE, "direction": "inwards"}},
        },
        "select": {"k": {}},
    }
    first = empty_store.sync(body)
    assert names(first["items"]["k"]) == ["k0", "k1", "k2"]
    assert set(first["nextCursor"]) == {"s", "k"}
    empty_store.apply({"items": [pump("k9", site=site), pump("k1", name="x"), pump("other")]})
    empty_store.delete({"items": [gone("k2")]})
    later = empty_store.sync({**body, "cursors": first["nextCursor"]})
    assert names(later["items"]["k"]) == ["k9", "k1", "k2"]
    assert "deletedTime" in later["items"]["k"][2]


def test_deleting_a_node_syncs_its_edges_as_tombstones(empty_store: InstanceStore) -> None:
    empty_store.apply({"items": [pump("a"), pump("b")]})
    edge = {
        "instanceType": "edge",
        "space": "test",
        "externalId": "ab",
        "type": {"space": "test", "externalId": "t"},
        "startNode": {"space": "test", "externalId": "a"},
        "endNode": {"space": "test", "externalId": "b"},
    }
    empty_store.apply({"items": [edge]})
    body = {"with": {"e": {"edges": {}}}, "select": {"e": {}}}
    first = empty_store.sync(body)
    assert names(first["items"]["e"]) == ["ab"]
    empty_store.delete({"items": [gone("a")]})
    out = empty_store.sync({**body, "cursors": first["nextCursor"]})
    assert names(out["items"]["e"]) == ["ab"]
    assert out["items"]["e"][0]["deletedTime"] >= out["items"]["e"][0]["createdTime"]


def test_sync_cursors_expire_after_three_days(
    empty_store: InstanceStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty_store.apply({"items": [pump("a")]})
    first = empty_store.sync(pumps_body())
    later = time.time() + 3 * 24 * 3600 + 60
    monkeypatch.setattr(time, "time", lambda: later)
    resumed = {**pumps_body(), "cursors": first["nextCursor"]}
    with pytest.raises(DMSError, match=r"cursors.p: the sync cursor has expired"):
        empty_store.sync(resumed)
    assert (
        empty_store.sync({**resumed, "allowExpiredCursorsAndAcceptMissedDeletes": True})["items"]["p"] == []
    )


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        (pumps_body(sort=[{"property": ["node", "externalId"]}]), "with.p.sort: unknown field"),
        (pumps_body(limit=2001), "with.p.limit: expected an integer between 1 and 2000"),
        (pumps_body(mode="fast"), "with.p.mode: expected one of onePhase, twoPhase, noBackfill"),
        (pumps_body(skipAlreadyDeleted="no"), "with.p.skipAlreadyDeleted: expected a boolean"),
        (pumps_body() | {"select": {"p": {"limit": 3}}}, "select.p.limit: unknown field"),
        (
            {
                "with": {"n": {"nodes": {}}, "e": {"edges": {"from": "n", "maxDistance": 1, "limitEach": 1}}},
                "select": {"e": {}},
            },
            "with.e.edges.limitEach: unknown field",
        ),
        (pumps_body() | {"cursors": {"p": "x"}}, "cursors.p: invalid cursor"),
        (pumps_body() | {"allowExpiredCursorsAndAcceptMissedDeletes": 1}, "expected a boolean"),
    ],
)
def test_sync_requests_are_checked_like_cdf(
    empty_store: InstanceStore, body: dict[str, Any], fragment: str
) -> None:
    with pytest.raises(DMSError, match=fragment):
        empty_store.sync(body)


def test_a_query_cursor_is_not_a_sync_cursor(empty_store: InstanceStore) -> None:
    empty_store.apply({"items": [pump(f"p{n}") for n in range(5)]})
    query = empty_store.query(pumps_body(limit=2))
    with pytest.raises(DMSError, match=r"cursors.p: invalid cursor"):
        empty_store.sync(pumps_body(limit=2) | {"cursors": query["nextCursor"]})
