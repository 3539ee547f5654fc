"""API of the view sp_pygen_models:PrimitiveRequiredListed/1."""

from __future__ import annotations

import builtins
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
from ..data_classes._primitive_required_listed import (
    VIEW_ID,
    PrimitiveRequiredListed,
    PrimitiveRequiredListedFields,
    PrimitiveRequiredListedList,
)


class PrimitiveRequiredListedAPI(NodeAPI[PrimitiveRequiredListed, PrimitiveRequiredListedList]):
    """Query the view sp_pygen_models:PrimitiveRequiredListed/1."""

    _view_id = VIEW_ID
    _read_class = PrimitiveRequiredListed
    _list_class = PrimitiveRequiredListedList

    @overload
    def retrieve(
        self, external_id: str | NodeId | tuple[str, str], space: str | None = None
    ) -> PrimitiveRequiredListed | None: ...

    @overload
    def retrieve(
        self, external_id: builtins.list[str | NodeId | tuple[str, str]], space: str | None = None
    ) -> PrimitiveRequiredListedList: ...

    def retrieve(
        self,
        external_id: str | NodeId | tuple[str, str] | builtins.list[str | NodeId | tuple[str, str]],
        space: str | None = None,
    ) -> PrimitiveRequiredListed | PrimitiveRequiredListedList | None:
        """Get by external id (in ``space`` or the default space); missing ids are left out."""
        return self._retrieve(external_id, space)

    def list(
        self,
        *,
        boolean_exists: bool | None = None,
        date_exists: bool | None = None,
        float_32_exists: bool | None = None,
        float_64_exists: bool | None = None,
        int_32_exists: bool | None = None,
        int_64_exists: bool | None = None,
        json_exists: bool | None = None,
        text_exists: bool | None = None,
        timestamp_exists: bool | None = None,
        external_id_prefix: str | None = None,
        space: str | Sequence[str] | None = None,
        filter: Filter | None = None,
        sort_by: PrimitiveRequiredListedFields | None = None,
        direction: SortDirection = "ascending",
        limit: int | None = DEFAULT_LIMIT,
    ) -> PrimitiveRequiredListedList:
        """List PrimitiveRequiredListed matching the filters (``limit=None``: all)."""
        flt = self._build_filter(
            self._exists("boolean", boolean_exists),
            self._exists("date", date_exists),
            self._exists("float32", float_32_exists),
            self._exists("float64", float_64_exists),
            self._exists("int32", int_32_exists),
            self._exists("int64", int_64_exists),
            self._exists("json", json_exists),
            self._exists("text", text_exists),
            self._exists("timestamp", timestamp_exists),
            external_id_prefix=external_id_prefix,
            space=space,
            filter=filter,
        )
        return self._list(flt, limit=limit, sort_by=sort_by, direction=direction)

    def iterate(
        self,
        chunk_size: int = 1000,
        *,
        boolean_exists: bool | None = None,
        date_exists: bool | None = None,
        float_32_exists: bool | None = None,
        float_64_exists: bool | None = None,
        int_32_exists: bool | None = None,
        int_64_exists: bool | None = None,
        json_exists: bool | None = None,
        text_exists: bool | None = None,
        timestamp_exists: bool | None = None,
        external_id_prefix: str | None = None,
        space: str | Sequence[str] | None = None,
        filter: Filter | None = None,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> Iterator[PrimitiveRequiredListedList]:
        """Stream pages of at most ``chunk_size``; each page's ``cursor`` resumes."""
        flt = self._build_filter(
            self._exists("boolean", boolean_exists),
            self._exists("date", date_exists),
            self._exists("float32", float_32_exists),
            self._exists("float64", float_64_exists),
            self._exists("int32", int_32_exists),
            self._exists("int64", int_64_exists),
            self._exists("json", json_exists),
            self._exists("text", text_exists),
            self._exists("timestamp", timestamp_exists),
            external_id_prefix=external_id_prefix,
            space=space,
            filter=filter,
        )
        return self._iterate(flt, chunk_size=chunk_size, limit=limit, cursor=cursor)

    def search(
        self,
        query: str | None = None,
        *,
        boolean_exists: bool | None = None,
        date_exists: bool | None = None,
        float_32_exists: bool | None = None,
        float_64_exists: bool | None = None,
        int_32_exists: bool | None = None,
        int_64_exists: bool | None = None,
        json_exists: bool | None = None,
        text_exists: bool | None = None,
        timestamp_exists: bool | None = None,
        external_id_prefix: str | None = None,
        space: str | Sequence[str] | None = None,
        filter: Filter | None = None,
        limit: int = DEFAULT_LIMIT,
    ) -> PrimitiveRequiredListedList:
        """Free-text search."""
        flt = self._build_filter(
            self._exists("boolean", boolean_exists),
            self._exists("date", date_exists),
            self._exists("float32", float_32_exists),
            self._exists("float64", float_64_exists),
            self._exists("int32", int_32_exists),
            self._exists("int64", int_64_exists),
            self._exists("json", json_exists),
            self._exists("text", text_exists),
            self._exists("timestamp", timestamp_exists),
            external_id_prefix=external_id_prefix,
            space=space,
            filter=filter,
        )
        return self._search(query, None, flt, limit=limit)

    def aggregate(
        self,
        aggregate: Aggregation,
        property: PrimitiveRequiredListedFields | None = None,
        *,
        boolean_exists: bool | None = None,
        date_exists: bool | None = None,
        float_32_exists: bool | None = None,
        float_64_exists: bool | None = None,
        int_32_exists: bool | None = None,
        int_64_exists: bool | None = None,
        json_exists: bool | None = None,
        text_exists: bool | None = None,
        timestamp_exists: bool | None = None,
        external_id_prefix: str | None = None,
        space: str | Sequence[str] | None = None,
        filter: Filter | None = None,
        group_by: PrimitiveRequiredListedFields | Sequence[PrimitiveRequiredListedFields] | None = None,
        query: str | None = None,
        limit: int = DEFAULT_LIMIT,
    ) -> AggregateResult:
        """Count, sum, avg, min or max of a property, optionally per group."""
        flt = self._build_filter(
            self._exists("boolean", boolean_exists),
            self._exists("date", date_exists),
            self._exists("float32", float_32_exists),
            self._exists("float64", float_64_exists),
            self._exists("int32", int_32_exists),
            self._exists("int64", int_64_exists),
            self._exists("json", json_exists),
            self._exists("text", text_exists),
            self._exists("timestamp", timestamp_exists),
            external_id_prefix=external_id_prefix,
            space=space,
            filter=filter,
        )
        return self._aggregate(aggregate, property, flt, group_by=group_by, query=query, limit=limit)

    def histogram(
        self,
        property: PrimitiveRequiredListedFields,
        interval: float,
        *,
        boolean_exists: bool | None = None,
        date_exists: bool | None = None,
        float_32_exists: bool | None = None,
        float_64_exists: bool | None = None,
        int_32_exists: bool | None = None,
        int_64_exists: bool | None = None,
        json_exists: bool | None = None,
        text_exists: bool | None = None,
        timestamp_exists: bool | None = None,
        external_id_prefix: str | None = None,
        space: str | Sequence[str] | None = None,
        filter: Filter | None = None,
    ) -> builtins.list[HistogramBucket]:
        """Bucket counts of a numeric property."""
        flt = self._build_filter(
            self._exists("boolean", boolean_exists),
            self._exists("date", date_exists),
            self._exists("float32", float_32_exists),
            self._exists("float64", float_64_exists),
            self._exists("int32", int_32_exists),
            self._exists("int64", int_64_exists),
            self._exists("json", json_exists),
            self._exists("text", text_exists),
            self._exists("timestamp", timestamp_exists),
            external_id_prefix=external_id_prefix,
            space=space,
            filter=filter,
        )
        return self._histogram(property, interval, flt)
