"""A document printer that lays out text exactly as prettier's does (its ``printDocToString``).

Generated TypeScript is never formatted afterwards, so the emitter describes every statement as a prettier
document — the same groups, indents and lines prettier's TypeScript printer builds for that syntax
(``_syntax.py``) — and prints it here with the same algorithm: a group goes flat when it fits in what is left
of the line (measured up to the next possible line break, as prettier measures), else it breaks. Only the
document kinds generated code needs exist (no fill, no line suffixes, no cursor).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TypeAlias

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
    "Line",
    "join",
    "print_doc",
]

WIDTH = 120
"""prettier's ``printWidth`` for generated TypeScript (the tests' ``.prettierrc.json``)."""


@dataclass(frozen=True)
class Line:
    """A line break when its group breaks; else a space (``soft``: nothing). ``hard`` always breaks."""

    soft: bool = False
    hard: bool = False


LINE = Line()
SOFTLINE = Line(soft=True)
HARDLINE = Line(hard=True)


@dataclass(eq=False)
class Group:
    """Contents printed flat when they fit, else broken; ``expanded_states`` tries alternatives in turn."""

    contents: Doc
    should_break: bool = False
    id: object | None = None
    expanded_states: tuple[Doc, ...] | None = None


@dataclass(frozen=True, eq=False)
class Indent:
    """Contents one level (two spaces) further in."""

    contents: Doc


@dataclass(frozen=True, eq=False)
class Align:
    """Contents ``n`` spaces further in."""

    n: int
    contents: Doc


@dataclass(frozen=True, eq=False)
class IfBreak:
    """``break_contents`` when the group (``group_id``, else the enclosing one) is broken, else ``flat``."""

    break_contents: Doc
    flat_contents: Doc = ""
    group_id: object | None = None


@dataclass(frozen=True, eq=False)
class IndentIfBreak:
    """Contents indented when the group ``group_id`` is broken."""

    contents: Doc
    group_id: object = field(default=None)


Doc: TypeAlias = "str | Line | Group | Indent | Align | IfBreak | IndentIfBreak | Sequence[Doc]"


def join(separator: Doc, docs: Sequence[Doc]) -> list[Doc]:
    """``docs`` with ``separator`` between them."""
    out: list[Doc] = []
    for index, doc in enumerate(docs):
        if index:
            out.append(separator)
        out.append(doc)
    return out


_BREAK, _FLAT = True, False


def _propagate(doc: Doc) -> bool:
    """Mark groups that hold a hard line (or a broken group) as broken; True when ``doc`` holds one."""
    if isinstance(doc, str):
        return False
    if isinstance(doc, Line):
        return doc.hard
    if isinstance(doc, Group):
        inner = _propagate(doc.contents)
        if doc.expanded_states is not None:
            for state in doc.expanded_states:
                _propagate(state)
            return doc.should_break
        if inner:
            doc.should_break = True
        return doc.should_break
    if isinstance(doc, (Indent, Align, IndentIfBreak)):
        return _propagate(doc.contents)
    if isinstance(doc, IfBreak):
        first = _propagate(doc.break_contents)
        second = _propagate(doc.flat_contents)
        return first or second
    found = False
    for part in doc:
        found = _propagate(part) or found
    return found


_Command = tuple[int, bool, Doc]  # indentation, mode, doc


def _fits(
    next_command: _Command, rest: list[_Command], width: int, modes: dict[object, bool], must_be_flat: bool
) -> bool:
    rest_index = len(rest)
    commands: list[tuple[bool, Doc]] = [(next_command[1], next_command[2])]
    pending_space = False
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
        elif isinstance(doc, Line):
            if mode is _BREAK or doc.hard:
                return True
            if not doc.soft:
                pending_space = True
        elif isinstance(doc, Group):
            if must_be_flat and doc.should_break:
                return False
            group_mode = _BREAK if doc.should_break else mode
            contents = (
                doc.expanded_states[-1]
                if doc.expanded_states is not None and group_mode is _BREAK
                else doc.contents
            )
            commands.append((group_mode, contents))
        elif isinstance(doc, (Indent, Align, IndentIfBreak)):
            commands.append((mode, doc.contents))
        elif isinstance(doc, IfBreak):
            group_mode = modes.get(doc.group_id, _FLAT) if doc.group_id is not None else mode
            chosen = doc.break_contents if group_mode is _BREAK else doc.flat_contents
            if chosen:
                commands.append((mode, chosen))
        else:
            for part in reversed(doc):
                commands.append((mode, part))
    return False


def print_doc(doc: Doc, width: int = WIDTH) -> str:
    """``doc`` laid out as prettier lays it out at ``width`` columns (two-space indents, ``\\n`` ends)."""
    _propagate(doc)
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
        elif isinstance(doc, Group):
            if mode is _FLAT and not remeasure:
                commands.append((indent, _BREAK if doc.should_break else _FLAT, doc.contents))
            else:
                remeasure = False
                flat: _Command = (indent, _FLAT, doc.contents)
                if not doc.should_break and _fits(flat, commands, width - position, modes, False):
                    chosen = flat
                elif doc.expanded_states is None:
                    chosen = (indent, _BREAK, doc.contents)
                else:
                    chosen = (indent, _BREAK, doc.expanded_states[-1])
                    if not doc.should_break:
                        for state in doc.expanded_states[1:-1]:
                            candidate: _Command = (indent, _FLAT, state)
                            if _fits(candidate, commands, width - position, modes, False):
                                chosen = candidate
                                break
                commands.append(chosen)
            if doc.id is not None:
                modes[doc.id] = commands[-1][1]
        elif isinstance(doc, Indent):
            commands.append((indent + 2, mode, doc.contents))
        elif isinstance(doc, Align):
            commands.append((indent + doc.n, mode, doc.contents))
        elif isinstance(doc, IfBreak):
            group_mode = modes.get(doc.group_id, mode) if doc.group_id is not None else mode
            chosen_doc = doc.break_contents if group_mode is _BREAK else doc.flat_contents
            if chosen_doc:
                commands.append((indent, mode, chosen_doc))
        elif isinstance(doc, IndentIfBreak):
            group_mode = modes.get(doc.group_id, mode)
            commands.append((indent + 2 if group_mode is _BREAK else indent, mode, doc.contents))
        else:
            for part in reversed(doc):
                commands.append((indent, mode, part))
    text = "".join(out)
    return "\n".join(line.rstrip(" \t") for line in text.split("\n"))
