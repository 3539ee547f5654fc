"""Turn untrusted model text into safe TypeScript: string literals, comment text, identifiers, Markdown.

Everything a data model says (ids, names, descriptions) reaches generated TypeScript only through these
helpers. A string literal evaluates to exactly the text and is written as prettier keeps it (its quote
choice, ASCII only, so widths are character counts); comment text can never close its comment or start a
line; identifiers come from the naming authority and are only checked here.
"""

from __future__ import annotations

import functools
import re

from ..._errors import PygenError
from ...ir import TYPESCRIPT_RESERVED_WORDS

__all__ = [
    "Code",
    "check_identifier",
    "check_member",
    "comment_lines",
    "markdown_code",
    "one_line",
    "ts_string",
]


class Code(str):
    """Text already made safe by this module or printed from specs (templates may emit it verbatim)."""

    __slots__ = ()


_IDENTIFIER = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*")
_RESERVED = frozenset(TYPESCRIPT_RESERVED_WORDS) - {"null", "true", "false"}
_SIMPLE_ESCAPES = {"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f", "\v": "\\v"}


def check_identifier(name: str) -> str:
    """``name`` if it is a plain ASCII identifier (``this`` and ``null`` included), else PygenError.

    A last line of defence: names come from the IR's naming authority and are never escaped.
    """
    if not _IDENTIFIER.fullmatch(name) or (name in _RESERVED and name != "this"):
        raise PygenError(f"internal error: {name!r} is not a safe TypeScript identifier")
    return name


def check_member(name: str) -> str:
    """``name`` if it is a plain ASCII identifier, else PygenError: a property key (reserved words are fine
    there) that never needs quotes."""
    if not _IDENTIFIER.fullmatch(name):
        raise PygenError(f"internal error: {name!r} is not a safe TypeScript member name")
    return name


def _escape_char(char: str, quote: str) -> str:
    if char == quote:
        return "\\" + quote
    simple = _SIMPLE_ESCAPES.get(char)
    if simple is not None:
        return simple
    code = ord(char)
    if 0x20 <= code < 0x7F:
        return char
    if code > 0xFFFF:  # a surrogate pair, as JavaScript strings hold it
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


@functools.lru_cache(maxsize=8192)
def ts_string(value: str) -> str:
    """A TypeScript string literal for ``value``, quoted as prettier quotes it (double quotes unless the text
    holds more double than single quotes); every character outside printable ASCII is escaped."""
    quote = "'" if value.count('"') > value.count("'") else '"'
    if re.fullmatch(r"[ !#-&(-\[\]-~]*", value):
        return f"{quote}{value}{quote}"
    return quote + "".join(_escape_char(c, quote) for c in value) + quote


_LINE_BREAKS = re.compile(r"\r\n|[\r\n\u2028\u2029\x85\x0b\x0c]")


def comment_lines(text: str | None) -> list[str]:
    """``text`` as lines for a ``/** */`` comment: no ``*/``, no control characters, trimmed, blank lines at
    the ends dropped, runs of blank lines kept as one."""
    if text is None:
        return []
    lines: list[str] = []
    for raw in _LINE_BREAKS.split(text):
        line = "".join(c if c.isprintable() else " " for c in raw).replace("*/", "*\\/").strip()
        if line or (lines and lines[-1]):
            lines.append(line)
    while lines and not lines[-1]:
        lines.pop()
    return lines


def one_line(text: str | None) -> str | None:
    """The first paragraph of ``text`` on one line, safe in a comment (None when there is nothing)."""
    lines = comment_lines(text)
    if not lines:
        return None
    paragraph = lines[: lines.index("")] if "" in lines else lines
    return " ".join(" ".join(paragraph).split())


def markdown_code(text: str, *, in_table: bool = False) -> Code:
    """``text`` as a Markdown code span that shows it literally (never markup, never a line break); in a
    table cell a ``|`` is escaped (GitHub's tables end a cell at a bare one, even in code)."""
    flat = "".join(c if c.isprintable() else " " for c in text)
    if in_table:
        flat = flat.replace("|", "\\|")
    ticks = max((len(run) for run in re.findall(r"`+", flat)), default=0) + 1
    fence = "`" * ticks
    pad = " " if flat.startswith("`") or flat.endswith("`") or not flat.strip() else ""
    return Code(f"{fence}{pad}{flat}{pad}{fence}")
