"""API of the view sp_pygen_models:MainInterface/1."""

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
from ..data_classes._main_interface import (
    VIEW_ID,
    MainInterface,
    MainInterfaceFields,
    MainInterfaceList,
    MainInterfaceTextFields,
)


class MainInterfaceAPI(NodeAPI[MainInterface, MainInterfaceList]):
    """Query the view sp_pygen_models:MainInterface/1."""

    _view_id = VIEW_ID
    _read_class = MainInterface
    _list_class = MainInterfaceList

    @overload
    def retrieve(
        self, external_id: str | NodeId | tuple[str, str], space: str | None = None
    ) -> MainInterface | None: ...

    @overload
    def retrieve(
        self, external_id: builtins.list[str | NodeId | tuple[str, str]], space: str | None = None
    ) -> MainInterfaceList: ...

    def retrieve(
        self,
        external_id: str | NodeId | tuple[str, str] | builtins.list[str | NodeId | tuple[str, str]],
        space: str | None = None,
    ) -> MainInterface | MainInterfaceList | None:
        """Get by external id (in ``space`` or the default space); missing ids are left out."""
        return self._retrieve(external_id, space)

    def list(
        self,
        *,
        main_value: str | Sequence[str] | None = None,
        main_value_prefix: str | None = None,
        external_id_prefix: str | None = None,
        space: str | Sequence[str] | None = None,
        filter: Filter | None = None,
        sort_by: MainInterfaceFields | None = None,
        direction: SortDirection = "ascending",
        limit: int | None = DEFAULT_LIMIT,
    ) -> MainInterfaceList:
        """List MainInterface matching the filters (``limit=None``: all)."""
        flt = self._build_filter(
            self._equals_or_in("mainValue", main_value),
            self._prefix("mainValue", main_value_prefix),
            external_id_prefix=external_id_prefix,
            space=space,
            filter=filter,
        )
        return self._list(flt, limit=limit, sort_by=sort_by, direction=direction)

    def iterate(
        self,
        chunk_size: int = 1000,
        *,
        main_value: str | Sequence[str] | None = None,
        main_value_prefix: str | None = None,
        external_id_prefix: str | None = None,
        space: str | Sequence[str] | None = None,
        filter: Filter | None = None,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> Iterator[MainInterfaceList]:
        """Stream pages of at most ``chunk_size``; each page's ``cursor`` resumes."""
        flt = self._build_filter(
            self._equals_or_in("mainValue", main_value),
            self._prefix("mainValue", main_value_prefix),
            external_id_prefix=external_id_prefix,
            space=space,
            filter=filter,
        )
        return self._iterate(flt, chunk_size=chunk_size, limit=limit, cursor=cursor)

    def search(
        self,
        query: str | None = None,
        properties: MainInterfaceTextFields | Sequence[MainInterfaceTextFields] | None = None,
        *,
        main_value: str | Sequence[str] | None = None,
        main_value_prefix: str | None = None,
        external_id_prefix: str | None = None,
        space: str | Sequence[str] | None = None,
        filter: Filter | None = None,
        limit: int = DEFAULT_LIMIT,
    ) -> MainInterfaceList:
        """Free-text search in the text properties."""
        flt = self._build_filter(
            self._equals_or_in("mainValue", main_value),
            self._prefix("mainValue", main_value_prefix),
            external_id_prefix=external_id_prefix,
            space=space,
            filter=filter,
        )
        return self._search(query, properties, flt, limit=limit)

    def aggregate(
        self,
        aggregate: Aggregation,
        property: MainInterfaceFields | None = None,
        *,
        main_value: str | Sequence[str] | None = None,
        main_value_prefix: str | None = None,
        external_id_prefix: str | None = None,
        space: str | Sequence[str] | None = None,
        filter: Filter | None = None,
        group_by: MainInterfaceFields | Sequence[MainInterfaceFields] | None = None,
        query: str | None = None,
        limit: int = DEFAULT_LIMIT,
    ) -> AggregateResult:
        """Count, sum, avg, min or max of a property, optionally per group."""
        flt = self._build_filter(
            self._equals_or_in("mainValue", main_value),
            self._prefix("mainValue", main_value_prefix),
            external_id_prefix=external_id_prefix,
            space=space,
            filter=filter,
        )
        return self._aggregate(aggregate, property, flt, group_by=group_by, query=query, limit=limit)

    def histogram(
        self,
        property: MainInterfaceFields,
        interval: float,
        *,
        main_value: str | Sequence[str] | None = None,
        main_value_prefix: str | None = None,
        external_id_prefix: str | None = None,
        space: str | Sequence[str] | None = None,
        filter: Filter | None = None,
    ) -> builtins.list[HistogramBucket]:
        """Bucket counts of a numeric property."""
        flt = self._build_filter(
            self._equals_or_in("mainValue", main_value),
            self._prefix("mainValue", main_value_prefix),
            external_id_prefix=external_id_prefix,
            space=space,
            filter=filter,
        )
        return self._histogram(property, interval, flt)
