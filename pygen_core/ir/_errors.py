"""The error `build_ir` raises when findings are fatal."""

from __future__ import annotations

from collections.abc import Sequence

from .._errors import PygenError
from ._model import Finding


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
