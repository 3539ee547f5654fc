"""The naming authority: the ONE place that turns CDF identifiers into language identifiers.

Casing is acronym-aware and idempotent (``CDFExternalReferences`` → class ``CDFExternalReferences``,
attribute ``cdf_external_references``; ``WindTurbine`` → ``wind_turbine``). A number starts a word, with
the letters that belong to it: ``float32`` → ``float_32``, ``object3D`` → ``object_3d``,
``Cognite3DModel`` → ``cognite_3d_model``, ``my2ndValue`` → ``my_2nd_value``. Unsafe results are made
safe deterministically: a ``_`` suffix for reserved words, a prefix for a leading digit, an ASCII fallback
for unicode, a hash-based name for nothing usable.

The reserved sets are fixed tuples (not read from the running interpreter), so output does not depend on the
Python or pydantic version.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata

from .._records import record

PYTHON_KEYWORDS: tuple[str, ...] = (
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def",
    "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda",
    "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
)  # fmt: skip
"""Python hard keywords."""

PYTHON_SOFT_KEYWORDS: tuple[str, ...] = ("_", "case", "match", "type")
"""Python soft keywords (3.10 to 3.13)."""

PYTHON_BUILTINS: tuple[str, ...] = (
    "ArithmeticError", "AssertionError", "AttributeError", "BaseException", "BaseExceptionGroup",
    "BlockingIOError", "BrokenPipeError", "BufferError", "BytesWarning", "ChildProcessError",
    "ConnectionAbortedError", "ConnectionError", "ConnectionRefusedError", "ConnectionResetError",
    "DeprecationWarning", "EOFError", "Ellipsis", "EncodingWarning", "EnvironmentError", "Exception",
    "ExceptionGroup", "FileExistsError", "FileNotFoundError", "FloatingPointError", "FutureWarning",
    "GeneratorExit", "IOError", "ImportError", "ImportWarning", "IndentationError", "IndexError",
    "InterruptedError", "IsADirectoryError", "KeyError", "KeyboardInterrupt", "LookupError", "MemoryError",
    "ModuleNotFoundError", "NameError", "NotADirectoryError", "NotImplemented", "NotImplementedError",
    "OSError", "OverflowError", "PendingDeprecationWarning", "PermissionError", "ProcessLookupError",
    "PythonFinalizationError", "RecursionError", "ReferenceError", "ResourceWarning", "RuntimeError",
    "RuntimeWarning", "StopAsyncIteration", "StopIteration", "SyntaxError", "SyntaxWarning", "SystemError",
    "SystemExit", "TabError", "TimeoutError", "TypeError", "UnboundLocalError", "UnicodeDecodeError",
    "UnicodeEncodeError", "UnicodeError", "UnicodeTranslateError", "UnicodeWarning", "UserWarning",
    "ValueError", "Warning", "ZeroDivisionError", "abs", "aiter", "all", "anext", "any", "ascii", "bin",
    "bool", "breakpoint", "bytearray", "bytes", "callable", "chr", "classmethod", "compile", "complex",
    "copyright", "credits", "delattr", "dict", "dir", "divmod", "enumerate", "eval", "exec", "exit", "filter",
    "float", "format", "frozenset", "getattr", "globals", "hasattr", "hash", "help", "hex", "id", "input",
    "int", "isinstance", "issubclass", "iter", "len", "license", "list", "locals", "map", "max", "memoryview",
    "min", "next", "object", "oct", "open", "ord", "pow", "print", "property", "quit", "range", "repr",
    "reversed", "round", "set", "setattr", "slice", "sorted", "staticmethod", "str", "sum", "super", "tuple",
    "type", "vars", "zip",
)  # fmt: skip
"""Names in `builtins` (Python 3.10 to 3.13) that a generated name must not shadow."""

PYDANTIC_RESERVED_NAMES: tuple[str, ...] = (
    "construct", "copy", "dict", "from_orm", "json", "model_computed_fields", "model_config",
    "model_construct", "model_copy", "model_dump", "model_dump_json", "model_extra", "model_fields",
    "model_fields_set", "model_json_schema", "model_parametrized_name", "model_post_init", "model_rebuild",
    "model_validate", "model_validate_json", "model_validate_strings", "parse_file", "parse_obj", "parse_raw",
    "schema", "schema_json", "update_forward_refs", "validate",
)  # fmt: skip
"""Public attributes of pydantic's BaseModel; every ``model_*`` name is reserved as well."""

INSTANCE_ATTRIBUTE_NAMES: tuple[str, ...] = (
    # fields and methods of the runtime's NodeRead/NodeWrite/EdgeRead/EdgeWrite and their lists
    "space", "external_id", "version", "created_time", "last_updated_time", "deleted_time", "node_type",
    "edge_type", "start_node", "end_node", "existing_version", "as_id", "as_write", "dump", "load",
    "to_row", "to_pandas",
    # top-level keys of an instance's DMS JSON (read classes also accept fields by name)
    "instance_type", "properties", "type",
    # the predecessor's instance attributes, kept free so old code fails loudly instead of meaning other data
    "data_record",
)  # fmt: skip
"""What generated read/write classes inherit; no property attribute may take these names.
(``tests/ir`` checks this against the runtime classes themselves.)"""

API_PARAMETER_NAMES: tuple[str, ...] = (
    "self", "external_id", "space", "external_id_prefix", "filter", "start_node", "end_node", "sort_by",
    "direction", "limit", "retrieve_connections", "chunk_size", "cursor", "query", "properties", "aggregate",
    "property", "group_by", "interval",
)  # fmt: skip
"""Parameters of the generated API methods and the runtime's base filter keywords: no property filter
keyword may take these names. (``tests/codegen`` checks this against the generated signatures.)"""

CLIENT_ATTRIBUTE_NAMES: tuple[str, ...] = (
    "config", "default_space", "close", "upsert", "delete", "from_env", "from_toml", "http", "query", "sync",
    "connect", "device_login", "from_cognite_client",
)  # fmt: skip
"""Attributes of the generated client's base class: no view API attribute may take them.
(``tests/ir`` checks this against the runtime's ``InstanceClient``.)"""

GENERATED_MODULE_NAMES: tuple[str, ...] = (
    "annotations", "datetime", "Iterator", "Sequence", "TYPE_CHECKING", "ClassVar", "Literal", "TypedDict",
    "rt", "VIEW_ID", "DEFAULT_INSTANCE_SPACE", "Any", "importlib", "builtins", "overload",
)  # fmt: skip
"""Names the generated modules bind besides their classes (imports, constants): no generated class or
attribute may take them. (``tests/codegen`` checks this against the generated modules.)"""

SDK_RUNTIME_EXPORTS: tuple[str, ...] = (
    "CDFAPIError", "CDFAuthError", "CDFConnectionError", "CDFError", "ClientConfig", "Datapoints",
    "DeleteError", "DeleteResult", "EdgeId", "FileRef", "Filter", "NodeId", "NodeIdLike", "NodeRef",
    "OAuthClientCredentials", "OAuthDeviceCode", "PartialFailureError", "SequenceRef", "Sort",
    "TimeSeriesRef", "Token", "UpsertError", "UpsertResult", "ViewId",
)  # fmt: skip
"""Runtime names every generated SDK re-exports at its top level (codegen reads this list): no generated
class may take them."""

VIEW_CLASS_SUFFIXES: tuple[str, ...] = (
    "", "Write", "List", "WriteList", "Filter", "FilterArgs", "API", "Fields", "TextFields", "Select",
)  # fmt: skip
"""Suffixes of the per-view names generated code defines; all are kept free of clashes."""

FILTER_CLASS_NAMES: tuple[str, ...] = ("has_data", "instance_references", "match_all")
"""Methods of the runtime's ``NodeFilters``/``EdgeFilters``, the bases of ``<View>Filter`` (whose attributes
are the view's properties); their other attributes (``external_id``, ``node_type``) are reserved above."""

RESERVED_ATTRIBUTE_NAMES: frozenset[str] = frozenset(
    PYTHON_KEYWORDS
    + PYTHON_SOFT_KEYWORDS
    + PYTHON_BUILTINS
    + PYDANTIC_RESERVED_NAMES
    + INSTANCE_ATTRIBUTE_NAMES
    + GENERATED_MODULE_NAMES
    + FILTER_CLASS_NAMES
)
"""Every name a generated attribute may not take (plus anything starting with ``model_``)."""

RESERVED_KEYWORD_NAMES: frozenset[str] = frozenset(API_PARAMETER_NAMES) | RESERVED_ATTRIBUTE_NAMES
"""Every name a filter keyword may not take."""

RESERVED_CLASS_NAMES: frozenset[str] = frozenset(
    PYTHON_KEYWORDS + PYTHON_BUILTINS + GENERATED_MODULE_NAMES + SDK_RUNTIME_EXPORTS
)
"""Every name a generated class may not take."""

_WORD = re.compile(
    r"[0-9]+(?:[a-z]+|[A-Z]+(?=[A-Z][a-z]|[^A-Za-z0-9]|$))?"  # a number, with "nd" (2nd) or "D" (3DModel)
    r"|[A-Z]{2,}s(?![a-z])"  # a plural acronym: URLs
    r"|[A-Z]+(?=[A-Z][a-z])"  # an acronym before a word: HTTPServer
    r"|[A-Z]?[a-z]+"
    r"|[A-Z]+"
)


def _split_chunk(chunk: str) -> list[str]:
    return _WORD.findall(chunk)


def _ascii_words(text: str) -> list[str]:
    """Split any text into ASCII words (acronym-aware; digits stick to the word before them).

    Unicode is NFKC-normalised, accents dropped, other non-ASCII letters become ``u<code point>`` words.
    """
    words: list[str] = []
    buffer: list[str] = []

    def flush() -> None:
        for chunk in "".join(buffer).split():
            words.extend(_split_chunk(chunk))
        buffer.clear()

    for char in unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text)):
        if char.isascii():
            buffer.append(char if char.isalnum() else " ")
        elif unicodedata.combining(char):
            continue
        elif char.isalnum():
            folded = char.casefold()
            if folded.isascii() and folded.isalnum():
                buffer.append(folded)
            else:
                flush()
                words.extend(("u", str(ord(char))))
        else:
            buffer.append(" ")
    flush()
    return words


@functools.lru_cache(maxsize=65536)
def to_snake(text: str) -> str:
    """snake_case of `text` (may be empty or start with a digit; see `python_attribute_name`)."""
    return "_".join(word.lower() for word in _ascii_words(text))


def _capitalize(word: str) -> str:
    """Upper-case the first letter; acronyms and words that start with a digit (3D, 2nd) stay as they are."""
    if word.isupper() or word[:1].isdigit():
        return word
    return word[:1].upper() + word[1:]


@functools.lru_cache(maxsize=65536)
def to_pascal(text: str) -> str:
    """PascalCase of `text`, keeping acronyms (idempotent: ``to_pascal(to_pascal(x)) == to_pascal(x)``)."""
    return "".join(_capitalize(word) for word in _ascii_words(text))


@functools.lru_cache(maxsize=65536)
def to_camel(text: str) -> str:
    """camelCase of `text` (for languages such as TypeScript)."""
    words = _ascii_words(text)
    if not words:
        return ""
    first = words[0] if words[0].isdigit() else words[0].lower()
    return first + "".join(_capitalize(w) for w in words[1:])


def fallback_name(text: str) -> str:
    """Eight hex digits of the text's hash: a stable name for text with nothing usable in it."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:8]


def is_reserved_attribute(name: str) -> bool:
    """True if a generated attribute may not be called `name`."""
    return name in RESERVED_ATTRIBUTE_NAMES or name.startswith("model_")


def is_valid_python_identifier(name: str) -> bool:
    """An ASCII identifier that is not a keyword and does not start with an underscore."""
    return (
        name.isascii()
        and name.isidentifier()
        and not name.startswith("_")
        and name not in PYTHON_KEYWORDS
        and name not in PYTHON_SOFT_KEYWORDS
    )


@record(frozen=True)
class NameChoice:
    """A chosen identifier and why it differs from plain casing (both reasons empty: plain casing)."""

    name: str
    normalized: str = ""
    """Why characters changed (unicode, invalid characters, leading digit, nothing left); or empty."""
    reserved: str = ""
    """Why a reserved word was renamed; empty if not."""


def _normalization(identifier: str, base: str, fallback_prefix: str) -> tuple[str, list[str]]:
    reasons: list[str] = []
    if not re.fullmatch(r"[A-Za-z0-9_]*", identifier) or identifier.startswith("_"):
        reasons.append("it has characters a Python identifier cannot hold")
    if not base:
        base = f"{fallback_prefix}{fallback_name(identifier)}"
        reasons.append("nothing usable is left")
    elif base[0].isdigit():
        base = f"{fallback_prefix}{base}"
        reasons.append("it starts with a digit")
    return base, reasons


def python_attribute_name(identifier: str) -> NameChoice:
    """The Python attribute name for a CDF property identifier (before per-view collision handling)."""
    base, reasons = _normalization(identifier, to_snake(identifier), "field_")
    if is_reserved_attribute(base):
        return NameChoice(_unreserve(base), "; ".join(reasons), reserved_reason(base))
    return NameChoice(base, "; ".join(reasons))


def python_class_name(identifier: str) -> NameChoice:
    """The Python class name for a view external id (before cross-view collision handling)."""
    base, reasons = _normalization(identifier, to_pascal(identifier), "View")
    if base in RESERVED_CLASS_NAMES:
        return NameChoice(base + "_", "; ".join(reasons), reserved_reason(base))
    return NameChoice(base, "; ".join(reasons))


def python_module_name(class_name: str) -> str:
    """The module stem for a view's class name (snake_case; the module itself is ``_<stem>.py``)."""
    return to_snake(class_name)


_API_ATTRIBUTE_RESERVED = frozenset(
    PYTHON_KEYWORDS + PYTHON_SOFT_KEYWORDS + PYTHON_BUILTINS + CLIENT_ATTRIBUTE_NAMES
)


def python_api_attribute(class_name: str) -> NameChoice:
    """The client attribute of a view's API: snake_case of the class name, never a client attribute."""
    name = to_snake(class_name)
    if name not in _API_ATTRIBUTE_RESERVED:
        return NameChoice(name)
    reason = (
        f"{name!r} is an attribute of the SDK's client"
        if name in CLIENT_ATTRIBUTE_NAMES
        else reserved_reason(name)
    )
    while name in _API_ATTRIBUTE_RESERVED:
        name += "_"
    return NameChoice(name, reserved=reason)


def _unreserve(name: str) -> str:
    """Free a snake_case name: ``model_*`` gets a ``field_`` prefix, other reserved names a ``_`` suffix."""
    if name.startswith("model_"):
        name = f"field_{name}"
    while name in RESERVED_ATTRIBUTE_NAMES:
        name += "_"
    return name


def reserved_reason(name: str) -> str:
    """Why a generated name may not be ``name`` (for findings)."""
    if name in PYTHON_KEYWORDS:
        return f"{name!r} is a Python keyword"
    if name in PYTHON_SOFT_KEYWORDS:
        return f"{name!r} is a Python soft keyword"
    if name in INSTANCE_ATTRIBUTE_NAMES:
        return f"{name!r} is an attribute of the SDK's node and edge classes"
    if name in API_PARAMETER_NAMES:
        return f"{name!r} is a parameter of the SDK's list, search and aggregate methods"
    if name in GENERATED_MODULE_NAMES:
        return f"{name!r} is a name the generated modules use"
    if name in SDK_RUNTIME_EXPORTS:
        return f"{name!r} is a runtime name the SDK exports"
    if name in PYTHON_BUILTINS:
        return f"{name!r} would shadow a Python builtin"
    if name in PYDANTIC_RESERVED_NAMES:
        return f"{name!r} is a pydantic BaseModel attribute"
    if name in FILTER_CLASS_NAMES:
        return f"{name!r} is a method of the SDK's filter classes"
    return f"{name!r} is in pydantic's protected 'model_' namespace"


def python_enum_member_name(value: str) -> str:
    """A safe Python identifier for an enum value (snake_case, reserved words suffixed with ``_``)."""
    return python_attribute_name(value).name


def python_keyword_name(op: str, attribute: str) -> str:
    """The filter keyword for filter operation ``op`` on the attribute ``attribute`` (before clash handling).

    Equality-like operations use the attribute itself; ``min``/``max`` prefix it; ``prefix``/``exists``
    suffix it, without the attribute's trailing ``_`` (``json_`` → ``json_exists``).
    """
    stem = attribute.rstrip("_") or attribute
    if op in ("min", "max"):
        return f"{op}_{attribute}"
    if op in ("prefix", "exists"):
        return f"{stem}_{op}"
    return attribute


def free_keyword(name: str, taken: set[str]) -> str:
    """``name``, or ``name`` with ``_`` appended until it is neither taken nor reserved for keywords."""
    while name in taken or name in RESERVED_KEYWORD_NAMES or name.startswith("model_"):
        name += "_"
    return name


def keyword_reason(name: str, taken: set[str]) -> str:
    """Why the keyword ``name`` cannot be used as it is."""
    if name in taken:
        return f"{name!r} is another filter keyword of the view"
    return reserved_reason(name)
