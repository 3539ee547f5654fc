"""API of the view sp_pygen_models:PrimitiveNullable/1."""

from __future__ import annotations

import builtins
import datetime
from collections.abc import Iterator, Sequence
from typing import overload

from .._runtime import (
    DEFAULT_LIMIT,
    AggregateResult,
    Aggregation,
    Filter,
    HistogramBucket,
    NodeAPI,
    NodeId,
    SortDirection,
)
from ..data_classes._primitive_nullable import (
    VIEW_ID,
    PrimitiveNullable,
    PrimitiveNullableFields,
    PrimitiveNullableList,
    PrimitiveNullableTextFields,
)


class PrimitiveNullableAPI(NodeAPI[PrimitiveNullable, PrimitiveNullableList]):
    """Query the view sp_pygen_models:PrimitiveNullable/1."""

    _view_id = VIEW_ID
    _read_class = PrimitiveNullable
    _list_class = PrimitiveNullableList

    @overload
    def retrieve(
        self, external_id: str | NodeId | tuple[str, str], space: str | None = None
    ) -> PrimitiveNullable | None: ...

    @overload
    def retrieve(
        self, external_id: builtins.list[str | NodeId | tuple[str, str]], space: str | None = None
    ) -> PrimitiveNullableList: ...

    def retrieve(
        self,
        external_id: str | NodeId | tuple[str, str] | builtins.list[str | NodeId | tuple[str, str]],
        space: str | None = None,
    ) -> PrimitiveNullable | PrimitiveNullableList | None:
        """Get by external id (in ``space`` or the default space); missing ids are left out."""
        return self._retrieve(external_id, space)

    def list(
        self,
        *,
        boolean: bool | None = None,
        min_date: datetime.date | None = None,
        max_date: datetime.date | None = None,
        min_float_32: float | None = None,
        max_float_32: float | None = None,
        min_float_64: float | None = None,
        max_float_64: float | None = None,
        min_int_32: int | None = None,
        max_int_32: int | None = None,
        min_int_64: int | None = None,
        max_int_64: int | None = None,
        json_exists: bool | None = None,
        text: str | Sequence[str] | None = None,
        text_prefix: str | None = None,
        min_timestamp: datetime.datetime | None = None,
        max_timestamp: datetime.datetime | None = None,
        external_id_prefix: str | None = None,
        space: str | Sequence[str] | None = None,
        filter: Filter | None = None,
        sort_by: PrimitiveNullableFields | None = None,
        direction: SortDirection = "ascending",
        limit: int | None = DEFAULT_LIMIT,
    ) -> PrimitiveNullableList:
        """List PrimitiveNullable matching the filters (``limit=None``: all)."""
        flt = self._build_filter(
            self._equals("boolean", boolean),
            self._range("date", min_date, max_date),
            self._range("float32", min_float_32, max_float_32),
            self._range("float64", min_float_64, max_float_64),
            self._range("int32", min_int_32, max_int_32),
            self._range("int64", min_int_64, max_int_64),
            self._exists("json", json_exists),
            self._equals_or_in("text", text),
            self._prefix("text", text_prefix),
            self._range("timestamp", min_timestamp, max_timestamp),
            external_id_prefix=external_id_prefix,
            space=space,
            filter=filter,
        )
        return self._list(flt, limit=limit, sort_by=sort_by, direction=direction)

    def iterate(
        self,
        chunk_size: int = 1000,
        *,
        boolean: bool | None = None,
        min_date: datetime.date | None = None,
        max_date: datetime.date | None = None,
        min_float_32: float | None = None,
        max_float_32: float | None = None,
        min_float_64: float | None = None,
        max_float_64: float | None = None,
        min_int_32: int | None = None,
        max_int_32: int | None = None,
        min_int_64: int | None = None,
        max_int_64: int | None = None,
        json_exists: bool | None = None,
        text: str | Sequence[str] | None = None,
        text_prefix: str | None = None,
        min_timestamp: datetime.datetime | None = None,
        max_timestamp: datetime.datetime | None = None,
        external_id_prefix: str | None = None,
        space: str | Sequence[str] | None = None,
        filter: Filter | None = None,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> Iterator[PrimitiveNullableList]:
        """Stream pages of at most ``chunk_size``; each page's ``cursor`` resumes."""
        flt = self._build_filter(
            self._equals("boolean", boolean),
            self._range("date", min_date, max_date),
            self._range("float32", min_float_32, max_float_32),
            self._range("float64", min_float_64, max_float_64),
            self._range("int32", min_int_32, max_int_32),
            self._range("int64", min_int_64, max_int_64),
            self._exists("json", json_exists),
            self._equals_or_in("text", text),
            self._prefix("text", text_prefix),
            self._range("timestamp", min_timestamp, max_timestamp),
            external_id_prefix=external_id_prefix,
            space=space,
            filter=filter,
        )
        return self._iterate(flt, chunk_size=chunk_size, limit=limit, cursor=cursor)

    def search(
        self,
        query: str | None = None,
        properties: PrimitiveNullableTextFields | Sequence[PrimitiveNullableTextFields] | None = None,
        *,
        boolean: bool | None = None,
        min_date: datetime.date | None = None,
        max_date: datetime.date | None = None,
        min_float_32: float | None = None,
        max_float_32: float | None = None,
        min_float_64: float | None = None,
        max_float_64: float | None = None,
        min_int_32: int | None = None,
        max_int_32: int | None = None,
        min_int_64: int | None = None,
        max_int_64: int | None = None,
        json_exists: bool | None = None,
        text: str | Sequence[str] | None = None,
        text_prefix: str | None = None,
        min_timestamp: datetime.datetime | None = None,
        max_timestamp: datetime.datetime | None = None,
        external_id_prefix: str | None = None,
        space: str | Sequence[str] | None = None,
        filter: Filter | None = None,
        limit: int = DEFAULT_LIMIT,
    ) -> PrimitiveNullableList:
        """Free-text search in the text properties."""
        flt = self._build_filter(
            self._equals("boolean", boolean),
            self._range("date", min_date, max_date),
            self._range("float32", min_float_32, max_float_32),
            self._range("float64", min_float_64, max_float_64),
            self._range("int32", min_int_32, max_int_32),
            self._range("int64", min_int_64, max_int_64),
            self._exists("json", json_exists),
            self._equals_or_in("text", text),
            self._prefix("text", text_prefix),
            self._range("timestamp", min_timestamp, max_timestamp),
            external_id_prefix=external_id_prefix,
            space=space,
            filter=filter,
        )
        return self._search(query, properties, flt, limit=limit)

    def aggregate(
        self,
        aggregate: Aggregation,
        property: PrimitiveNullableFields | None = None,
        *,
        boolean: bool | None = None,
        min_date: datetime.date | None = None,
        max_date: datetime.date | None = None,
        min_float_32: float | None = None,
        max_float_32: float | None = None,
        min_float_64: float | None = None,
        max_float_64: float | None = None,
        min_int_32: int | None = None,
        max_int_32: int | None = None,
        min_int_64: int | None = None,
        max_int_64: int | None = None,
        json_exists: bool | None = None,
        text: str | Sequence[str] | None = None,
        text_prefix: str | None = None,
        min_timestamp: datetime.datetime | None = None,
        max_timestamp: datetime.datetime | None = None,
        external_id_prefix: str | None = None,
        space: str | Sequence[str] | None = None,
        filter: Filter | None = None,
        group_by: PrimitiveNullableFields | Sequence[PrimitiveNullableFields] | None = None,
        query: str | None = None,
        limit: int = DEFAULT_LIMIT,
    ) -> AggregateResult:
        """Count, sum, avg, min or max of a property, optionally per group."""
        flt = self._build_filter(
            self._equals("boolean", boolean),
            self._range("date", min_date, max_date),
            self._range("float32", min_float_32, max_float_32),
            self._range("float64", min_float_64, max_float_64),
            self._range("int32", min_int_32, max_int_32),
            self._range("int64", min_int_64, max_int_64),
            self._exists("json", json_exists),
            self._equals_or_in("text", text),
            self._prefix("text", text_prefix),
            self._range("timestamp", min_timestamp, max_timestamp),
            external_id_prefix=external_id_prefix,
            space=space,
            filter=filter,
        )
        return self._aggregate(aggregate, property, flt, group_by=group_by, query=query, limit=limit)

    def histogram(
        self,
        property: PrimitiveNullableFields,
        interval: float,
        *,
        boolean: bool | None = None,
        min_date: datetime.date | None = None,
        max_date: datetime.date | None = None,
        min_float_32: float | None = None,
        max_float_32: float | None = None,
        min_float_64: float | None = None,
        max_float_64: float | None = None,
        min_int_32: int | None = None,
        max_int_32: int | None = None,
        min_int_64: int | None = None,
        max_int_64: int | None = None,
        json_exists: bool | None = None,
        text: str | Sequence[str] | None = None,
        text_prefix: str | None = None,
        min_timestamp: datetime.datetime | None = None,
        max_timestamp: datetime.datetime | None = None,
        external_id_prefix: str | None = None,
        space: str | Sequence[str] | None = None,
        filter: Filter | None = None,
    ) -> builtins.list[HistogramBucket]:
        """Bucket counts of a numeric property."""
        flt = self._build_filter(
            self._equals("boolean", boolean),
            self._range("date", min_date, max_date),
            self._range("float32", min_float_32, max_float_32),
            self._range("float64", min_float_64, max_float_64),
            self._range("int32", min_int_32, max_int_32),
            self._range("int64", min_int_64, max_int_64),
            self._exists("json", json_exists),
            self._equals_or_in("text", text),
            self._prefix("text", text_prefix),
            self._range("timestamp", min_timestamp, max_timestamp),
            external_id_prefix=external_id_prefix,
            space=space,
            filter=filter,
        )
        return self._histogram(property, interval, flt)
