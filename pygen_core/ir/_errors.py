"""The error `build_ir` raises when findings are fatal."""

from __future__ import annotations

from collections.abc import Sequence

from .._errors import PygenError
from ._model import Finding, Severity


class IRValidationError(PygenError):
    """The data model cannot be turned into an SDK; `findings` holds every finding (errors first).

    The message lists the fatal findings one per line, each prefixed by code and location.
    """

    def __init__(self, findings: Sequence[Finding], fatal: Sequence[Finding]) -> None:
        self.findings = tuple(findings)
        self.fatal = tuple(fatal)
        lines = [f"{len(self.fatal)} error(s) in the data model:"]
        for finding in self.fatal:
            line = f"{finding.code} {finding.location}: {finding.message}"
            line += f" ({finding.suggestion})" if finding.suggestion else ""
            lines.append(" ".join(line.splitlines()))
        super().__init__("\n".join(lines))

    def summary(self) -> str:
        """One line: how many errors, by code, and how to lower promoted ones (the report itself is
        :attr:`findings`, one line each)."""
        from ._codes import FINDING_CODES

        counts: dict[str, int] = {}
        for finding in self.fatal:
            counts[finding.code] = counts.get(finding.code, 0) + 1
        by_code = ", ".join(f"{code} x{n}" if n > 1 else code for code, n in sorted(counts.items()))
        text = f"{len(self.fatal)} error(s) in the data model ({by_code})"
        defaults = {c.code: c.severity for c in FINDING_CODES}
        promoted = sum(1 for f in self.fatal if defaults.get(f.code) is not Severity.ERROR)
        if promoted:
            text += (
                f"; {promoted} made errors by strict or the findings option: resolve each as its line says, "
                "or set its code's level in the findings option"
            )
        return text
