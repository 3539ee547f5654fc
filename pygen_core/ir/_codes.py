"""The catalogue of finding codes and the collector `build_ir` reports through."""

from __future__ import annotations

from collections.abc import Mapping

from .._records import record
from ._model import DataModelRef, Finding, Location, Severity, ViewRef, one_line


@record(frozen=True)
class FindingCode:
    """A stable finding code, its default severity and what it means.

    ``malformed`` codes say the snapshot's JSON itself is not valid DMS (not just unsupported or dangling):
    callers that read snapshots as plain JSON then validate them with the wire models for an exact error.
    """

    code: str
    severity: Severity
    title: str
    malformed: bool = False


_E, _W, _I = Severity.ERROR, Severity.WARNING, Severity.INFO

FINDING_CODES: tuple[FindingCode, ...] = (
    FindingCode("PYG001", _E, "a data-model selection matches no data model in the snapshot"),
    FindingCode("PYG002", _W, "no views are left to generate"),
    FindingCode("PYG003", _W, "an exclude_views entry matches no view"),
    FindingCode("PYG004", _I, "an exclude_spaces entry matches no view"),
    FindingCode("PYG005", _E, "an option value is malformed"),
    FindingCode("PYG009", _E, "the snapshot holds JSON nested too deeply to process"),
    FindingCode("PYG010", _W, "a malformed data model is skipped", malformed=True),
    FindingCode("PYG011", _W, "a data model lists a view the snapshot does not define; it is skipped"),
    FindingCode("PYG012", _W, "a malformed view is skipped", malformed=True),
    FindingCode("PYG101", _W, "implements names a view that is not in the snapshot; the parent is dropped"),
    FindingCode("PYG102", _W, "a view's usedFor is not node, edge or all; the view is skipped"),
    FindingCode("PYG103", _I, "implements names a view left out of the SDK; its properties count as own"),
    FindingCode("PYG104", _W, "implements is circular; the cycle is broken"),
    FindingCode("PYG105", _I, "a view is read-only (not writable): no write class"),
    FindingCode(
        "PYG201", _W, "a property has a missing or unsupported data type; it is skipped", malformed=True
    ),
    FindingCode("PYG202", _W, "a property has an unsupported connection type; it is skipped"),
    FindingCode("PYG203", _W, "a property is malformed; it is skipped", malformed=True),
    FindingCode("PYG204", _W, "a connection names a view that is not in the snapshot; it is skipped"),
    FindingCode("PYG205", _W, "a connection names a view left out of the SDK; it is skipped"),
    FindingCode(
        "PYG206", _W, "a direct relation's target view is not in the snapshot; untyped node reference"
    ),
    FindingCode(
        "PYG207", _W, "a direct relation's target view is left out of the SDK; untyped node reference"
    ),
    FindingCode(
        "PYG208", _W, "an edge's edgeSource view is missing or left out; edge kept without properties"
    ),
    FindingCode("PYG209", _W, "an edge's edgeSource view is not an edge view; edge kept without properties"),
    FindingCode("PYG210", _W, "a reverse direct relation's through property does not exist; it is skipped"),
    FindingCode(
        "PYG211", _W, "a reverse direct relation's through property is not a direct relation; skipped"
    ),
    FindingCode("PYG212", _W, "an enum property has no values; it is skipped"),
    FindingCode("PYG213", _W, "an enum's unknownValue is not one of its values; it is ignored"),
    FindingCode("PYG214", _W, "a default value does not fit the property's data type; it is ignored"),
    FindingCode("PYG301", _W, "a name is a reserved word or an SDK name; it is renamed"),
    FindingCode("PYG302", _I, "a name has characters an identifier cannot hold; it is normalised"),
    FindingCode("PYG303", _W, "two properties of a view get the same attribute name; one is renamed"),
    FindingCode("PYG304", _W, "two views get clashing class or module names; one is renamed"),
    FindingCode("PYG305", _E, "a name override is not a valid, free identifier"),
    FindingCode("PYG306", _W, "a name override matches no view or property"),
    FindingCode("PYG307", _I, "a connection targets a read-only view; the write side takes ids only"),
    FindingCode("PYG308", _W, "a filter keyword clashes with a method parameter or another keyword; renamed"),
    FindingCode(
        "PYG309", _I, "a view's name is ambiguous across data models: reached through their namespaces only"
    ),
    FindingCode("PYG310", _W, "a data model's namespace name clashes with another name; it is renamed"),
)
"""Every code `build_ir` can report (stable; new codes are only ever added)."""

_SEVERITY = {c.code: c.severity for c in FINDING_CODES}
MALFORMED_CODES = frozenset(c.code for c in FINDING_CODES if c.malformed)
"""Codes that mean the snapshot's JSON is not valid DMS."""


FINDING_LEVELS = ("ignore", "info", "warning", "error")
"""What ``IROptions.findings`` may set a code to (``ignore`` drops it from the report)."""


def finding_level_problem(code: object, level: object) -> tuple[str, str] | None:
    """Why ``code = level`` is not a valid ``IROptions.findings`` entry, as (problem, suggestion)."""
    if code not in _SEVERITY:
        import difflib  # only for a mistake

        hint = difflib.get_close_matches(str(code).upper(), sorted(_SEVERITY), n=1)
        return (
            f"{code!r} is not a finding code",
            f"did you mean {hint[0]!r}?" if hint else "the README lists every code",
        )
    if level not in FINDING_LEVELS:
        return f"{level!r} is not a finding level", f"use one of {', '.join(FINDING_LEVELS)}"
    if _SEVERITY[str(code)] is Severity.ERROR and level != "error":
        return (
            f"{code} is an error (no SDK can be generated past it), so it cannot be {level!r}",
            "fix what the finding names",
        )
    return None


def check_finding_levels(levels: Mapping[str, object], findings: Collector) -> dict[str, str]:
    """The valid entries of ``IROptions.findings``; each bad one is a PYG005 error naming it."""
    valid: dict[str, str] = {}
    for code, level in levels.items():
        problem = finding_level_problem(code, level)
        if problem is None:
            valid[code] = str(level)
        else:
            findings.add("PYG005", problem[0], problem[1], option=f"findings[{code!r}]")
    return valid


class Collector:
    """Collects findings; `strict` turns warnings into errors, `levels` sets chosen codes' severity."""

    def __init__(self, strict: bool, levels: Mapping[str, str] | None = None) -> None:
        self.strict = strict
        self.levels = dict(levels or {})
        self.items: list[Finding] = []

    def add(
        self,
        code: str,
        message: str,
        suggestion: str = "",
        *,
        view: ViewRef | None = None,
        prop: str | None = None,
        data_model: DataModelRef | None = None,
        option: str | None = None,
    ) -> None:
        severity = _SEVERITY[code]
        level = self.levels.get(code)
        if level == "ignore":
            return
        if level is not None:
            severity = Severity(level)
        elif self.strict and severity is Severity.WARNING:
            severity = Severity.ERROR
        location = Location(data_model=data_model, view=view, property=prop, option=option)
        self.items.append(Finding(code, severity, location, one_line(message), one_line(suggestion)))

    def sorted(self) -> tuple[Finding, ...]:
        unique = {(str(f.location), f.code, f.message, f.suggestion, f.severity.value): f for f in self.items}
        return tuple(unique[key] for key in sorted(unique))

    @property
    def has_errors(self) -> bool:
        return any(f.severity is Severity.ERROR for f in self.items)
