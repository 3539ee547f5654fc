"""Datapoint aggregates over time buckets (``granularity``), computed by SQLite per bucket range.

Buckets start at ``start`` floored to the granularity's unit (a whole second, minute, hour, day or UTC month)
and are ``quantity`` units wide; the last bucket may reach past ``end`` (CDF rounds ``end`` up). Only buckets
holding datapoints are returned.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from dataclasses import dataclass, field
from typing import Any, Protocol

from ._values import bad

AGGREGATES = frozenset(
    {
        "average",
        "max",
        "min",
        "count",
        "sum",
        "interpolation",
        "stepInterpolation",
        "discreteVariance",
        "totalVariation",
        "countGood",
        "countUncertain",
        "countBad",
        "maxDatapoint",
        "minDatapoint",
    }
)
_COUNTS = ("countGood", "countUncertain", "countBad")
_INTEGERS = frozenset({"count", *_COUNTS})
_UNCERTAIN, _BAD = 1 << 30, 1 << 31
_UNITS = {
    "s": "s", "second": "s", "seconds": "s",
    "m": "m", "minute": "m", "minutes": "m",
    "h": "h", "hour": "h", "hours": "h",
    "d": "d", "day": "d", "days": "d",
    "mo": "mo", "month": "mo", "months": "mo",
}  # fmt: skip
_UNIT_MS = {"s": 1000, "m": 60_000, "h": 3_600_000, "d": 86_400_000}
_MAX_QUANTITY = {"s": 120, "m": 120, "h": 100_000, "d": 100_000, "mo": 100_000}
_GRANULARITY = re.compile(r"^(\d*)([a-z]+)$")
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)


class _Series(Protocol):
    @property
    def id(self) -> int: ...

    @property
    def is_step(self) -> bool: ...


@dataclass(frozen=True)
class Bucketing:
    """A granularity: ``quantity`` times ``unit`` (``s``, ``m``, ``h``, ``d`` or calendar ``mo``)."""

    quantity: int
    unit: str

    def origin(self, start: int) -> int:
        """``start`` floored to a whole unit."""
        if self.unit == "mo":
            return _month_ms(_month_index(start))
        return start - start % _UNIT_MS[self.unit]

    def shift(self, origin: int, bucket: int, count: int) -> int:
        """The start of the bucket ``count`` buckets after the one starting at ``bucket``."""
        if self.unit == "mo":
            return _month_ms(_month_index(bucket) + count * self.quantity)
        return bucket + count * self.quantity * _UNIT_MS[self.unit]

    def bucket_of(self, origin: int, ts: int) -> int:
        """The start of the bucket holding ``ts``."""
        if self.unit == "mo":
            first = _month_index(origin)
            return _month_ms(first + (_month_index(ts) - first) // self.quantity * self.quantity)
        width = self.quantity * _UNIT_MS[self.unit]
        return origin + (ts - origin) // width * width

    def ceil(self, origin: int, end: int) -> int:
        """The first bucket boundary at or after ``end``."""
        start = self.bucket_of(origin, end - 1) if end > origin else origin
        return self.shift(origin, start, 1) if end > origin else origin


def _month_index(ts: int) -> int:
    moment = _EPOCH + dt.timedelta(milliseconds=ts)
    return moment.year * 12 + moment.month - 1


def _month_ms(index: int) -> int:
    moment = dt.datetime(index // 12, index % 12 + 1, 1, tzinfo=dt.timezone.utc)
    return (moment - _EPOCH) // dt.timedelta(milliseconds=1)


def parse_granularity(value: Any, path: str) -> Bucketing:
    """``5m``, ``hour``, ``2mo``...: CDF's units (second, minute, hour, day, month) and their multiples."""
    match = _GRANULARITY.match(value) if isinstance(value, str) else None
    unit = _UNITS.get(match[2]) if match else None
    if match is None or unit is None:
        raise bad(
            path, f"expected a granularity like 1s, 5m, 2h, 1d or 1mo (units s/m/h/d/mo), got {value!r}"
        )
    quantity = int(match[1] or 1)
    if not 1 <= quantity <= _MAX_QUANTITY[unit]:
        raise bad(path, f"the multiple of {unit} must be between 1 and {_MAX_QUANTITY[unit]}, got {quantity}")
    return Bucketing(quantity, unit)


@dataclass
class AggregatePoint:
    """One bucket's requested aggregates."""

    timestamp: int
    values: dict[str, float] = field(default_factory=dict)
    extremes: dict[str, tuple[int, float]] = field(default_factory=dict)

    def json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"timestamp": self.timestamp}
        for name, value in self.values.items():
            out[name] = int(value) if name in _INTEGERS else value
        for name, (ts, value) in self.extremes.items():
            out[name] = {"timestamp": ts, "value": value}
        return out


def aggregate_points(
    conn: sqlite3.Connection,
    series: _Series,
    start: int,
    end: int,
    cursor: int | None,
    limit: int,
    bucketing: Bucketing,
    names: list[str],
    status_limit: int | None,
) -> tuple[list[AggregatePoint], int | None]:
    """Up to ``limit`` buckets from ``cursor`` (or ``start``) and the start of the next one, if any."""
    origin = bucketing.origin(start)
    stop = bucketing.ceil(origin, end)
    low = origin if cursor is None else max(origin, cursor)
    wanted = set(names)
    every_point = bool(wanted & set(_COUNTS))
    ok = "1" if status_limit is None else f"status < {int(status_limit)}"
    qualifies = "1" if every_point else ok
    points: list[AggregatePoint] = []
    while low < stop and len(points) <= limit:
        first = conn.execute(
            f"SELECT min(ts) FROM emu_datapoints WHERE series = ? AND ts >= ? AND ts < ? AND {qualifies}",
            (series.id, low, stop),
        ).fetchone()[0]
        if first is None:
            break
        bucket = bucketing.bucket_of(origin, first)
        high = min(stop, bucketing.shift(origin, bucket, limit + 1 - len(points)))
        for row in _bucket_rows(conn, series.id, bucket, high, origin, bucketing, ok):
            point = _point(row, wanted, every_point)
            if point is not None:
                points.append(point)
        low = high
    next_start = points[limit].timestamp if len(points) > limit else None
    points = points[:limit]
    for point in points:
        _add_slow_aggregates(conn, series, point, bucketing, origin, wanted, ok)
    return points, next_start


_SELECT = (
    "count(CASE WHEN {ok} THEN value END), sum(CASE WHEN {ok} THEN value END),"
    " min(CASE WHEN {ok} THEN value END),"
    " max(CASE WHEN {ok} THEN value END), sum(CASE WHEN {ok} THEN value * value END),"
    f" sum(status < {_UNCERTAIN}), sum(status >= {_UNCERTAIN} AND status < {_BAD}), sum(status >= {_BAD})"
)


def _bucket_rows(
    conn: sqlite3.Connection, sid: int, low: int, high: int, origin: int, bucketing: Bucketing, ok: str
) -> list[tuple[Any, ...]]:
    select = _SELECT.format(ok=ok)
    if bucketing.unit != "mo":
        width = bucketing.quantity * _UNIT_MS[bucketing.unit]
        return conn.execute(
            f"SELECT ? + (ts - ?) / ? * ? AS bucket, {select} FROM emu_datapoints"
            " WHERE series = ? AND ts >= ? AND ts < ? GROUP BY bucket ORDER BY bucket",
            (origin, origin, width, width, sid, low, high),
        ).fetchall()
    rows = []
    bucket = low
    while bucket < high:
        following = bucketing.shift(origin, bucket, 1)
        row = conn.execute(
            f"SELECT ?, {select} FROM emu_datapoints WHERE series = ? AND ts >= ? AND ts < ?",
            (bucket, sid, bucket, min(following, high)),
        ).fetchone()
        if row[1] or row[6] or row[7] or row[8]:
            rows.append(row)
        bucket = following
    return rows


def _point(row: tuple[Any, ...], wanted: set[str], every_point: bool) -> AggregatePoint | None:
    bucket, count, total, low, high, squares, good, uncertain, bad_ = row
    if not count and not (every_point and (good or uncertain or bad_)):
        return None
    point = AggregatePoint(bucket)
    values = point.values
    if count:
        average = total / count
        for name, value in (("average", average), ("min", low), ("max", high), ("sum", total)):
            if name in wanted:
                values[name] = float(value)
        if "count" in wanted:
            values["count"] = count
        if "discreteVariance" in wanted:
            values["discreteVariance"] = max(0.0, squares / count - average * average)
    elif "count" in wanted:
        values["count"] = 0
    for name, value in zip(_COUNTS, (good, uncertain, bad_), strict=True):
        if name in wanted:
            values[name] = value or 0
    return point


def _add_slow_aggregates(
    conn: sqlite3.Connection,
    series: _Series,
    point: AggregatePoint,
    bucketing: Bucketing,
    origin: int,
    wanted: set[str],
    ok: str,
) -> None:
    """Aggregates that need more than one pass: a few indexed queries per bucket."""
    sid, low = series.id, point.timestamp
    high = bucketing.shift(origin, low, 1)
    in_bucket = f"FROM emu_datapoints WHERE series = ? AND ts >= ? AND ts < ? AND {ok} AND value IS NOT NULL"
    for name, order in (("maxDatapoint", "value DESC, ts"), ("minDatapoint", "value, ts")):
        if name in wanted:
            row = conn.execute(
                f"SELECT ts, value {in_bucket} ORDER BY {order} LIMIT 1", (sid, low, high)
            ).fetchone()
            if row is not None:
                point.extremes[name] = (row[0], float(row[1]))
    if "totalVariation" in wanted:
        total = conn.execute(
            "SELECT sum(abs(value - previous)) FROM (SELECT value, lag(value) OVER (ORDER BY ts) AS previous "
            f"{in_bucket})",
            (sid, low, high),
        ).fetchone()[0]
        point.values["totalVariation"] = float(total or 0.0)
    if not wanted & {"interpolation", "stepInterpolation"}:
        return
    base = f"FROM emu_datapoints WHERE series = ? AND {ok} AND value IS NOT NULL"
    before = conn.execute(
        f"SELECT ts, value {base} AND ts <= ? ORDER BY ts DESC LIMIT 1", (sid, low)
    ).fetchone()
    if before is None:
        return
    if "stepInterpolation" in wanted:
        point.values["stepInterpolation"] = float(before[1])
    if "interpolation" in wanted:
        if series.is_step or before[0] == low:
            point.values["interpolation"] = float(before[1])
            return
        after = conn.execute(f"SELECT ts, value {base} AND ts > ? ORDER BY ts LIMIT 1", (sid, low)).fetchone()
        if after is not None:
            fraction = (low - before[0]) / (after[0] - before[0])
            point.values["interpolation"] = float(before[1] + (after[1] - before[1]) * fraction)
