"""A local DMS emulator: CDF's data-modeling HTTP API on 127.0.0.1, backed by SQLite.

Importing this package is cheap: starlette and uvicorn are imported only when an :class:`Emulator` starts.
"""

from __future__ import annotations

from ._emulator import Emulator
from ._errors import DMSError
from ._faults import FaultKind, FaultRule, Faults, InjectedFault

__all__ = ["DMSError", "Emulator", "FaultKind", "FaultRule", "Faults", "InjectedFault"]
