"""``/timeseries/data``: insert, retrieve (raw and aggregates, JSON or protobuf), latest, delete.

Storage is one SQLite table keyed ``(series, ts)``. Next to each point's value and status it keeps the point's
JSON text and protobuf bytes, written once at insert: a retrieve is one indexed range scan whose fragments
SQLite concatenates (``group_concat``), so serving 100,000 points costs no Python work per point.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from dataclasses import dataclass
from typing import Any

from . import _protobuf as pb
from ._dp_aggregates import AGGREGATES, Bucketing, aggregate_points, parse_granularity
from ._dp_values import BAD, UNCERTAIN, numeric_rows, point_json, string_rows
from ._paging import decode_cursor, encode_cursor
from ._resource_common import (
    body_of,
    check_duplicates,
    flag,
    identifier,
    in_range_ms,
    items_of,
    now_ms,
    raise_missing,
    timestamp_ms,
    transaction,
)
from ._timeseries import Series, TimeSeriesStore
from ._values import bad

_SCHEMA = """
CREATE TABLE IF NOT EXISTS emu_datapoints (
    series INTEGER NOT NULL,
    ts INTEGER NOT NULL,
    value,
    status INTEGER NOT NULL,
    pb BLOB NOT NULL,
    js TEXT NOT NULL,
    PRIMARY KEY (series, ts)
) WITHOUT ROWID
"""
MAX_RAW = 100_000
"""Raw datapoints per retrieve request (sum of the items' limits) and per insert request."""
MAX_AGGREGATES = 10_000
"""Aggregate datapoints per retrieve request (sum of the items' limits)."""
MAX_RETRIEVE_ITEMS = 100
MAX_INSERT_ITEMS = 10_000
DEFAULT_LIMIT = 100
_ITEM_KEYS = {
    "id",
    "externalId",
    "instanceId",
    "start",
    "end",
    "limit",
    "aggregates",
    "granularity",
    "includeOutsidePoints",
    "cursor",
    "targetUnit",
    "targetUnitSystem",
    "timeZone",
    "includeStatus",
    "ignoreBadDataPoints",
    "treatUncertainAsBad",
}


@dataclass
class _Query:
    series: Series
    start: int
    end: int
    limit: int
    aggregates: list[str] | None
    bucketing: Bucketing | None
    outside: bool
    cursor: int | None
    include_status: bool
    status_limit: int | None  # keep points with status < this (None: every point)


class DatapointStore:
    """Datapoints of the time series in a :class:`TimeSeriesStore`."""

    def __init__(self, conn: sqlite3.Connection, lock: threading.RLock, timeseries: TimeSeriesStore) -> None:
        self._conn = conn
        self._lock = lock
        self._ts = timeseries
        with lock:
            conn.execute(_SCHEMA)
            conn.commit()
        timeseries.on_delete.append(self._drop)

    def _drop(self, series_ids: list[int]) -> None:
        self._conn.executemany("DELETE FROM emu_datapoints WHERE series = ?", [(i,) for i in series_ids])

    def _resolve(self, items: list[Any], ignore_unknown: bool, path: str = "items") -> list[Series | None]:
        idents = [identifier(item, f"{path}[{n}]") for n, item in enumerate(items)]
        found = self._ts.series(idents)
        if not ignore_unknown:
            raise_missing([i for i, s in zip(idents, found, strict=True) if s is None], "Time series")
        return found

    # -- insert ----------------------------------------------------------------------------------------
    def insert(self, body: Any) -> dict[str, Any]:
        """``POST /timeseries/data``: all items or none; unknown ids → 400 ``missing``, repeated → 422."""
        with self._lock:
            items = items_of(body, MAX_INSERT_ITEMS)
            idents = [identifier(item, f"items[{n}]") for n, item in enumerate(items)]
            check_duplicates(idents, status=422)
            found = self._ts.series(idents)
            raise_missing([i for i, s in zip(idents, found, strict=True) if s is None], "Time series")
            rows: list[tuple[Any, ...]] = []
            for n, (item, series) in enumerate(zip(items, found, strict=True)):
                assert series is not None
                points = item.get("datapoints")
                path = f"items[{n}].datapoints"
                if not isinstance(points, list) or not points:
                    raise bad(path, "expected a non-empty list of datapoints")
                if len(rows) + len(points) > MAX_RAW:
                    raise bad("items", f"at most {MAX_RAW} datapoints per request")
                if series.is_string:
                    rows.extend(string_rows(series.id, points, path))
                else:
                    rows.extend(numeric_rows(series.id, points, path))
            with transaction(self._conn):
                self._conn.executemany(
                    "INSERT OR REPLACE INTO emu_datapoints (series, ts, value, status, pb, js)"
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    rows,
                )
            return {}

    # -- delete ----------------------------------------------------------------------------------------
    def delete(self, body: Any) -> dict[str, Any]:
        """``POST /timeseries/data/delete``: ``inclusiveBegin``..``exclusiveEnd`` per item."""
        with self._lock:
            body = body_of(body)
            items = items_of(body, MAX_INSERT_ITEMS)
            found = self._resolve(items, flag(body, "ignoreUnknownIds", False))
            ranges = []
            for n, (item, series) in enumerate(zip(items, found, strict=True)):
                begin = in_range_ms(item.get("inclusiveBegin"), f"items[{n}].inclusiveBegin")
                end = item.get("exclusiveEnd")
                end = begin + 1 if end is None else in_range_ms(end, f"items[{n}].exclusiveEnd")
                if end <= begin:
                    raise bad(f"items[{n}].exclusiveEnd", "must be greater than inclusiveBegin")
                if series is not None:
                    ranges.append((series.id, begin, end))
            with transaction(self._conn):
                self._conn.executemany(
                    "DELETE FROM emu_datapoints WHERE series = ? AND ts >= ? AND ts < ?", ranges
                )
            return {}

    # -- latest ----------------------------------------------------------------------------------------
    def latest(self, body: Any) -> dict[str, Any]:
        """``POST /timeseries/data/latest``: the last point before ``before`` (default now) per item."""
        with self._lock:
            body = body_of(body)
            items = items_of(body, MAX_RETRIEVE_ITEMS)
            found = self._resolve(items, flag(body, "ignoreUnknownIds", False))
            now = now_ms()
            out = []
            for n, (item, series) in enumerate(zip(items, found, strict=True)):
                path = f"items[{n}]"
                before = timestamp_ms(item.get("before", "now"), f"{path}.before", now)
                include_status = flag(item, "includeStatus", flag(body, "includeStatus", False))
                limit = _status_limit(item, body, path)
                if series is None:
                    continue
                where, args = _status_where(limit)
                row = self._conn.execute(
                    "SELECT ts, value, status, js FROM emu_datapoints WHERE series = ? AND ts < ?"
                    f"{where} ORDER BY ts DESC LIMIT 1",
                    (series.id, before, *args),
                ).fetchone()
                entry = series.header()
                entry["datapoints"] = [] if row is None else [point_json(row, include_status)]
                out.append(entry)
            return {"items": out}

    # -- retrieve --------------------------------------------------------------------------------------
    def retrieve(self, body: Any, protobuf: bool) -> bytes:
        """``POST /timeseries/data/list`` as JSON or protobuf (``DataPointListResponse``) bytes."""
        with self._lock:
            body = body_of(body)
            items = items_of(body, MAX_RETRIEVE_ITEMS)
            found = self._resolve(items, flag(body, "ignoreUnknownIds", False))
            now = now_ms()
            queries = [
                self._query(item, body, series, f"items[{n}]", now)
                for n, (item, series) in enumerate(zip(items, found, strict=True))
            ]
            live = [q for q in queries if q is not None]
            raw_total = sum(q.limit for q in live if q.aggregates is None)
            agg_total = sum(q.limit for q in live if q.aggregates is not None)
            if raw_total > MAX_RAW:
                raise bad(
                    "limit", f"the items ask for {raw_total} raw datapoints, at most {MAX_RAW} per request"
                )
            if agg_total > MAX_AGGREGATES:
                raise bad(
                    "limit", f"the items ask for {agg_total} aggregates, at most {MAX_AGGREGATES} per request"
                )
            parts = [self._answer(q, protobuf) for q in live]
            if protobuf:
                return pb.list_response(parts)
            return b'{"items":[' + b",".join(parts) + b"]}"

    def _query(
        self, item: Any, body: dict[str, Any], series: Series | None, path: str, now: int
    ) -> _Query | None:
        if not isinstance(item, dict):
            raise bad(path, "expected an object")
        unknown = sorted(set(item) - _ITEM_KEYS)
        if unknown:
            raise bad(f"{path}.{unknown[0]}", "unknown field")

        def setting(name: str, default: Any = None) -> Any:
            value = item.get(name)
            return body.get(name, default) if value is None else value

        start = timestamp_ms(setting("start", 0), f"{path}.start", now)
        end = timestamp_ms(setting("end", "now"), f"{path}.end", now)
        if end <= start:
            raise bad(f"{path}.end", f"must be after start ({start}), got {end}")
        for unsupported in ("targetUnit", "targetUnitSystem"):
            if setting(unsupported) is not None:
                raise bad(f"{path}.{unsupported}", "unit conversion is not supported by the emulator")
        zone = setting("timeZone")
        if zone is not None and str(zone).upper() not in ("UTC", "Z", "+00:00", "GMT", "UTC+00:00"):
            raise bad(f"{path}.timeZone", "only UTC is supported by the emulator")
        aggregates = setting("aggregates")
        granularity = setting("granularity")
        bucketing = None
        if aggregates is not None:
            if not isinstance(aggregates, list) or not aggregates:
                raise bad(f"{path}.aggregates", "expected a non-empty list of aggregate names")
            for name in aggregates:
                if name not in AGGREGATES:
                    raise bad(
                        f"{path}.aggregates",
                        f"{name!r} is not supported by the emulator "
                        f"(supported: {', '.join(sorted(AGGREGATES))})",
                    )
            if granularity is None:
                raise bad(f"{path}.granularity", "is required with aggregates")
            bucketing = parse_granularity(granularity, f"{path}.granularity")
        elif granularity is not None:
            raise bad(f"{path}.aggregates", "are required with granularity")
        maximum = MAX_RAW if aggregates is None else MAX_AGGREGATES
        limit = setting("limit", DEFAULT_LIMIT)
        if not isinstance(limit, int) or isinstance(limit, bool) or not 0 <= limit <= maximum:
            raise bad(f"{path}.limit", f"expected an integer between 0 and {maximum}, got {limit!r}")
        outside = flag(item, "includeOutsidePoints", flag(body, "includeOutsidePoints", False))
        if outside and aggregates is not None:
            raise bad(f"{path}.includeOutsidePoints", "is not available for aggregates")
        cursor = None
        if item.get("cursor") is not None:
            state = decode_cursor(item["cursor"], f"{path}.cursor")
            if series is not None and (state.get("i") != series.id or not isinstance(state.get("t"), int)):
                raise bad(f"{path}.cursor", "the cursor belongs to another time series or query")
            cursor = state.get("t")
        include_status = flag(item, "includeStatus", flag(body, "includeStatus", False))
        status_limit = _status_limit(item, body, path)
        if series is None:
            return None
        if aggregates is not None and series.is_string:
            raise bad(path, "aggregates are not available for string time series")
        return _Query(
            series, start, end, limit, aggregates, bucketing, outside, cursor, include_status, status_limit
        )

    def _answer(self, q: _Query, protobuf: bool) -> bytes:
        if q.aggregates is not None:
            return self._answer_aggregates(q, protobuf)
        where, args = _status_where(q.status_limit)
        start = q.start if q.cursor is None else max(q.start, q.cursor)
        sid = q.series.id
        column = "pb" if protobuf else "js"
        count, last, joined = self._conn.execute(
            f"SELECT count(*), max(ts), CAST(group_concat({column}, ?) AS BLOB) FROM ("
            f"SELECT ts, {column} FROM emu_datapoints WHERE series = ? AND ts >= ? AND ts < ?{where}"
            " ORDER BY ts LIMIT ?)",
            ("" if protobuf else ",", sid, start, q.end, *args, q.limit),
        ).fetchone()
        fragments = bytes(joined or b"")
        if q.include_status and not protobuf and count:
            rows = self._conn.execute(
                "SELECT ts, value, status, js FROM emu_datapoints WHERE series = ? AND ts >= ? AND ts < ?"
                f"{where} ORDER BY ts LIMIT ?",
                (sid, start, q.end, *args, q.limit),
            ).fetchall()
            fragments = ",".join(json.dumps(point_json(r, True)) for r in rows).encode()
        next_cursor = None
        if q.outside:
            before = self._conn.execute(
                f"SELECT ts, value, status, {column} FROM emu_datapoints WHERE series = ? AND ts < ?{where}"
                " ORDER BY ts DESC LIMIT 1",
                (sid, start, *args),
            ).fetchone()
            after = self._conn.execute(
                f"SELECT ts, value, status, {column} FROM emu_datapoints WHERE series = ? AND ts >= ?{where}"
                " ORDER BY ts LIMIT 1",
                (sid, q.end, *args),
            ).fetchone()
            fragments = _with_outside(fragments, before, after, protobuf, q.include_status)
        elif count == q.limit and q.limit > 0:
            more = self._conn.execute(
                f"SELECT 1 FROM emu_datapoints WHERE series = ? AND ts > ? AND ts < ?{where} LIMIT 1",
                (sid, last, q.end, *args),
            ).fetchone()
            if more is not None:
                next_cursor = encode_cursor("datapoints", {"i": sid, "t": last + 1})
        kind = "string" if q.series.is_string else "numeric"
        return _item(q.series, kind, fragments, next_cursor, protobuf)

    def _answer_aggregates(self, q: _Query, protobuf: bool) -> bytes:
        assert q.aggregates is not None
        assert q.bucketing is not None
        points, next_start = aggregate_points(
            self._conn, q.series, q.start, q.end, q.cursor, q.limit, q.bucketing, q.aggregates, q.status_limit
        )
        next_cursor = (
            None if next_start is None else encode_cursor("datapoints", {"i": q.series.id, "t": next_start})
        )
        if protobuf:
            fragments = b"".join(pb.aggregate_point(p.timestamp, p.values, p.extremes) for p in points)
        else:
            fragments = ",".join(json.dumps(p.json()) for p in points).encode()
        return _item(q.series, "aggregate", fragments, next_cursor, protobuf)


def _item(series: Series, kind: str, fragments: bytes, next_cursor: str | None, protobuf: bool) -> bytes:
    if protobuf:
        return pb.list_item(
            series_id=series.id,
            external_id=series.external_id,
            instance_id=series.instance_id,
            is_string=series.is_string,
            is_step=series.is_step,
            unit=series.unit,
            unit_external_id=series.unit_external_id,
            next_cursor=next_cursor,
            kind=kind,
            points=fragments,
        )
    head = series.header()
    if next_cursor is not None:
        head["nextCursor"] = next_cursor
    return json.dumps(head)[:-1].encode() + b',"datapoints":[' + fragments + b"]}"


def _with_outside(fragments: bytes, before: Any, after: Any, protobuf: bool, include_status: bool) -> bytes:
    def one(row: Any) -> bytes:
        if protobuf:
            return bytes(row[3])
        if include_status:
            return json.dumps(point_json((row[0], row[1], row[2], ""), True)).encode()
        return str(row[3]).encode()

    parts = [one(before)] if before is not None else []
    if fragments:
        parts.append(fragments)
    if after is not None:
        parts.append(one(after))
    return (b"" if protobuf else b",").join(parts)


def _status_limit(item: dict[str, Any], body: dict[str, Any], path: str) -> int | None:
    ignore_bad = flag(item, "ignoreBadDataPoints", flag(body, "ignoreBadDataPoints", True))
    uncertain_bad = flag(item, "treatUncertainAsBad", flag(body, "treatUncertainAsBad", True))
    if not ignore_bad:
        return None
    return UNCERTAIN if uncertain_bad else BAD


def _status_where(limit: int | None) -> tuple[str, tuple[int, ...]]:
    return ("", ()) if limit is None else (" AND status < ?", (limit,))


__all__ = ["DatapointStore"]
