"""``sync()`` on a view and on a builder: changed and deleted instances, and a cursor to resume from."""

from __future__ import annotations

from types import ModuleType
from typing import Any

import pytest

from .conftest import SPACE, seeded, xids


def drain(sync: Any, cursor: str | None = None) -> tuple[list[str], list[str], str]:
    """Call ``sync`` until nothing more comes: every changed and deleted external id, and the last cursor."""
    changed: list[str] = []
    deleted: list[str] = []
    while True:
        result = sync(cursor)
        cursor = result.cursor
        if not result.changed:
            return changed, deleted, cursor
        changed += xids(result.items)
        deleted += [ref.external_id for ref in result.deleted]


def test_view_sync_backfills_then_delivers_changes_and_deletes(client: Any, omni_sdk: ModuleType) -> None:
    om, api = omni_sdk, client.primitive_nullable
    flt = om.PrimitiveNullableFilter.external_id.prefix("PrimitiveNullable:")

    def sync(cursor: str | None) -> Any:
        return api.sync(cursor, filter=flt, limit=2)

    changed, deleted, cursor = drain(sync)
    assert sorted(changed) == sorted(seeded("PrimitiveNullable"))
    assert deleted == []
    assert drain(sync, cursor)[:2] == ([], [])  # nothing changed since
    first = sorted(seeded("PrimitiveNullable"))[0]
    client.upsert(
        [
            om.PrimitiveNullableWrite(external_id="PrimitiveNullable:new", text="new"),
            om.PrimitiveNullableWrite(external_id=first, text="changed"),
            om.PrimitiveNullableWrite(external_id="other:new", text="filtered out"),
        ]
    )
    result = api.sync(cursor, filter=flt)
    assert sorted(xids(result.items)) == sorted(["PrimitiveNullable:new", first])
    assert {item.external_id: item.text for item in result.items}[first] == "changed"
    client.delete(["PrimitiveNullable:new"])
    gone = api.sync(result.cursor, filter=flt)
    assert xids(gone.items) == []
    assert gone.deleted == [om.NodeId(SPACE, "PrimitiveNullable:new")]
    assert not api.sync(gone.cursor, filter=flt).changed


def test_without_backfill_only_later_changes_come(client: Any, omni_sdk: ModuleType) -> None:
    api = client.connection_item_g
    start = api.sync(backfill=False)
    assert not start.changed
    client.upsert(omni_sdk.ConnectionItemGWrite(external_id="qs:g1", name="later"))
    result = api.sync(start.cursor)  # the cursor remembers the mode: backfill need not be repeated
    assert xids(result.items) == ["qs:g1"]


def test_builder_sync_reports_every_followed_connection(client: Any, omni_sdk: ModuleType) -> None:
    om = omni_sdk
    client.upsert(
        om.ConnectionItemFWrite(
            external_id="qs:f",
            outwards_multi=[
                om.ConnectionEdgeAWrite(end_node=om.ConnectionItemGWrite(external_id="qs:g2"), name="first")
            ],
        )
    )
    builder = client.connection_item_f.select().where(external_id_prefix="qs:").traverse("outwards_multi")
    first = builder.sync()
    assert xids(first.items) == ["qs:f"]
    assert xids(first.connections["outwards_multi"].items) == ["qs:g2"]
    assert [e.name for e in first.connections["outwards_multi:edges"].items] == ["first"]
    client.upsert(om.ConnectionItemGWrite(external_id="qs:g2", name="renamed"))
    second = builder.sync(first.cursor)
    assert xids(second.items) == []
    assert [g.name for g in second.connections["outwards_multi"].items] == ["renamed"]
    with pytest.raises(ValueError, match="issued for another query"):
        client.connection_item_f.select().sync(second.cursor)


def test_bad_cursors_and_limits(client: Any) -> None:
    with pytest.raises(ValueError, match="not one that sync\\(\\) returned"):
        client.connection_item_g.sync("garbage")
    with pytest.raises(ValueError, match="between 1 and 2000"):
        client.connection_item_g.sync(limit=5000)
