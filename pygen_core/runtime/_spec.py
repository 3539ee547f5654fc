"""``ViewSpec``: everything generated code declares about one view, in one place.

A generated module builds one ``ViewSpec`` per view — its id, its stored properties (the view's ``Fields``
literal; the CDF identifier of each is its camelCase form unless ``renamed`` says otherwise), its
connections and its filter keywords — and its read and write classes point at it. The runtime derives
the rest: pydantic aliases (``read_config`` / ``write_config``), wire names, filters.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, get_args

from pydantic import AliasGenerator, AliasPath, ConfigDict

from ._connections import Connection
from ._ids import ViewId

__all__ = ["ConfigDict", "FilterOp", "ViewSpec", "camel_case", "keyword_name"]

FilterOp = Literal["equals", "in", "prefix", "min", "max", "exists", "node", "nodes"]
"""What a filter keyword matches (see ``NodeAPI``): ``equals``; ``in`` (one value or several); ``prefix``;
``min``/``max`` (inclusive bounds); ``exists`` (True/False); ``node`` (a direct relation pointing at one
of the given nodes); ``nodes`` (a list direct relation holding any of them)."""
_FILTER_OPS: dict[str, FilterOp] = {op: op for op in get_args(FilterOp)}


def camel_case(attribute: str) -> str:
    """The CDF identifier a python attribute stands for unless renamed: ``asset_class`` → ``assetClass``,
    ``float_32`` → ``float32``, ``type_`` → ``type``."""
    first, *rest = attribute.split("_")
    return first + "".join(word[:1].upper() + word[1:] for word in rest)


def keyword_name(op: FilterOp, attribute: str) -> str:
    """The filter keyword of ``op`` on ``attribute`` unless declared otherwise: the attribute itself,
    ``min_<attribute>``/``max_<attribute>``, or ``<attribute>_prefix``/``<attribute>_exists`` (without
    the attribute's trailing ``_``)."""
    if op in ("min", "max"):
        return f"{op}_{attribute}"
    if op in ("prefix", "exists"):
        return f"{attribute.rstrip('_') or attribute}_{op}"
    return attribute


class ViewSpec:
    """A view as generated code declares it.

    - ``fields``: the view's ``Fields`` literal (``external_id`` and every stored property), whose
      CDF identifiers are :func:`camel_case` of the attribute or, for the attributes in ``renamed``,
      the identifier given there;
    - ``properties``: python attribute → CDF property identifier, for every stored property (instead
      of ``fields``);
    - ``connections``: python attribute → direct relation, reverse direct relation or edge declaration;
    - ``filtered``: filter operations (space-separated, e.g. ``"min max"``) → the python attributes
      that have them, each operation a keyword named by :func:`keyword_name`;
    - ``filters``: filter keyword → ``(operation, CDF property identifier)``, for keywords named
      otherwise.
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
        fields: Any = None,
        *,
        renamed: Mapping[str, str] | None = None,
        properties: Mapping[str, str] | None = None,
        connections: Mapping[str, Connection] | None = None,
        filtered: Mapping[str, tuple[str, ...]] | None = None,
        filters: Mapping[str, tuple[FilterOp, str]] | None = None,
    ) -> None:
        self.view_id: ViewId = view_id
        self.properties: dict[str, str] = dict(properties or {})
        renamed = renamed or {}
        for attribute in get_args(fields):
            if isinstance(attribute, str) and attribute != "external_id":
                self.properties[attribute] = renamed.get(attribute) or camel_case(
                    attribute
                )
        self.connections: dict[str, Connection] = dict(connections or {})
        keywords = dict(filters or {})
        for ops, attributes in (filtered or {}).items():
            for op in ops.split():
                operation = _FILTER_OPS.get(op)
                if operation is None:
                    raise ValueError(
                        f"{view_id}: unknown filter operation {op!r} in {ops!r}"
                    )
                for attribute in attributes:
                    identifier = self.properties.get(attribute, attribute)
                    keywords[keyword_name(operation, attribute)] = (
                        operation,
                        identifier,
                    )
        self.filters: dict[str, tuple[FilterOp, str]] = dict(sorted(keywords.items()))
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
