"""``/timeseries``: classic time series, and CogniteTimeSeries nodes seen as time series (by ``instanceId``).

A node with data in the container ``cdf_cdm:CogniteTimeSeries`` IS a time series, as in CDF: it gets an
internal id when written, is listed and retrieved here with its ``instanceId``, takes datapoints, and loses
them when the node is deleted. Its name, description, type, isStep and unit come from the node; it cannot be
changed here.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from dataclasses import dataclass
from typing import Any

from ._errors import DMSError
from ._instance_model import Instance, Key
from ._paging import encode_cursor
from ._resource_common import (
    Ident,
    apply_update,
    body_of,
    check_duplicates,
    flag,
    get_params,
    identifier,
    items_of,
    list_paging,
    metadata,
    now_ms,
    optional_int,
    optional_text,
    raise_missing,
    transaction,
)
from ._resource_filters import ListFilter
from ._values import bad

TS_CONTAINER: Key = ("cdf_cdm", "CogniteTimeSeries")
DESCRIBABLE: Key = ("cdf_cdm", "CogniteDescribable")
_SCHEMA = """
CREATE TABLE IF NOT EXISTS emu_timeseries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    external_id TEXT UNIQUE,
    instance_space TEXT,
    instance_xid TEXT,
    doc TEXT NOT NULL,
    created_time INTEGER NOT NULL,
    last_updated_time INTEGER NOT NULL,
    UNIQUE (instance_space, instance_xid)
)
"""
_FIELDS = {
    "externalId",
    "name",
    "isString",
    "metadata",
    "unit",
    "unitExternalId",
    "assetId",
    "isStep",
    "description",
    "securityCategories",
    "dataSetId",
    "legacyName",
}
_UPDATABLE = _FIELDS - {"isString"}
_LIST_FILTER = ListFilter(
    equal=("name", "unit", "unitExternalId", "isString", "isStep"), asset_field="assetId"
)


@dataclass(frozen=True)
class Series:
    """What the datapoints endpoints need to know about a time series."""

    id: int
    external_id: str | None
    instance_id: Key | None
    is_string: bool
    is_step: bool
    unit: str | None
    unit_external_id: str | None

    def header(self) -> dict[str, Any]:
        """The identifying fields of a datapoints response item."""
        out: dict[str, Any] = {"id": self.id}
        if self.external_id is not None:
            out["externalId"] = self.external_id
        if self.instance_id is not None:
            out["instanceId"] = {"space": self.instance_id[0], "externalId": self.instance_id[1]}
        out["isString"] = self.is_string
        out["isStep"] = self.is_step
        out["type"] = "string" if self.is_string else "numeric"
        if self.unit is not None:
            out["unit"] = self.unit
        if self.unit_external_id is not None:
            out["unitExternalId"] = self.unit_external_id
        return out


class TimeSeriesStore:
    """Classic time series in SQLite plus the CogniteTimeSeries nodes of the instance store."""

    def __init__(self, conn: sqlite3.Connection, lock: threading.RLock, instances: Any) -> None:
        self._conn = conn
        self._lock = lock
        self._instances = instances
        self.on_delete: list[Any] = []
        """Callbacks ``f(series_ids)`` run when time series go away (the datapoint store drops their data)."""
        with lock:
            conn.execute(_SCHEMA)
            conn.commit()
        if instances is not None:
            instances.commit_listeners.append(self._nodes_written)

    # -- instance-backed time series -------------------------------------------------------------------
    def _nodes_written(self, records: list[Instance]) -> None:
        gone: list[int] = []
        for record in records:
            if record.kind != "node":
                continue
            row = self._conn.execute(
                "SELECT id FROM emu_timeseries WHERE instance_space = ? AND instance_xid = ?", record.key
            ).fetchone()
            alive = record.deleted_time is None and TS_CONTAINER in record.data
            if alive and row is None:
                self._allocate(record.key, record.created_time)
            elif not alive and row is not None:
                gone.append(row[0])
        if gone:
            self._drop(gone)

    def _allocate(self, key: Key, created: int) -> int:
        with transaction(self._conn):
            cursor = self._conn.execute(
                "INSERT INTO emu_timeseries (instance_space, instance_xid, doc, created_time,"
                " last_updated_time)"
                " VALUES (?, ?, '{}', ?, ?)",
                (key[0], key[1], created, created),
            )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def _drop(self, ids: list[int]) -> None:
        with transaction(self._conn):
            self._conn.executemany("DELETE FROM emu_timeseries WHERE id = ?", [(i,) for i in ids])
            for callback in self.on_delete:
                callback(ids)

    def _node(self, key: Key) -> Instance | None:
        if self._instances is None:
            return None
        record: Instance | None = self._instances.live_node(key)
        return record if record is not None and TS_CONTAINER in record.data else None

    # -- lookups ---------------------------------------------------------------------------------------
    def _row(self, ident: Ident) -> tuple[Any, ...] | None:
        columns = "id, external_id, instance_space, instance_xid, doc, created_time, last_updated_time"
        if ident.kind == "instanceId":
            node = self._node(ident.value)
            if node is None:
                return None
            where, args = "instance_space = ? AND instance_xid = ?", tuple(ident.value)
            if self._conn.execute(f"SELECT 1 FROM emu_timeseries WHERE {where}", args).fetchone() is None:
                self._allocate(ident.value, node.created_time)  # written before this store existed
        elif ident.kind == "id":
            where, args = "id = ?", (ident.value,)
        else:
            where, args = "external_id = ?", (ident.value,)
        row: tuple[Any, ...] | None = self._conn.execute(
            f"SELECT {columns} FROM emu_timeseries WHERE {where}", args
        ).fetchone()
        if row is not None and row[2] is not None and self._node((row[2], row[3])) is None:
            return None  # the node is gone
        return row

    def _render(self, row: tuple[Any, ...]) -> dict[str, Any]:
        ts_id, external_id, space, xid, doc, created, updated = row
        if space is None:
            out = {"id": ts_id, **({"externalId": external_id} if external_id else {}), **json.loads(doc)}
            out.setdefault("isString", False)
            out.setdefault("isStep", False)
            out.setdefault("metadata", {})
            out["type"] = "string" if out["isString"] else "numeric"
            out["createdTime"], out["lastUpdatedTime"] = created, updated
            return out
        node = self._node((space, xid))
        assert node is not None
        props = node.data.get(TS_CONTAINER, {})
        described = node.data.get(DESCRIBABLE, {})
        out = {"id": ts_id, "instanceId": {"space": space, "externalId": xid}}
        for name in ("name", "description"):
            if described.get(name) is not None:
                out[name] = described[name]
        out["isString"] = props.get("type") == "string"
        out["isStep"] = bool(props.get("isStep", False))
        out["type"] = "string" if out["isString"] else "numeric"
        if props.get("sourceUnit") is not None:
            out["unit"] = props["sourceUnit"]
        unit = props.get("unit")
        if isinstance(unit, dict):
            out["unitExternalId"] = unit["externalId"]
        out["metadata"] = {}
        out["createdTime"], out["lastUpdatedTime"] = node.created_time, node.last_updated_time
        return out

    def series(self, idents: list[Ident]) -> list[Series | None]:
        """The time series for each identifier (None when unknown); caller holds the lock."""
        out: list[Series | None] = []
        for ident in idents:
            row = self._row(ident)
            if row is None:
                out.append(None)
                continue
            rendered = self._render(row)
            out.append(
                Series(
                    id=rendered["id"],
                    external_id=rendered.get("externalId"),
                    instance_id=(row[2], row[3]) if row[2] is not None else None,
                    is_string=rendered["isString"],
                    is_step=rendered["isStep"],
                    unit=rendered.get("unit"),
                    unit_external_id=rendered.get("unitExternalId"),
                )
            )
        return out

    # -- endpoints -------------------------------------------------------------------------------------
    def create(self, body: Any) -> dict[str, Any]:
        """``POST /timeseries``."""
        with self._lock:
            items = items_of(body, 1000)
            docs = [_classic_fields(item, f"items[{n}]") for n, item in enumerate(items)]
            xids = [Ident("externalId", d["externalId"]) for d in docs if d.get("externalId") is not None]
            check_duplicates(xids, status=422)
            taken = [
                x
                for x in xids
                if self._conn.execute(
                    "SELECT 1 FROM emu_timeseries WHERE external_id = ?", (x.value,)
                ).fetchone()
            ]
            if taken:
                raise DMSError(
                    409,
                    "Time series with these external ids already exist",
                    duplicated=[x.wire() for x in taken],
                )
            now = now_ms()
            ids: list[int] = []
            with transaction(self._conn):
                for doc in docs:
                    external_id = doc.pop("externalId", None)
                    cursor = self._conn.execute(
                        "INSERT INTO emu_timeseries (external_id, doc, created_time, last_updated_time)"
                        " VALUES (?, ?, ?, ?)",
                        (external_id, json.dumps(doc, sort_keys=True), now, now),
                    )
                    assert cursor.lastrowid is not None
                    ids.append(cursor.lastrowid)
            return {"items": [self._render(self._by_id(i)) for i in ids]}

    def _by_id(self, ts_id: int) -> tuple[Any, ...]:
        row = self._row(Ident("id", ts_id))
        assert row is not None
        return row

    def byids(self, body: Any) -> dict[str, Any]:
        """``POST /timeseries/byids``."""
        with self._lock:
            body = body_of(body)
            idents = [identifier(item, f"items[{n}]") for n, item in enumerate(items_of(body, 1000))]
            rows = [self._row(i) for i in idents]
            if not flag(body, "ignoreUnknownIds", False):
                raise_missing([i for i, r in zip(idents, rows, strict=True) if r is None], "Time series")
            seen: set[int] = set()
            found = []
            for row in rows:
                if row is not None and row[0] not in seen:
                    seen.add(row[0])
                    found.append(self._render(row))
            return {"items": found}

    def delete(self, body: Any) -> dict[str, Any]:
        """``POST /timeseries/delete`` (classic time series only; delete the node for CogniteTimeSeries)."""
        with self._lock:
            body = body_of(body)
            idents = [identifier(item, f"items[{n}]") for n, item in enumerate(items_of(body, 1000))]
            rows = [self._row(i) for i in idents]
            if not flag(body, "ignoreUnknownIds", False):
                raise_missing([i for i, r in zip(idents, rows, strict=True) if r is None], "Time series")
            for ident, row in zip(idents, rows, strict=True):
                if row is not None and row[2] is not None:
                    raise bad(
                        "items",
                        f"{ident.wire()} is a CogniteTimeSeries node; delete the node through "
                        "/models/instances/delete instead",
                    )
            ids = sorted({row[0] for row in rows if row is not None})
            if ids:
                self._drop(ids)
            return {}

    def update(self, body: Any) -> dict[str, Any]:
        """``POST /timeseries/update``: ``set``/``setNull``; ``add``/``remove`` for metadata and lists."""
        with self._lock:
            items = items_of(body, 1000)
            changes = []
            for n, item in enumerate(items):
                path = f"items[{n}]"
                ident = identifier(item, path, instance_ids=False)
                row = self._row(ident)
                if row is None:
                    raise_missing([ident], "Time series")
                assert row is not None
                if row[2] is not None:
                    raise bad(path, f"{ident.wire()} is a CogniteTimeSeries node; update the node instead")
                doc = {"externalId": row[1], **json.loads(row[4])} if row[1] else json.loads(row[4])
                update = item.get("update")
                if not isinstance(update, dict):
                    raise bad(f"{path}.update", "expected an object of field updates")
                for field, change in update.items():
                    apply_update(
                        doc,
                        field,
                        change,
                        f"{path}.update.{field}",
                        _UPDATABLE,
                        maps={"metadata"},
                        lists={"securityCategories"},
                    )
                doc = _classic_fields(doc, path)
                changes.append((row[0], doc))
            now = now_ms()
            with transaction(self._conn):
                for ts_id, doc in changes:
                    external_id = doc.pop("externalId", None)
                    taken = self._conn.execute(
                        "SELECT id FROM emu_timeseries WHERE external_id = ? AND id != ?",
                        (external_id, ts_id),
                    ).fetchone()
                    if external_id is not None and taken:
                        raise DMSError(
                            409,
                            "Time series with these external ids already exist",
                            duplicated=[{"externalId": external_id}],
                        )
                    self._conn.execute(
                        "UPDATE emu_timeseries SET external_id = ?, doc = ?, last_updated_time = ?"
                        " WHERE id = ?",
                        (external_id, json.dumps(doc, sort_keys=True), now, ts_id),
                    )
            return {"items": [self._render(self._by_id(ts_id)) for ts_id, _ in changes]}

    def list_items(self, body: Any) -> dict[str, Any]:
        """``POST /timeseries/list``: filter, ``limit`` (1..1000, default 100), ``cursor``, ``partition``."""
        with self._lock:
            body = body_of(body)
            flt = _LIST_FILTER.parse(body.get("filter"))
            limit, after, part, parts = list_paging(body)
            rows = self._conn.execute(
                "SELECT id, external_id, instance_space, instance_xid, doc, created_time, last_updated_time"
                " FROM emu_timeseries WHERE id > ? ORDER BY id",
                (after,),
            )
            found: list[dict[str, Any]] = []
            next_cursor = None
            for row in rows:
                if row[0] % parts != part or (row[2] is not None and self._node((row[2], row[3])) is None):
                    continue
                rendered = self._render(row)
                if not _LIST_FILTER.matches(rendered, flt):
                    continue
                if len(found) == limit:
                    next_cursor = encode_cursor("timeseries", {"after": found[-1]["id"]})
                    break
                found.append(rendered)
            return {"items": found, "nextCursor": next_cursor}

    def list_get(self, params: dict[str, str]) -> dict[str, Any]:
        """``GET /timeseries``: ``limit``, ``cursor``, ``partition`` as query parameters."""
        return self.list_items(get_params(params))


def _classic_fields(item: Any, path: str) -> dict[str, Any]:
    """A validated classic time series (without id and times); unknown fields are a 400."""
    if not isinstance(item, dict):
        raise bad(path, "expected an object")
    unknown = sorted(k for k in item if k not in _FIELDS and item[k] is not None)
    if unknown:
        raise bad(f"{path}.{unknown[0]}", "unknown field (instanceId time series are created as nodes)")
    out: dict[str, Any] = {}
    for key, size in (
        ("externalId", 255),
        ("name", 255),
        ("unit", 32),
        ("unitExternalId", 255),
        ("description", 1000),
        ("legacyName", 255),
    ):
        value = optional_text(item, key, path, size)
        if value is not None:
            out[key] = value
    for key in ("isString", "isStep"):
        value = item.get(key, False)
        if not isinstance(value, bool):
            raise bad(f"{path}.{key}", f"expected a boolean, got {value!r}")
        out[key] = value
    for key in ("assetId", "dataSetId"):
        number = optional_int(item, key, path)
        if number is not None:
            out[key] = number
    out["metadata"] = metadata(item.get("metadata"), f"{path}.metadata")
    categories = item.get("securityCategories")
    if categories is not None:
        if not isinstance(categories, list) or not all(
            isinstance(c, int) and not isinstance(c, bool) for c in categories
        ):
            raise bad(f"{path}.securityCategories", "expected a list of integers")
        out["securityCategories"] = categories
    return out
