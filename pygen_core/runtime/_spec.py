"""``ViewSpec``: everything generated code declares about one view, in one place.

A generated module builds one ``ViewSpec`` per view — its id, the CDF identifier of every stored property,
its connections and its filter keywords — and its read and write classes point at it. The runtime derives
the rest: pydantic aliases (``read_config`` / ``write_config``), wire names, filters.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from pydantic import AliasGenerator, AliasPath, ConfigDict

from ._connections import Connection
from ._ids import ViewId

__all__ = ["ConfigDict", "FilterOp", "ViewSpec"]

FilterOp = Literal["equals", "in", "prefix", "min", "max", "exists", "node", "nodes"]
"""What a filter keyword matches (see ``NodeAPI``): ``equals``; ``in`` (one value or several); ``prefix``;
``min``/``max`` (inclusive bounds); ``exists`` (True/False); ``node`` (a direct relation pointing at one
of the given nodes); ``nodes`` (a list direct relation holding any of them)."""


class ViewSpec:
    """A view as generated code declares it.

    - ``properties``: python attribute → CDF property identifier, for every stored property;
    - ``connections``: python attribute → direct relation, reverse direct relation or edge declaration;
    - ``filters``: filter keyword → ``(operation, CDF property identifier)``.
    """

    __slots__ = (
        "connections",
        "filters",
        "identifiers",
        "properties",
        "read_config",
        "view_id",
        "write_config",
    )

    def __init__(
        self,
        view_id: ViewId,
        *,
        properties: Mapping[str, str] | None = None,
        connections: Mapping[str, Connection] | None = None,
        filters: Mapping[str, tuple[FilterOp, str]] | None = None,
    ) -> None:
        self.view_id: ViewId = view_id
        self.properties: dict[str, str] = dict(properties or {})
        self.connections: dict[str, Connection] = dict(connections or {})
        self.filters: dict[str, tuple[FilterOp, str]] = dict(filters or {})
        self.identifiers: dict[str, str] = {v: k for k, v in self.properties.items()}
        """CDF property identifier → python attribute."""
        self.read_config: ConfigDict = ConfigDict(
            alias_generator=AliasGenerator(
                validation_alias=self._read_alias, serialization_alias=self._wire_name
            )
        )
        """The pydantic config of the view's read class: stored properties validate from the DMS read
        form (``properties.<space>.<view>/<version>.<identifier>``)."""
        self.write_config: ConfigDict = ConfigDict(
            alias_generator=AliasGenerator(serialization_alias=self._wire_name)
        )
        """The pydantic config of the view's write class: fields dump under their CDF identifiers."""

    def _read_alias(self, name: str) -> str | AliasPath:
        identifier = self.properties.get(name)
        return name if identifier is None else self.view_id.alias(identifier)

    def _wire_name(self, name: str) -> str:
        return self.properties.get(name, name)

    def identifier(self, name: str) -> str | None:
        """The CDF identifier of a python attribute or of a CDF identifier (None when neither)."""
        if name in self.properties:
            return self.properties[name]
        return name if name in self.identifiers else None

    def __repr__(self) -> str:
        return f"ViewSpec({self.view_id!r}, {len(self.properties)} properties)"
