"""Typed source specs (expressions) and their layout exactly as ``ruff format`` (line length 88) keeps it.

The emitter builds expressions as small typed values — names, calls, subscripts, unions, dicts — never as
strings to re-parse. Each renders flat when it fits; otherwise it opens its brackets the way ruff does,
with a magic trailing comma wherever ruff accepts one, so ruff leaves the output as it is. The statement
helpers (``ann_assign``, ``param``, ``returns``, ``assign``, ``class_header``, ``from_import``) choose
between ruff's layouts for their context; templates call them through filters.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence

from ..._records import record
from ._escape import Source, check_identifier, py_str

__all__ = [
    "FALSE",
    "LINE_LENGTH",
    "NONE",
    "TRUE",
    "Atom",
    "Call",
    "Dict",
    "Expr",
    "Keyword",
    "Sub",
    "Tuple",
    "Union",
    "ann_assign",
    "assign",
    "class_header",
    "def_header",
    "from_import",
    "import_key",
    "name",
    "natural_key",
    "param",
    "returns",
    "signature",
    "statement",
    "string",
]

LINE_LENGTH = 88


@record(frozen=True)
class Atom:
    """Source that cannot be split: a (dotted) name or a literal, already safe."""

    text: Source

    @property
    def flat(self) -> str:
        return self.text


@record(frozen=True)
class Keyword:
    """``name=value`` inside a call."""

    name: str
    value: Expr

    @property
    def flat(self) -> str:
        return f"{self.name}={self.value.flat}"


@record(frozen=True)
class Call:
    """``func(args)``; keyword arguments are ``Keyword`` items."""

    func: str
    args: tuple[Expr, ...]

    @property
    def flat(self) -> str:
        return f"{self.func}({', '.join(a.flat for a in self.args)})"


@record(frozen=True)
class Sub:
    """``value[items]`` (a generic type or ``Literal``)."""

    value: str
    items: tuple[Expr, ...]

    @property
    def flat(self) -> str:
        return f"{self.value}[{', '.join(i.flat for i in self.items)}]"


@record(frozen=True)
class Union:
    """``a | b | c``."""

    members: tuple[Expr, ...]

    @property
    def flat(self) -> str:
        return " | ".join(m.flat for m in self.members)


@record(frozen=True)
class Tuple:
    """``(a, b)``."""

    items: tuple[Expr, ...]

    @property
    def flat(self) -> str:
        inner = ", ".join(i.flat for i in self.items)
        return f"({inner},)" if len(self.items) == 1 else f"({inner})"


@record(frozen=True)
class Dict:
    """``{key: value, ...}``."""

    items: tuple[tuple[Expr, Expr], ...]

    @property
    def flat(self) -> str:
        return "{" + ", ".join(f"{k.flat}: {v.flat}" for k, v in self.items) + "}"


Expr = Atom | Keyword | Call | Sub | Union | Tuple | Dict

_DOTTED = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*")


NONE = Atom(Source("None"))
TRUE = Atom(Source("True"))
FALSE = Atom(Source("False"))


def name(text: str) -> Atom:
    """A (dotted) identifier; anything else is an internal error."""
    if not _DOTTED.fullmatch(text):
        raise ValueError(f"internal error: {text!r} is not a dotted name")
    for part in text.split("."):
        check_identifier(part)
    return Atom(Source(text))


def string(value: str) -> Atom:
    """A string literal for untrusted text."""
    return Atom(py_str(value))


def _fits(col: int, text: str, reserve: int) -> bool:
    return "\n" not in text and col + len(text) + reserve <= LINE_LENGTH


def _exploded(open_: str, items: Sequence[str], close: str, indent: int) -> str:
    pad = " " * (indent + 4)
    body = "".join(f"{pad}{item},\n" for item in items)
    return f"{open_}\n{body}{' ' * indent}{close}"


def _lay(e: Expr, col: int, indent: int, reserve: int) -> str:
    """``e`` starting at column ``col`` inside brackets; continuation lines indented from ``indent``.

    ``reserve`` counts the characters that follow ``e`` on its last line (a comma, a closing bracket).
    """
    flat = e.flat
    if _fits(col, flat, reserve) or isinstance(e, Atom):
        return flat
    return _split(e, col, indent, reserve)


def _split(e: Expr, col: int, indent: int, reserve: int) -> str:
    inner = indent + 4
    if isinstance(e, Keyword):
        return f"{e.name}={_lay(e.value, col + len(e.name) + 1, indent, reserve)}"
    if isinstance(e, Call):
        return _exploded(f"{e.func}(", [_lay(a, inner, inner, 1) for a in e.args], ")", indent)
    if isinstance(e, Tuple):
        return _exploded("(", [_lay(i, inner, inner, 1) for i in e.items], ")", indent)
    if isinstance(e, Dict):
        items = [f"{k.flat}: {_lay(v, inner + len(k.flat) + 2, inner, 1)}" for k, v in e.items]
        return _exploded("{", items, "}", indent)
    if isinstance(e, Sub):
        if len(e.items) == 1:
            # One element: ruff hugs it on its own line, without a trailing comma.
            body = _lay(e.items[0], inner, inner, 0)
            return f"{e.value}[\n{' ' * inner}{body}\n{' ' * indent}]"
        return _exploded(f"{e.value}[", [_lay(i, inner, inner, 1) for i in e.items], "]", indent)
    if isinstance(e, Union):
        return _union(e, col, indent, reserve)
    raise AssertionError(e)  # pragma: no cover - Atom never splits


def _union(e: Union, col: int, indent: int, reserve: int) -> str:
    """One member per line, each after ``| `` but the first (ruff's layout inside brackets)."""
    pad = " " * indent
    last = len(e.members) - 1
    parts = [_lay(e.members[0], col, indent, reserve if last == 0 else 0)]
    for index, member in enumerate(e.members[1:], start=1):
        tail = reserve if index == last else 0
        parts.append(f"\n{pad}| {_lay(member, indent + 2, indent, tail)}")
    return "".join(parts)


def _parenthesized(e: Expr, indent: int) -> str:
    inner = indent + 4
    return f"(\n{' ' * inner}{_lay(e, inner, inner, 0)}\n{' ' * indent})"


def ann_assign(target: str, annotation: Expr, value: Expr | None = None, indent: int = 4) -> Source:
    """``target: annotation [= value]`` at ``indent`` (a class field or a ``TypedDict`` key).

    ruff's order of preference: flat; the value's own brackets opened; the value parenthesised; the annotation
    split (or parenthesised); the value's brackets opened even though its first line is too long.
    """
    head = f"{target}: "
    flat = f"{head}{annotation.flat}" + ("" if value is None else f" = {value.flat}")
    if _fits(indent, flat, 0):
        return Source(flat)
    opener = None if value is None else _opener(value)
    left_flat = f"{head}{annotation.flat} = "
    if value is not None and opener is not None and _fits(indent, left_flat + opener, 0):
        return Source(f"{left_flat}{_split(value, indent + len(left_flat), indent, 0)}")
    if value is not None:
        parenthesized = _parenthesized(value, indent)
        if _fits(indent, f"{left_flat}(", 0) and _all_fit(parenthesized):
            # ruff parenthesises the right-hand side before it touches the annotation
            return Source(f"{left_flat}{parenthesized}")
    if isinstance(annotation, Sub):
        left = f"{head}{_split(annotation, indent + len(head), indent, 0)}"
    elif isinstance(annotation, Atom) and value is not None and opener is not None:
        # nothing splits on the left: the value's own brackets open, its first line too long
        return Source(f"{left_flat}{_split(value, indent + len(left_flat), indent, 0)}")
    elif isinstance(annotation, Atom) and not _fits(indent, f"{head}(", 0):
        return Source(flat)  # not even ``name: (`` fits and nothing splits: ruff leaves it as it is
    else:
        left = f"{head}{_parenthesized(annotation, indent)}"
    if value is None:
        return Source(left)
    # The value follows the closing bracket: ``] = value`` (itself split when it does not fit).
    return Source(f"{left} = {_lay(value, indent + 4, indent, 0)}")


def param(target: str, annotation: Expr, default: Expr | None = None, indent: int = 8) -> Source:
    """One parameter line of an exploded signature, with its trailing comma."""
    tail = ("" if default is None else f" = {default.flat}") + ","
    head = f"{target}: "
    flat = f"{head}{annotation.flat}{tail}"
    if _fits(indent, flat, 0) or isinstance(annotation, Atom):
        return Source(flat)
    if isinstance(annotation, Union):
        return Source(f"{head}{_union(annotation, indent + len(head), indent, len(tail))}{tail}")
    return Source(f"{head}{_split(annotation, indent + len(head), indent, len(tail))}{tail}")


def returns(annotation: Expr, indent: int = 4) -> Source:
    """``) -> annotation:`` closing an exploded signature."""
    flat = f") -> {annotation.flat}:"
    if _fits(indent, flat, 0):
        return Source(flat)
    if isinstance(annotation, Sub):
        return Source(f") -> {_split(annotation, indent + 5, indent, 1)}:")
    return Source(f") -> {_parenthesized(annotation, indent)}:")


def _all_fit(text: str) -> bool:
    """Every line of ``text`` (its continuation lines carry their own indentation) fits."""
    return all(len(line) <= LINE_LENGTH for line in text.split("\n")[1:])


def _opener(e: Expr) -> str | None:
    """The text up to the opening bracket of a bracketed expression (None for atoms and unions)."""
    if isinstance(e, Call):
        return f"{e.func}("
    if isinstance(e, Sub):
        return f"{e.value}["
    if isinstance(e, Dict):
        return "{"
    if isinstance(e, Tuple):
        return "("
    return None


def def_header(function: str, parameters: Sequence[str], annotation: Expr, indent: int = 4) -> Source:
    """``def function(parameters) -> annotation:``, exploded (one parameter per line) when too long."""
    check_identifier(function)
    flat = f"def {function}({', '.join(parameters)}) -> {annotation.flat}:"
    if _fits(indent, flat, 0):
        return Source(flat)
    pad = " " * (indent + 4)
    body = "".join(f"\n{pad}{parameter}," for parameter in parameters)
    return Source(f"def {function}({body}\n{' ' * indent}{returns(annotation, indent)}")


Param = tuple[str, "Expr | None", "Expr | None"]
"""``(name, annotation, default)`` of one parameter (``("self", None, None)``, ``("*", None, None)``)."""


def _flat_param(parameter: Param) -> str:
    target, annotation, default = parameter
    text = target if annotation is None else f"{target}: {annotation.flat}"
    return text if default is None else f"{text} = {default.flat}"


def signature(
    function: str, parameters: Sequence[Param], annotation: Expr, indent: int = 4, stub: bool = False
) -> Source:
    """``def function(parameters) -> annotation:`` as ruff lays it out: flat when it fits, else (two or more)
    parameters on one line of their own when that fits, else one per line (magic trailing comma). ``stub``
    adds `` ...`` (an ``@overload``)."""
    check_identifier(function)
    tail = " ..." if stub else ""
    flats = [_flat_param(parameter) for parameter in parameters]
    flat = f"def {function}({', '.join(flats)}) -> {annotation.flat}:{tail}"
    if _fits(indent, flat, 0):
        return Source(flat)
    pad = " " * (indent + 4)
    close = f") -> {annotation.flat}:{tail}"
    hugged = f"{pad}{', '.join(flats)}"
    if len(parameters) > 1 and _fits(0, hugged, 0) and _fits(indent, close, 0):
        return Source(f"def {function}(\n{hugged}\n{' ' * indent}{close}")
    lines = [
        f"{target}," if ann is None else param(target, ann, default, indent + 4)
        for target, ann, default in parameters
    ]
    body = "".join(f"\n{pad}{line}" for line in lines)
    return Source(f"def {function}({body}\n{' ' * indent}{returns(annotation, indent)[:-1]}:{tail}")


def statement(prefix: str, value: Expr, indent: int = 8) -> Source:
    """``prefix value`` (e.g. ``return f(x)``), the value's brackets opened when the line is too long."""
    flat = f"{prefix} {value.flat}"
    if _fits(indent, flat, 0):
        return Source(flat)
    return Source(f"{prefix} {_split(value, indent + len(prefix) + 1, indent, 0)}")


def assign(target: str, value: Expr, indent: int = 0) -> Source:
    """``target = value``: the value's own brackets open when its head fits, else it is parenthesised."""
    head = f"{target} = "
    flat = f"{head}{value.flat}"
    if _fits(indent, flat, 0):
        return Source(flat)
    opener = _opener(value)
    if opener is not None and _fits(indent, head + opener, 0):
        return Source(f"{head}{_split(value, indent + len(head), indent, 0)}")
    parenthesized = _parenthesized(value, indent)
    if _fits(indent, f"{head}(", 0) and _all_fit(parenthesized):
        return Source(f"{head}{parenthesized}")
    if opener is not None:  # nothing fits: ruff opens the value's own brackets anyway
        return Source(f"{head}{_split(value, indent + len(head), indent, 0)}")
    return Source(f"{head}{_parenthesized(value, indent)}")


def class_header(class_name: str, bases: Sequence[Expr], indent: int = 0) -> Source:
    """``class name(bases):``, its bases one per line (magic trailing comma) when too long."""
    check_identifier(class_name)
    flat = f"class {class_name}({', '.join(b.flat for b in bases)}):"
    if _fits(indent, flat, 0):
        return Source(flat)
    inner = indent + 4
    items = [_lay(b, inner, inner, 1) for b in bases]
    return Source(_exploded(f"class {class_name}(", items, "):", indent))


_CHUNKS = re.compile(r"(\d+)")


@functools.lru_cache(maxsize=4096)
def natural_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """Case-insensitive natural order (``int_4`` before ``int_32``), as ruff's isort sorts names."""
    parts: list[tuple[int, int | str]] = []
    for chunk in _CHUNKS.split(text.lower()):
        if chunk:
            parts.append((0, int(chunk)) if chunk.isdigit() else (1, chunk))
    return tuple(parts)


def import_key(member: str) -> tuple[int, tuple[tuple[int, int | str], ...], str]:
    """ruff isort's ``order-by-type``: CONSTANTS, then Classes, then functions/variables."""
    if len(member) > 1 and member.upper() == member and member.lower() != member:
        rank = 0
    elif member[:1].isupper():
        rank = 1
    else:
        rank = 2
    return (rank, natural_key(member), member)


def from_import(module: str, names: Iterable[str], indent: int = 0, *, reexport: bool = False) -> Source:
    """``from module import a, b`` on one line when it fits, else one name per line with a trailing comma;
    ``reexport`` writes ``a as a`` (the explicit re-export type checkers honour; isort wants one name per
    such statement)."""
    ordered = [f"{n} as {n}" if reexport else n for n in sorted(set(names), key=import_key)]
    flat = f"from {module} import {', '.join(ordered)}"
    if _fits(indent, flat, 0):
        return Source(flat)
    pad = " " * indent
    body = "".join(f"{pad}    {member},\n" for member in ordered)
    return Source(f"from {module} import (\n{body}{pad})")
