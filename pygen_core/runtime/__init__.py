"""What generated SDKs stand on: config, credentials, the HTTP client, errors, and the SDK layer.

This package is copied verbatim into every generated SDK, so it imports only the standard library, httpx and
pydantic, and only relatively within itself.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._config import ClientConfig
from ._credentials import Credentials, OAuthClientCredentials, Token
from ._errors import (
    CDFAPIError,
    CDFAuthError,
    CDFConnectionError,
    CDFError,
    ConfigError,
)
from ._http import HTTPClient, HTTPStats

if TYPE_CHECKING:
    from ._aggregates import Aggregates, Aggregation
    from ._api import DEFAULT_LIMIT, EdgeAPI, NodeAPI, RetrieveConnections
    from ._client import InstanceClient
    from ._connections import (
        Connection,
        DirectRelation,
        EdgeConnection,
        ReverseDirectRelation,
    )
    from ._datapoints import Datapoint, Datapoints
    from ._device import OAuthDeviceCode
    from ._edges import Edge, EdgeConnectionAPI
    from ._files import SequenceRows
    from ._filters import (
        And,
        BoolProp,
        DateProp,
        DirectProp,
        Filter,
        FloatProp,
        IntProp,
        JSONProp,
        ListProp,
        Not,
        Or,
        RawFilter,
        TextProp,
        TimestampProp,
        contains_all,
        contains_any,
        equals,
        exists,
        has_data,
        in_,
        instance_references,
        match_all,
        nested,
        overlaps,
        prefix,
        range_,
    )
    from ._ids import EdgeId, NodeId, NodeIdLike, NodeRef, ViewId
    from ._instances import (
        EdgeList,
        EdgeRead,
        EdgeWrite,
        NodeList,
        NodeRead,
        NodeWrite,
        ViewProperties,
        WritableEdgeList,
        WritableNodeList,
    )
    from ._lazy import LazyRef, Ref
    from ._namespaces import ModelNamespace
    from ._references import (
        FileContent,
        FileNode,
        FileRef,
        SequenceRef,
        TimeSeriesData,
        TimeSeriesNode,
        TimeSeriesRef,
    )
    from ._results import (
        AggregateGroup,
        AggregateResult,
        DeleteError,
        DeleteResult,
        FailedItem,
        HistogramBucket,
        InstanceResult,
        PartialFailureError,
        UpsertError,
        UpsertResult,
    )
    from ._select import EdgeSelect, NodeSelect, RootT
    from ._setup import CogniteSdkCredentials
    from ._sorting import Sort, SortBy, SortDirection
    from ._spec import ConfigDict, FilterOp, ViewSpec
    from ._sync import SyncChanges, SyncResult
    from ._typing import JsonValue, Unpack
    from ._view_filters import EdgeFilters, NodeFilters
    from ._where import EdgeFilterArgs, NodeFilterArgs
    from ._wire import EdgeWriteList, NodeWriteList

__all__ = [
    "DEFAULT_LIMIT",
    "AggregateGroup",
    "AggregateResult",
    "Aggregates",
    "Aggregation",
    "And",
    "BoolProp",
    "CDFAPIError",
    "CDFAuthError",
    "CDFConnectionError",
    "CDFError",
    "ClientConfig",
    "CogniteSdkCredentials",
    "ConfigDict",
    "ConfigError",
    "Connection",
    "Credentials",
    "Datapoint",
    "Datapoints",
    "DateProp",
    "DeleteError",
    "DeleteResult",
    "DirectProp",
    "DirectRelation",
    "Edge",
    "EdgeAPI",
    "EdgeConnection",
    "EdgeConnectionAPI",
    "EdgeFilterArgs",
    "EdgeFilters",
    "EdgeId",
    "EdgeList",
    "EdgeRead",
    "EdgeSelect",
    "EdgeWrite",
    "EdgeWriteList",
    "FailedItem",
    "FileContent",
    "FileNode",
    "FileRef",
    "Filter",
    "FilterOp",
    "FloatProp",
    "HTTPClient",
    "HTTPStats",
    "HistogramBucket",
    "InstanceClient",
    "InstanceResult",
    "IntProp",
    "JSONProp",
    "JsonValue",
    "LazyRef",
    "ListProp",
    "ModelNamespace",
    "NodeAPI",
    "NodeFilterArgs",
    "NodeFilters",
    "NodeId",
    "NodeIdLike",
    "NodeList",
    "NodeRead",
    "NodeRef",
    "NodeSelect",
    "NodeWrite",
    "NodeWriteList",
    "Not",
    "OAuthClientCredentials",
    "OAuthDeviceCode",
    "Or",
    "PartialFailureError",
    "RawFilter",
    "Ref",
    "RetrieveConnections",
    "ReverseDirectRelation",
    "RootT",
    "SequenceRef",
    "SequenceRows",
    "Sort",
    "SortBy",
    "SortDirection",
    "SyncChanges",
    "SyncResult",
    "TextProp",
    "TimeSeriesData",
    "TimeSeriesNode",
    "TimeSeriesRef",
    "TimestampProp",
    "Token",
    "Unpack",
    "UpsertError",
    "UpsertResult",
    "ViewId",
    "ViewProperties",
    "ViewSpec",
    "WritableEdgeList",
    "WritableNodeList",
    "contains_all",
    "contains_any",
    "equals",
    "exists",
    "has_data",
    "in_",
    "instance_references",
    "match_all",
    "nested",
    "overlaps",
    "prefix",
    "range_",
]

# The SDK layer is imported on first use, so that importing a generated client stays cheap.
_LAZY: dict[str, str] = {
    "AggregateGroup": "._results",
    "AggregateResult": "._results",
    "Aggregates": "._aggregates",
    "Aggregation": "._aggregates",
    "And": "._filters",
    "BoolProp": "._filters",
    "CogniteSdkCredentials": "._setup",
    "ConfigDict": "._spec",
    "Connection": "._connections",
    "DEFAULT_LIMIT": "._api",
    "Datapoint": "._datapoints",
    "Datapoints": "._datapoints",
    "DateProp": "._filters",
    "DeleteError": "._results",
    "DeleteResult": "._results",
    "DirectProp": "._filters",
    "DirectRelation": "._connections",
    "Edge": "._edges",
    "EdgeAPI": "._api",
    "EdgeConnection": "._connections",
    "EdgeConnectionAPI": "._edges",
    "EdgeFilterArgs": "._where",
    "EdgeFilters": "._view_filters",
    "EdgeId": "._ids",
    "EdgeList": "._instances",
    "EdgeRead": "._instances",
    "EdgeSelect": "._select",
    "EdgeWrite": "._instances",
    "EdgeWriteList": "._wire",
    "FailedItem": "._results",
    "FileContent": "._references",
    "FileNode": "._references",
    "FileRef": "._references",
    "Filter": "._filters",
    "FilterOp": "._spec",
    "FloatProp": "._filters",
    "HistogramBucket": "._results",
    "InstanceClient": "._client",
    "InstanceResult": "._results",
    "IntProp": "._filters",
    "JSONProp": "._filters",
    "JsonValue": "._typing",
    "LazyRef": "._lazy",
    "ListProp": "._filters",
    "ModelNamespace": "._namespaces",
    "NodeAPI": "._api",
    "NodeFilterArgs": "._where",
    "NodeFilters": "._view_filters",
    "NodeId": "._ids",
    "NodeIdLike": "._ids",
    "NodeList": "._instances",
    "NodeRead": "._instances",
    "NodeRef": "._ids",
    "NodeSelect": "._select",
    "NodeWrite": "._instances",
    "NodeWriteList": "._wire",
    "Not": "._filters",
    "OAuthDeviceCode": "._device",
    "Or": "._filters",
    "PartialFailureError": "._results",
    "RawFilter": "._filters",
    "Ref": "._lazy",
    "RetrieveConnections": "._api",
    "ReverseDirectRelation": "._connections",
    "RootT": "._select",
    "SequenceRef": "._references",
    "SequenceRows": "._files",
    "Sort": "._sorting",
    "SortBy": "._sorting",
    "SortDirection": "._sorting",
    "SyncChanges": "._sync",
    "SyncResult": "._sync",
    "TextProp": "._filters",
    "TimeSeriesData": "._references",
    "TimeSeriesNode": "._references",
    "TimeSeriesRef": "._references",
    "TimestampProp": "._filters",
    "Unpack": "._typing",
    "UpsertError": "._results",
    "UpsertResult": "._results",
    "ViewId": "._ids",
    "ViewProperties": "._instances",
    "ViewSpec": "._spec",
    "WritableEdgeList": "._instances",
    "WritableNodeList": "._instances",
    "contains_all": "._filters",
    "contains_any": "._filters",
    "equals": "._filters",
    "exists": "._filters",
    "has_data": "._filters",
    "in_": "._filters",
    "instance_references": "._filters",
    "match_all": "._filters",
    "nested": "._filters",
    "overlaps": "._filters",
    "prefix": "._filters",
    "range_": "._filters",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
