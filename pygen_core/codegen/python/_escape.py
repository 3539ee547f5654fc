"""Turn untrusted model text into safe Python source: string literals, docstrings, identifiers.

Everything a data model says (names, descriptions, ids) reaches generated code only through these
helpers. They never let text end a literal early, start an escape sequence, or add a source line, and they
emit exactly what ``ruff format`` would, so generated files need no formatter.
"""

from __future__ import annotations

import functools
import keyword
import re
import textwrap

from ..._errors import PygenError

__all__ = ["Source", "check_identifier", "docstring", "py_str"]


class Source(str):
    """Text already turned into valid Python source by this module (templates may emit it verbatim)."""

    __slots__ = ()


_LINE_BREAKS = re.compile(r"\r\n|\r|\n")
_SURROGATES = re.compile("[\ud800-\udfff]")


def _escape_char(char: str) -> str:
    if char == "\\":
        return "\\\\"
    if char == "\t":
        return "\\t"
    if char == "\n":
        return "\\n"
    if char == "\r":
        return "\\r"
    if char.isprintable():
        return char
    code = ord(char)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


# Printable ASCII without a backslash and without the quote in use: nothing to escape (the common case).
_PLAIN = {'"': re.compile(r"[ !#-\[\]-~]*"), "'": re.compile(r"[ -&(-\[\]-~]*")}


def _escape(text: str, quote: str) -> str:
    if _PLAIN[quote].fullmatch(text):
        return text
    parts: list[str] = []
    for char in text:
        if char == quote:
            parts.append("\\" + quote)
        else:
            parts.append(_escape_char(char))
    return "".join(parts)


@functools.lru_cache(maxsize=8192)
def py_str(value: str) -> Source:
    """Return a Python string literal that evaluates to exactly ``value``.

    Quotes follow ``ruff format``: double quotes unless the text holds more double than single quotes.
    Every non-printable character (NUL, line and paragraph separators, lone surrogates, ...) is escaped.
    """
    quote = "'" if value.count('"') > value.count("'") else '"'
    return Source(f"{quote}{_escape(value, quote)}{quote}")


_WIDTH = 88


def _wrap(lines: list[str], width: int) -> list[str]:
    """Lines longer than ``width`` broken at spaces (keeping their indentation); nothing else changes."""
    out: list[str] = []
    for line in lines:
        if len(line) <= width:
            out.append(line)
            continue
        lead = line[: len(line) - len(line.lstrip(" "))]
        out += textwrap.wrap(
            line,
            max(width, len(lead) + 20),
            subsequent_indent=lead,
            break_long_words=False,
            break_on_hyphens=False,
        ) or [line]
    return out


def docstring(text: str | None, indent: int = 0) -> Source:
    """Return a complete triple-quoted docstring for ``text``, or ``""`` when there is nothing to say.

    ``indent`` is the number of spaces before the opening quotes; continuation lines get the same.
    The text is normalised the way ``ruff format`` normalises docstrings (outer and trailing whitespace
    stripped, common indentation removed), so the output is formatter-stable. Lines longer than the line
    length are broken at spaces.
    """
    if text is None:
        return Source("")
    # Lone surrogates cannot be encoded as a class __doc__; documentation may lose them.
    text = _SURROGATES.sub("\ufffd", text)
    lines = [_escape(line, '"').rstrip(" ") for line in _LINE_BREAKS.split(text)]
    while lines and not lines[0].strip(" "):
        lines.pop(0)
    while lines and not lines[-1].strip(" "):
        lines.pop()
    if not lines:
        return Source("")
    lines[0] = lines[0].lstrip(" ")
    rest = lines[1:]
    widths = [len(line) - len(line.lstrip(" ")) for line in rest if line]
    common = min(widths, default=0)
    rest = _wrap([line[common:] for line in rest], _WIDTH - indent)
    first = _wrap([lines[0]], _WIDTH - indent - 3 - (0 if rest else 3))
    lines[0], rest = first[0], first[1:] + rest
    pad = " " * indent
    if not rest:
        return Source(f'"""{lines[0]}"""')
    body = "\n".join(f"{pad}{line}" if line else "" for line in rest)
    return Source(f'"""{lines[0]}\n{body}\n{pad}"""')


_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def check_identifier(name: str) -> str:
    """Return ``name`` if it is a plain ASCII, non-keyword identifier, else raise :class:`PygenError`.

    A last line of defence: names come from the IR's naming authority and are never escaped, so a bad one
    must stop generation rather than reach the source.
    """
    if not _IDENTIFIER.fullmatch(name) or keyword.iskeyword(name):
        raise PygenError(f"internal error: {name!r} is not a safe Python identifier")
    return name
