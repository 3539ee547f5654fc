"""A document printer that lays out text exactly as prettier's does (its ``printDocToString``).

Generated TypeScript is never formatted afterwards, so the emitter describes every statement as a prettier
document — the same groups, indents and lines prettier's TypeScript printer builds for that syntax
(``_syntax.py``) — and prints it here with the same algorithm: a group goes flat when it fits in what is left
of the line (measured up to the next possible line break, as prettier measures), else it breaks. Only the
document kinds generated code needs exist (no fill, no line suffixes, no cursor).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
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
    "Lazy",
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
    flat: tuple[str, bool] | None = field(default=None, init=False, repr=False)
    """The printer's memo: the contents printed flat (set once ``measured``)."""
    measured: bool = field(default=False, init=False, repr=False)


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


@dataclass(eq=False)
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


Doc: TypeAlias = "str | Line | Group | Lazy | Indent | Align | IfBreak | IndentIfBreak | Sequence[Doc]"


def join(separator: Doc, docs: Sequence[Doc]) -> list[Doc]:
    """``docs`` with ``separator`` between them."""
    out: list[Doc] = []
    for index, doc in enumerate(docs):
        if index:
            out.append(separator)
        out.append(doc)
    return out


_BREAK, _FLAT = True, False
_SEQUENCES = (list, tuple)
_Flat = tuple[str, bool]  # the text, and whether it ends with a line's space


def _flat(doc: Doc) -> _Flat | None:
    """The doc printed flat, or None when it cannot be (a hard line, a broken group). Marks groups holding
    such a thing as broken (prettier's break propagation) and remembers every group's flat text."""
    kind = type(doc)
    if kind is str:
        return doc, False  # type: ignore[return-value]
    if kind in _SEQUENCES:
        parts: list[str] = []
        trailing = False
        for part in doc:  # type: ignore[union-attr]
            if type(part) is str:
                if part:
                    parts.append(part)  # type: ignore[arg-type]
                    trailing = False
                continue
            found = _flat(part)
            if found is None:
                return None
            if found[0]:
                parts.append(found[0])
                trailing = found[1]
        return "".join(parts), trailing
    if kind is Group:
        group: Group = doc  # type: ignore[assignment]
        if group.measured:
            return group.flat
        result = None if group.should_break else _flat(group.contents)
        if result is None and group.expanded_states is None:
            group.should_break = True
        group.flat, group.measured = result, True
        return result
    if kind is Lazy:
        return doc.text, False  # type: ignore[union-attr]
    if kind is Line:
        line: Line = doc  # type: ignore[assignment]
        return None if line.hard else ("", False) if line.soft else (" ", True)
    if kind is IfBreak:
        return _flat(doc.flat_contents)  # type: ignore[union-attr]
    return _flat(doc.contents)  # type: ignore[union-attr]


_Command = tuple[int, bool, Doc]  # indentation, mode, doc


def _fits_rest(rest: list[_Command], width: int, pending_space: bool, modes: dict[object, bool]) -> bool:
    """Whether what follows on the line (up to its first possible break) fits in ``width``."""
    rest_index = len(rest)
    commands: list[tuple[bool, Doc]] = []
    pop, push = commands.pop, commands.append
    while width >= 0:
        if not commands:
            if rest_index == 0:
                return True
            rest_index -= 1
            push((rest[rest_index][1], rest[rest_index][2]))
            continue
        mode, doc = pop()
        kind = type(doc)
        if kind is str:
            if doc:
                if pending_space:
                    width -= 1
                    pending_space = False
                width -= len(doc)  # type: ignore[arg-type]
        elif kind in _SEQUENCES:
            for part in reversed(doc):  # type: ignore[call-overload]
                push((mode, part))
        elif kind is Line:
            if mode is _BREAK or doc.hard:  # type: ignore[union-attr]
                return True
            if not doc.soft:  # type: ignore[union-attr]
                pending_space = True
        elif kind is Lazy:
            if mode is _BREAK:
                push((mode, doc.group()))  # type: ignore[union-attr]
            else:
                if pending_space:
                    width -= 1
                    pending_space = False
                width -= len(doc.text)  # type: ignore[union-attr]
        elif kind is Group:
            group: Group = doc  # type: ignore[assignment]
            _flat(group)
            group_mode = _BREAK if group.should_break else mode
            contents = (
                group.expanded_states[-1]
                if group.expanded_states is not None and group_mode is _BREAK
                else group.contents
            )
            push((group_mode, contents))
        elif kind is IfBreak:
            if_break: IfBreak = doc  # type: ignore[assignment]
            group_mode = modes.get(if_break.group_id, _FLAT) if if_break.group_id is not None else mode
            chosen = if_break.break_contents if group_mode is _BREAK else if_break.flat_contents
            if chosen:
                push((mode, chosen))
        else:
            push((mode, doc.contents))  # type: ignore[union-attr]
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
    pop, push = commands.pop, commands.append
    remeasure = False
    while commands:
        indent, mode, doc = pop()
        kind = type(doc)
        if kind is str:
            if doc:
                out.append(doc)  # type: ignore[arg-type]
                position += len(doc)  # type: ignore[arg-type]
        elif kind in _SEQUENCES:
            for part in reversed(doc):  # type: ignore[call-overload]
                push((indent, mode, part))
        elif kind is Lazy:
            lazy: Lazy = doc  # type: ignore[assignment]
            if mode is _FLAT and not remeasure:
                out.append(lazy.text)
                position += len(lazy.text)
                continue
            remeasure = False
            if _fits((lazy.text, False), commands, width - position, modes):
                out.append(lazy.text)
                position += len(lazy.text)
            else:  # measured again as a group, which breaks it (prettier's path for a group too long)
                push((indent, _BREAK, lazy.group()))
        elif kind is Group:
            group: Group = doc  # type: ignore[assignment]
            flat = _flat(group)
            if mode is _FLAT and not remeasure:
                chosen_mode = _BREAK if group.should_break else _FLAT
                if chosen_mode is _FLAT and flat is not None and group.id is None:
                    out.append(flat[0])
                    position += len(flat[0])
                    continue
                push((indent, chosen_mode, group.contents))
            else:
                remeasure = False
                if _fits(flat, commands, width - position, modes):
                    if group.id is None and flat is not None:
                        out.append(flat[0])
                        position += len(flat[0])
                        continue
                    push((indent, _FLAT, group.contents))
                elif group.expanded_states is None:
                    push((indent, _BREAK, group.contents))
                else:
                    chosen: _Command = (indent, _BREAK, group.expanded_states[-1])
                    if not group.should_break:
                        for state in group.expanded_states[1:-1]:
                            if _fits(_flat(state), commands, width - position, modes):
                                chosen = (indent, _FLAT, state)
                                break
                    push(chosen)
            if group.id is not None:
                modes[group.id] = commands[-1][1]
        elif kind is Line:
            line: Line = doc  # type: ignore[assignment]
            if mode is _FLAT and not line.hard:
                if not line.soft:
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
        elif kind is Indent:
            push((indent + 2, mode, doc.contents))  # type: ignore[union-attr]
        elif kind is Align:
            push((indent + doc.n, mode, doc.contents))  # type: ignore[union-attr]
        elif kind is IfBreak:
            if_break: IfBreak = doc  # type: ignore[assignment]
            group_mode = modes.get(if_break.group_id, mode) if if_break.group_id is not None else mode
            chosen_doc = if_break.break_contents if group_mode is _BREAK else if_break.flat_contents
            if chosen_doc:
                push((indent, mode, chosen_doc))
        else:
            indent_if_break: IndentIfBreak = doc  # type: ignore[assignment]
            group_mode = modes.get(indent_if_break.group_id, mode)
            push((indent + 2 if group_mode is _BREAK else indent, mode, indent_if_break.contents))
    text = "".join(out)
    return "\n".join(line.rstrip(" \t") for line in text.split("\n"))
