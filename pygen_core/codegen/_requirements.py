"""What a generated Python SDK needs from its environment, and the package names it must not take."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal

from .._errors import PygenError
from .._records import record

if TYPE_CHECKING:
    from packaging.requirements import Requirement
    from packaging.version import Version

__all__ = [
    "RUNTIME_REQUIREMENTS",
    "SHADOWED_IMPORT_NAMES",
    "RequirementProblem",
    "check_package_name",
    "package_name_problem",
    "requirement_problems",
]

RUNTIME_REQUIREMENTS: tuple[str, ...] = ("httpx>=0.27", "pydantic>=2.6")
"""The distributions the SDK's ``_runtime`` imports, with the lowest versions it is written against."""

SHADOWED_IMPORT_NAMES = frozenset(
    {
        "annotated_types",
        "anyio",
        "certifi",
        "exceptiongroup",
        "h11",
        "h2",
        "hpack",
        "httpcore",
        "httpx",
        "hyperframe",
        "idna",
        "pydantic",
        "pydantic_core",
        "sniffio",
        "socksio",
        "typing_extensions",
        "typing_inspection",
    }
)
"""Import names of the SDK's runtime dependencies and of theirs (a package by one of these names would
replace the real one once installed). The standard library's names come from ``sys.stdlib_module_names``."""


def package_name_problem(package: str) -> str | None:
    """Why ``package`` would shadow the standard library or what the SDK imports; None when it would not."""
    top = package.split(".", 1)[0]
    if top in sys.stdlib_module_names:
        what = f"the standard library module {top!r}"
    elif top in SHADOWED_IMPORT_NAMES:
        what = f"{top!r}, which the generated SDK imports"
    else:
        return None
    return f"{package!r} would shadow {what}; choose another name (e.g. '{top}_sdk')"


def check_package_name(package: str) -> None:
    """Raise a one-line error when :func:`package_name_problem` finds one."""
    problem = package_name_problem(package)
    if problem is not None:
        raise PygenError(f"package: {problem}")


@record(frozen=True)
class RequirementProblem:
    """A runtime requirement that a project's dependencies miss or bound wrongly (``declared``: as written).

    ``kind``: ``missing``; ``too_low`` (the declared bounds admit versions below ``needed``); ``excludes``
    (they admit no version the SDK runs on). ``repair`` is the declared requirement with its lower bound
    raised (extras, markers and upper bounds kept), when that admits a usable version.
    """

    needed: str
    declared: str | None
    kind: Literal["missing", "too_low", "excludes"]
    repair: str | None

    def message(self) -> str:
        """One clause for an error line."""
        if self.kind == "missing":
            return f"{self.needed!r} is missing"
        if self.kind == "too_low":
            return (
                f"{self.declared!r} admits versions the generated SDK cannot run on; require {self.needed!r}"
            )
        return f"{self.declared!r} excludes every version the generated SDK runs on ({self.needed!r})"


def _lower_bound(requirement: Requirement) -> Version | None:
    from packaging.version import InvalidVersion, Version

    bounds = []
    for spec in requirement.specifier:
        if spec.operator in (">=", ">", "==", "~=", "==="):
            try:
                bounds.append(Version(spec.version.removesuffix(".*")))
            except InvalidVersion:
                continue
    return max(bounds) if bounds else None


def _admits_some(requirement: Requirement, minimum: Version) -> bool:
    from packaging.version import InvalidVersion, Version

    candidates = {minimum}
    for spec in requirement.specifier:
        try:
            version = Version(spec.version.removesuffix(".*"))
        except InvalidVersion:
            continue
        major, minor, micro = (*version.release, 0, 0)[:3]
        candidates |= {version, Version(f"{major}.{minor}.{micro + 1}"), Version(f"{major}.{minor + 1}")}
    return any(requirement.specifier.contains(c, prereleases=True) for c in candidates if c >= minimum)


def _repair(declared: Requirement, needed: Requirement, minimum: Version) -> str | None:
    from packaging.requirements import Requirement

    kept = [str(spec) for spec in declared.specifier if spec.operator in ("<", "<=", "!=")]
    extras = f"[{','.join(sorted(declared.extras))}]" if declared.extras else ""
    marker = f"; {declared.marker}" if declared.marker is not None else ""
    text = f"{declared.name}{extras}{','.join([*map(str, needed.specifier), *kept])}{marker}"
    return text if _admits_some(Requirement(text), minimum) else None


def requirement_problems(dependencies: Sequence[str]) -> list[RequirementProblem]:
    """How ``dependencies`` (PEP 508 strings; unparsable ones are skipped) fail :data:`RUNTIME_REQUIREMENTS`.

    Each runtime requirement must be declared with a lower bound at or above the SDK's minimum, and must still
    admit some version above it.
    """
    from packaging.requirements import InvalidRequirement, Requirement
    from packaging.utils import canonicalize_name

    found: dict[str, tuple[str, Requirement]] = {}
    for text in dependencies:
        try:
            requirement = Requirement(text)
        except InvalidRequirement:
            continue
        found.setdefault(canonicalize_name(requirement.name), (text, requirement))
    problems: list[RequirementProblem] = []
    for spec in RUNTIME_REQUIREMENTS:
        needed = Requirement(spec)
        minimum = _lower_bound(needed)
        assert minimum is not None  # every runtime requirement has a lower bound
        entry = found.get(canonicalize_name(needed.name))
        if entry is None:
            problems.append(RequirementProblem(spec, None, "missing", spec))
            continue
        text, declared = entry
        lowest = _lower_bound(declared)
        if lowest is None or lowest < minimum:
            problems.append(RequirementProblem(spec, text, "too_low", _repair(declared, needed, minimum)))
        elif not _admits_some(declared, minimum):
            problems.append(RequirementProblem(spec, text, "excludes", None))
    return problems
