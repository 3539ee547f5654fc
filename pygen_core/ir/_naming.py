"""The naming authority: the ONE place that turns CDF identifiers into language identifiers.

Casing is acronym-aware and idempotent (``CDFExternalReferences`` → class ``CDFExternalReferences``,
attribute ``cdf_external_references``; ``WindTurbine`` → ``wind_turbine``; digits stick to the word before
them: ``float32``). Unsafe results are made safe deterministically: a ``_`` suffix for reserved words, a
prefix for a leading digit, an ASCII fallback for unicode, a hash-based name for nothing usable.

The reserved sets are fixed tuples (not read from the running interpreter), so output does not depend on the
Python or pydantic version.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

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

RUNTIME_RESERVED_NAMES: tuple[str, ...] = (
    # instance fields and methods of the runtime's node/edge base classes
    "space", "external_id", "version", "created_time", "last_updated_time", "deleted_time", "type",
    "instance_type", "start_node", "end_node", "data_record", "existing_version", "as_write", "as_id",
    "dump", "load", "to_pandas",
    # API methods and their parameters
    "list", "iterate", "retrieve", "search", "aggregate", "histogram", "upsert", "delete", "limit", "filter",
    "sort", "sort_by", "sort_direction", "query", "properties", "retrieve_connections", "chunk_size",
    "cursor", "group_by", "external_id_prefix", "replace", "id", "ids",
)  # fmt: skip
"""The runtime's own names: generated attributes and API attributes must avoid them (codegen reads this)."""

GENERATED_MODULE_IMPORTS: tuple[str, ...] = (
    "Any", "Annotated", "ClassVar", "Literal", "Optional", "Sequence", "TYPE_CHECKING", "Union", "overload",
    "datetime", "date", "timezone", "Field", "BaseModel", "ConfigDict", "JsonValue", "annotations",
)  # fmt: skip
"""Names the generated modules import; no generated class or attribute may take them."""

CLIENT_RESERVED_NAMES: tuple[str, ...] = ("config", "default_space", "close", "upsert", "delete", "from_env")
"""Attributes of the generated client's base class: no view API attribute may take them."""

VIEW_CLASS_SUFFIXES: tuple[str, ...] = (
    "",
    "Write",
    "List",
    "WriteList",
    "Filter",
    "API",
    "Fields",
    "TextFields",
)
"""Suffixes of the per-view class names generated code may define; all are kept free of clashes."""

RESERVED_ATTRIBUTE_NAMES: frozenset[str] = frozenset(
    PYTHON_KEYWORDS
    + PYTHON_SOFT_KEYWORDS
    + PYTHON_BUILTINS
    + PYDANTIC_RESERVED_NAMES
    + RUNTIME_RESERVED_NAMES
    + GENERATED_MODULE_IMPORTS
)
"""Every name a generated attribute may not take (plus anything starting with ``model_``)."""

RESERVED_CLASS_NAMES: frozenset[str] = frozenset(PYTHON_KEYWORDS + PYTHON_BUILTINS + GENERATED_MODULE_IMPORTS)
"""Every name a generated class may not take."""

_WORD = re.compile(r"[A-Z]{2,}s(?![a-z])|[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+")


def _split_chunk(chunk: str) -> list[str]:
    words: list[str] = []
    for index, word in enumerate(_WORD.findall(chunk)):
        if index > 0 and (word.isdigit() or words[-1].isdigit()):
            words[-1] += word
        else:
            words.append(word)
    return words


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
                words.append(f"u{ord(char)}")
        else:
            buffer.append(" ")
    flush()
    return words


def to_snake(text: str) -> str:
    """snake_case of `text` (may be empty or start with a digit; see `python_attribute_name`)."""
    return "_".join(word.lower() for word in _ascii_words(text))


def _capitalize(word: str) -> str:
    """Upper-case the first letter (after any leading digits); acronyms stay as they are."""
    if word.isupper():
        return word
    for index, char in enumerate(word):
        if char.isalpha():
            return word[:index] + char.upper() + word[index + 1 :]
    return word


def to_pascal(text: str) -> str:
    """PascalCase of `text`, keeping acronyms (idempotent: ``to_pascal(to_pascal(x)) == to_pascal(x)``)."""
    return "".join(_capitalize(word) for word in _ascii_words(text))


def to_camel(text: str) -> str:
    """camelCase of `text` (for languages such as TypeScript)."""
    words = _ascii_words(text)
    if not words:
        return ""
    first = words[0] if words[0].isdigit() else words[0].lower()
    return first + "".join(_capitalize(w) for w in words[1:])


def _fallback(text: str) -> str:
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


@dataclass(frozen=True)
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
        base = f"{fallback_prefix}{_fallback(identifier)}"
        reasons.append("nothing usable is left")
    elif base[0].isdigit():
        base = f"{fallback_prefix}{base}"
        reasons.append("it starts with a digit")
    return base, reasons


def python_attribute_name(identifier: str) -> NameChoice:
    """The Python attribute name for a CDF property identifier (before per-view collision handling)."""
    base, reasons = _normalization(identifier, to_snake(identifier), "field_")
    if is_reserved_attribute(base):
        return NameChoice(_unreserve(base), "; ".join(reasons), _reserved_reason(base))
    return NameChoice(base, "; ".join(reasons))


def python_class_name(identifier: str) -> NameChoice:
    """The Python class name for a view external id (before cross-view collision handling)."""
    base, reasons = _normalization(identifier, to_pascal(identifier), "View")
    if base in RESERVED_CLASS_NAMES:
        return NameChoice(base + "_", "; ".join(reasons), _reserved_reason(base))
    return NameChoice(base, "; ".join(reasons))


def python_module_name(class_name: str) -> str:
    """The module (and API attribute) stem for a class name: snake_case, never a reserved word."""
    return _unreserve(to_snake(class_name))


def _unreserve(name: str) -> str:
    """Free a snake_case name: ``model_*`` gets a ``field_`` prefix, other reserved names a ``_`` suffix."""
    if name.startswith("model_"):
        name = f"field_{name}"
    while name in RESERVED_ATTRIBUTE_NAMES:
        name += "_"
    return name


def _reserved_reason(name: str) -> str:
    if name in PYTHON_KEYWORDS:
        return f"{name!r} is a Python keyword"
    if name in PYTHON_SOFT_KEYWORDS:
        return f"{name!r} is a Python soft keyword"
    if name in RUNTIME_RESERVED_NAMES:
        return f"{name!r} is used by the generated SDK's base classes or API methods"
    if name in GENERATED_MODULE_IMPORTS:
        return f"{name!r} is imported by the generated modules"
    if name in PYTHON_BUILTINS:
        return f"{name!r} would shadow a Python builtin"
    if name in PYDANTIC_RESERVED_NAMES:
        return f"{name!r} is a pydantic BaseModel attribute"
    return f"{name!r} is in pydantic's protected 'model_' namespace"


def python_enum_member_name(value: str) -> str:
    """A safe Python identifier for an enum value (snake_case, reserved words suffixed with ``_``)."""
    return python_attribute_name(value).name


def find_derived_collisions(
    names: Iterable[str], derive: Callable[[str], Iterable[str]], reserved: Iterable[str] = ()
) -> tuple[tuple[str, str, str], ...]:
    """Find generated names derived from attribute names that clash with another name.

    `derive` maps an attribute to its derivatives, e.g. ``lambda a: (f"min_{a}", f"max_{a}", f"{a}_prefix")``.
    Returns sorted ``(attribute, derived_name, clashes_with)`` triples, where `clashes_with` is another
    attribute, another attribute's derivative, or a `reserved` name.
    """
    attributes = sorted(set(names))
    owners: dict[str, list[str]] = {}
    for attribute in attributes:
        owners.setdefault(attribute, []).append(attribute)
    derived = {attribute: sorted(set(derive(attribute))) for attribute in attributes}
    for attribute, items in derived.items():
        for item in items:
            owners.setdefault(item, []).append(attribute)
    reserved_set = set(reserved)
    clashes: set[tuple[str, str, str]] = set()
    for attribute, items in derived.items():
        for item in items:
            if item in reserved_set:
                clashes.add((attribute, item, item))
            for other in owners[item]:
                if other != attribute:
                    clashes.add((attribute, item, other))
    return tuple(sorted(clashes))
