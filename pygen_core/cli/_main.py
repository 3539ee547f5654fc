"""Entry point of the ``pygen`` command.

Each subcommand lives in its own module exposing ``register(subparsers)``; it adds a parser and sets
``func`` (``Callable[[argparse.Namespace], int]``) as a default. User mistakes raise :class:`PygenError`
(or argparse errors) and end as one ``pygen: error: ...`` line with exit code 2, never a traceback.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

from .._errors import PygenError
from .._version import __version__
from ._logging import CommandLog, add_options

# Subcommand modules, in the order they appear in --help. Each has `register(subparsers) -> None`.
_SUBCOMMANDS: tuple[str, ...] = ("_snapshot", "_generate", "_emulator", "_serve", "_migrate")


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        add_options(self)  # -v / --log-format, before or after any command

    def error(self, message: str) -> NoReturn:
        if self.prog.endswith(" generate"):  # cognite-pygen's `pygen generate` habit in a v1 project
            from ._migrate import predecessor_hint

            message = predecessor_hint() or message
        self.exit(2, f"{self.prog}: error: {message}\n")


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """Build the ``pygen`` argument parser: every command, or only ``command`` (all a run of it needs)."""
    import importlib

    parser = _Parser(prog="pygen", description="Typed Python SDKs for CDF data models.")
    parser.add_argument("--version", action="version", version=f"pygen {__version__}")
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND", parser_class=_Parser)
    for name in _SUBCOMMANDS:
        if command is None or name == f"_{command}":
            importlib.import_module(f".{name}", __package__).register(subparsers)
    return parser


def _command(argv: Sequence[str]) -> str | None:
    """The command ``argv`` runs when its first word is one (else None: the full parser reports it)."""
    first = next((arg for arg in argv if not arg.startswith("-")), None)
    return first if first is not None and f"_{first}" in _SUBCOMMANDS else None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI and return its exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(_command(argv))
    args = parser.parse_args(argv)
    func: Callable[[argparse.Namespace], int] | None = getattr(args, "func", None)
    if func is None:
        parser.print_help()
        return 2
    with CommandLog(args, argv) as log:
        try:
            return log.finish(func(args))
        except Exception as exc:
            if not _is_user_facing(exc):
                raise
            return log.fail(_one_line(str(exc)), 2)
        except KeyboardInterrupt:
            return log.fail("interrupted", 130, logging.WARNING)


def _is_user_facing(exc: Exception) -> bool:
    """Our own errors and CDF's (from the runtime, imported only by commands that talk HTTP)."""
    if isinstance(exc, PygenError):
        return True
    runtime_errors = sys.modules.get("pygen_core.runtime._errors")
    return runtime_errors is not None and isinstance(exc, runtime_errors.CDFError)


def _one_line(message: str) -> str:
    return " ".join(message.split())


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
