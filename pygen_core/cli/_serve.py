"""``pygen serve``: SDK generation over HTTP (needs ``pip install 'hatch-pygen[service]'``)."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from types import FrameType
from typing import Any

from .._errors import PygenError

_log = logging.getLogger("pygen_core.cli.serve")


def register(subparsers: Any) -> None:
    """Add the ``serve`` subcommand."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "serve",
        help="serve SDK generation over HTTP (web page, API, keys, limits)",
        description=(
            "Serve the generator over HTTP: POST /v1/generate and /v1/validate, a web page at /, "
            "OpenAPI docs at /docs. API keys come from PYGEN_SERVICE_KEYS (ID:KEY,...) or a file of "
            "hashed keys; limits from PYGEN_SERVICE_* variables or the options below. Stops cleanly on "
            "Ctrl-C or SIGTERM."
        ),
    )
    parser.add_argument("--host", default="127.0.0.1", help="interface to bind (default: 127.0.0.1)")
    parser.add_argument(
        "--port", type=int, default=8000, help="port to bind; 0 picks a free one (default: 8000)"
    )
    parser.add_argument(
        "--workers", type=int, default=1, metavar="N", help="uvicorn worker processes (default: 1)"
    )
    parser.add_argument(
        "--processes",
        type=int,
        metavar="N",
        help="generator processes per worker (default: $PYGEN_SERVICE_PROCESSES, else CPUs / workers)",
    )
    parser.add_argument(
        "--keys-file",
        metavar="FILE",
        help="hashed API keys, one 'ID sha256:HEX' per line ($PYGEN_SERVICE_KEYS_FILE)",
    )
    parser.add_argument(
        "--no-auth", action="store_true", help="accept requests without a key (local trials only)"
    )
    parser.add_argument("--timeout", type=float, metavar="SECONDS", help="limit per generation (default: 60)")
    parser.add_argument(
        "--hash-key",
        action="store_true",
        help="read a key on stdin, print its hash for a keys file (ID sha256:HEX), exit",
    )
    parser.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    if args.hash_key:
        return _hash_key()
    from ..service import ServiceSettings, require_extra

    require_extra()
    if not 0 <= args.port <= 65535:
        raise PygenError(f"--port: {args.port} is not a valid port (0-65535)")
    if args.workers < 1:
        raise PygenError(f"--workers: must be at least 1, got {args.workers}")
    if args.processes is not None and args.processes < 1:
        raise PygenError(f"--processes: must be at least 1, got {args.processes}")
    processes = args.processes
    if processes is None and not os.environ.get("PYGEN_SERVICE_PROCESSES", "").strip():
        processes = max(1, (os.cpu_count() or 1) // args.workers)
    settings = ServiceSettings.from_env(
        os.environ.copy(),
        keys_file=args.keys_file,
        auth=False if args.no_auth else None,
        timeout=args.timeout,
        processes=processes,
    )
    from ..service._server import bind_socket

    sock = bind_socket(args.host, args.port)
    port = sock.getsockname()[1]
    _announce(args.host, port, args.workers, settings)
    limits = {
        name: getattr(settings, name)
        for name in ("auth", "processes", "timeout", "max_body_bytes", "max_json_bytes", "rate_per_minute")
    }
    fields = {"event": "serve", "host": args.host, "port": port, "workers": args.workers, **limits}
    _log.info(
        "serving on %s:%d: %d worker(s), %d key(s), %s",
        args.host,
        port,
        args.workers,
        len(settings.keys),
        ", ".join(f"{name}={value}" for name, value in limits.items()),
        extra={"pygen": fields},
    )
    if args.workers > 1:
        sock.close()  # uvicorn's supervisor binds it again for its workers
    verbose = (getattr(args, "verbose", 0) or 0) > 0
    return _serve(sock, args.host, port, args.workers, settings, verbose)


def _serve(sock: Any, host: str, port: int, workers: int, settings: Any, verbose: bool = False) -> int:
    import uvicorn

    from ..service._settings import SETTINGS_ENV

    # The app factory (in this process or in uvicorn's workers) reads the resolved settings, keys hashed.
    os.environ[SETTINGS_ENV] = settings.to_json()
    common: dict[str, Any] = {
        "factory": True,
        "http": "h11",
        # uvicorn's own records go to the `uvicorn` logger, which the CLI's log shows (text or JSON).
        "log_config": None,
        "log_level": "info" if verbose else "warning",
        "access_log": False,
        "timeout_graceful_shutdown": 10,
        "server_header": False,
    }
    app = "pygen_core.service._app:create_app_from_env"
    # uvicorn handles SIGINT/SIGTERM (graceful shutdown), then re-raises the signal to the handler it found:
    # let that be a no-op, so a requested stop exits 0 instead of dying by the signal.
    import signal

    previous = {sig: signal.signal(sig, _stopped) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        if workers > 1:
            uvicorn.run(app, host=host, port=port, workers=workers, **common)
        else:
            config = uvicorn.Config(app, **common)
            uvicorn.Server(config).run(sockets=[sock])
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        os.environ.pop(SETTINGS_ENV, None)
        sock.close()
    print("pygen serve: stopped", flush=True)
    return 0


def _stopped(signum: int, frame: FrameType | None) -> None:
    """Signal handler while serving: uvicorn has already stopped the server when this runs."""


def _announce(host: str, port: int, workers: int, settings: Any) -> None:
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{port}"
    lines = [
        f"pygen serve: serving on {url} ({workers} worker(s), "
        f"{settings.processes} generator process(es) each)",
        f"  web page:  {url}/",
        f"  API docs:  {url}/docs (OpenAPI: {url}/openapi.json)",
        f"  health:    {url}/v1/health",
        "  access log: JSON lines on stderr",
        "Press Ctrl-C to stop.",
    ]
    if not settings.auth:
        lines.insert(1, "pygen serve: warning: --no-auth: every caller is accepted")
    if not _is_loopback(host):
        lines.insert(1, f"pygen serve: warning: listening on {host}, reachable from other machines")
    print("\n".join(lines), flush=True)


def _hash_key() -> int:
    from ..service._keys import MIN_KEY_LENGTH, hash_key

    key = sys.stdin.readline().strip()
    if len(key) < MIN_KEY_LENGTH:
        raise PygenError(f"--hash-key: give a key of at least {MIN_KEY_LENGTH} characters on stdin")
    print(hash_key(key))
    return 0


def _is_loopback(host: str) -> bool:
    try:
        import ipaddress  # only here: the other commands need not load it

        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"
