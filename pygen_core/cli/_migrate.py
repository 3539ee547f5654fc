"""``pygen migrate``: move a cognite-pygen (v1) project over: its configuration, then its application code."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._errors import PygenError
from ._logging import say

if TYPE_CHECKING:
    from ..migrate import NameMap

_EXTRA_HINT = "pip install 'hatch-pygen[migrate]'"


def register(subparsers: Any) -> None:
    """Add ``migrate config`` and ``migrate code``."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "migrate",
        help="move a cognite-pygen project over (config, then code)",
        description="Move a cognite-pygen (v1) project over to hatch-pygen: first its pyproject.toml "
        "(migrate config), then the application code written against its generated SDK (migrate code).",
    )
    actions = parser.add_subparsers(title="actions", metavar="ACTION", parser_class=type(parser))
    parser.set_defaults(func=lambda _args: _print_help(parser))

    config = actions.add_parser(
        "config",
        help="translate [tool.pygen] into the hatch-pygen build-hook set-up",
        description="Translate cognite-pygen's [tool.pygen] into hatch-pygen's: build-system, the hook "
        "table, [tool.pygen], the SDK's dependencies and a .gitignore entry. Credentials become environment "
        "variables (printed, never written; .secret.toml is never read). Dry run by default: prints a diff "
        "and what could not be translated. --write applies it atomically and keeps pyproject.toml.bak.",
    )
    config.add_argument("project", nargs="?", default=".", metavar="PROJECT_DIR", help="default: .")
    config.add_argument("--write", action="store_true", help="apply the changes (default: dry run)")
    config.set_defaults(func=_config)

    code = actions.add_parser(
        "code",
        help="find (and --fix) uses of the cognite-pygen SDK in your code",
        description="Scan Python files for uses of the cognite-pygen generated SDK and print each as "
        "file:line:col: <what> -> <replacement or what to do>. --fix rewrites the mechanical ones (imports, "
        "renames, keywords) keeping formatting and comments. Exit code: 0 nothing (left) to do, 1 findings "
        "left, 2 usage error.",
    )
    code.add_argument("paths", nargs="+", metavar="PATH", help="files or directories (searched for *.py)")
    code.add_argument("--fix", action="store_true", help="rewrite the mechanical findings in place")
    code.add_argument(
        "--snapshot",
        metavar="FILE",
        help="the data model snapshot: exact renames of classes, attributes and filter keywords "
        "(default: tool.pygen.snapshot of the project, when the file exists)",
    )
    code.add_argument(
        "--package", metavar="NAME", help="the SDK's import name (default: from [tool.pygen] of the project)"
    )
    code.add_argument("--client-name", metavar="NAME", help="the client class (default: from [tool.pygen])")
    code.add_argument(
        "--project",
        metavar="DIR",
        help="the project whose pyproject.toml holds [tool.pygen] (default: the nearest one above the "
        "current directory)",
    )
    code.set_defaults(func=_code)


def _print_help(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 2


def _config(args: argparse.Namespace) -> int:
    try:
        import tomlkit  # noqa: F401 - only to give the install hint up front
    except ImportError:
        raise PygenError(f"pygen migrate config needs tomlkit: {_EXTRA_HINT}") from None
    from ..migrate import apply_config_migration, plan_config_migration

    project = Path(args.project)
    migration = plan_config_migration(project)
    out = sys.stdout
    if migration.changed:
        out.write(migration.diff())
    if migration.untranslated:
        out.write("\nNot translated:\n" + "".join(f"  - {line}\n" for line in migration.untranslated))
    steps = [*migration.notes, "create the snapshot (then commit it):"]
    out.write("\nNext steps:\n" + "".join(f"  {i}. {step}\n" for i, step in enumerate(steps, 1)))
    out.write("".join(f"       {line}\n" for line in migration.pull_command().splitlines()))
    out.write(f"  {len(steps) + 1}. pygen migrate code <your code> --snapshot {migration.snapshot}\n")
    out.flush()
    if not migration.changed:
        say(f"{project}: already set up for hatch-pygen; nothing to change")
        return 0
    if not args.write:
        say("dry run, nothing written; apply with: pygen migrate config --write")
        return 0
    written = apply_config_migration(migration)
    shown = ", ".join(str(path.relative_to(project)) for path in written)
    say(f"wrote {shown}")
    return 0


def _code(args: argparse.Namespace) -> int:
    try:
        import libcst  # noqa: F401 - only to give the install hint up front
    except ImportError:
        raise PygenError(f"pygen migrate code needs libcst: {_EXTRA_HINT}") from None
    from ..migrate import scan_code

    table, project = _project_table(Path(args.project) if args.project else None)
    package = args.package or _text(table, "package") or _text(table, "top_level_package")
    if table and not package and "top_level_package" not in table and _is_predecessor(table):
        package = "my_domain.client"  # cognite-pygen's default
    if not package:
        raise PygenError("no SDK package given: pass --package NAME (or run in a project with [tool.pygen])")
    client_name = args.client_name or _text(table, "client-name") or _text(table, "client_name")
    paths = [Path(p) for p in args.paths]
    for path in paths:
        if not path.exists():
            raise PygenError(f"{path}: no such file or directory")
    snapshot = _snapshot_path(args.snapshot, table, project)
    names = _name_map(snapshot, table) if snapshot is not None else None
    scan = scan_code(paths, package=package, client_name=client_name, names=names, fix=args.fix)
    for finding in scan.findings:
        print(finding.render())
    fixed = len(scan.findings) - len(scan.remaining)
    manual = sum(1 for f in scan.remaining if not f.mechanical)
    summary = (
        f"{len(scan.findings)} finding(s) in {scan.files_scanned} file(s): {fixed} fixed, "
        f"{len(scan.remaining) - manual} fixable with --fix, {manual} to do by hand"
    )
    if not scan.findings:
        summary = f"nothing found in {scan.files_scanned} file(s)"
    if names is None:
        say(
            "no snapshot: renamed classes, attributes and filter keywords are not checked "
            "(pass --snapshot FILE)"
        )
    say(summary)
    return 1 if scan.remaining else 0


def _project_table(start: Path | None) -> tuple[dict[str, Any], Path]:
    """``[tool.pygen]`` of the project (``start``'s pyproject.toml, or the nearest above the cwd)."""
    if start is not None:
        candidates = [start / "pyproject.toml"]
        if not candidates[0].is_file():
            raise PygenError(f"{candidates[0]}: no such file")
    else:
        here = Path.cwd()
        candidates = [directory / "pyproject.toml" for directory in (here, *here.parents)]
    for candidate in candidates:
        if candidate.is_file():
            table = _read_table(candidate)
            if table or start is not None:
                return table, candidate.parent
    return {}, Path.cwd()


def _read_table(path: Path) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10, where tomli is a dependency
        import tomli as tomllib  # type: ignore[import-not-found, unused-ignore]
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise PygenError(f"{path}: cannot read: {exc}") from None
    table = document.get("tool", {}).get("pygen", {})
    return table if isinstance(table, dict) else {}


def _text(table: dict[str, Any], key: str) -> str | None:
    value = table.get(key)
    return value if isinstance(value, str) and value else None


def _is_predecessor(table: dict[str, Any]) -> bool:
    from ..migrate import predecessor_keys

    return bool(predecessor_keys(table))


def _snapshot_path(given: str | None, table: dict[str, Any], project: Path) -> Path | None:
    if given is not None:
        path = Path(given)
        if not path.is_file():
            raise PygenError(f"{given}: no such snapshot file")
        return path
    configured = project / (_text(table, "snapshot") or "pygen-snapshot.json")
    if configured.is_file():
        say(f"using the snapshot {configured}")
        return configured
    return None


def _name_map(snapshot: Path, table: dict[str, Any]) -> NameMap:
    from ..ir import IROptions, build_ir
    from ..migrate import NameMap
    from ..snapshot import load_snapshot

    models = table.get("data-models")
    if models is None and isinstance(table.get("data_models"), list):
        models = [
            f"{m[0]}:{m[1]}/{m[2]}" for m in table["data_models"] if isinstance(m, list) and len(m) == 3
        ]
    renames = table.get("names")
    options = IROptions(
        data_models=_strings(models),
        exclude_views=_strings(table.get("exclude-views")),
        exclude_spaces=_strings(table.get("exclude-spaces")),
        names={k: v for k, v in renames.items() if isinstance(v, str)} if isinstance(renames, dict) else {},
        default_instance_space=_text(table, "instance-space") or _text(table, "instance_space"),
    )
    return NameMap.from_model(build_ir(load_snapshot(snapshot), options).model)


def _strings(value: object) -> tuple[str, ...]:
    return tuple(v for v in value if isinstance(v, str)) if isinstance(value, list) else ()


def predecessor_hint(directory: Path | None = None) -> str | None:
    """One line when ``directory``'s pyproject.toml holds a cognite-pygen ``[tool.pygen]`` (else None)."""
    from ..migrate import predecessor_keys, predecessor_message

    path = (directory or Path.cwd()) / "pyproject.toml"
    if not path.is_file():
        return None
    try:
        table = _read_table(path)
    except PygenError:
        return None
    keys = predecessor_keys(table)
    return predecessor_message(keys, str(path)) if keys else None
