"""A document printer that lays out text exactly as prettier's does (its ``printDocToString``).

Generated TypeScript is never formatted afterwards, so the emitter describes every statement as a prettier
document — the same groups, indents and lines prettier's TypeScript printer builds for that syntax
(``_syntax.py``) — and prints it here with the same algorithm: a group goes flat when it fits in what is left
of the line (measured up to the next possible line break, as prettier measures), else it breaks. Only the
document kinds generated code needs exist (no fill, no line suffixes, no cursor).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeAlias

from ..._records import field, record

__all__ = [
    "HARDLINE",
    "LINE",
    "SOFTLINE",
    "Align",
    "Doc",
    "Group",
    "IfBreak",
    "Indent",
    "IndentIfBreak",
    "Lazy",
    "Line",
    "join",
    "print_doc",
]

WIDTH = 120
"""prettier's ``printWidth`` for generated TypeScript (the tests' ``.prettierrc.json``)."""


@record(frozen=True)
class Line:
    """A line break when its group breaks; else a space (``soft``: nothing). ``hard`` always breaks."""

    soft: bool = False
    hard: bool = False


LINE = Line()
SOFTLINE = Line(soft=True)
HARDLINE = Line(hard=True)


@record(eq=False)
class Group:
    """Contents printed flat when they fit, else broken (``should_break``: always broken)."""

    contents: Doc
    should_break: bool = False
    id: object | None = None
    flat: tuple[str, bool] | None = field(default=None, init=False, repr=False)
    """The printer's memo: the contents printed flat (set once ``measured``)."""
    measured: bool = field(default=False, init=False, repr=False)


@record(frozen=True, eq=False)
class Indent:
    """Contents one level (two spaces) further in."""

    contents: Doc


@record(frozen=True, eq=False)
class Align:
    """Contents ``n`` spaces further in."""

    n: int
    contents: Doc


@record(frozen=True, eq=False)
class IfBreak:
    """``break_contents`` when the group (``group_id``, else the enclosing one) is broken, else ``flat``."""

    break_contents: Doc
    flat_contents: Doc = ""
    group_id: object | None = None


@record(frozen=True, eq=False)
class IndentIfBreak:
    """Contents indented when the group ``group_id`` is broken."""

    contents: Doc
    group_id: object = field(default=None)


@record(eq=False)
class Lazy:
    """A group whose flat text is known up front: its doc is built (``build``) only when that text does not
    fit where it is printed. Only for groups that can be flat (no hard line, no broken group inside)."""

    text: str
    build: Callable[[], Group]
    built: Group | None = None

    def group(self) -> Group:
        """The group (built once)."""
        if self.built is None:
            self.built = self.build()
        return self.built


Doc: TypeAlias = (
    "str | Line | Group | Lazy | Indent | Align | IfBreak | IndentIfBreak | list[Doc] | tuple[Doc, ...]"
)


def join(separator: Doc, docs: Sequence[Doc]) -> list[Doc]:
    """``docs`` with ``separator`` between them."""
    out: list[Doc] = []
    for index, doc in enumerate(docs):
        if index:
            out.append(separator)
        out.append(doc)
    return out


_BREAK, _FLAT = True, False
_Flat = tuple[str, bool]  # the text, and whether it ends with a line's space


def _flat(doc: Doc) -> _Flat | None:
    """The doc printed flat, or None when it cannot be (a hard line, a broken group). Marks groups holding
    such a thing as broken (prettier's break propagation) and remembers every group's flat text."""
    if isinstance(doc, str):
        return doc, False
    if isinstance(doc, (list, tuple)):
        parts: list[str] = []
        trailing = False
        for part in doc:
            found = (part, False) if isinstance(part, str) else _flat(part)
            if found is None:
                return None
            if found[0]:
                parts.append(found[0])
                trailing = found[1]
        return "".join(parts), trailing
    if isinstance(doc, Group):
        if not doc.measured:
            doc.flat = None if doc.should_break else _flat(doc.contents)
            doc.should_break = doc.flat is None
            doc.measured = True
        return doc.flat
    if isinstance(doc, Lazy):
        return doc.text, False
    if isinstance(doc, Line):
        return None if doc.hard else ("", False) if doc.soft else (" ", True)
    if isinstance(doc, IfBreak):
        return _flat(doc.flat_contents)
    if isinstance(doc, (Indent, Align, IndentIfBreak)):
        return _flat(doc.contents)
    raise TypeError(f"not a doc: {doc!r}")


_Command = tuple[int, bool, Doc]  # indentation, mode, doc


def _fits_rest(rest: list[_Command], width: int, pending_space: bool, modes: dict[object, bool]) -> bool:
    """Whether what follows on the line (up to its first possible break) fits in ``width``."""
    rest_index = len(rest)
    commands: list[tuple[bool, Doc]] = []
    while width >= 0:
        if not commands:
            if rest_index == 0:
                return True
            rest_index -= 1
            commands.append((rest[rest_index][1], rest[rest_index][2]))
            continue
        mode, doc = commands.pop()
        if isinstance(doc, str):
            if doc:
                if pending_space:
                    width -= 1
                    pending_space = False
                width -= len(doc)
        elif isinstance(doc, (list, tuple)):
            commands.extend((mode, part) for part in reversed(doc))
        elif isinstance(doc, Lazy):
            if mode is _BREAK:
                commands.append((mode, doc.group()))
            else:
                if pending_space:
                    width -= 1
                    pending_space = False
                width -= len(doc.text)
        elif isinstance(doc, Group):
            _flat(doc)
            commands.append((_BREAK if doc.should_break else mode, doc.contents))
        elif isinstance(doc, Line):
            if mode is _BREAK or doc.hard:
                return True
            if not doc.soft:
                pending_space = True
        elif isinstance(doc, IfBreak):
            group_mode = modes.get(doc.group_id, _FLAT) if doc.group_id is not None else mode
            chosen = doc.break_contents if group_mode is _BREAK else doc.flat_contents
            if chosen:
                commands.append((mode, chosen))
        else:
            commands.append((mode, doc.contents))
    return False


def _fits(flat: _Flat | None, rest: list[_Command], width: int, modes: dict[object, bool]) -> bool:
    """prettier's ``fits`` for contents whose flat text is known: that text, then the rest of the line."""
    if flat is None:
        return False
    text, trailing = flat
    width -= len(text) - (1 if trailing else 0)
    return width >= 0 and _fits_rest(rest, width, trailing, modes)


def print_doc(doc: Doc, width: int = WIDTH) -> str:
    """``doc`` laid out as prettier lays it out at ``width`` columns (two-space indents, ``\\n`` ends)."""
    modes: dict[object, bool] = {}
    out: list[str] = []
    position = 0
    commands: list[_Command] = [(0, _BREAK, doc)]
    remeasure = False
    while commands:
        indent, mode, doc = commands.pop()
        if isinstance(doc, str):
            if doc:
                out.append(doc)
                position += len(doc)
        elif isinstance(doc, (list, tuple)):
            start, size = 0, len(doc)
            while start < size:  # leading text prints as it comes
                text = doc[start]
                if not isinstance(text, str):
                    break
                out.append(text)
                position += len(text)
                start += 1
            if start < size:
                commands.extend((indent, mode, part) for part in reversed(doc[start:]))
        elif isinstance(doc, Lazy):
            if mode is _FLAT and not remeasure:
                out.append(doc.text)
                position += len(doc.text)
                continue
            remeasure = False
            if _fits((doc.text, False), commands, width - position, modes):
                out.append(doc.text)
                position += len(doc.text)
            else:  # measured again as a group, which breaks it (prettier's path for a group too long)
                commands.append((indent, _BREAK, doc.group()))
        elif isinstance(doc, Group):
            flat = _flat(doc)
            if mode is _FLAT and not remeasure:
                if flat is not None and doc.id is None:
                    out.append(flat[0])
                    position += len(flat[0])
                    continue
                commands.append((indent, _FLAT if flat is not None else _BREAK, doc.contents))
            else:
                remeasure = False
                if _fits(flat, commands, width - position, modes) and flat is not None:
                    if doc.id is None:
                        out.append(flat[0])
                        position += len(flat[0])
                        continue
                    commands.append((indent, _FLAT, doc.contents))
                else:
                    commands.append((indent, _BREAK, doc.contents))
            if doc.id is not None:
                modes[doc.id] = commands[-1][1]
        elif isinstance(doc, Line):
            if mode is _FLAT and not doc.hard:
                if not doc.soft:
                    out.append(" ")
                    position += 1
                continue
            if mode is _FLAT:
                remeasure = True
            while out and out[-1].endswith((" ", "\t")):
                out[-1] = out[-1].rstrip(" \t")
                if not out[-1]:
                    out.pop()
            out.append("\n" + " " * indent)
            position = indent
        elif isinstance(doc, Indent):
            commands.append((indent + 2, mode, doc.contents))
        elif isinstance(doc, Align):
            commands.append((indent + doc.n, mode, doc.contents))
        elif isinstance(doc, IfBreak):
            group_mode = modes.get(doc.group_id, mode) if doc.group_id is not None else mode
            chosen = doc.break_contents if group_mode is _BREAK else doc.flat_contents
            if chosen:
                commands.append((indent, mode, chosen))
        else:
            group_mode = modes.get(doc.group_id, mode)
            commands.append((indent + 2 if group_mode is _BREAK else indent, mode, doc.contents))
    text = "".join(out)
    return "\n".join(line.rstrip(" \t") for line in text.split("\n"))
