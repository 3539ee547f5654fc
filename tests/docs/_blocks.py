"""Code blocks of the documentation's Markdown pages, with the marker that may precede each.

A marker is an HTML comment (invisible on the site) on the last non-blank line before a fence:

- ``<!-- docs: skip REASON -->``: the block is not run (it needs real CDF credentials, a browser, ...);
- ``<!-- docs: file NAME -->``: the block is a file the reader creates: it is written to ``NAME`` in the
  page's working directory instead of being run (later blocks use it);
- ``<!-- docs: run -->`` (shell blocks only): the ``pygen`` and ``pytest`` commands are run, not only parsed;
- ``<!-- docs: before -->`` (Python, the migration guide): code written against cognite-pygen's SDK, which
  cannot run here; ``pygen migrate code`` must flag it.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from pathlib import Path

DOCS_DIR = Path(__file__).resolve().parents[2] / "docs"

_FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<lang>[\w+-]*)[^\n]*$")
_MARKER = re.compile(r"^\s*<!-- docs: (?P<kind>skip|file|run|before)\b(?P<arg>.*?)-->\s*$")


@dataclass(frozen=True)
class Block:
    """One fenced code block of a page."""

    page: Path
    line: int  # 1-based line of the opening fence
    lang: str
    code: str
    marker: str | None = None  # "skip", "file", "run" or "before"
    argument: str = ""  # the skip reason or the file name

    @property
    def where(self) -> str:
        return f"{self.page.relative_to(DOCS_DIR.parent)}:{self.line}"


def pages() -> list[Path]:
    """Every Markdown page of the site (the mkdocs hooks' folder aside)."""
    return sorted(p for p in DOCS_DIR.rglob("*.md") if "_hooks" not in p.parts)


def blocks(page: Path) -> list[Block]:
    """The fenced code blocks of ``page`` in order; a fence left open is an error."""
    lines = page.read_text(encoding="utf-8").splitlines()
    found: list[Block] = []
    index = 0
    while index < len(lines):
        opening = _FENCE.match(lines[index])
        if opening is None:
            index += 1
            continue
        indent, fence = opening["indent"], opening["fence"]
        body: list[str] = []
        end = index + 1
        while end < len(lines) and not re.match(rf"^[ \t]*{re.escape(fence)}[ \t]*$", lines[end]):
            body.append(lines[end][len(indent) :] if lines[end].startswith(indent) else lines[end].lstrip())
            end += 1
        if end == len(lines):
            raise ValueError(f"{page}:{index + 1}: code block is never closed")
        marker, argument = _marker_before(lines, index)
        found.append(
            Block(page, index + 1, opening["lang"].lower(), "\n".join(body) + "\n", marker, argument)
        )
        index = end + 1
    return found


def _marker_before(lines: list[str], index: int) -> tuple[str | None, str]:
    previous = index - 1
    while previous >= 0 and not lines[previous].strip():
        previous -= 1
    if previous < 0:
        return None, ""
    match = _MARKER.match(lines[previous])
    if match is None:
        return None, ""
    return match["kind"], match["arg"].strip()


def shell_commands(code: str) -> list[list[str]]:
    """The simple commands of a shell block as argument lists: continuation lines joined, comments dropped,
    ``a && b; c | d`` split into its commands."""
    joined = re.sub(r"\\\n", " ", code)
    commands: list[list[str]] = []
    for line in joined.splitlines():
        lexer = shlex.shlex(line, posix=True, punctuation_chars=";&|")
        lexer.whitespace_split = True
        current: list[str] = []
        for token in lexer:
            if token in _OPERATORS:
                if current:
                    commands.append(current)
                current = []
            else:
                current.append(token)
        if current:
            commands.append(current)
    return commands


_OPERATORS = {"&&", "||", ";", "|", "&"}
