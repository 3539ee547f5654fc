"""The reference parts of the docs that are written by hand list exactly what the code has.

The CLI guide's reference and the finding codes are generated from the code at build time
(``docs/_hooks/generated.py``); the ``[tool.pygen]`` key tables (README and build-hook guide) and the README's
CLI table are prose, so they are compared with the config loader's key table and the CLI's argparse parser.
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tests.docs._blocks import DOCS_DIR

REPO = DOCS_DIR.parent
README = REPO / "README.md"
HOOK_GUIDE = DOCS_DIR / "guides" / "build-hook.md"


def _hook() -> ModuleType:
    spec = importlib.util.spec_from_file_location("docs_generated_hook", DOCS_DIR / "_hooks" / "generated.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _section(path: Path, heading: str) -> str:
    """The text under ``heading`` up to the next heading of the same or a higher level."""
    text = path.read_text(encoding="utf-8")
    level = heading.split(" ", 1)[0]
    start = text.index(heading + "\n") + len(heading) + 1
    following = re.compile(rf"^#{{1,{len(level)}}} ", re.MULTILINE).search(text, start)
    return text[start : following.start() if following else len(text)]


def _first_cells(section: str) -> list[str]:
    return re.findall(r"^\| `([^`]+)` \|", section, re.MULTILINE)


def _leaf_commands() -> list[tuple[str, argparse.ArgumentParser]]:
    from pygen_core.cli._main import build_parser

    found: list[tuple[str, argparse.ArgumentParser]] = []

    def walk(parser: argparse.ArgumentParser, words: str) -> None:
        subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        if not subs:
            found.append((words, parser))
            return
        for name, sub in subs[0].choices.items():
            walk(sub, f"{words} {name}")

    walk(build_parser(), "pygen")
    return found


@pytest.mark.parametrize(
    ("page", "heading"),
    [(README, "### `[tool.pygen]` reference"), (HOOK_GUIDE, "## `[tool.pygen]` keys")],
    ids=["README", "build-hook guide"],
)
def test_config_key_tables_list_every_key(page: Path, heading: str) -> None:
    from hatch_pygen._config import KEYS

    listed = _first_cells(_section(page, heading))
    assert sorted(listed) == sorted(KEYS), f"{page.name}: {heading} lists {listed}, not {sorted(KEYS)}"


def test_readme_cli_reference_has_every_command_and_option() -> None:
    """Each command has a row in the README's CLI table naming every one of its long options."""
    section = _section(README, "## CLI reference")
    rows = re.findall(r"^\| `(pygen [^`]*)` \|(.*)$", section, re.MULTILINE)
    common = {"--verbose", "--log-format", "--help"}
    for words, leaf in _leaf_commands():
        matching = [f"{usage} {rest}" for usage, rest in rows if f"{usage} ".startswith(f"{words} ")]
        assert matching, f"README CLI reference: no row for {words!r}"
        text = " ".join(matching)
        options = {o for a in leaf._actions for o in a.option_strings if o.startswith("--")} - common
        missing = sorted(o for o in options if not re.search(rf"{re.escape(o)}(?![\w-])", text))
        assert not missing, f"README CLI reference, {words}: options not mentioned: {missing}"


def test_generated_parts_cover_the_code() -> None:
    """The CLI guide gets a section per command, the findings guide a row per code; a bad marker fails."""
    from pygen_core.ir import FINDING_CODES

    hook = _hook()
    cli = hook.expand("<!-- generated: cli-reference -->", "cli.md")
    for words, leaf in _leaf_commands():
        assert f"### `{words}`" in cli
        for action in leaf._actions:
            for option in action.option_strings:
                if option.startswith("--") and option != "--help":
                    assert option in cli, f"{words}: {option} missing from the generated reference"
    table = hook.expand("<!-- generated: finding-codes -->", "findings.md")
    assert [row.split("`")[1] for row in table.splitlines()[2:]] == [c.code for c in FINDING_CODES]
    with pytest.raises(Exception, match="unknown generated part 'nonsense'"):
        hook.expand("<!-- generated: nonsense -->", "x.md")


def test_guides_use_the_generated_parts() -> None:
    """The CLI and findings guides carry their generated markers (so the tables above reach the site)."""
    assert "<!-- generated: cli-reference -->" in (DOCS_DIR / "guides" / "cli.md").read_text(encoding="utf-8")
    findings = (DOCS_DIR / "guides" / "findings.md").read_text(encoding="utf-8")
    assert "<!-- generated: finding-codes -->" in findings
