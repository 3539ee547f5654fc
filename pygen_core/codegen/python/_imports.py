"""Collect the imports of one generated module and render them in ruff-isort order."""

from __future__ import annotations

from ._escape import Source
from ._expr import from_import, natural_key

__all__ = ["Imports"]

_STDLIB = frozenset({"builtins", "collections.abc", "datetime", "functools", "importlib", "typing"})


class Imports:
    """``import x`` and ``from x import y`` statements, grouped into future / stdlib / third-party / local."""

    def __init__(self) -> None:
        self._modules: set[str] = set()
        self._names: dict[str, set[str]] = {}

    def module(self, name: str) -> None:
        """Add ``import name``."""
        self._modules.add(name)

    def add(self, module: str, *names: str) -> None:
        """Add ``from module import names``."""
        self._names.setdefault(module, set()).update(names)

    @staticmethod
    def _section(module: str) -> int:
        if module == "__future__":
            return 0
        if module.startswith("."):
            return 3
        return 1 if module.split(".")[0] in {m.split(".")[0] for m in _STDLIB} else 2

    @staticmethod
    def _from_key(module: str) -> tuple[int, tuple[tuple[int, int | str], ...]]:
        dots = len(module) - len(module.lstrip("."))
        return (-dots, natural_key(module.lstrip(".")))

    def render(self, indent: int = 0) -> Source:
        """The import block (no trailing newline); continuation lines carry ``indent`` spaces."""
        sections: list[list[str]] = [[], [], [], []]
        for name in sorted(self._modules, key=natural_key):
            sections[self._section(name)].append(f"import {name}")
        pad = " " * indent
        for module in sorted(self._names, key=self._from_key):
            if self._names[module]:
                sections[self._section(module)].append(
                    from_import(module, self._names[module], indent=indent)
                )
        # Statements are already indented inside; only the lines that start them need the indent.
        return Source(f"\n\n{pad}".join(f"\n{pad}".join(lines) for lines in sections if lines))
