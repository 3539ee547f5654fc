"""``pygen snapshot``: pull a snapshot of data models from CDF, or show what a snapshot file holds."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ._logging import say, step

DEFAULT_OUTPUT = "pygen-snapshot.json"


def register(subparsers: Any) -> None:
    """Add the ``snapshot`` subcommand with ``pull`` and ``show``."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "snapshot",
        help="pull or show a data model snapshot",
        description="Pull data models (with their views and containers) from CDF into a snapshot file, "
        "or summarise a snapshot file.",
    )
    actions = parser.add_subparsers(title="actions", metavar="ACTION", parser_class=type(parser))
    parser.set_defaults(func=lambda _args: _print_help(parser))

    pull = actions.add_parser(
        "pull",
        help="fetch data models from CDF into a snapshot file",
        description="Fetch data models (inline views) and the containers they map into a snapshot file. "
        "Credentials come from the environment: CDF_PROJECT, CDF_CLUSTER or CDF_URL, and CDF_TOKEN or "
        "IDP_CLIENT_ID / IDP_CLIENT_SECRET / IDP_TOKEN_URL (or IDP_TENANT_ID) / IDP_SCOPES. "
        "The file is replaced atomically and left untouched if the pull fails.",
    )
    pull.add_argument(
        "--data-model",
        action="append",
        required=True,
        metavar="SPACE:EXTERNAL_ID/VERSION",
        help="data model to include (repeat for several)",
    )
    pull.add_argument(
        "-o",
        "--output",
        default=DEFAULT_OUTPUT,
        metavar="FILE",
        help=f"snapshot file to write (default: {DEFAULT_OUTPUT})",
    )
    pull.set_defaults(func=_pull)

    show = actions.add_parser(
        "show",
        help="summarise a snapshot file",
        description="Print the data models, views (by usedFor) and property counts by type of a snapshot "
        "file (our format or raw DMS data model JSON).",
    )
    show.add_argument("file", metavar="FILE", help="snapshot or DMS data model JSON file")
    show.set_defaults(func=_show)


def _print_help(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 2


def _pull(args: argparse.Namespace) -> int:
    from ..dms import DataModelId
    from ..snapshot import pull_snapshot_file

    ids = [DataModelId.parse(text) for text in args.data_model]
    with step(f"pulled {len(ids)} data model(s) into {args.output}"):
        snapshot = pull_snapshot_file(ids, args.output)
    counts = (
        f"{len(snapshot.data_models)} data model(s), {len(snapshot.views)} views, "
        f"{len(snapshot.containers)} containers"
    )
    say(f"wrote {args.output}: {counts} ({snapshot.content_hash})")
    return 0


def _show(args: argparse.Namespace) -> int:
    from ..snapshot import load_snapshot, summarize

    sys.stdout.write(summarize(load_snapshot(args.file)))
    return 0
