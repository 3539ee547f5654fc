"""The contract between the emulator's schema store and its instance engine.

Both sides speak plain DMS JSON (read form, camelCase), exactly as ``../shared/reference/dms-api.md`` shows.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol


class SchemaLookup(Protocol):
    """Read access to the schema the instance engine validates and resolves properties against."""

    def get_view(self, space: str, external_id: str, version: str | None) -> dict[str, Any] | None:
        """A read-form view with inherited properties included; ``version=None`` → the newest version.

        Mapped properties carry ``container``, ``containerPropertyIdentifier`` and the container's
        ``type``, ``nullable``, ``immutable``, ``autoIncrement``, ``defaultValue``; connection properties
        are as on the wire.
        """
        ...

    def get_container(self, space: str, external_id: str) -> dict[str, Any] | None:
        """A read-form container (defined, or inferred from the views that map it)."""
        ...


class SpaceLookup(Protocol):
    """Optional part of a schema lookup: which spaces exist; creating missing ones (seeds, lenient mode)."""

    def has_space(self, space: str) -> bool: ...

    def ensure_spaces(self, spaces: Iterable[str]) -> list[str]: ...
