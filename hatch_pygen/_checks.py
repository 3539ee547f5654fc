"""Checks that fail a build early with an actionable message instead of producing a broken wheel."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import PurePosixPath

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

from pygen_core import PygenError

# What the generated SDK's `_runtime` imports, with the lowest versions it is written against.
RUNTIME_REQUIREMENTS: dict[str, str] = {"httpx": "httpx>=0.27", "pydantic": "pydantic>=2.6"}
# A version each requirement must admit: pydantic 1 would import but break at runtime.
_MUST_ADMIT: dict[str, str] = {"httpx": "0.28.1", "pydantic": "2.99"}


def check_runtime_dependencies(dependencies: Sequence[str]) -> None:
    """Fail unless ``[project] dependencies`` cover what the generated SDK needs at runtime.

    The SDK's dependencies must be static metadata: uv resolves from ``prepare_metadata_for_build_wheel``,
    which runs no build hooks, so a hook cannot add them.
    """
    found: dict[str, Requirement] = {}
    for text in dependencies:
        try:
            requirement = Requirement(text)
        except InvalidRequirement:
            continue  # hatchling has already validated [project] dependencies
        found.setdefault(canonicalize_name(requirement.name), requirement)
    missing: list[str] = []
    problems: list[str] = []
    for name, spec in RUNTIME_REQUIREMENTS.items():
        declared = found.get(name)
        if declared is None:
            missing.append(spec)
        elif not declared.specifier.contains(_MUST_ADMIT[name], prereleases=True):
            problems.append(f"{str(declared)!r} excludes the versions the SDK needs ({spec!r})")
    if missing:
        listed = ", ".join(f'"{spec}"' for spec in missing)
        raise PygenError(
            f"pyproject.toml: project.dependencies must include the generated SDK's runtime "
            f"dependencies; add {listed}"
        )
    if problems:
        raise PygenError(f"pyproject.toml: project.dependencies: {'; '.join(problems)}")


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
