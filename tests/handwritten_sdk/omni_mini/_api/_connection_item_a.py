"""API of the view sp_pygen_models:ConnectionItemA/1."""

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
    RetrieveConnections,
    SortDirection,
)
from ..data_classes._connection_item_a import (
    VIEW_ID,
    ConnectionItemA,
    ConnectionItemAFields,
    ConnectionItemAList,
    ConnectionItemATextFields,
)


class ConnectionItemAAPI(NodeAPI[ConnectionItemA, ConnectionItemAList]):
    """Query the view sp_pygen_models:ConnectionItemA/1."""

    _view_id = VIEW_ID
    _read_class = ConnectionItemA
    _list_class = ConnectionItemAList

    @overload
    def retrieve(
        self,
        external_id: str | NodeId | tuple[str, str],
        space: str | None = None,
        *,
        retrieve_connections: RetrieveConnections = "skip",
    ) -> ConnectionItemA | None: ...

    @overload
    def retrieve(
        self,
        external_id: builtins.list[str | NodeId | tuple[str, str]],
        space: str | None = None,
        *,
        retrieve_connections: RetrieveConnections = "skip",
    ) -> ConnectionItemAList: ...

    def retrieve(
        self,
        external_id: str | NodeId | tuple[str, str] | builtins.list[str | NodeId | tuple[str, str]],
        space: str | None = None,
        *,
        retrieve_connections: RetrieveConnections = "skip",
    ) -> ConnectionItemA | ConnectionItemAList | None:
        """Get by external id (in ``space`` or the default space); missing ids are left out."""
        return self._retrieve(external_id, space, retrieve_connections=retrieve_connections)

    def list(
        self,
        *,
        name: str | Sequence[str] | None = None,
        name_prefix: str | None = None,
        other_direct: str | NodeId | tuple[str, str] | Sequence[str | NodeId | tuple[str, str]] | None = None,
        properties_: str | Sequence[str] | None = None,
        properties_prefix: str | None = None,
        self_direct: str | NodeId | tuple[str, str] | Sequence[str | NodeId | tuple[str, str]] | None = None,
        external_id_prefix: str | None = None,
        space: str | Sequence[str] | None = None,
        filter: Filter | None = None,
        sort_by: ConnectionItemAFields | None = None,
        direction: SortDirection = "ascending",
        limit: int | None = DEFAULT_LIMIT,
        retrieve_connections: RetrieveConnections = "skip",
    ) -> ConnectionItemAList:
        """List ConnectionItemA matching the filters (``limit=None``: all)."""
        flt = self._build_filter(
            self._equals_or_in("name", name),
            self._prefix("name", name_prefix),
            self._direct("otherDirect", other_direct),
            self._equals_or_in("properties", properties_),
            self._prefix("properties", properties_prefix),
            self._direct("selfDirect", self_direct),
            external_id_prefix=external_id_prefix,
            space=space,
            filter=filter,
        )
        return self._list(
            flt, limit=limit, sort_by=sort_by, direction=direction, retrieve_connections=retrieve_connections
        )

    def iterate(
        self,
        chunk_size: int = 1000,
        *,
        name: str | Sequence[str] | None = None,
        name_prefix: str | None = None,
        other_direct: str | NodeId | tuple[str, str] | Sequence[str | NodeId | tuple[str, str]] | None = None,
        properties_: str | Sequence[str] | None = None,
        properties_prefix: str | None = None,
        self_direct: str | NodeId | tuple[str, str] | Sequence[str | NodeId | tuple[str, str]] | None = None,
        external_id_prefix: str | None = None,
        space: str | Sequence[str] | None = None,
        filter: Filter | None = None,
        limit: int | None = None,
        cursor: str | None = None,
        retrieve_connections: RetrieveConnections = "skip",
    ) -> Iterator[ConnectionItemAList]:
        """Stream pages of at most ``chunk_size``; each page's ``cursor`` resumes."""
        flt = self._build_filter(
            self._equals_or_in("name", name),
            self._prefix("name", name_prefix),
            self._direct("otherDirect", other_direct),
            self._equals_or_in("properties", properties_),
            self._prefix("properties", properties_prefix),
            self._direct("selfDirect", self_direct),
            external_id_prefix=external_id_prefix,
            space=space,
            filter=filter,
        )
        return self._iterate(
            flt, chunk_size=chunk_size, limit=limit, cursor=cursor, retrieve_connections=retrieve_connections
        )

    def search(
        self,
        query: str | None = None,
        properties: ConnectionItemATextFields | Sequence[ConnectionItemATextFields] | None = None,
        *,
        name: str | Sequence[str] | None = None,
        name_prefix: str | None = None,
        other_direct: str | NodeId | tuple[str, str] | Sequence[str | NodeId | tuple[str, str]] | None = None,
        properties_: str | Sequence[str] | None = None,
        properties_prefix: str | None = None,
        self_direct: str | NodeId | tuple[str, str] | Sequence[str | NodeId | tuple[str, str]] | None = None,
        external_id_prefix: str | None = None,
        space: str | Sequence[str] | None = None,
        filter: Filter | None = None,
        limit: int = DEFAULT_LIMIT,
    ) -> ConnectionItemAList:
        """Free-text search in the text properties."""
        flt = self._build_filter(
            self._equals_or_in("name", name),
            self._prefix("name", name_prefix),
            self._direct("otherDirect", other_direct),
            self._equals_or_in("properties", properties_),
            self._prefix("properties", properties_prefix),
            self._direct("selfDirect", self_direct),
            external_id_prefix=external_id_prefix,
            space=space,
            filter=filter,
        )
        return self._search(query, properties, flt, limit=limit)

    def aggregate(
        self,
        aggregate: Aggregation,
        property: ConnectionItemAFields | None = None,
        *,
        name: str | Sequence[str] | None = None,
        name_prefix: str | None = None,
        other_direct: str | NodeId | tuple[str, str] | Sequence[str | NodeId | tuple[str, str]] | None = None,
        properties_: str | Sequence[str] | None = None,
        properties_prefix: str | None = None,
        self_direct: str | NodeId | tuple[str, str] | Sequence[str | NodeId | tuple[str, str]] | None = None,
        external_id_prefix: str | None = None,
        space: str | Sequence[str] | None = None,
        filter: Filter | None = None,
        group_by: ConnectionItemAFields | Sequence[ConnectionItemAFields] | None = None,
        query: str | None = None,
        limit: int = DEFAULT_LIMIT,
    ) -> AggregateResult:
        """Count, sum, avg, min or max of a property, optionally per group."""
        flt = self._build_filter(
            self._equals_or_in("name", name),
            self._prefix("name", name_prefix),
            self._direct("otherDirect", other_direct),
            self._equals_or_in("properties", properties_),
            self._prefix("properties", properties_prefix),
            self._direct("selfDirect", self_direct),
            external_id_prefix=external_id_prefix,
            space=space,
            filter=filter,
        )
        return self._aggregate(aggregate, property, flt, group_by=group_by, query=query, limit=limit)

    def histogram(
        self,
        property: ConnectionItemAFields,
        interval: float,
        *,
        name: str | Sequence[str] | None = None,
        name_prefix: str | None = None,
        other_direct: str | NodeId | tuple[str, str] | Sequence[str | NodeId | tuple[str, str]] | None = None,
        properties_: str | Sequence[str] | None = None,
        properties_prefix: str | None = None,
        self_direct: str | NodeId | tuple[str, str] | Sequence[str | NodeId | tuple[str, str]] | None = None,
        external_id_prefix: str | None = None,
        space: str | Sequence[str] | None = None,
        filter: Filter | None = None,
    ) -> builtins.list[HistogramBucket]:
        """Bucket counts of a numeric property."""
        flt = self._build_filter(
            self._equals_or_in("name", name),
            self._prefix("name", name_prefix),
            self._direct("otherDirect", other_direct),
            self._equals_or_in("properties", properties_),
            self._prefix("properties", properties_prefix),
            self._direct("selfDirect", self_direct),
            external_id_prefix=external_id_prefix,
            space=space,
            filter=filter,
        )
        return self._histogram(property, interval, flt)
