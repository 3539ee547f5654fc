"""The naming authority's TypeScript rules: camelCase members, PascalCase types, reserved names.

Members (properties of read/write interfaces, spec tables and filter builders) are only ever property keys,
never bindings: ES2015+ allows reserved words there (``item.default``), so a member keeps its CDF identifier
when that is a plain identifier, and only names the runtime or JavaScript objects give meaning to are
renamed (with a ``_`` suffix). Types and constants are bindings: reserved words, the global types generated
code uses and every name the runtime exports are kept free. The sets are fixed tuples (``tests/ir`` checks
the runtime's exports against ``pygen_core/codegen/typescript/runtime/index.ts``).
"""

from __future__ import annotations

import re

from ._naming import NameChoice, fallback_name, to_camel, to_pascal

TYPESCRIPT_RESERVED_WORDS: tuple[str, ...] = (
    "await", "break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete", "do",
    "else", "enum", "export", "extends", "false", "finally", "for", "function", "if", "implements", "import",
    "in", "instanceof", "interface", "let", "new", "null", "package", "private", "protected", "public",
    "return", "static", "super", "switch", "this", "throw", "true", "try", "typeof", "var", "void", "while",
    "with", "yield",
    # type names a declaration may not take
    "any", "bigint", "boolean", "never", "number", "object", "string", "symbol", "undefined", "unknown",
)  # fmt: skip
"""ECMAScript reserved words (strict mode, modules) and TypeScript's predefined type names."""

TYPESCRIPT_GLOBAL_TYPES: tuple[str, ...] = (
    "AbortSignal", "Array", "BigInt", "Boolean", "Date", "Error", "Function", "JSON", "Map", "Math", "Number",
    "Object", "Omit", "Partial", "Pick", "Promise", "Readonly", "ReadonlyArray", "Record", "Required", "Set",
    "String", "Symbol",
)  # fmt: skip
"""Global types and values generated code uses or users rely on: a view must not shadow them (a view called
``Date`` would change what every timestamp member means in the modules that import it)."""

TS_RUNTIME_EXPORTS: tuple[str, ...] = (
    "AggregateGroup", "AggregateOptions", "AggregateResult", "Aggregation", "BoolProp", "CDFError",
    "ClientConfig", "ClientOptions", "ClientSettings", "CommonOptions", "ConnectionSpec", "Credentials",
    "DEFAULT_LIMIT", "DateProp", "DateString", "DeleteResult", "DirectProp", "EdgeConnectionSpec", "EdgeId",
    "EdgeRead", "EdgeWrite", "Env", "ErrorKind", "FailedItem", "Filter", "FilterJSON", "FilterOp",
    "FilterSpec", "HTTPHooks", "HTTPStats", "HistogramBucket", "InstanceClient", "InstanceId",
    "InstanceResult", "InstanceType", "IterateOptions", "JSONProp", "ListOptions", "ListProp", "NodeId",
    "NodeRead", "NodeRef", "NodeWrite", "NumberProp", "OAuthClientCredentials", "OAuthOptions", "Page",
    "PropertyKind", "PropertyRef", "PropertySpec", "RangeBounds", "RequestOptions", "RetrieveConnections",
    "RetrieveOptions", "ReverseConnectionSpec", "SearchOptions", "SortDirection", "TextProp", "TimestampProp",
    "Token", "UpsertOptions", "UpsertResult", "ViewAPI", "ViewId", "ViewSpec", "WriteOptions", "WriteStatus",
)  # fmt: skip
"""Everything ``src/_runtime/index.ts`` exports (the package's index re-exports all of it)."""

TS_GENERATED_NAMES: tuple[str, ...] = ("DEFAULT_INSTANCE_SPACE",)
"""Constants generated modules define besides the per-view names."""

TS_INSTANCE_MEMBER_NAMES: tuple[str, ...] = (
    "instanceType", "space", "externalId", "version", "createdTime", "lastUpdatedTime", "deletedTime",
    "nodeType", "edgeType", "startNode", "endNode", "existingVersion",
)  # fmt: skip
"""Members of the runtime's NodeRead/NodeWrite/EdgeRead/EdgeWrite: no property member may take them."""

TS_OPTION_NAMES: tuple[str, ...] = (
    "limit", "sortBy", "direction", "cursor", "chunkSize", "retrieveConnections", "externalIdPrefix",
    "filter", "signal", "properties", "property", "groupBy", "query", "space", "startNode", "endNode",
)  # fmt: skip
"""Options of the per-view methods; filter keywords share one options object with them."""

OBJECT_MEMBER_NAMES: tuple[str, ...] = (
    "__proto__", "__defineGetter__", "__defineSetter__", "__lookupGetter__", "__lookupSetter__",
    "constructor", "hasOwnProperty", "isPrototypeOf", "propertyIsEnumerable", "toJSON", "toLocaleString",
    "toString", "valueOf",
)  # fmt: skip
"""Names every JavaScript object answers to (``__proto__`` in an object literal even sets the prototype;
``toJSON`` steers ``JSON.stringify``): read objects, spec tables and options objects never hold them."""

TS_CLIENT_MEMBER_NAMES: tuple[str, ...] = (
    "config", "defaultSpace", "http", "limiters", "fromEnv", "upsertItems", "deleteIds", "delete",
    "upsert", "prototype",
)  # fmt: skip
"""Members of the runtime's ``InstanceClient``: no view API member may take them."""

TS_VIEW_NAME_SUFFIXES: tuple[str, ...] = (
    "", "Write", "Filters", "Fields", "TextFields", "View", "Filter", "API",
)  # fmt: skip
"""Suffixes of the per-view names generated TypeScript defines; all are kept free of clashes."""

TS_RESERVED_MEMBER_NAMES: frozenset[str] = frozenset(
    TS_INSTANCE_MEMBER_NAMES + TS_OPTION_NAMES + OBJECT_MEMBER_NAMES
)
"""Every name a property member may not take."""

TS_RESERVED_KEYWORD_NAMES: frozenset[str] = TS_RESERVED_MEMBER_NAMES
"""Every name a filter keyword may not take."""

TS_RESERVED_TYPE_NAMES: frozenset[str] = frozenset(
    TYPESCRIPT_RESERVED_WORDS + TYPESCRIPT_GLOBAL_TYPES + TS_RUNTIME_EXPORTS + TS_GENERATED_NAMES
)
"""Every name a generated type or constant may not take."""

TS_RESERVED_CLIENT_MEMBERS: frozenset[str] = frozenset(TS_CLIENT_MEMBER_NAMES + OBJECT_MEMBER_NAMES)
"""Every name a view API member of the client may not take."""

_IDENTIFIER = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
_WORD_CHARACTERS = re.compile(r"[A-Za-z0-9_]*")


def is_valid_ts_member(name: str) -> bool:
    """An ASCII identifier starting with a letter (reserved words are fine as members: property keys)."""
    return bool(_IDENTIFIER.fullmatch(name))


def is_valid_ts_identifier(name: str) -> bool:
    """An ASCII identifier starting with a letter (no ``$``, no leading ``_``) that is not a reserved word."""
    return bool(_IDENTIFIER.fullmatch(name)) and name not in TYPESCRIPT_RESERVED_WORDS


def _normalized(identifier: str, base: str, prefix: str) -> tuple[str, list[str]]:
    reasons: list[str] = []
    if not _WORD_CHARACTERS.fullmatch(identifier) or identifier.startswith("_"):
        reasons.append("it has characters a TypeScript identifier cannot hold")
    if not base:
        base = f"{prefix}{fallback_name(identifier)}"
        reasons.append("nothing usable is left")
    elif base[0].isdigit():
        base = f"{prefix}{base}"
        reasons.append("it starts with a digit")
    return base, reasons


def ts_member_name(identifier: str) -> NameChoice:
    """The TypeScript member for a CDF property identifier (the identifier itself when it is a plain one)."""
    if _IDENTIFIER.fullmatch(identifier):
        base, reasons = identifier, list[str]()
    else:
        base, reasons = _normalized(identifier, to_camel(identifier), "field")
    if base in TS_RESERVED_MEMBER_NAMES:
        reason = _member_reason(base)
        while base in TS_RESERVED_MEMBER_NAMES:
            base += "_"
        return NameChoice(base, "; ".join(reasons), reason)
    return NameChoice(base, "; ".join(reasons))


def ts_type_name(identifier: str) -> NameChoice:
    """The TypeScript type name for a view external id (before cross-view collision handling)."""
    base, reasons = _normalized(identifier, to_pascal(identifier), "View")
    if base in TS_RESERVED_TYPE_NAMES:
        return NameChoice(base + "_", "; ".join(reasons), _type_reason(base))
    return NameChoice(base, "; ".join(reasons))


def ts_module_name(type_name: str) -> str:
    """The file stem of a view's module (``src/views/<stem>.ts``): camelCase of its type name."""
    return to_camel(type_name) or type_name


def ts_client_member(type_name: str) -> NameChoice:
    """The client member of a view's API: camelCase of the type name, never a member of the client."""
    name = ts_module_name(type_name)
    if name not in TS_RESERVED_CLIENT_MEMBERS:
        return NameChoice(name)
    reason = (
        f"{name!r} is a member of the SDK's client"
        if name in TS_CLIENT_MEMBER_NAMES
        else f"{name!r} is a member of every JavaScript object"
    )
    while name in TS_RESERVED_CLIENT_MEMBERS:
        name += "_"
    return NameChoice(name, reserved=reason)


def ts_keyword_name(op: str, member: str) -> str:
    """The filter keyword for ``op`` on ``member`` (before clash handling): ``x``, ``minX``/``maxX``,
    ``xPrefix``, ``xExists`` (without the member's trailing ``_``)."""
    stem = member.rstrip("_") or member
    if op in ("min", "max"):
        return op + member[:1].upper() + member[1:]
    if op == "prefix":
        return f"{stem}Prefix"
    if op == "exists":
        return f"{stem}Exists"
    return member


def ts_free_keyword(name: str, taken: set[str]) -> str:
    """``name``, or ``name`` with ``_`` appended until it is neither taken nor reserved for keywords."""
    while name in taken or name in TS_RESERVED_KEYWORD_NAMES:
        name += "_"
    return name


def ts_keyword_reason(name: str, taken: set[str]) -> str:
    """Why the keyword ``name`` cannot be used as it is."""
    if name in taken:
        return f"{name!r} is another filter keyword of the view"
    return _member_reason(name)


def _member_reason(name: str) -> str:
    if name in TS_INSTANCE_MEMBER_NAMES:
        return f"{name!r} is a member of the SDK's node and edge objects"
    if name in TS_OPTION_NAMES:
        return f"{name!r} is an option of the SDK's list, search and aggregate methods"
    return f"{name!r} is a member of every JavaScript object"


def _type_reason(name: str) -> str:
    if name in TYPESCRIPT_RESERVED_WORDS:
        return f"{name!r} is a TypeScript reserved word"
    if name in TS_RUNTIME_EXPORTS:
        return f"{name!r} is a runtime name the SDK exports"
    if name in TS_GENERATED_NAMES:
        return f"{name!r} is a name the generated modules use"
    return f"{name!r} would shadow a global TypeScript type"
