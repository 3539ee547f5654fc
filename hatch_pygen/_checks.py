"""Checks that fail a build early with an actionable message instead of producing a broken wheel."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import PurePosixPath

from pygen_core import PygenError


def check_runtime_dependencies(dependencies: Sequence[str]) -> None:
    """Fail unless ``[project] dependencies`` bound the SDK's runtime dependencies to versions it runs on.

    The SDK's dependencies must be static metadata: uv resolves from ``prepare_metadata_for_build_wheel``,
    which runs no build hooks, so a hook cannot add them.
    """
    from pygen_core.codegen._requirements import requirement_problems

    problems = requirement_problems(dependencies)
    missing = [p.needed for p in problems if p.kind == "missing"]
    if missing:
        listed = ", ".join(f'"{spec}"' for spec in missing)
        raise PygenError(
            f"pyproject.toml: project.dependencies must include the generated SDK's runtime "
            f"dependencies; add {listed}"
        )
    if problems:
        raise PygenError(f"pyproject.toml: project.dependencies: {'; '.join(p.message() for p in problems)}")


def find_collisions(distribution_paths: Iterable[tuple[str, str]], package_path: PurePosixPath) -> list[str]:
    """Project files that would land inside the generated package, as ``(relative_path, distribution_path)``.

    ``distribution_paths`` is what hatchling would pack from the tree (it already honours .gitignore and the
    include/exclude options).
    """
    prefix = f"{package_path.as_posix()}/"
    hits: list[str] = []
    for relative_path, distribution_path in distribution_paths:
        if distribution_path.replace("\\", "/").startswith(prefix):
            hits.append(relative_path.replace("\\", "/") or distribution_path)
    return sorted(hits)


def collision_error(hits: Sequence[str], package_path: PurePosixPath) -> PygenError:
    """The one-line error for :func:`find_collisions` results."""
    shown = ", ".join(hits[:3]) + (f" (and {len(hits) - 3} more)" if len(hits) > 3 else "")
    return PygenError(
        f"{package_path.as_posix()}/: the project tree has files where the generated SDK goes ({shown}); "
        "they would be packed with (or instead of) the generated code. Delete them, or list the directory in "
        ".gitignore if it is pygen's own 'inplace' output"
    )
