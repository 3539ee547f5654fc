"""Datapoints of one CDF time series as typed arrays (``Datapoints``), one point (``Datapoint``), and the
times the helpers accept (``TimeLike``, ``to_ms``); fetching them is ``_dp_fetch``."""

# The runtime's modules share underscored names with each other (kept private so they stay out
# of the SDK's public surface and clear of generated property names).
# pyright: reportPrivateUsage=false
from __future__ import annotations

import datetime
import importlib
import math
import re
import time
from array import array
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, cast, overload

__all__ = ["Datapoint", "Datapoints", "TimeLike", "to_ms"]

TimeLike = int | float | datetime.datetime | datetime.date | str
"""A point in time: epoch milliseconds, a ``datetime`` (naive ones are UTC), a ``date`` (its UTC
midnight), ``"now"`` or ``"<n><unit>-ago"`` with unit ``s``, ``m``, ``h``, ``d`` or ``w``."""

_AGO = re.compile(r"^(\d+)(s|m|h|d|w)-ago$")
_UNIT_MS = {"s": 1000, "m": 60_000, "h": 3_600_000, "d": 86_400_000, "w": 604_800_000}
_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)


def to_ms(value: TimeLike, what: str = "time", now: int | None = None) -> int:
    """Epoch milliseconds of ``value`` (see :data:`TimeLike`); a bad value raises ``ValueError``."""
    if isinstance(value, bool):
        raise ValueError(f"{what}: expected a time, got a bool")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{what}: expected a finite number of milliseconds")
        return int(value)
    if isinstance(value, datetime.datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=datetime.timezone.utc)
        return (aware - _EPOCH) // datetime.timedelta(milliseconds=1)
    if isinstance(value, datetime.date):
        midnight = datetime.datetime(
            value.year, value.month, value.day, tzinfo=datetime.timezone.utc
        )
        return (midnight - _EPOCH) // datetime.timedelta(milliseconds=1)
    if isinstance(cast(object, value), str):
        current = now if now is not None else int(time.time() * 1000)
        text = value.strip()
        if text == "now":
            return current
        found = _AGO.match(text)
        if found:
            return current - int(found.group(1)) * _UNIT_MS[found.group(2)]
        raise ValueError(
            f"{what}: expected 'now' or '<n><s|m|h|d|w>-ago', got {value!r}"
        )
    raise ValueError(f"{what}: expected a time, got {type(value).__name__}")


def _as_datetime(ms: int) -> datetime.datetime:
    return _EPOCH + datetime.timedelta(milliseconds=ms)


@dataclass(frozen=True)
class Datapoint:
    """One datapoint: ``timestamp`` in epoch ms, the value (None for a null), and its status code."""

    timestamp: int
    value: float | str | None
    status_code: int = 0

    @property
    def time(self) -> datetime.datetime:
        """``timestamp`` as an aware UTC datetime."""
        return _as_datetime(self.timestamp)


class Datapoints:
    """Datapoints of one time series: ``timestamps`` (epoch ms) and ``values`` as typed arrays.

    Raw numeric points: ``values`` is an ``array('d')`` (NaN for nulls); strings: a list; aggregates:
    ``values`` is None and ``aggregates`` maps each aggregate name to an ``array('d')`` (NaN where a
    bucket has no value). ``status_codes`` maps the index of every non-Good point to its code.
    """

    def __init__(
        self,
        *,
        identifier: Mapping[str, Any],
        timestamps: array[int] | None = None,
        values: array[float] | list[str | None] | None = None,
        aggregates: Mapping[str, array[float]] | None = None,
        status_codes: Mapping[int, int] | None = None,
        is_string: bool = False,
        is_step: bool = False,
        unit: str | None = None,
        unit_external_id: str | None = None,
        id: int | None = None,
        granularity: str | None = None,
    ) -> None:
        self.identifier: dict[str, Any] = dict(identifier)
        """How the series was addressed: ``{"externalId": ...}`` or ``{"instanceId": {...}}``."""
        self.id: int | None = id
        self.is_string: bool = is_string
        self.is_step: bool = is_step
        self.unit: str | None = unit
        self.unit_external_id: str | None = unit_external_id
        self.granularity: str | None = granularity
        self.timestamps: array[int] = (
            timestamps if timestamps is not None else array("q")
        )
        self.values: array[float] | list[str | None] | None = values
        if values is None and aggregates is None:
            self.values = [] if is_string else array("d")
        self.aggregates: dict[str, array[float]] = dict(aggregates or {})
        self.status_codes: dict[int, int] = dict(status_codes or {})

    @property
    def name(self) -> str:
        """A label for the series: its external id, or ``space:externalId`` of its node."""
        instance = self.identifier.get("instanceId")
        if isinstance(instance, dict):
            node = cast("dict[str, str]", instance)
            return f"{node.get('space')}:{node.get('externalId')}"
        return str(self.identifier.get("externalId", self.identifier.get("id", "?")))

    def __len__(self) -> int:
        return len(self.timestamps)

    @overload
    def __getitem__(self, index: int) -> Datapoint: ...

    @overload
    def __getitem__(self, index: slice) -> Datapoints: ...

    def __getitem__(self, index: int | slice) -> Datapoint | Datapoints:
        if isinstance(index, slice):
            positions = range(len(self))[index]
            return self._take(positions)
        position = range(len(self))[index]
        value = None if self.values is None else self.values[position]
        return Datapoint(
            self.timestamps[position], value, self.status_codes.get(position, 0)
        )

    def __iter__(self) -> Iterator[Datapoint]:
        for position in range(len(self)):
            yield self[position]

    def _take(self, positions: range) -> Datapoints:
        values: array[float] | list[str | None] | None = None
        if isinstance(self.values, array):
            values = array("d", (self.values[i] for i in positions))
        elif self.values is not None:
            values = [self.values[i] for i in positions]
        return Datapoints(
            identifier=self.identifier,
            timestamps=array("q", (self.timestamps[i] for i in positions)),
            values=values,
            aggregates={
                k: array("d", (v[i] for i in positions))
                for k, v in self.aggregates.items()
            },
            status_codes={
                n: self.status_codes[i]
                for n, i in enumerate(positions)
                if i in self.status_codes
            },
            is_string=self.is_string,
            is_step=self.is_step,
            unit=self.unit,
            unit_external_id=self.unit_external_id,
            id=self.id,
            granularity=self.granularity,
        )

    def _extend(self, other: Datapoints) -> None:
        offset = len(self)
        self.timestamps.extend(other.timestamps)
        if isinstance(self.values, array) and isinstance(other.values, array):
            self.values.extend(other.values)
        if isinstance(self.values, list) and isinstance(other.values, list):
            self.values.extend(other.values)
        for name, column in other.aggregates.items():
            mine = self.aggregates.setdefault(name, array("d", [math.nan] * offset))
            mine.extend(column)
        for name, column in self.aggregates.items():
            if name not in other.aggregates:
                column.extend([math.nan] * len(other))
        self.status_codes.update((offset + i, c) for i, c in other.status_codes.items())

    def to_pandas(self) -> Any:
        """A DataFrame indexed by UTC timestamps: one column for raw points (named by the series), one
        per aggregate otherwise (needs pandas; it is not a dependency)."""
        try:
            pd = importlib.import_module("pandas")
        except ImportError:
            raise ImportError("to_pandas() needs pandas: pip install pandas") from None
        np = importlib.import_module("numpy")  # pandas depends on numpy
        # Copies: a view of an array's buffer would stop the array from growing.
        index = pd.to_datetime(
            np.frombuffer(self.timestamps, dtype=np.int64).copy(), unit="ms", utc=True
        )
        if self.values is None:
            columns = {
                name: np.frombuffer(column, dtype=np.float64).copy()
                for name, column in self.aggregates.items()
            }
            return pd.DataFrame(columns, index=index)
        if isinstance(self.values, array):
            data: Any = np.frombuffer(self.values, dtype=np.float64).copy()
        else:
            data = self.values
        return pd.DataFrame({self.name: data}, index=index)

    def __repr__(self) -> str:
        span = ""
        if len(self):
            first, last = self.timestamps[0], self.timestamps[-1]
            span = f", {_as_datetime(first).isoformat()} .. {_as_datetime(last).isoformat()}"
        kind = "aggregates" if self.values is None else "points"
        return f"Datapoints({self.name!r}, {len(self)} {kind}{span})"

    def _repr_html_(self) -> str:
        from ._notebook import datapoints_html

        return datapoints_html(self)
