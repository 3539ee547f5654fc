"""The TypeScript generated code is made of: typed specs, turned into the documents prettier builds for them.

Each function here mirrors one of prettier's printers (``src/language-js/print/*.js``) for the shapes the
emitter produces — unions (hugged or split with leading ``|``), type arguments, interfaces, type aliases and
``const`` declarations (prettier's assignment layouts: break-after-operator, never-break-after-operator,
fluid), object and array literals, ``new`` calls, arrow functions, imports and exports — so that
``print_doc`` lays them out byte for byte as ``prettier --print-width 120`` would. Names are checked
identifiers and strings are escaped literals (``_escape.py``); nothing here takes raw model text.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence

from ..._records import record
from ._doc import (
    HARDLINE,
    LINE,
    SOFTLINE,
    Doc,
    Group,
    IfBreak,
    Indent,
    IndentIfBreak,
    Lazy,
    join,
    print_doc,
)
from ._escape import check_identifier, check_member, ts_string
from ._types import (
    NULL,
    TArray,
    TIntersection,
    TKeyword,
    TLiteral,
    TObject,
    TReadonly,
    TRef,
    TType,
    TUnion,
    TypeParam,
    flat_type,
    hugs,
    new_id,
    type_args_doc,
    type_doc,
    type_params_doc,
)

__all__ = [
    "NULL",
    "Const",
    "Declaration",
    "Interface",
    "Member",
    "TArray",
    "TIntersection",
    "TKeyword",
    "TLiteral",
    "TObject",
    "TReadonly",
    "TRef",
    "TUnion",
    "TypeAlias",
    "TypeParam",
    "XArray",
    "XArrow",
    "XBool",
    "XIdent",
    "XMember",
    "XNew",
    "XObject",
    "XString",
    "class_property",
    "comment",
    "declaration",
    "export_all",
    "export_names",
    "import_decl",
    "jsdoc",
    "references",
    "render",
]

# -- types ------------------------------------------------------------------------------------------------


# -- expressions ------------------------------------------------------------------------------------------


@record(frozen=True)
class XString:
    """A string literal."""

    value: str


@record(frozen=True)
class XBool:
    """``true`` or ``false``."""

    value: bool


@record(frozen=True)
class XIdent:
    """An identifier (or ``this``/``null``)."""

    name: str


@record(frozen=True)
class XMember:
    """``object.property``."""

    object: str
    property: str


@record(frozen=True)
class XArrow:
    """``() => body`` (a thunk returning an identifier)."""

    body: str


@record(frozen=True)
class XNew:
    """``new Callee<TypeArgs>(args)``."""

    callee: str
    args: tuple[Expr, ...]
    type_args: tuple[TType, ...] = ()


@record(frozen=True)
class XArray:
    """An array literal."""

    items: tuple[Expr, ...]


@record(frozen=True)
class XObject:
    """An object literal; ``expanded`` keeps it on several lines (as prettier keeps an object written so)."""

    properties: tuple[tuple[str, Expr], ...]
    expanded: bool = False
    as_const: bool = False


Expr = XString | XBool | XIdent | XMember | XArrow | XNew | XArray | XObject


def _expr(node: Expr) -> Doc:
    if isinstance(node, XString):
        return ts_string(node.value)
    if isinstance(node, XBool):
        return "true" if node.value else "false"
    if isinstance(node, XIdent):
        return check_identifier(node.name)
    if isinstance(node, XMember):
        return [check_identifier(node.object), ".", check_member(node.property)]
    if isinstance(node, XArrow):
        return Group([Group(Group(["(", ")"])), " =>", Group(Indent([LINE, check_identifier(node.body)]))])
    if isinstance(node, XNew):
        return ["new ", check_identifier(node.callee), type_args_doc(node.type_args), _call_args(node.args)]
    if isinstance(node, XArray):
        if not node.items:
            return Group(["[", "]"])
        items = join([",", LINE], [Group(_expr(item)) for item in node.items])
        return Group(["[", Indent([SOFTLINE, items, IfBreak(",")]), SOFTLINE, "]"])
    doc: Doc
    if not node.properties:
        doc = Group(["{", "}"])
    else:
        members = join([",", LINE], [_property(key, value) for key, value in node.properties])
        doc = Group(["{", Indent([LINE, members]), IfBreak(","), LINE, "}"], should_break=node.expanded)
    return [doc, " as const"] if node.as_const else doc


def flat_expr(node: Expr) -> str | None:
    """The text of ``_expr(node)`` printed flat, or None when it cannot be flat (an expanded object)."""
    kind = type(node)
    if kind is XString:
        return ts_string(node.value)  # type: ignore[union-attr]
    if kind is XBool:
        return "true" if node.value else "false"  # type: ignore[union-attr]
    if kind is XIdent:
        return check_identifier(node.name)  # type: ignore[union-attr]
    if kind is XMember:
        return f"{check_identifier(node.object)}.{check_member(node.property)}"  # type: ignore[union-attr]
    if kind is XArrow:
        return f"() => {check_identifier(node.body)}"  # type: ignore[union-attr]
    if kind is XNew:
        new: XNew = node  # type: ignore[assignment]
        args = [flat_expr(a) for a in new.args]
        if any(a is None for a in args):
            return None
        type_args = f"<{', '.join(flat_type(t, 'args') for t in new.type_args)}>" if new.type_args else ""
        return f"new {check_identifier(new.callee)}{type_args}({', '.join(args)})"  # type: ignore[arg-type]
    if kind is XArray:
        items = [flat_expr(i) for i in node.items]  # type: ignore[union-attr]
        return None if any(i is None for i in items) else f"[{', '.join(items)}]"  # type: ignore[arg-type]
    obj: XObject = node  # type: ignore[assignment]
    if obj.expanded and obj.properties:
        return None
    parts = []
    for key, value in obj.properties:
        text = flat_expr(value)
        if text is None:
            return None
        parts.append(f"{check_member(key)}: {text}")
    body = f"{{ {', '.join(parts)} }}" if parts else "{}"
    return body + " as const" if obj.as_const else body


def _call_args(args: Sequence[Expr]) -> Doc:
    if not args:
        return "()"
    return Group(
        ["(", Indent([SOFTLINE, join([",", LINE], [_expr(a) for a in args])]), IfBreak(","), SOFTLINE, ")"]
    )


def _property(key: str, value: Expr) -> Doc:
    """``key: value`` as prettier's ``printAssignment`` lays out an object property."""
    flat = flat_expr(value)
    if flat is None:
        return _property_group(key, value)
    return Lazy(f"{check_member(key)}: {flat}", lambda: _property_group(key, value))


def _property_group(key: str, value: Expr) -> Group:
    key_doc = Group(check_member(key))
    short_key = len(key) < 5  # tabWidth (2) + MIN_OVERLAP_FOR_BREAK (3)
    if isinstance(value, XString) and not short_key:
        return Group([key_doc, ":", Group(Indent([LINE, _expr(value)]))])
    if short_key or isinstance(value, XBool):
        return Group([key_doc, ":", " ", _expr(value)])
    return _fluid(key_doc, ":", _expr(value))


def _fluid(left: Doc, operator: str, right: Doc) -> Group:
    group_id = new_id()
    return Group([Group(left), operator, Group(Indent(LINE), id=group_id), IndentIfBreak(right, group_id)])


# -- declarations -----------------------------------------------------------------------------------------


def comment(lines: Sequence[str]) -> Doc:
    """A ``/** ... */`` comment of already escaped lines (``comment_lines``); one line stays on one line."""
    if len(lines) == 1:
        return f"/** {lines[0]} */"
    body: list[Doc] = ["/**", HARDLINE]
    for line in lines:
        body += [f" * {line}".rstrip(), HARDLINE]
    return [*body, " */"]


def jsdoc(lines: Sequence[str]) -> Doc:
    """``comment(lines)`` and a line break: the comment of the declaration that follows."""
    return [comment(lines), HARDLINE]


def import_decl(names: Sequence[tuple[str, bool]], source: str) -> Doc:
    """``import { a, type B } from "source";`` (``import type`` when every name is a type)."""
    type_only = all(is_type for _, is_type in names)
    printed = [
        check_identifier(n) if type_only or not is_type else f"type {check_identifier(n)}"
        for n, is_type in names
    ]
    head = "import type " if type_only else "import "
    if len(printed) == 1:
        specifiers: Doc = ["{ ", printed[0], " }"]
    else:
        specifiers = Lazy(
            "{ " + ", ".join(printed) + " }",
            lambda: Group(["{", Indent([LINE, join([",", LINE], printed)]), IfBreak(","), LINE, "}"]),
        )
    return [head, specifiers, " from ", ts_string(source), ";"]


def export_names(names: Sequence[str], source: str) -> Doc:
    """``export { a } from "source";``."""
    printed = [check_identifier(n) for n in names]
    if len(printed) == 1:
        specifiers: Doc = ["{ ", printed[0], " }"]
    else:
        specifiers = Group(["{", Indent([LINE, join([",", LINE], printed)]), IfBreak(","), LINE, "}"])
    return ["export ", specifiers, " from ", ts_string(source), ";"]


def export_all(source: str) -> Doc:
    """``export * from "source";``."""
    return ["export * from ", ts_string(source), ";"]


@record(frozen=True)
class Member:
    """One member of an interface: ``name?: type;`` with its doc comment lines."""

    name: str
    type: TType
    optional: bool = True
    doc: tuple[str, ...] = ()


@record(frozen=True)
class Interface:
    """``export interface Name<P> extends Base { ... }``: members one per line."""

    name: str
    members: tuple[Member, ...]
    extends: TRef | None = None
    type_params: tuple[TypeParam, ...] = ()


@record(frozen=True)
class TypeAlias:
    """``export type Name = value;``."""

    name: str
    value: TType


@record(frozen=True)
class Const:
    """``export const name: annotation = value;``."""

    name: str
    value: Expr
    annotation: TType | None = None


Declaration = Interface | TypeAlias | Const


def declaration(decl: Declaration) -> Doc:
    """The doc of a declaration."""
    if isinstance(decl, Interface):
        return _interface(decl)
    if isinstance(decl, TypeAlias):
        return _type_alias(decl.name, decl.value)
    return _const(decl.name, decl.value, decl.annotation)


def references(node: Declaration | TType | Expr | TypeParam | Member) -> Iterator[tuple[str, bool]]:
    """Every name ``node`` refers to, with whether it is used as a type only (for imports)."""
    stack: list[object] = [node]
    while stack:
        item = stack.pop()
        kind = type(item)
        if kind is TRef:
            yield item.name, True  # type: ignore[attr-defined]
            stack.extend(item.args)  # type: ignore[attr-defined]
        elif kind is TUnion or kind is TIntersection:
            stack.extend(item.types)  # type: ignore[attr-defined]
        elif kind is TArray:
            stack.append(item.element)  # type: ignore[attr-defined]
        elif kind is TReadonly:
            stack.append(item.array)  # type: ignore[attr-defined]
        elif kind is XArrow:
            yield item.body, False  # type: ignore[attr-defined]
        elif kind is XMember:
            yield item.object, False  # type: ignore[attr-defined]
        elif kind is XNew:
            yield item.callee, False  # type: ignore[attr-defined]
            stack.extend(item.type_args)  # type: ignore[attr-defined]
            stack.extend(item.args)  # type: ignore[attr-defined]
        elif kind is XArray:
            stack.extend(item.items)  # type: ignore[attr-defined]
        elif kind is XObject:
            stack.extend(value for _, value in item.properties)  # type: ignore[attr-defined]
        elif kind is Interface:
            stack.extend(item.type_params)  # type: ignore[attr-defined]
            stack.extend(m.type for m in item.members)  # type: ignore[attr-defined]
            if item.extends is not None:  # type: ignore[attr-defined]
                stack.append(item.extends)  # type: ignore[attr-defined]
        elif kind is Member:
            stack.append(item.type)  # type: ignore[attr-defined]
        elif kind is TypeParam:
            stack.extend(t for t in (item.constraint, item.default) if t is not None)  # type: ignore[attr-defined]
        elif kind is TypeAlias:
            stack.append(item.value)  # type: ignore[attr-defined]
        elif kind is Const:
            stack.append(item.value)  # type: ignore[attr-defined]
            if item.annotation is not None:  # type: ignore[attr-defined]
                stack.append(item.annotation)  # type: ignore[attr-defined]


def _interface(decl: Interface) -> Doc:
    head: list[Doc] = ["export interface ", check_identifier(decl.name), type_params_doc(decl.type_params)]
    if decl.extends is not None:
        head += [" extends ", type_doc(decl.extends)]
    if not decl.members:
        return [*head, " {}"]
    body: list[Doc] = []
    for member in decl.members:
        body.append(HARDLINE)
        if member.doc:
            body.append(jsdoc(member.doc))
        key = check_member(member.name) + ("?: " if member.optional else ": ")
        body += [Lazy(key + flat_type(member.type), functools.partial(_member_group, key, member.type)), ";"]
    return [*head, " {", Indent(body), HARDLINE, "}"]


def _member_group(key: str, member_type: TType) -> Group:
    return Group([key, type_doc(member_type)])


def _type_alias(name: str, value: TType) -> Doc:
    left: list[Doc] = ["type ", check_identifier(name)]

    def build() -> Group:
        if isinstance(value, TUnion) and not hugs(value):
            return Group([Group(left), " =", Group(Indent([LINE, type_doc(value, "alias")]))])
        return _fluid(left, " =", type_doc(value, "alias"))

    return ["export ", Lazy(f"type {name} = {flat_type(value, 'alias')}", build), ";"]


def _const(name: str, value: Expr, annotation: TType | None) -> Doc:
    left: list[Doc] = [check_identifier(name)]
    if annotation is not None:
        left += [": ", type_doc(annotation)]
    if isinstance(value, XString):
        declarator: Doc = Group([Group(left), " =", Group(Indent([LINE, _expr(value)]))])
    else:
        declarator = _fluid(left, " =", _expr(value))
    return ["export ", Group(["const ", declarator, ";"])]


def class_property(name: str, annotation: TType, value: Expr) -> Doc:
    """``readonly name: annotation = value;`` in a class body."""
    left = ["readonly ", check_member(name), ": ", type_doc(annotation)]
    flat = flat_expr(value)
    if flat is None:
        return [_fluid(left, " =", _expr(value)), ";"]
    text = f"readonly {name}: {flat_type(annotation)} = {flat}"
    return [Lazy(text, lambda: _fluid(left, " =", _expr(value))), ";"]


def render(doc: Doc) -> str:
    """The text of ``doc``, ending with one newline."""
    return print_doc([doc, HARDLINE])
