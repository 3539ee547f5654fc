"""The CLI's log: ``-v``/``--verbose`` (``-vv`` for debug) and ``--log-format text|json``.

Everything goes to stderr: the commands' own messages (``pygen: wrote ...``, ``pygen: error: ...``) and,
with ``-v``, what ran and how long it took, with ``-vv`` every HTTP attempt. Retries are logged at info.
``--log-format json`` makes each of those one JSON object per line (``ts``, ``level``, ``logger``,
``event``, ``message`` and the event's fields), so stderr is pure JSON lines. No secret reaches the log:
the runtime never logs headers, bodies or query strings, and every line is scrubbed of the credentials in
the environment and of secret-looking options before it is written.
"""

from __future__ import annotations

import argparse
import datetime
import json
import logging
import os
import re
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from types import TracebackType
from typing import Any

__all__ = ["CommandLog", "add_options", "say", "step"]

# Loggers the CLI shows: ours, and the service's server (uvicorn) when `pygen serve` runs.
_LOGGERS = ("pygen_core", "hatch_pygen", "uvicorn")
_SECRET_VARIABLES = ("CDF_TOKEN", "IDP_CLIENT_SECRET", "PYGEN_SERVICE_KEYS")
_SECRET_OPTION = re.compile(r"secret|token|password|key", re.IGNORECASE)
_MIN_SECRET = 8
_REDACTED = "***"
_log = logging.getLogger("pygen_core.cli")
_current: CommandLog | None = None


def add_options(parser: argparse.ArgumentParser) -> None:
    """Add ``-v`` and ``--log-format`` to ``parser`` (every pygen parser has them, before or after the
    command)."""
    parser.add_argument(
        "-v",
        "--verbose",
        action="count",
        default=argparse.SUPPRESS,
        help="log what runs and how long it takes to stderr; -vv also every HTTP request",
    )
    parser.add_argument(
        "--log-format",
        choices=("text", "json"),
        default=argparse.SUPPRESS,
        help="stderr as text (default) or one JSON object per line",
    )
    # The deepest parser that runs sets it last: "pygen snapshot pull".
    parser.set_defaults(pygen_command=parser.prog)


def _secrets(args: argparse.Namespace, environ: Mapping[str, str]) -> list[str]:
    found: list[str] = []
    for name in _SECRET_VARIABLES:
        value = environ.get(name, "")
        # PYGEN_SERVICE_KEYS is "ID:KEY,ID:KEY": the keys are the secrets, and the whole value too.
        found += [value.strip(), *(part.partition(":")[2].strip() for part in value.split(","))]
    for name, value in vars(args).items():
        if isinstance(value, str) and _SECRET_OPTION.search(name):
            found.append(value.strip())
    return sorted({s for s in found if len(s) >= _MIN_SECRET}, key=len, reverse=True)


class _Formatter(logging.Formatter):
    """One line per record, text or JSON, scrubbed of the run's secrets."""

    def __init__(self, json_lines: bool, verbose: bool, secrets: list[str]) -> None:
        super().__init__()
        self._json = json_lines
        self._verbose = verbose
        self._secrets = secrets
        self._started = time.monotonic()

    def format(self, record: logging.LogRecord) -> str:
        message = " ".join(record.getMessage().split())
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            message += f" ({type(error).__name__}: {' '.join(str(error).split())})"
        fields: dict[str, Any] = getattr(record, "pygen", None) or {}
        if self._json:
            stamp = datetime.datetime.fromtimestamp(record.created, datetime.timezone.utc)
            entry: dict[str, Any] = {
                "ts": stamp.strftime("%Y-%m-%dT%H:%M:%S.") + f"{stamp.microsecond // 1000:03d}Z",
                "level": record.levelname.lower(),
                "logger": record.name,
                "event": fields.get("event", "log"),
                "message": message,
            }
            entry.update((key, value) for key, value in fields.items() if key not in entry)
            line = json.dumps(entry, default=str)
        elif self._verbose:
            elapsed = time.monotonic() - self._started
            name = record.name.removeprefix("pygen_core.")
            line = f"pygen: {elapsed:7.3f}s {record.levelname.lower():<7} {name}: {message}"
        else:
            line = f"pygen: {record.levelname.lower()}: {message}"
        return self.scrub(line)

    def scrub(self, text: str) -> str:
        """``text`` with every secret of the run replaced by ``***``."""
        for secret in self._secrets:
            text = text.replace(secret, _REDACTED)
        return text


class CommandLog:
    """The log of one ``pygen`` run: ``with CommandLog(args, argv) as log:`` shows our loggers' records on
    stderr, logs the command (option names, never values) and, at the end, its duration and exit code."""

    def __init__(
        self, args: argparse.Namespace, argv: list[str], environ: Mapping[str, str] | None = None
    ) -> None:
        self.verbosity: int = getattr(args, "verbose", 0) or 0
        self.json: bool = getattr(args, "log_format", "text") == "json"
        self.command: str = getattr(args, "pygen_command", "pygen")
        self.options = sorted({arg.split("=", 1)[0] for arg in argv if arg.startswith("-") and len(arg) > 1})
        self.exit_code: int | None = None
        secrets = _secrets(args, os.environ if environ is None else environ)
        self._formatter = _Formatter(self.json, self.verbosity > 0, secrets)
        self._handler = logging.StreamHandler(sys.stderr)
        self._handler.setFormatter(self._formatter)
        self._handler.setLevel(
            logging.DEBUG if self.verbosity > 1 else logging.INFO if self.verbosity else logging.WARNING
        )
        self._saved: list[tuple[logging.Logger, int]] = []
        self._started = time.perf_counter()

    def __enter__(self) -> CommandLog:
        global _current
        for name in _LOGGERS:
            logger = logging.getLogger(name)
            self._saved.append((logger, logger.level))
            logger.addHandler(self._handler)
            if self.verbosity:
                logger.setLevel(self._handler.level)
        _current = self
        shown = f" ({' '.join(self.options)})" if self.options else ""
        _log.info(
            "%s: started%s",
            self.command,
            shown,
            extra={"pygen": {"event": "start", "command": self.command, "options": self.options}},
        )
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        global _current
        milliseconds = round((time.perf_counter() - self._started) * 1000, 1)
        code = self.exit_code if exc is None else "exception"
        fields = {"event": "command", "command": self.command, "duration_ms": milliseconds, "exit_code": code}
        _log.info(
            "%s: done in %.3f s (exit %s)", self.command, milliseconds / 1000, code, extra={"pygen": fields}
        )
        _current = None
        for logger, level in self._saved:
            logger.removeHandler(self._handler)
            logger.setLevel(level)
        self._handler.flush()

    def say(self, message: str, event: str = "output", level: int = logging.INFO, **fields: Any) -> None:
        """A command's own message on stderr at every verbosity: ``pygen: <message>`` (``pygen: error:
        <message>`` for errors), or a JSON line."""
        if self.json:
            extra = {"pygen": {"event": event, **fields}}
            self._handler.handle(_log.makeRecord(_log.name, level, "", 0, message, (), None, extra=extra))
            return
        prefix = "pygen: error: " if level >= logging.ERROR else "pygen: "
        sys.stderr.write(self._formatter.scrub(prefix + " ".join(message.split())) + "\n")
        sys.stderr.flush()

    def fail(self, message: str, exit_code: int, level: int = logging.ERROR) -> int:
        """The run's one error line (``pygen: error: ...`` or a JSON line); returns ``exit_code``."""
        self.exit_code = exit_code
        self.say(message, "error", level, exit_code=exit_code)
        return exit_code

    def finish(self, exit_code: int) -> int:
        """Record the exit code of a command that returned."""
        self.exit_code = exit_code
        return exit_code


def say(message: str, event: str = "output", **fields: Any) -> None:
    """A command's message on stderr, in the run's format (plain ``pygen: <message>`` outside a run)."""
    if _current is not None:
        _current.say(message, event, **fields)
    else:
        print(f"pygen: {message}", file=sys.stderr)


@contextmanager
def step(what: str, **fields: Any) -> Iterator[None]:
    """Log ``what`` and how long it took, at info (``-v``)."""
    started = time.perf_counter()
    yield
    milliseconds = round((time.perf_counter() - started) * 1000, 1)
    _log.info(
        "%s in %.1f ms",
        what,
        milliseconds,
        extra={"pygen": {"event": "step", "step": what, "duration_ms": milliseconds, **fields}},
    )
