"""Source layout helpers that emit exactly what ``ruff format`` (line length 88) and ruff's isort produce.

Generated code is never run through a formatter, so every construct whose layout depends on its length
(imports, calls, annotated fields, ``Literal`` aliases) is laid out here, in one place.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence

from ._escape import Source

__all__ = [
    "LINE_LENGTH",
    "call",
    "class_field",
    "from_import",
    "import_key",
    "natural_key",
    "param",
    "returns",
]

LINE_LENGTH = 88
_CHUNKS = re.compile(r"(\d+)")
_HEAD = re.compile(r"([A-Za-z_]\w*=)?[A-Za-z_][\w.]*")


@functools.lru_cache(maxsize=4096)
def natural_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """Case-insensitive natural order (``int_4`` before ``int_32``), as ruff's isort sorts names."""
    parts: list[tuple[int, int | str]] = []
    for chunk in _CHUNKS.split(text.lower()):
        if chunk:
            parts.append((0, int(chunk)) if chunk.isdigit() else (1, chunk))
    return tuple(parts)


def import_key(name: str) -> tuple[int, tuple[tuple[int, int | str], ...], str]:
    """ruff isort's ``order-by-type``: CONSTANTS, then Classes, then functions/variables."""
    if len(name) > 1 and name.upper() == name and name.lower() != name:
        rank = 0
    elif name[:1].isupper():
        rank = 1
    else:
        rank = 2
    return (rank, natural_key(name), name)


def from_import(module: str, names: Iterable[str], comment: str = "", indent: int = 0) -> Source:
    """``from module import a, b`` on one line when it fits, else one name per line with a trailing comma.

    ``indent`` only counts towards the line length; the caller indents continuation lines.
    """
    ordered = sorted(set(names), key=import_key)
    suffix = f"  {comment}" if comment else ""
    line = f"from {module} import {', '.join(ordered)}"
    if indent + len(line) + len(suffix) <= LINE_LENGTH:
        return Source(line + suffix)
    body = "".join(f"    {name},\n" for name in ordered)
    return Source(f"from {module} import ({suffix}\n{body})")


def _split_args(inner: str) -> list[str]:
    """Split call arguments at top-level commas (string literals and brackets are respected)."""
    parts: list[str] = []
    depth = 0
    quote = ""
    start = 0
    i = 0
    while i < len(inner):
        char = inner[i]
        if quote:
            if char == "\\":
                i += 1
            elif char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        elif char == "," and depth == 0:
            parts.append(inner[start:i].strip())
            start = i + 1
        i += 1
    tail = inner[start:].strip()
    if tail:
        parts.append(tail)
    return parts


def _arg(arg: str, indent: int) -> str:
    """One exploded argument (its first line carries no indent) plus its trailing comma.

    A ``callee(...)`` argument that does not fit is split inside its parentheses as ruff does: the
    arguments hugged on one line when they fit there, else one per line with a trailing comma.
    """
    if indent + len(arg) + 1 <= LINE_LENGTH or arg[-1:] not in ")]":
        return f"{arg},"
    opening = "(" if arg.endswith(")") else "["
    head, _, inner = arg.partition(opening)
    if not _HEAD.fullmatch(head):
        return f"{arg},"
    closing = arg[-1]
    parts = _split_args(inner[:-1])
    pad = " " * indent
    hug = ", ".join(parts)
    if len(parts) == 1 or indent + 4 + len(hug) <= LINE_LENGTH:
        return f"{head}{opening}\n{pad}    {hug}\n{pad}{closing},"
    body = "".join(f"{pad}    {_arg(part, indent + 4)}\n" for part in parts)
    return f"{head}{opening}\n{body}{pad}{closing},"


def call(head: str, args: Sequence[str], indent: int, tail: str = "") -> Source:
    """``head(arg, ...)tail`` starting after ``indent`` spaces: one line when it fits, else exploded."""
    one = f"{head}({', '.join(args)}){tail}"
    if indent + len(one) <= LINE_LENGTH or not args:
        return Source(one)
    pad = " " * (indent + 4)
    body = "".join(f"{pad}{_arg(arg, indent + 4)}\n" for arg in args)
    return Source(f"{head}(\n{body}{' ' * indent}){tail}")


def class_field(
    name: str, annotation: str, default: str | None, args: Sequence[str] = (), indent: int = 4
) -> Source:
    """A class-level annotated field: ``name: annotation`` plus ``= default`` or ``= Field(args)``.

    Exactly one of ``default`` / ``args`` is used (``args`` wins when given). Too long, the right-hand side
    is parenthesised, or else the annotation (ruff's layouts), and a ``Field`` call is exploded.
    """
    pad = " " * indent
    if args:
        one = f"{name}: {annotation} = Field({', '.join(args)})"
        if indent + len(one) <= LINE_LENGTH:
            return Source(one)
        exploded = "".join(f"{pad}    {_arg(arg, indent + 4)}\n" for arg in args)
        rhs_head, rhs = "Field(", f"Field(\n{exploded}{pad})"
        if indent + len(f"{name}: {annotation} = {rhs_head}") > LINE_LENGTH and (
            indent + len(f"{name}: {annotation} = (") <= LINE_LENGTH
        ):
            inner = "".join(f"{pad}        {_arg(arg, indent + 8)}\n" for arg in args)
            return Source(f"{name}: {annotation} = (\n{pad}    Field(\n{inner}{pad}    )\n{pad})")
    else:
        one = f"{name}: {annotation}" + ("" if default is None else f" = {default}")
        if indent + len(one) <= LINE_LENGTH:
            return Source(one)
        rhs_head = rhs = default or ""
        if default is not None and indent + len(f"{name}: {annotation} = (") <= LINE_LENGTH:
            return Source(f"{name}: {annotation} = (\n{pad}    {default}\n{pad})")
    parts = _top_level_union(annotation)
    if indent + len(f"{name}: {annotation} = {rhs_head}") <= LINE_LENGTH:
        return Source(f"{name}: {annotation} = {rhs}" if rhs else f"{name}: {annotation}")
    if annotation.startswith("Annotated[") and annotation.endswith("]"):
        return _annotated_field(name, annotation, args, default, indent)
    if len(parts) == 1:
        return Source(f"{name}: {annotation} = {rhs}" if rhs else f"{name}: {annotation}")
    tail = f" = {rhs}" if rhs else ""
    if indent + 4 + len(annotation) <= LINE_LENGTH:
        inner = f"{pad}    {annotation}"
    else:
        inner = "\n".join(_union_lines(annotation, indent + 4))
    return Source(f"{name}: (\n{inner}\n{pad}){tail}")


def _annotated_field(
    name: str, annotation: str, args: Sequence[str], default: str | None, indent: int
) -> Source:
    """A too-long ``name: Annotated[T, meta] = rhs`` with the subscript opened up, as ruff lays it out."""
    pad = " " * indent
    elements = _split_args(annotation[len("Annotated[") : -1])
    hug = ", ".join(elements)
    if indent + 4 + len(hug) <= LINE_LENGTH:
        body = f"{pad}    {hug}"
    else:
        lines: list[str] = []
        for element in elements:
            if indent + 4 + len(element) + 1 <= LINE_LENGTH:
                element_lines = [f"{pad}    {element}"]
            else:
                element_lines = _union_lines(element, indent + 4)
            element_lines[-1] += ","
            lines.extend(element_lines)
        body = "\n".join(lines)
    head = f"{name}: Annotated[\n{body}\n{pad}]"
    if args:
        one = f"] = Field({', '.join(args)})"
        if indent + len(one) <= LINE_LENGTH:
            return Source(f"{head}{one[1:]}")
        exploded = "".join(f"{pad}    {_arg(arg, indent + 4)}\n" for arg in args)
        return Source(f"{head} = Field(\n{exploded}{pad})")
    return Source(head if default is None else f"{head} = {default}")


def _union_lines(annotation: str, indent: int) -> list[str]:
    """A too-long union, one member per line (``| member``); a too-long ``X[...]`` member is opened up."""
    pad = " " * indent
    lines: list[str] = []
    for index, part in enumerate(_top_level_union(annotation)):
        prefix = "" if index == 0 else "| "
        if indent + len(prefix) + len(part) > LINE_LENGTH and part.endswith("]") and "[" in part:
            head, _, inner = part.partition("[")
            if _HEAD.fullmatch(head) and len(_split_args(inner[:-1])) == 1:
                lines.append(f"{pad}{prefix}{head}[")
                if indent + 4 + len(inner) - 1 <= LINE_LENGTH:
                    lines.append(f"{pad}    {inner[:-1]}")
                else:
                    lines.extend(_union_lines(inner[:-1], indent + 4))
                lines.append(f"{pad}]")
                continue
        lines.append(f"{pad}{prefix}{part}")
    return lines


def _top_level_union(annotation: str) -> list[str]:
    parts: list[str] = []
    depth = 0
    start = 0
    i = 0
    while i < len(annotation):
        char = annotation[i]
        if char in "[(":
            depth += 1
        elif char in "])":
            depth -= 1
        elif depth == 0 and annotation.startswith(" | ", i):
            parts.append(annotation[start:i])
            start = i + 3
            i += 3
            continue
        i += 1
    parts.append(annotation[start:])
    return parts


def param(name: str, annotation: str, default: str | None = None, indent: int = 8) -> Source:
    """One parameter line of an exploded signature (with its trailing comma).

    Too long, it is split at the annotation's top-level ``|`` with the continuation lines at the same
    indentation, which is how ruff lays out long parameter annotations.
    """
    tail = f" = {default}," if default is not None else ","
    one = f"{name}: {annotation}{tail}"
    if indent + len(one) <= LINE_LENGTH:
        return Source(one)
    parts = _top_level_union(annotation)
    if len(parts) == 1:
        return Source(one)
    lines = _union_lines(annotation, indent)
    lines[0] = f"{name}: {lines[0].lstrip()}"
    return Source("\n".join(lines) + tail)


def returns(annotation: str, indent: int = 4) -> Source:
    """``) -> annotation:`` closing an exploded signature (parenthesised and split when too long)."""
    line = f") -> {annotation}:"
    if indent + len(line) <= LINE_LENGTH:
        return Source(line)
    pad = " " * indent
    parts = _top_level_union(annotation)
    if indent + 4 + len(annotation) <= LINE_LENGTH or len(parts) == 1:
        return Source(f") -> (\n{pad}    {annotation}\n{pad}):")
    body = f"{pad}    {parts[0]}\n" + "".join(f"{pad}    | {part}\n" for part in parts[1:])
    return Source(f") -> (\n{body}{pad}):")


def assign_call(target: str, callee: str, args: Sequence[str], indent: int) -> Source:
    """``target = callee(args)`` as ruff lays it out: one line, exploded call, or parenthesised call."""
    if indent + len(f"{target} = {callee}(") <= LINE_LENGTH:
        return call(f"{target} = {callee}", args, indent)
    if indent + len(f"{target} = (") > LINE_LENGTH:
        return call(f"{target} = {callee}", args, indent)
    pad = " " * indent
    inner = call(callee, args, indent + 4)
    if indent + 4 + len(inner) <= LINE_LENGTH and "\n" not in inner:
        return Source(f"{target} = (\n{pad}    {inner}\n{pad})")
    body = "".join(f"{pad}        {_arg(arg, indent + 8)}\n" for arg in args)
    return Source(f"{target} = (\n{pad}    {callee}(\n{body}{pad}    )\n{pad})")
