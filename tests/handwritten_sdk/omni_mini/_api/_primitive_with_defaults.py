"""API of the view sp_pygen_models:PrimitiveWithDefaults/1."""

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
from ..data_classes._primitive_with_defaults import (
    VIEW_ID,
    PrimitiveWithDefaults,
    PrimitiveWithDefaultsFields,
    PrimitiveWithDefaultsList,
    PrimitiveWithDefaultsTextFields,
)


class PrimitiveWithDefaultsAPI(NodeAPI[PrimitiveWithDefaults, PrimitiveWithDefaultsList]):
    """Query the view sp_pygen_models:PrimitiveWithDefaults/1."""

    _view_id = VIEW_ID
    _read_class = PrimitiveWithDefaults
    _list_class = PrimitiveWithDefaultsList

    @overload
    def retrieve(
        self, external_id: str | NodeId | tuple[str, str], space: str | None = None
    ) -> PrimitiveWithDefaults | None: ...

    @overload
    def retrieve(
        self, external_id: builtins.list[str | NodeId | tuple[str, str]], space: str | None = None
    ) -> PrimitiveWithDefaultsList: ...

    def retrieve(
        self,
        external_id: str | NodeId | tuple[str, str] | builtins.list[str | NodeId | tuple[str, str]],
        space: str | None = None,
    ) -> PrimitiveWithDefaults | PrimitiveWithDefaultsList | None:
        """Get by external id (in ``space`` or the default space); missing ids are left out."""
        return self._retrieve(external_id, space)

    def list(
        self,
        *,
        min_auto_increment_int_32: int | None = None,
        max_auto_increment_int_32: int | None = None,
        default_boolean: bool | None = None,
        min_default_float_32: float | None = None,
        max_default_float_32: float | None = None,
        default_object_exists: bool | None = None,
        default_string: str | Sequence[str] | None = None,
        default_string_prefix: str | None = None,
        external_id_prefix: str | None = None,
        space: str | Sequence[str] | None = None,
        filter: Filter | None = None,
        sort_by: PrimitiveWithDefaultsFields | None = None,
        direction: SortDirection = "ascending",
        limit: int | None = DEFAULT_LIMIT,
    ) -> PrimitiveWithDefaultsList:
        """List PrimitiveWithDefaults matching the filters (``limit=None``: all)."""
        flt = self._build_filter(
            self._range("autoIncrementInt32", min_auto_increment_int_32, max_auto_increment_int_32),
            self._equals("defaultBoolean", default_boolean),
            self._range("defaultFloat32", min_default_float_32, max_default_float_32),
            self._exists("defaultObject", default_object_exists),
            self._equals_or_in("defaultString", default_string),
            self._prefix("defaultString", default_string_prefix),
            external_id_prefix=external_id_prefix,
            space=space,
            filter=filter,
        )
        return self._list(flt, limit=limit, sort_by=sort_by, direction=direction)

    def iterate(
        self,
        chunk_size: int = 1000,
        *,
        min_auto_increment_int_32: int | None = None,
        max_auto_increment_int_32: int | None = None,
        default_boolean: bool | None = None,
        min_default_float_32: float | None = None,
        max_default_float_32: float | None = None,
        default_object_exists: bool | None = None,
        default_string: str | Sequence[str] | None = None,
        default_string_prefix: str | None = None,
        external_id_prefix: str | None = None,
        space: str | Sequence[str] | None = None,
        filter: Filter | None = None,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> Iterator[PrimitiveWithDefaultsList]:
        """Stream pages of at most ``chunk_size``; each page's ``cursor`` resumes."""
        flt = self._build_filter(
            self._range("autoIncrementInt32", min_auto_increment_int_32, max_auto_increment_int_32),
            self._equals("defaultBoolean", default_boolean),
            self._range("defaultFloat32", min_default_float_32, max_default_float_32),
            self._exists("defaultObject", default_object_exists),
            self._equals_or_in("defaultString", default_string),
            self._prefix("defaultString", default_string_prefix),
            external_id_prefix=external_id_prefix,
            space=space,
            filter=filter,
        )
        return self._iterate(flt, chunk_size=chunk_size, limit=limit, cursor=cursor)

    def search(
        self,
        query: str | None = None,
        properties: PrimitiveWithDefaultsTextFields | Sequence[PrimitiveWithDefaultsTextFields] | None = None,
        *,
        min_auto_increment_int_32: int | None = None,
        max_auto_increment_int_32: int | None = None,
        default_boolean: bool | None = None,
        min_default_float_32: float | None = None,
        max_default_float_32: float | None = None,
        default_object_exists: bool | None = None,
        default_string: str | Sequence[str] | None = None,
        default_string_prefix: str | None = None,
        external_id_prefix: str | None = None,
        space: str | Sequence[str] | None = None,
        filter: Filter | None = None,
        limit: int = DEFAULT_LIMIT,
    ) -> PrimitiveWithDefaultsList:
        """Free-text search in the text properties."""
        flt = self._build_filter(
            self._range("autoIncrementInt32", min_auto_increment_int_32, max_auto_increment_int_32),
            self._equals("defaultBoolean", default_boolean),
            self._range("defaultFloat32", min_default_float_32, max_default_float_32),
            self._exists("defaultObject", default_object_exists),
            self._equals_or_in("defaultString", default_string),
            self._prefix("defaultString", default_string_prefix),
            external_id_prefix=external_id_prefix,
            space=space,
            filter=filter,
        )
        return self._search(query, properties, flt, limit=limit)

    def aggregate(
        self,
        aggregate: Aggregation,
        property: PrimitiveWithDefaultsFields | None = None,
        *,
        min_auto_increment_int_32: int | None = None,
        max_auto_increment_int_32: int | None = None,
        default_boolean: bool | None = None,
        min_default_float_32: float | None = None,
        max_default_float_32: float | None = None,
        default_object_exists: bool | None = None,
        default_string: str | Sequence[str] | None = None,
        default_string_prefix: str | None = None,
        external_id_prefix: str | None = None,
        space: str | Sequence[str] | None = None,
        filter: Filter | None = None,
        group_by: PrimitiveWithDefaultsFields | Sequence[PrimitiveWithDefaultsFields] | None = None,
        query: str | None = None,
        limit: int = DEFAULT_LIMIT,
    ) -> AggregateResult:
        """Count, sum, avg, min or max of a property, optionally per group."""
        flt = self._build_filter(
            self._range("autoIncrementInt32", min_auto_increment_int_32, max_auto_increment_int_32),
            self._equals("defaultBoolean", default_boolean),
            self._range("defaultFloat32", min_default_float_32, max_default_float_32),
            self._exists("defaultObject", default_object_exists),
            self._equals_or_in("defaultString", default_string),
            self._prefix("defaultString", default_string_prefix),
            external_id_prefix=external_id_prefix,
            space=space,
            filter=filter,
        )
        return self._aggregate(aggregate, property, flt, group_by=group_by, query=query, limit=limit)

    def histogram(
        self,
        property: PrimitiveWithDefaultsFields,
        interval: float,
        *,
        min_auto_increment_int_32: int | None = None,
        max_auto_increment_int_32: int | None = None,
        default_boolean: bool | None = None,
        min_default_float_32: float | None = None,
        max_default_float_32: float | None = None,
        default_object_exists: bool | None = None,
        default_string: str | Sequence[str] | None = None,
        default_string_prefix: str | None = None,
        external_id_prefix: str | None = None,
        space: str | Sequence[str] | None = None,
        filter: Filter | None = None,
    ) -> builtins.list[HistogramBucket]:
        """Bucket counts of a numeric property."""
        flt = self._build_filter(
            self._range("autoIncrementInt32", min_auto_increment_int_32, max_auto_increment_int_32),
            self._equals("defaultBoolean", default_boolean),
            self._range("defaultFloat32", min_default_float_32, max_default_float_32),
            self._exists("defaultObject", default_object_exists),
            self._equals_or_in("defaultString", default_string),
            self._prefix("defaultString", default_string_prefix),
            external_id_prefix=external_id_prefix,
            space=space,
            filter=filter,
        )
        return self._histogram(property, interval, flt)
