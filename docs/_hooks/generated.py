"""mkdocs hook: the parts of the site generated from the code, so they cannot drift from it.

A page asks for a generated part with a marker line, ``<!-- generated: NAME -->``:

- ``cli-reference``: every ``pygen`` command with its usage, description and options, read from the argparse
  parser the CLI runs (``pygen_core.cli._main.build_parser``);
- ``finding-codes``: the table of ``pygen_core.ir.FINDING_CODES``;
- ``sdk-exports``: the runtime names every generated SDK exports at its top level
  (``pygen_core.ir.SDK_RUNTIME_EXPORTS``).

An unknown marker fails the build. After rendering, every API-reference page is checked to document each name
in its module's ``__all__`` (a name mkdocstrings left out fails the build).
"""

from __future__ import annotations

import argparse
import html
import importlib
import re
from collections.abc import Callable, Iterator
from typing import Any

try:
    from mkdocs.exceptions import PluginError as _Error
except ImportError:  # imported by the tests, which do not install mkdocs
    _Error = ValueError  # type: ignore[misc,assignment]

MARKER = re.compile(r"^<!-- generated: ([a-z-]+) -->$", re.MULTILINE)

# API-reference page (path under docs/) -> the module whose __all__ it documents.
REFERENCE_PAGES = {
    "reference/pygen_core.md": "pygen_core",
    "reference/codegen.md": "pygen_core.codegen",
    "reference/snapshot.md": "pygen_core.snapshot",
    "reference/ir.md": "pygen_core.ir",
    "reference/emulator.md": "pygen_core.emulator",
    "reference/hatch_pygen.md": "hatch_pygen",
    "reference/runtime.md": "pygen_core.runtime",
}


def _cell(text: str) -> str:
    """Plain text as one line of Markdown: no HTML, emphasis or table breaks from the text."""
    text = html.escape(" ".join(text.split()), quote=False)
    return text.replace("|", "\\|").replace("*", "\\*").replace("_", "\\_")


def _commands(
    parser: argparse.ArgumentParser, path: tuple[str, ...]
) -> Iterator[tuple[tuple[str, ...], argparse.ArgumentParser, str]]:
    """``(words, parser, summary)`` for every command that runs something (leaves of the command tree)."""
    subparsers = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subparsers:
        yield path, parser, ""
        return
    helps = {choice.dest: choice.help or "" for choice in subparsers[0]._choices_actions}
    for name, sub in subparsers[0].choices.items():
        for words, leaf, summary in _commands(sub, (*path, name)):
            yield words, leaf, summary or helps.get(name, "")


def option_rows(parser: argparse.ArgumentParser) -> list[tuple[str, str]]:
    """``(spelling, help)`` of every argument of ``parser`` except ``-h``, spelt as ``--help`` spells them."""
    formatter = parser._get_formatter()
    rows: list[tuple[str, str]] = []
    for action in parser._actions:
        if isinstance(action, (argparse._HelpAction, argparse._SubParsersAction)):
            continue
        spelling = formatter._format_action_invocation(action)
        if not action.option_strings and action.nargs in ("+", "*"):
            spelling += " ..."
        text = formatter._expand_help(action) if action.help else ""
        if action.option_strings and action.required:
            text += " (required)"
        rows.append((spelling, text))
    return rows


def cli_reference() -> str:
    """Markdown for every ``pygen`` command, read from the parser the CLI runs."""
    from pygen_core.cli._main import build_parser

    parser = build_parser()
    parts = [
        "Options of `pygen` itself (`-v` and `--log-format` also go after any command name):",
        "",
        "| option | meaning |",
        "|---|---|",
    ]
    parts += [f"| `{spelling}` | {_cell(text)} |" for spelling, text in option_rows(parser)]
    common = {spelling for spelling, _ in option_rows(parser)}
    for words, leaf, summary in _commands(parser, ("pygen",)):
        parts += ["", f"### `{' '.join(words)}`", "", _cell(f"{summary[:1].upper()}{summary[1:]}."), ""]
        if leaf.description:
            parts += [_cell(leaf.description), ""]
        usage = " ".join(leaf.format_usage().removeprefix("usage: ").split())
        parts += ["```text", usage, "```", "", "| argument | meaning |", "|---|---|"]
        parts += [
            f"| `{spelling}` | {_cell(text)} |"
            for spelling, text in option_rows(leaf)
            if spelling not in common
        ]
    return "\n".join(parts)


def finding_codes() -> str:
    """Markdown table of every finding code."""
    from pygen_core.ir import FINDING_CODES

    rows = ["| code | default level | what it means |", "|---|---|---|"]
    for code in FINDING_CODES:
        note = " (the snapshot's JSON is not valid DMS here)" if code.malformed else ""
        rows.append(f"| `{code.code}` | {code.severity.value} | {_cell(code.title)}{note} |")
    return "\n".join(rows)


def sdk_exports() -> str:
    """Markdown list of the runtime names every SDK exports."""
    from pygen_core.ir import SDK_RUNTIME_EXPORTS

    return ", ".join(f"`{name}`" for name in sorted(SDK_RUNTIME_EXPORTS))


GENERATORS: dict[str, Callable[[], str]] = {
    "cli-reference": cli_reference,
    "finding-codes": finding_codes,
    "sdk-exports": sdk_exports,
}


def expand(markdown: str, where: str) -> str:
    """``markdown`` with every marker replaced by its generated part."""

    def replace(match: re.Match[str]) -> str:
        generator = GENERATORS.get(match.group(1))
        if generator is None:
            raise _Error(f"{where}: unknown generated part {match.group(1)!r} (known: {sorted(GENERATORS)})")
        return generator()

    return MARKER.sub(replace, markdown)


# Names a module re-exports from another library: mkdocstrings documents them there, not here; the page must
# say where they come from (the name in code, in its text).
REEXPORTS = {"pygen_core.runtime": {"ConfigDict": "pydantic", "JsonValue": "pydantic", "Unpack": "typing"}}


def missing_reference_names(module_name: str, html: str) -> list[str]:
    """The names of ``module_name.__all__`` that the rendered page has no anchor (or, for a name re-exported
    from another library, no mention) for."""
    module = importlib.import_module(module_name)
    reexports = REEXPORTS.get(module_name, {})
    return [
        name
        for name in module.__all__
        if f'id="{module_name}.{name}"' not in html
        and (name not in reexports or f"<code>{name}</code>" not in html)
    ]


def on_page_markdown(markdown: str, page: Any, **kwargs: Any) -> str:
    """mkdocs event: expand the markers of a page."""
    return expand(markdown, page.file.src_uri)


def on_post_page(output: str, page: Any, **kwargs: Any) -> str:
    """mkdocs event: an API-reference page must document every public name of its module."""
    module_name = REFERENCE_PAGES.get(page.file.src_uri)
    if module_name is not None:
        missing = missing_reference_names(module_name, output)
        if missing:
            raise _Error(f"{page.file.src_uri}: {module_name} names not documented: {', '.join(missing)}")
    return output
