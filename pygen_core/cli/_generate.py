"""``pygen generate``: render the typed SDK (Python or TypeScript) for a snapshot; write or check it."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ._logging import say, step


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
        "-o",
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
    parser.add_argument(
        "--finding",
        action="append",
        default=[],
        metavar="CODE=LEVEL",
        help="set a finding code's level: ignore, info, warning or error, e.g. PYG301=ignore (repeatable; "
        "wins over --strict)",
    )
    parser.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    from .._errors import PygenError
    from ..codegen import GenerateOptions, diff_files, generate_with_ir, write_files
    from ..ir import IRValidationError, Severity
    from ..snapshot import read_snapshot

    overrides: dict[str, str] = {}
    for item in args.name:
        key, sep, value = item.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise PygenError(f"--name: {item!r} is not ID=NAME (e.g. Pump=PumpNode or Pump.flowRate=rate)")
        overrides[key.strip()] = value.strip()
    levels: dict[str, str] = {}
    for item in args.finding:
        code, sep, level = item.partition("=")
        if not sep or not code.strip() or not level.strip():
            raise PygenError(f"--finding: {item!r} is not CODE=LEVEL (e.g. PYG301=ignore)")
        levels[code.strip()] = level.strip()
    options = GenerateOptions(
        package=args.package,
        client_name=args.client_name,
        default_instance_space=args.default_instance_space,
        data_models=tuple(args.data_model),
        exclude_views=tuple(args.exclude_view),
        exclude_spaces=tuple(args.exclude_space),
        names=overrides,
        strict=args.strict,
        findings=levels,
        language=args.language,
    )
    with step(f"loaded the snapshot {args.snapshot}"):
        snapshot = read_snapshot(args.snapshot)
    try:
        with step("generated the SDK", package=args.package):
            files, result = generate_with_ir(snapshot, options)
    except IRValidationError as exc:
        if len(exc.findings) == 1:
            raise  # one finding: it is the error line itself
        for finding in sorted(exc.findings, key=lambda f: f.severity is not Severity.ERROR):
            say(" ".join(str(finding).split()), "finding", code=finding.code, severity=finding.severity.value)
        raise PygenError(exc.summary()) from None
    for finding in result.findings:
        say(" ".join(str(finding).split()), "finding", code=finding.code, severity=finding.severity.value)
    where = ", ".join(sorted({f"{args.output}/{path.parts[0]}" for path in files}))
    if args.check:
        with step("compared with the files on disk"):
            diff = diff_files(files, args.output)
        if diff:
            sys.stdout.write(diff)
            say(f"{where} is out of date")
            return 1
        say(f"{where} is up to date")
        return 0
    with step(f"wrote {len(files)} files", files=len(files)):
        written = write_files(files, args.output)
    for path in written:
        say(f"wrote {path} ({len(files)} files)")
    return 0
