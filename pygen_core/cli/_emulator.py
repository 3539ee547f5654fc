"""``pygen emulator``: serve a local DMS emulator for snapshot files until Ctrl-C / SIGTERM."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import threading
from types import FrameType
from typing import Any

from .._errors import PygenError

DEFAULT_DB = os.path.join(".pygen", "emulator.db")
SECRET_ENV = "PYGEN_EMULATOR_CLIENT_SECRET"  # noqa: S105 (the variable name, not a secret)


def register(subparsers: Any) -> None:
    """Add the ``emulator`` subcommand."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "emulator",
        help="run a local CDF data-modeling API for snapshot files",
        description=(
            "Serve CDF's data-modeling API (spaces, containers, views, data models, instances) on a local "
            "port, backed by SQLite. Stops cleanly on Ctrl-C or SIGTERM."
        ),
    )
    parser.add_argument(
        "--snapshot",
        action="append",
        default=[],
        metavar="FILE",
        help="snapshot or DMS data model JSON to serve (repeatable)",
    )
    parser.add_argument(
        "--db",
        default=DEFAULT_DB,
        metavar="PATH",
        help=f"SQLite file that keeps the data across restarts, or :memory: (default: {DEFAULT_DB})",
    )
    parser.add_argument("--seed", metavar="INSTANCES.json", help="instances (read form) to load at start")
    parser.add_argument("--host", default="127.0.0.1", help="interface to bind (default: 127.0.0.1)")
    parser.add_argument("--port", type=int, default=0, help="port to bind; 0 picks a free one (default: 0)")
    parser.add_argument(
        "--project", default="pygen-emulator", help="CDF project name (default: pygen-emulator)"
    )
    parser.add_argument(
        "--client-id", default="pygen-emulator", metavar="ID", help="OAuth client id to accept"
    )
    parser.add_argument(
        "--client-secret",
        metavar="SECRET",
        help=f"OAuth client secret to accept (default: ${SECRET_ENV}, else a random one printed at start)",
    )
    parser.add_argument("--token-ttl", type=float, default=3600.0, metavar="SECONDS", help="token lifetime")
    parser.add_argument(
        "--fake",
        type=int,
        default=0,
        metavar="N",
        help="fill every view of the snapshots with N valid, connected fake instances (default: 0)",
    )
    parser.add_argument(
        "--fake-seed", type=int, default=0, metavar="S", help="seed of the fake data; same seed, same data"
    )
    parser.add_argument(
        "--fake-space",
        default="pygen_fake",
        metavar="SPACE",
        help="space of the fake instances (default: pygen_fake)",
    )
    parser.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    from ..emulator import Emulator

    if not 0 <= args.port <= 65535:
        raise PygenError(f"--port: {args.port} is not a valid port (0-65535)")
    if args.token_ttl <= 0:
        raise PygenError(f"--token-ttl: must be positive, got {args.token_ttl}")
    if args.fake < 0:
        raise PygenError(f"--fake: must be 0 or more instances per view, got {args.fake}")
    for path in [*args.snapshot, *([args.seed] if args.seed else [])]:
        if not os.path.isfile(path):
            raise PygenError(f"{path}: no such file")
    secret = args.client_secret or os.environ.get(SECRET_ENV) or None
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("pygen emulator: %(message)s"))
    emulator_logger = logging.getLogger("pygen_core.emulator")
    emulator_logger.addHandler(handler)
    emulator_logger.setLevel(logging.INFO)

    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    import signal

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        emulator = Emulator(
            snapshots=args.snapshot,
            seed=args.seed,
            db=args.db,
            host=args.host,
            port=args.port,
            project=args.project,
            client_id=args.client_id,
            client_secret=secret,
            token_ttl=args.token_ttl,
            fake=args.fake,
            fake_seed=args.fake_seed,
            fake_space=args.fake_space,
        )
        with emulator as emu:
            _announce(emu, args.db)
            while not stop.wait(0.5):
                pass
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)
        emulator_logger.removeHandler(handler)
    print("pygen emulator: stopped", flush=True)
    return 0


def _announce(emu: Any, db: str) -> None:
    lines = [
        f"pygen emulator: serving project {emu.project!r} (database: {db})",
        f"  base URL:      {emu.base_url}",
        f"  token URL:     {emu.token_url}",
        f"  device login:  {emu.device_code_url}",
        f"  project:       {emu.project}",
        f"  client id:     {emu.client_id}",
        f"  client secret: {emu.client_secret}",
        "  environment for ClientConfig.from_env():",
        f"    CDF_URL={emu.base_url} CDF_PROJECT={emu.project} IDP_TOKEN_URL={emu.token_url}",
        f"    IDP_CLIENT_ID={emu.client_id} IDP_CLIENT_SECRET=<client secret above>",
        f"    IDP_SCOPES={emu.base_url}/.default",
        "Press Ctrl-C to stop.",
    ]
    if emu.fake_report is not None:
        nodes, edges = sum(emu.fake_report.nodes.values()), sum(emu.fake_report.edges.values())
        lines.insert(-1, f"  fake data:     {nodes} nodes, {edges} edges in space {emu.fake_space}")
    if not _is_loopback(emu.host):
        lines.insert(1, f"pygen emulator: warning: listening on {emu.host}, reachable from other machines")
    print("\n".join(lines), flush=True)


def _is_loopback(host: str) -> bool:
    try:
        import ipaddress  # only here: the other commands need not load it

        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"
