"""Fetching datapoints: retrieve (raw or aggregates), latest, insert, delete (the references' helpers).

Raw numeric points are asked for as protobuf and decoded into typed arrays (``_protobuf``). A retrieval
without a limit fetches the first page and, when there is more, the last point before ``end`` at the same
time; the rest of the range is then split by the density seen so far into pieces fetched concurrently on
the client's read pool (each piece follows its own cursor), and the pieces are joined in time order.
"""

# The runtime's modules share underscored names with each other (kept private so they stay out
# of the SDK's public surface and clear of generated property names).
# pyright: reportPrivateUsage=false
from __future__ import annotations

import itertools
import math
import time
from array import array
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, cast

from ._datapoints import Datapoint, Datapoints, TimeLike, to_ms
from ._errors import CDFError
from ._ids import NodeId
from ._protobuf import (
    ProtobufError,
    RawItem,
    decode_numeric,
    decode_response,
    decode_strings,
)

if TYPE_CHECKING:
    from ._client import InstanceClient

__all__ = ["PointsLike", "delete", "insert", "latest", "node_identifier", "retrieve"]

RAW_PAGE = 100_000
AGGREGATE_PAGE = 10_000
INSERT_CHUNK = 100_000
_LIST = "/timeseries/data/list"
_PROTOBUF = "application/protobuf"
_MIN_MS = -2_208_988_800_000  # 1900-01-01, CDF's earliest timestamp
_MAX_SPLITS = 32


# -- requests --------------------------------------------------------------------------------------


def _item_header(item: RawItem) -> dict[str, Any]:
    return {
        "id": item.id,
        "is_string": item.is_string,
        "is_step": item.is_step,
        "unit": item.unit,
        "unit_external_id": item.unit_external_id,
    }


class _Retriever:
    """One retrieval of one series."""

    def __init__(
        self,
        client: InstanceClient,
        identifier: dict[str, Any],
        settings: dict[str, Any],
        what: str,
    ) -> None:
        self.client = client
        self.http = client._http
        self.identifier = identifier
        self.settings = settings
        self.what = what

    def _raw_page(
        self, start: int, end: int, limit: int, cursor: str | None
    ) -> tuple[Datapoints, str | None]:
        item: dict[str, Any] = {
            **self.identifier,
            **self.settings,
            "start": start,
            "end": end,
            "limit": limit,
        }
        if cursor:
            item["cursor"] = cursor
        response = self.http.post_response(_LIST, {"items": [item]}, accept=_PROTOBUF)
        if "protobuf" not in response.headers.get("content-type", "protobuf"):
            return self._json_raw(self.http.decode("POST", _LIST, response))
        try:
            items = decode_response(response.content)
            if len(items) != 1:
                raise ProtobufError(f"expected one item, got {len(items)}")
            raw = items[0]
            if raw.kind == "string" or raw.is_string:
                stamps, texts, codes = decode_strings(raw.points)
                points = Datapoints(
                    identifier=self.identifier,
                    timestamps=stamps,
                    values=texts,
                    status_codes=codes,
                    **_item_header(raw),
                )
            else:
                stamps, numbers, codes = decode_numeric(raw.points)
                points = Datapoints(
                    identifier=self.identifier,
                    timestamps=stamps,
                    values=numbers,
                    status_codes=codes,
                    **_item_header(raw),
                )
        except ProtobufError as error:
            raise CDFError(
                f"{self.what}: the protobuf response is malformed ({error})"
            ) from None
        return points, raw.next_cursor

    def _json_raw(self, body: dict[str, Any]) -> tuple[Datapoints, str | None]:
        """A JSON answer (a server that ignores ``Accept: application/protobuf``)."""
        item = _one_item(body, self.what)
        rows = _points(item, self.what)
        is_string = bool(item.get("isString"))
        stamps = array("q")
        codes: dict[int, int] = {}
        texts: list[str | None] = []
        numbers = array("d")
        try:
            for n, row in enumerate(rows):
                stamps.append(int(row["timestamp"]))
                value = row.get("value")
                if is_string:
                    texts.append(None if value is None else str(value))
                else:
                    numbers.append(math.nan if value is None else float(value))
                status = row.get("status")
                if isinstance(status, dict) and cast("dict[str, Any]", status).get(
                    "code"
                ):
                    codes[n] = int(cast("dict[str, Any]", status)["code"])
        except (KeyError, TypeError, ValueError):
            raise CDFError(
                f"{self.what}: datapoints[{len(stamps)}] in the response is invalid"
            ) from None
        points = Datapoints(
            identifier=self.identifier,
            timestamps=stamps,
            values=texts if is_string else numbers,
            status_codes=codes,
            **_json_header(item),
        )
        cursor = item.get("nextCursor")
        return points, cursor if isinstance(cursor, str) and cursor else None

    def _drain(
        self, start: int, end: int, limit: int | None, cursor: str | None = None
    ) -> Datapoints:
        """Every raw point in ``[start, end)`` (up to ``limit``), one page after the other."""
        result: Datapoints | None = None
        while True:
            left = None if limit is None else limit - (len(result) if result else 0)
            page_limit = RAW_PAGE if left is None else min(RAW_PAGE, left)
            page, cursor = self._raw_page(start, end, page_limit, cursor)
            if result is None:
                result = page
            else:
                result._extend(page)
            if not cursor or not page or (limit is not None and len(result) >= limit):
                return result

    def raw(self, start: int, end: int, limit: int | None) -> Datapoints:
        if limit is not None:
            return self._drain(start, end, limit)
        pool = self.client._pool("read")
        first_page = pool.submit(self._raw_page, start, end, RAW_PAGE, None)
        last_point = pool.submit(self._last_before, end)
        first, cursor = first_page.result()
        last = last_point.result()
        if not cursor or not first or last is None:
            return first
        done = first.timestamps[-1]
        if last <= done:
            return first
        pieces = self._split(first.timestamps[0], done, last, len(first))
        for part in self.client._map_read(
            lambda span: self._drain(*span, None), pieces
        ):
            first._extend(part)
        return first

    def _split(
        self, first: int, done: int, last: int, seen: int
    ) -> list[tuple[int, int]]:
        """Time ranges after ``done`` up to ``last`` holding about 90% of a page each, by the density of
        the ``seen`` points from ``first`` to ``done``."""
        density = seen / max(1, done - first + 1)
        expected = density * (last - done)
        count = max(1, min(_MAX_SPLITS, math.ceil(expected / (0.9 * RAW_PAGE))))
        low, high = done + 1, last + 1
        step = max(1, (high - low) // count)
        edges = [low + i * step for i in range(count)] + [high]
        return [(a, b) for a, b in itertools.pairwise(edges) if a < b]

    def _last_before(self, end: int) -> int | None:
        body = {"items": [{**self.identifier, "before": end}]}
        for key in ("ignoreBadDataPoints", "treatUncertainAsBad"):
            if key in self.settings:
                body["items"][0][key] = self.settings[key]
        item = _one_item(self.http.post("/timeseries/data/latest", body), self.what)
        rows = _points(item, self.what)
        try:
            return int(rows[-1]["timestamp"]) if rows else None
        except (KeyError, TypeError, ValueError):
            raise CDFError(f"{self.what}: the latest datapoint is invalid") from None

    def aggregates(
        self,
        start: int,
        end: int,
        names: list[str],
        granularity: str,
        limit: int | None,
    ) -> Datapoints:
        result: Datapoints | None = None
        cursor: str | None = None
        while True:
            left = None if limit is None else limit - (len(result) if result else 0)
            page_limit = AGGREGATE_PAGE if left is None else min(AGGREGATE_PAGE, left)
            item: dict[str, Any] = {
                **self.identifier,
                **self.settings,
                "start": start,
                "end": end,
                "limit": page_limit,
                "aggregates": names,
                "granularity": granularity,
            }
            if cursor:
                item["cursor"] = cursor
            body = _one_item(self.http.post(_LIST, {"items": [item]}), self.what)
            page = _aggregate_page(body, names, self.identifier, granularity, self.what)
            if result is None:
                result = page
            else:
                result._extend(page)
            next_cursor = body.get("nextCursor")
            cursor = (
                next_cursor if isinstance(next_cursor, str) and next_cursor else None
            )
            if not cursor or not page or (limit is not None and len(result) >= limit):
                return result


def _one_item(body: dict[str, Any], what: str) -> dict[str, Any]:
    items = body.get("items")
    if not isinstance(items, list) or len(cast("Sequence[Any]", items)) != 1:
        raise CDFError(f"{what}: expected one item in the response")
    item = cast("Sequence[Any]", items)[0]
    if not isinstance(item, dict):
        raise CDFError(f"{what}: items[0] in the response is not an object")
    return cast("dict[str, Any]", item)


def _points(item: dict[str, Any], what: str) -> list[dict[str, Any]]:
    rows = item.get("datapoints", [])
    if not isinstance(rows, list) or not all(
        isinstance(row, dict) for row in cast("Sequence[Any]", rows)
    ):
        raise CDFError(f"{what}: items[0].datapoints in the response is not a list")
    return cast("list[dict[str, Any]]", rows)


def _json_header(item: dict[str, Any]) -> dict[str, Any]:
    def text(key: str) -> str | None:
        value = item.get(key)
        return value if isinstance(value, str) and value else None

    raw_id = item.get("id")
    return {
        "id": raw_id if isinstance(raw_id, int) else None,
        "is_string": bool(item.get("isString")),
        "is_step": bool(item.get("isStep")),
        "unit": text("unit"),
        "unit_external_id": text("unitExternalId"),
    }


def _aggregate_page(
    item: dict[str, Any],
    names: list[str],
    identifier: dict[str, Any],
    granularity: str,
    what: str,
) -> Datapoints:
    rows = _points(item, what)
    stamps = array("q")
    columns = {name: array("d") for name in names}
    try:
        for row in rows:
            stamps.append(int(row["timestamp"]))
            for name, column in columns.items():
                value = row.get(name)
                if isinstance(value, dict):  # maxDatapoint / minDatapoint
                    value = cast("dict[str, Any]", value).get("value")
                column.append(math.nan if value is None else float(value))
    except (KeyError, TypeError, ValueError):
        raise CDFError(
            f"{what}: datapoints[{len(stamps)}] in the response is invalid"
        ) from None
    header = _json_header(item)
    header["is_string"] = False
    return Datapoints(
        identifier=identifier,
        timestamps=stamps,
        aggregates=columns,
        granularity=granularity,
        **header,
    )


# -- the helpers on references and nodes -------------------------------------------------------------


def retrieve(
    client: InstanceClient,
    identifier: dict[str, Any],
    start: TimeLike | None,
    end: TimeLike | None,
    *,
    aggregates: str | Sequence[str] | None,
    granularity: str | None,
    limit: int | None,
    include_outside_points: bool,
    ignore_bad_datapoints: bool,
    treat_uncertain_as_bad: bool,
) -> Datapoints:
    """See :meth:`TimeSeriesOps.retrieve`."""
    what = f"retrieve datapoints of {_label(identifier)}"
    now = int(time.time() * 1000)
    start_ms = 0 if start is None else to_ms(start, "start", now)
    end_ms = now if end is None else to_ms(end, "end", now)
    if end_ms <= start_ms:
        raise ValueError(f"{what}: end ({end_ms}) must be after start ({start_ms})")
    if limit is not None and limit < 0:
        limit = None
    settings: dict[str, Any] = {}
    if not ignore_bad_datapoints:
        settings["ignoreBadDataPoints"] = False
    if not treat_uncertain_as_bad:
        settings["treatUncertainAsBad"] = False
    retriever = _Retriever(client, identifier, settings, what)
    if aggregates is not None:
        names = [aggregates] if isinstance(aggregates, str) else list(aggregates)
        if not names or granularity is None:
            raise ValueError(
                f"{what}: aggregates need a granularity (e.g. '1h'), and at least one name"
            )
        return retriever.aggregates(start_ms, end_ms, names, granularity, limit)
    if granularity is not None:
        raise ValueError(f"{what}: granularity is only used with aggregates")
    if limit == 0 and not include_outside_points:
        return retriever._raw_page(start_ms, end_ms, 0, None)[0]
    points = retriever.raw(start_ms, end_ms, limit)
    if include_outside_points:
        retriever.settings = {**settings, "includeOutsidePoints": True}
        outside, _ = retriever._raw_page(start_ms, end_ms, 0, None)
        before = [i for i, ts in enumerate(outside.timestamps) if ts < start_ms]
        after = [i for i, ts in enumerate(outside.timestamps) if ts >= end_ms]
        merged = outside._take(range(before[0], before[0] + 1)) if before else None
        if merged is None:
            merged = Datapoints(
                identifier=identifier,
                is_string=points.is_string,
                is_step=points.is_step,
                unit=points.unit,
                unit_external_id=points.unit_external_id,
                id=points.id,
            )
        merged._extend(points)
        if after:
            merged._extend(outside._take(range(after[0], after[0] + 1)))
        return merged
    return points


def latest(
    client: InstanceClient, identifier: dict[str, Any], before: TimeLike | None
) -> Datapoint | None:
    """See :meth:`TimeSeriesOps.latest`."""
    what = f"latest datapoint of {_label(identifier)}"
    item_body: dict[str, Any] = dict(identifier)
    if before is not None:
        item_body["before"] = to_ms(before, "before")
    body = client._http.post("/timeseries/data/latest", {"items": [item_body]})
    item = _one_item(body, what)
    rows = _points(item, what)
    if not rows:
        return None
    row = rows[-1]
    try:
        status = row.get("status")
        code = (
            int(cast("dict[str, Any]", status).get("code", 0))
            if isinstance(status, dict)
            else 0
        )
        return Datapoint(int(row["timestamp"]), row.get("value"), code)
    except (KeyError, TypeError, ValueError):
        raise CDFError(f"{what}: the datapoint in the response is invalid") from None


PointsLike = (
    Datapoints
    | Iterable[tuple[TimeLike, float | str | None]]
    | Mapping[TimeLike, float | str | None]
)
"""Datapoints to insert: a :class:`Datapoints`, ``(time, value)`` pairs, or ``{time: value}``."""


def _wire_points(points: PointsLike) -> list[dict[str, Any]]:
    if isinstance(points, Datapoints):
        if points.values is None:
            raise ValueError("insert: aggregates cannot be inserted")
        values = points.values
        return [
            {"timestamp": ts, "value": _wire_value(values[i])}
            for i, ts in enumerate(points.timestamps)
        ]
    pairs: Iterable[tuple[Any, Any]] = (
        cast("Mapping[Any, Any]", points).items()
        if isinstance(points, Mapping)
        else cast("Iterable[tuple[Any, Any]]", points)
    )
    out: list[dict[str, Any]] = []
    for n, pair in enumerate(pairs):
        try:
            when, value = pair
        except (TypeError, ValueError):
            raise ValueError(f"insert: point {n} is not a (time, value) pair") from None
        out.append({"timestamp": to_ms(when, f"insert: point {n}"), "value": value})
    return out


def _wire_value(value: float | str | None) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def insert(
    client: InstanceClient, identifier: dict[str, Any], points: PointsLike
) -> int:
    """See :meth:`TimeSeriesOps.insert`."""
    wire = _wire_points(points)
    for point in wire:
        if point["timestamp"] < _MIN_MS:
            raise ValueError(
                f"insert: timestamp {point['timestamp']} is before 1900-01-01"
            )
    chunks = [wire[i : i + INSERT_CHUNK] for i in range(0, len(wire), INSERT_CHUNK)]

    def send(chunk: list[dict[str, Any]]) -> int:
        client._http.post(
            "/timeseries/data", {"items": [{**identifier, "datapoints": chunk}]}
        )
        return len(chunk)

    return sum(client._map("write", send, chunks))


def delete(
    client: InstanceClient,
    identifier: dict[str, Any],
    start: TimeLike,
    end: TimeLike | None,
) -> None:
    """See :meth:`TimeSeriesOps.delete`."""
    begin = to_ms(start, "start")
    item: dict[str, Any] = {**identifier, "inclusiveBegin": begin}
    if end is not None:
        item["exclusiveEnd"] = to_ms(end, "end")
    client._http.post("/timeseries/data/delete", {"items": [item]})


def _label(identifier: Mapping[str, Any]) -> str:
    instance = identifier.get("instanceId")
    if isinstance(instance, dict):
        node = cast("dict[str, str]", instance)
        return f"time series node {node.get('space')}:{node.get('externalId')}"
    return f"time series {identifier.get('externalId')!r}"


def node_identifier(node: NodeId) -> dict[str, Any]:
    """``{"instanceId": {...}}`` for a node that is a time series or file."""
    return {"instanceId": node.dump()}
