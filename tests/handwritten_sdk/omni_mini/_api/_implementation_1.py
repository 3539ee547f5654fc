"""API of the view sp_pygen_models:Implementation1/1."""

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
from ..data_classes._implementation_1 import (
    VIEW_ID,
    Implementation1,
    Implementation1Fields,
    Implementation1List,
    Implementation1TextFields,
)


class Implementation1API(NodeAPI[Implementation1, Implementation1List]):
    """Query the view sp_pygen_models:Implementation1/1."""

    _view_id = VIEW_ID
    _read_class = Implementation1
    _list_class = Implementation1List

    @overload
    def retrieve(
        self, external_id: str | NodeId | tuple[str, str], space: str | None = None
    ) -> Implementation1 | None: ...

    @overload
    def retrieve(
        self, external_id: builtins.list[str | NodeId | tuple[str, str]], space: str | None = None
    ) -> Implementation1List: ...

    def retrieve(
        self,
        external_id: str | NodeId | tuple[str, str] | builtins.list[str | NodeId | tuple[str, str]],
        space: str | None = None,
    ) -> Implementation1 | Implementation1List | None:
        """Get by external id (in ``space`` or the default space); missing ids are left out."""
        return self._retrieve(external_id, space)

    def list(
        self,
        *,
        main_value: str | Sequence[str] | None = None,
        main_value_prefix: str | None = None,
        sub_value: str | Sequence[str] | None = None,
        sub_value_prefix: str | None = None,
        value_1: str | Sequence[str] | None = None,
        value_1_prefix: str | None = None,
        value_2: str | Sequence[str] | None = None,
        value_2_prefix: str | None = None,
        external_id_prefix: str | None = None,
        space: str | Sequence[str] | None = None,
        filter: Filter | None = None,
        sort_by: Implementation1Fields | None = None,
        direction: SortDirection = "ascending",
        limit: int | None = DEFAULT_LIMIT,
    ) -> Implementation1List:
        """List Implementation1 matching the filters (``limit=None``: all)."""
        flt = self._build_filter(
            self._equals_or_in("mainValue", main_value),
            self._prefix("mainValue", main_value_prefix),
            self._equals_or_in("subValue", sub_value),
            self._prefix("subValue", sub_value_prefix),
            self._equals_or_in("value1", value_1),
            self._prefix("value1", value_1_prefix),
            self._equals_or_in("value2", value_2),
            self._prefix("value2", value_2_prefix),
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
        sub_value: str | Sequence[str] | None = None,
        sub_value_prefix: str | None = None,
        value_1: str | Sequence[str] | None = None,
        value_1_prefix: str | None = None,
        value_2: str | Sequence[str] | None = None,
        value_2_prefix: str | None = None,
        external_id_prefix: str | None = None,
        space: str | Sequence[str] | None = None,
        filter: Filter | None = None,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> Iterator[Implementation1List]:
        """Stream pages of at most ``chunk_size``; each page's ``cursor`` resumes."""
        flt = self._build_filter(
            self._equals_or_in("mainValue", main_value),
            self._prefix("mainValue", main_value_prefix),
            self._equals_or_in("subValue", sub_value),
            self._prefix("subValue", sub_value_prefix),
            self._equals_or_in("value1", value_1),
            self._prefix("value1", value_1_prefix),
            self._equals_or_in("value2", value_2),
            self._prefix("value2", value_2_prefix),
            external_id_prefix=external_id_prefix,
            space=space,
            filter=filter,
        )
        return self._iterate(flt, chunk_size=chunk_size, limit=limit, cursor=cursor)

    def search(
        self,
        query: str | None = None,
        properties: Implementation1TextFields | Sequence[Implementation1TextFields] | None = None,
        *,
        main_value: str | Sequence[str] | None = None,
        main_value_prefix: str | None = None,
        sub_value: str | Sequence[str] | None = None,
        sub_value_prefix: str | None = None,
        value_1: str | Sequence[str] | None = None,
        value_1_prefix: str | None = None,
        value_2: str | Sequence[str] | None = None,
        value_2_prefix: str | None = None,
        external_id_prefix: str | None = None,
        space: str | Sequence[str] | None = None,
        filter: Filter | None = None,
        limit: int = DEFAULT_LIMIT,
    ) -> Implementation1List:
        """Free-text search in the text properties."""
        flt = self._build_filter(
            self._equals_or_in("mainValue", main_value),
            self._prefix("mainValue", main_value_prefix),
            self._equals_or_in("subValue", sub_value),
            self._prefix("subValue", sub_value_prefix),
            self._equals_or_in("value1", value_1),
            self._prefix("value1", value_1_prefix),
            self._equals_or_in("value2", value_2),
            self._prefix("value2", value_2_prefix),
            external_id_prefix=external_id_prefix,
            space=space,
            filter=filter,
        )
        return self._search(query, properties, flt, limit=limit)

    def aggregate(
        self,
        aggregate: Aggregation,
        property: Implementation1Fields | None = None,
        *,
        main_value: str | Sequence[str] | None = None,
        main_value_prefix: str | None = None,
        sub_value: str | Sequence[str] | None = None,
        sub_value_prefix: str | None = None,
        value_1: str | Sequence[str] | None = None,
        value_1_prefix: str | None = None,
        value_2: str | Sequence[str] | None = None,
        value_2_prefix: str | None = None,
        external_id_prefix: str | None = None,
        space: str | Sequence[str] | None = None,
        filter: Filter | None = None,
        group_by: Implementation1Fields | Sequence[Implementation1Fields] | None = None,
        query: str | None = None,
        limit: int = DEFAULT_LIMIT,
    ) -> AggregateResult:
        """Count, sum, avg, min or max of a property, optionally per group."""
        flt = self._build_filter(
            self._equals_or_in("mainValue", main_value),
            self._prefix("mainValue", main_value_prefix),
            self._equals_or_in("subValue", sub_value),
            self._prefix("subValue", sub_value_prefix),
            self._equals_or_in("value1", value_1),
            self._prefix("value1", value_1_prefix),
            self._equals_or_in("value2", value_2),
            self._prefix("value2", value_2_prefix),
            external_id_prefix=external_id_prefix,
            space=space,
            filter=filter,
        )
        return self._aggregate(aggregate, property, flt, group_by=group_by, query=query, limit=limit)

    def histogram(
        self,
        property: Implementation1Fields,
        interval: float,
        *,
        main_value: str | Sequence[str] | None = None,
        main_value_prefix: str | None = None,
        sub_value: str | Sequence[str] | None = None,
        sub_value_prefix: str | None = None,
        value_1: str | Sequence[str] | None = None,
        value_1_prefix: str | None = None,
        value_2: str | Sequence[str] | None = None,
        value_2_prefix: str | None = None,
        external_id_prefix: str | None = None,
        space: str | Sequence[str] | None = None,
        filter: Filter | None = None,
    ) -> builtins.list[HistogramBucket]:
        """Bucket counts of a numeric property."""
        flt = self._build_filter(
            self._equals_or_in("mainValue", main_value),
            self._prefix("mainValue", main_value_prefix),
            self._equals_or_in("subValue", sub_value),
            self._prefix("subValue", sub_value_prefix),
            self._equals_or_in("value1", value_1),
            self._prefix("value1", value_1_prefix),
            self._equals_or_in("value2", value_2),
            self._prefix("value2", value_2_prefix),
            external_id_prefix=external_id_prefix,
            space=space,
            filter=filter,
        )
        return self._histogram(property, interval, flt)
