"""``pygen generate``: render the typed SDK (Python or TypeScript) for a snapshot; write or check it."""

from __future__ import annotations

import argparse
import sys
from typing import Any


def register(subparsers: Any) -> None:
    """Add the ``generate`` subcommand."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "generate",
        help="generate the Python or TypeScript SDK for a snapshot",
        description="Generate a typed SDK from a snapshot file (no CDF access needed): a Python package, or "
        "with --language typescript an npm package (package.json, tsconfig.json, README.md, src/).",
    )
    parser.add_argument("--snapshot", required=True, metavar="FILE", help="snapshot or DMS data model JSON")
    parser.add_argument(
        "--language",
        default="python",
        choices=("python", "typescript"),
        help="language of the SDK (default: python)",
    )
    parser.add_argument(
        "--package",
        required=True,
        metavar="NAME",
        help="import name of the generated package (TypeScript: the npm package name, e.g. @acme/wind-sdk)",
    )
    parser.add_argument("--client-name", metavar="NAME", help="client class name (default: <Package>Client)")
    parser.add_argument(
        "--output",
        default=".",
        metavar="DIR",
        help="directory that receives the package (TypeScript: DIR/<name without scope>/)",
    )
    parser.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 and print a diff if the files differ"
    )
    parser.add_argument("--default-instance-space", metavar="SPACE", help="default space for instances")
    parser.add_argument(
        "--data-model", action="append", default=[], metavar="ID", help="data model to include"
    )
    parser.add_argument(
        "--exclude-view", action="append", default=[], metavar="VIEW", help="view to leave out"
    )
    parser.add_argument(
        "--exclude-space", action="append", default=[], metavar="SPACE", help="space to leave out"
    )
    parser.add_argument(
        "--name",
        action="append",
        default=[],
        metavar="ID=NAME",
        help="name override, e.g. Pump=PumpNode or Pump.flowRate=rate (repeatable)",
    )
    parser.add_argument("--strict", action="store_true", help="treat model warnings as errors")
    parser.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    from .._errors import PygenError
    from ..codegen import GenerateOptions, diff_files, generate_with_ir, write_files
    from ..snapshot import load_snapshot

    overrides: dict[str, str] = {}
    for item in args.name:
        key, sep, value = item.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise PygenError(f"--name: {item!r} is not ID=NAME (e.g. Pump=PumpNode or Pump.flowRate=rate)")
        overrides[key.strip()] = value.strip()
    options = GenerateOptions(
        package=args.package,
        client_name=args.client_name,
        default_instance_space=args.default_instance_space,
        data_models=tuple(args.data_model),
        exclude_views=tuple(args.exclude_view),
        exclude_spaces=tuple(args.exclude_space),
        names=overrides,
        strict=args.strict,
        language=args.language,
    )
    snapshot = load_snapshot(args.snapshot)
    files, result = generate_with_ir(snapshot, options)
    findings = result.findings
    for finding in findings:
        print("pygen: " + " ".join(str(finding).split()), file=sys.stderr)
    where = ", ".join(sorted({f"{args.output}/{path.parts[0]}" for path in files}))
    if args.check:
        diff = diff_files(files, args.output)
        if diff:
            sys.stdout.write(diff)
            print(f"pygen: {where} is out of date", file=sys.stderr)
            return 1
        print(f"pygen: {where} is up to date", file=sys.stderr)
        return 0
    written = write_files(files, args.output)
    for path in written:
        print(f"pygen: wrote {path} ({len(files)} files)", file=sys.stderr)
    return 0
