"""A local DMS emulator: CDF's data-modeling HTTP API on 127.0.0.1, backed by SQLite."""

from __future__ import annotations

__all__: list[str] = []
