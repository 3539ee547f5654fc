"""THE table of how cognite-pygen 1.x's generated API maps to ours, for ``pygen migrate code``.

Only data lives here; ``_code.py`` applies it. A :class:`Change` with ``new`` set is mechanical (``--fix``
applies it); ``new=None`` means a person decides, guided by ``advice``. Per-view names (classes, client
attributes, fields, filter keywords) are not listed: they come from the snapshot (``_names.py``).

Placeholders in ``advice``: ``{client}`` (the client class), ``{package}`` (the SDK package).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

__all__ = [
    "API_METHODS",
    "CLASS_SUFFIXES",
    "CLIENT_METHODS",
    "COGNITE_SDK_NAMES",
    "DATA_RECORD_ATTRIBUTES",
    "EXTERNAL_CALLS",
    "FIELD_VALUE_KEYWORDS",
    "ITEM_ATTRIBUTES",
    "KEYWORDS",
    "KEYWORD_VALUES",
    "LIST_ATTRIBUTES",
    "METHOD_KEYWORDS",
    "MODULES",
    "PACKAGE_NAMES",
    "POSITIONAL",
    "UPSERT_RESULT_ATTRIBUTES",
    "Change",
]


@dataclass(frozen=True)
class Change:
    """How a predecessor API element maps to ours: ``new`` is a mechanical replacement, None: manual."""

    new: str | None
    advice: str = ""


def _table(entries: dict[str, Change]) -> Mapping[str, Change]:
    return MappingProxyType(entries)


_FROM_ENV = (
    "{client}.from_env() reads CDF_CLUSTER (or CDF_URL), CDF_PROJECT, IDP_TENANT_ID (or IDP_TOKEN_URL), "
    "IDP_CLIENT_ID, IDP_CLIENT_SECRET; or {client}(ClientConfig(cluster=..., project=..., "
    "credentials=OAuthClientCredentials(...))) with ClientConfig from {package}"
)
_FLAT = "the package exports every class, the client and the ids: from {package} import ..."
_SELECT = (
    "the select() query builder is gone: filter with list(<keywords>) or list(filter=<View>Filter....), load "
    "connections with retrieve_connections='full' (a new query builder, .select().where(...).traverse(...)"
    ".list(), is planned)"
)

CLIENT_METHODS: Mapping[str, Change] = _table(
    {
        "apply": Change("upsert", "apply() was renamed upsert()"),
        "graphql_query": Change(
            None,
            "no GraphQL in the new SDK: use client.<view>.list/retrieve(..., retrieve_connections='full')",
        ),
        "from_toml": Change(
            None,
            "{client}.from_toml(path) reads the environment variables' keys (CDF_PROJECT, CDF_CLUSTER, "
            "IDP_TENANT_ID, IDP_CLIENT_ID; [cognite] table or top level) and never a secret: move "
            "client_secret to the IDP_CLIENT_SECRET environment variable",
        ),
        "azure_project": Change(
            None,
            "azure_project() is gone: {client}.connect(project, OAuthClientCredentials(...), "
            f"cluster=...), or {_FROM_ENV}",
        ),
    }
)
"""Methods of the client (``client.<name>(...)``, or class methods ``<Client>.<name>(...)``)."""

API_METHODS: Mapping[str, Change] = _table(
    {
        "select": Change(None, _SELECT),
        "query": Change(None, _SELECT),
        "apply": Change(None, "per-view apply() is gone: client.upsert(items)"),
        "delete": Change(None, "per-view delete() is gone: client.delete(ids)"),
    }
)
"""Methods of a view's API (``client.<view>.<name>(...)``) that have no like-named counterpart."""

POSITIONAL: Mapping[str, tuple[tuple[str, ...], int]] = MappingProxyType(
    {
        "retrieve": (("external_id", "space", "retrieve_connections"), 2),
        "search": (("query", "properties"), 2),
        "aggregate": (("aggregate", "group_by", "property", "query", "search_property"), 1),
        "histogram": (("property", "interval", "query", "search_property"), 2),
        "iterate": (("chunk_size",), 1),
        "list": ((), 0),
    }
)
"""Per API method: the predecessor's leading positional parameters, and how many of them ours still takes in
the same place. Later positional arguments become keywords (``aggregate("count", "name")`` →
``aggregate("count", group_by="name")``); positional filter arguments past these need a person."""

KEYWORDS: Mapping[tuple[str, str], Change] = MappingProxyType(
    {
        ("*", "retrieve_edges"): Change(
            "retrieve_connections", "retrieve_edges=True/False is retrieve_connections='identifier'/'skip'"
        ),
        ("list", "sort"): Change(
            None, "InstanceSort objects are not accepted: sort_by='<field>', direction=..."
        ),
        ("search", "sort"): Change(None, "search() does not sort: sort the result"),
        ("search", "sort_by"): Change(None, "search() does not sort: sort the result"),
        ("search", "direction"): Change(None, "search() does not sort: sort the result"),
        ("aggregate", "search_property"): Change(
            None, "search_property is gone: query= searches every text field"
        ),
        ("histogram", "query"): Change(None, "histogram() takes no search query: narrow it with filters"),
        ("histogram", "search_property"): Change(
            None, "histogram() takes no search query: narrow it with filters"
        ),
        ("histogram", "limit"): Change(None, "histogram() takes no limit"),
        ("iterate", "cursors"): Change(
            None, "iterate(cursors={...}) is iterate(cursor=<str>): a page's .cursor resumes the iteration"
        ),
        ("upsert", "allow_version_increase"): Change(
            None,
            "allow_version_increase is gone: writes overwrite unless a write object sets existing_version",
        ),
    }
)
"""``(method, keyword)`` → change; method ``"*"`` matches every API method."""

KEYWORD_VALUES: Mapping[tuple[str, str], Mapping[object, str]] = MappingProxyType(
    {("*", "retrieve_edges"): MappingProxyType({True: '"identifier"', False: '"skip"'})}
)
"""Literal values a renamed keyword takes (anything else needs a person)."""

FIELD_VALUE_KEYWORDS: tuple[str, ...] = ("sort_by", "property", "group_by", "properties", "search_property")
"""API keywords whose string values name fields: renamed fields are renamed in them too."""

ITEM_ATTRIBUTES: Mapping[str, Change] = _table(
    {
        "as_apply": Change("as_write", "as_apply() was renamed as_write()"),
        "as_direct_reference": Change("as_id", "a NodeId serves wherever a node reference goes"),
        "data_record": Change(
            None,
            "data_record is gone: version, created_time and last_updated_time are attributes of the object",
        ),
        "as_read": Change(None, "as_read() is gone: retrieve the object to get its read form"),
        "to_instances_write": Change(None, "client.upsert() takes write objects directly"),
        "to_instances_apply": Change(None, "client.upsert() takes write objects directly"),
        "as_tuple_id": Change(None, "as_tuple_id() is gone: (item.space, item.external_id), or item.as_id()"),
        "external_id_factory": Change(None, "external_id_factory is gone: set external_id explicitly"),
    }
)
"""Attributes and methods of a read or write object."""

DATA_RECORD_ATTRIBUTES: Mapping[str, Change] = _table(
    {
        "version": Change("version", "data_record.version is .version"),
        "created_time": Change("created_time", "data_record.created_time is .created_time"),
        "last_updated_time": Change(
            "last_updated_time", "data_record.last_updated_time is .last_updated_time"
        ),
        "existing_version": Change("existing_version", "data_record.existing_version is .existing_version"),
        "deleted_time": Change(None, "deleted_time is gone: the SDK returns no soft-deleted instances"),
    }
)
"""``<item>.data_record.<name>`` → ``<item>.<new>``."""

LIST_ATTRIBUTES: Mapping[str, Change] = _table(
    {
        "as_node_ids": Change("as_ids", "as_node_ids() was renamed as_ids()"),
        "as_edge_ids": Change("as_ids", "as_edge_ids() was renamed as_ids()"),
        "as_external_ids": Change(None, "as_external_ids() is gone: [item.external_id for item in items]"),
        "data_records": Change(
            None, "data_records is gone: read version/created_time/last_updated_time per item"
        ),
        "to_instances_write": Change(None, "client.upsert() takes the write objects directly"),
        "cursors": Change(None, "a page's .cursors dict is .cursor (a string): iterate(cursor=page.cursor)"),
    }
)
"""Attributes and methods of a list of objects (what list/search/retrieve returned)."""

METHOD_KEYWORDS: Mapping[tuple[str, str], Change] = MappingProxyType(
    {
        ("to_pandas", "dropna_columns"): Change(
            None, "to_pandas() has no dropna_columns: df.dropna(axis=1, how='all') on the result"
        ),
        ("dump", "by_alias"): Change(None, "dump() always writes the wire (camelCase) form"),
    }
)
"""``(method, keyword)`` on objects and lists."""

UPSERT_RESULT_ATTRIBUTES: Mapping[str, Change] = _table(
    {
        "nodes": Change(
            None,
            "upsert() returns UpsertResult: .items (id, version, status), .created, .updated, .unchanged",
        ),
        "edges": Change(
            None,
            "upsert() returns UpsertResult: .items (id, version, status), .created, .updated, .unchanged",
        ),
        "time_series": Change(None, "the new SDK writes no time series, files or sequences: use cognite-sdk"),
        "files": Change(None, "the new SDK writes no time series, files or sequences: use cognite-sdk"),
        "sequences": Change(None, "the new SDK writes no time series, files or sequences: use cognite-sdk"),
    }
)
"""Attributes of what ``client.upsert()`` returned."""

MODULES: Mapping[str, Change] = _table(
    {
        "": Change(""),
        "data_classes": Change("", _FLAT),
        "data_classes._*": Change("", _FLAT),
        "_api_client": Change("", _FLAT),
        "data_classes._core": Change(None, "the predecessor's internals: see the names imported from it"),
        "data_classes._core.*": Change(None, "the predecessor's internals have no counterpart"),
        "_api": Change(None, "API classes are internal: use client.<view>"),
        "_api.*": Change(None, "API classes are internal: use client.<view>"),
        "config": Change(
            None,
            "global_config is gone: reads are always validated and tolerate new properties; no select depth",
        ),
    }
)
"""Submodules of the generated package (relative, ``""`` is the package) → where their names are now (``""``:
the package itself, which exports every class); ``x.*`` matches submodules of x, ``x._*`` private ones. The
most specific pattern wins."""

PACKAGE_NAMES: Mapping[str, Change] = _table(
    {
        "DomainModel": Change(None, "no shared base class is exported: use the view classes (or a union)"),
        "DomainModelWrite": Change(
            None, "no shared base class is exported: use the write classes (or a union)"
        ),
        "DomainModelList": Change(None, "no shared base class is exported: use the list classes"),
        "DomainModelWriteList": Change(None, "write lists are plain lists: list[<View>Write]"),
        "DomainModelCore": Change(None, "no shared base class is exported"),
        "DomainRelation": Change(None, "edge views have read classes of their own; plain edges are NodeIds"),
        "DomainRelationWrite": Change(None, "edge views have write classes of their own"),
        "ResourcesWrite": Change(None, "client.upsert() takes write objects directly"),
        "ResourcesWriteResult": Change(None, "client.upsert() returns UpsertResult"),
        "DataRecord": Change(
            None, "version, created_time and last_updated_time are attributes of each object"
        ),
        "DataRecordWrite": Change(None, "existing_version is an attribute of each write object"),
        "DataRecordGraphQL": Change(None, "no GraphQL in the new SDK"),
        "GraphQLCore": Change(None, "no GraphQL in the new SDK"),
        "GraphQLList": Change(None, "no GraphQL in the new SDK"),
        "PageInfo": Change(None, "no GraphQL in the new SDK"),
        "DEFAULT_INSTANCE_SPACE": Change(None, "the client's default space is client.default_space"),
        "global_config": Change(None, "global_config is gone: reads are always validated"),
    }
)
"""Names the predecessor's package exported besides the view classes and the client."""

_FIELDS = (
    '<View>Fields and <View>TextFields are not exported: pass field names as strings (sort_by="name"); '
    "the methods' signatures still check them"
)
CLASS_SUFFIXES: Mapping[str, Change] = _table(
    {
        "": Change(""),
        "Write": Change("Write"),
        "Apply": Change("Write", "<View>Apply classes are <View>Write"),
        "List": Change("List"),
        "Fields": Change(None, _FIELDS),
        "TextFields": Change(None, _FIELDS),
        "WriteList": Change(None, "write lists are plain lists: list[<View>Write]"),
        "ApplyList": Change(None, "write lists are plain lists: list[<View>Write]"),
        "GraphQL": Change(None, "no GraphQL in the new SDK"),
    }
)
"""Per-view class name suffixes (longest match first) → ours."""

EXTERNAL_CALLS: Mapping[str, Change] = _table(
    {
        "cognite.pygen.generate_sdk_notebook": Change(
            None,
            "no notebook generation: install the project's wheel (the hook builds the SDK) in the notebook",
        ),
        "cognite.pygen.generate_sdk": Change(
            None, "the build hook generates the SDK (or: pygen generate --snapshot FILE --package NAME)"
        ),
        "cognite.pygen.load_cognite_client_from_toml": Change(
            None, f"the SDK needs no CogniteClient: {_FROM_ENV}"
        ),
        "cognite.pygen.utils.cdf.load_cognite_client_from_toml": Change(
            None, f"the SDK needs no CogniteClient: {_FROM_ENV}"
        ),
        "cognite.client.CogniteClient.default_oauth_interactive": Change(
            None,
            "interactive login is a device-code login: {client}.device_login(project, client_id, "
            "cluster=..., tenant_id=...), or LOGIN_FLOW=device_code with {client}.from_env()",
        ),
    }
)
"""Calls outside the generated package, by qualified name, that only served the predecessor's SDK."""

COGNITE_SDK_NAMES: Mapping[str, Change] = _table(
    {
        "NodeId": Change(None, "the SDK takes its own ids: from {package} import NodeId"),
        "EdgeId": Change(None, "the SDK takes its own ids: from {package} import EdgeId"),
        "ViewId": Change(None, "the SDK takes its own ids: from {package} import ViewId"),
        "DirectRelationReference": Change(None, "the SDK takes its own ids: from {package} import NodeId"),
        "filters": Change(
            None, "filter= takes the SDK's filters: <View>Filter.<field>.equals(...) and friends"
        ),
    }
)
"""cognite-sdk data-modeling names (``cognite.client...<name>``) flagged in files that use the SDK."""
