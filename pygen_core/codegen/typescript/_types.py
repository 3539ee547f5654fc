"""Type specs of generated TypeScript and the documents prettier prints them with.

A union is hugged (``Date | null``) or split with leading ``|``; type arguments stay inline around one simple
type, else break one per line; ``readonly T[]``, intersections and parenthesised unions follow prettier's
``printUnionType`` / ``printTypeParameters``. ``flat_type`` is the same text printed flat, built directly.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import count

from ..._records import record
from ._doc import LINE, SOFTLINE, Align, Doc, Group, IfBreak, Indent, IndentIfBreak, join
from ._escape import check_identifier, ts_string

__all__ = [
    "NULL",
    "TArray",
    "TIntersection",
    "TKeyword",
    "TLiteral",
    "TObject",
    "TReadonly",
    "TRef",
    "TType",
    "TUnion",
    "TypeParam",
    "flat_type",
    "hugs",
    "new_id",
    "type_args_doc",
    "type_doc",
    "type_params_doc",
]


@record(frozen=True)
class TKeyword:
    """A predefined type: ``string``, ``number``, ``unknown``, ``null``, ..."""

    name: str


NULL = TKeyword("null")


@record(frozen=True)
class TRef:
    """A named type, with type arguments."""

    name: str
    args: tuple[TType, ...] = ()


@record(frozen=True)
class TLiteral:
    """A string literal type."""

    value: str


@record(frozen=True)
class TUnion:
    """``A | B | C``."""

    types: tuple[TType, ...]


@record(frozen=True)
class TArray:
    """``T[]``."""

    element: TType


@record(frozen=True)
class TIntersection:
    """``A & B``."""

    types: tuple[TType, ...]


@record(frozen=True)
class TObject:
    """The empty object type ``{}``."""


@record(frozen=True)
class TReadonly:
    """``readonly T[]``."""

    array: TArray


TType = TKeyword | TRef | TLiteral | TUnion | TArray | TIntersection | TObject | TReadonly


def _is_simple(node: TType) -> bool:
    return isinstance(node, (TKeyword, TLiteral)) or (isinstance(node, TRef) and not node.args)


def hugs(union: TUnion) -> bool:
    """prettier's ``shouldHugUnionType``: one object-like type (a reference) and only nulls besides."""
    objects = [t for t in union.types if isinstance(t, (TRef, TObject))]
    return len(objects) == 1 and all(t is objects[0] or t == NULL for t in union.types)


def _union_parts(union: TUnion) -> Doc:
    parts: list[Doc] = []
    for index, member in enumerate(union.types):
        bar: Doc = IfBreak("| ") if index == 0 else [LINE, "| "]
        parts.append([bar, Align(2, type_doc(member, "union"))])
    return Group(parts)


def type_doc(node: TType, context: str = "annotation") -> Doc:
    """The doc of a type in ``context``: ``annotation`` (members, declarations), ``args`` (type
    arguments), ``alias`` (a type alias's value), ``array`` (an element), ``union``, ``intersection``."""
    if isinstance(node, TKeyword):
        return node.name
    if isinstance(node, TLiteral):
        return ts_string(node.value)
    if isinstance(node, TObject):
        return Group("{}")
    if isinstance(node, TRef):
        return [check_identifier(node.name), type_args_doc(node.args)]
    if isinstance(node, TArray):
        return [type_doc(node.element, "array"), "[]"]
    if isinstance(node, TReadonly):
        return ["readonly ", type_doc(node.array)]
    if isinstance(node, TIntersection):
        doc: Doc = Group(join(" & ", [type_doc(t, "intersection") for t in node.types]))
        return ["(", doc, ")"] if context in ("union", "array") else doc
    if hugs(node):
        return join(" | ", [type_doc(t, "union") for t in node.types])
    printed = _union_parts(node)
    if context in ("array", "union", "intersection"):
        return ["(", Group([Indent([SOFTLINE, printed]), SOFTLINE]), ")"]
    if context in ("args", "alias"):
        return printed
    return Group(Indent([SOFTLINE, printed]))


def type_args_doc(args: Sequence[TType]) -> Doc:
    if not args:
        return ""
    if len(args) == 1 and (_is_simple(args[0]) or (isinstance(args[0], TUnion) and hugs(args[0]))):
        return ["<", type_doc(args[0], "args"), ">"]
    return Group(
        ["<", Indent([SOFTLINE, join([",", LINE], [type_doc(a, "args") for a in args])]), SOFTLINE, ">"]
    )


def flat_type(node: TType, context: str = "annotation") -> str:
    """The text of ``type_doc(node, context)`` printed flat (built directly: no doc, no printer)."""
    kind = type(node)
    if kind is TKeyword:
        return node.name  # type: ignore[union-attr]
    if kind is TLiteral:
        return ts_string(node.value)  # type: ignore[union-attr]
    if kind is TObject:
        return "{}"
    if kind is TRef:
        ref: TRef = node  # type: ignore[assignment]
        name = check_identifier(ref.name)
        return f"{name}<{', '.join(flat_type(a, 'args') for a in ref.args)}>" if ref.args else name
    if kind is TArray:
        return flat_type(node.element, "array") + "[]"  # type: ignore[union-attr]
    if kind is TReadonly:
        return "readonly " + flat_type(node.array)  # type: ignore[union-attr]
    if kind is TIntersection:
        text = " & ".join(flat_type(t, "intersection") for t in node.types)  # type: ignore[union-attr]
        return f"({text})" if context in ("union", "array") else text
    union: TUnion = node  # type: ignore[assignment]
    text = " | ".join(flat_type(t, "union") for t in union.types)
    if not hugs(union) and context in ("array", "union", "intersection"):
        return f"({text})"
    return text


@record(frozen=True)
class TypeParam:
    """``S extends C = D`` in a type parameter list."""

    name: str
    constraint: TType | None = None
    default: TType | None = None


def type_params_doc(params: Sequence[TypeParam]) -> Doc:
    if not params:
        return ""
    printed: list[Doc] = []
    for param in params:
        parts: list[Doc] = [check_identifier(param.name)]
        for word, value in ((" extends", param.constraint), (" =", param.default)):
            if value is not None:
                group_id = new_id()
                parts += [word, Group(Indent(LINE), id=group_id), IndentIfBreak(type_doc(value), group_id)]
        printed.append(Group(parts))
    return Group(["<", Indent([SOFTLINE, join([",", LINE], printed)]), IfBreak(","), SOFTLINE, ">"])


_IDS = count()


def new_id() -> int:
    return next(_IDS)
