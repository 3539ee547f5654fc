"""Sorting on several properties: ``Sort`` and the ``SortBy`` argument of list, search and the builder."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, Generic, Literal, TypeAlias, TypeVar, cast

__all__ = ["Sort", "SortBy", "SortDirection", "sort_wire"]

SortDirection = Literal["ascending", "descending"]
"""The order of a sort."""
_F = TypeVar("_F", bound=str)
_SORT_MAX = 5  # CDF: at most 5 sort entries


class Sort(Generic[_F]):
    """One sort key: ``Sort("name", "descending", nulls_first=True)``.

    ``nulls_first`` left as None keeps CDF's default (nulls last in both directions); search sorts take no
    ``nulls_first``.
    """

    __slots__ = ("direction", "nulls_first", "property")

    def __init__(
        self,
        property: _F,
        direction: SortDirection = "ascending",
        *,
        nulls_first: bool | None = None,
    ) -> None:
        if direction not in ("ascending", "descending"):
            raise ValueError(
                f"sort direction must be 'ascending' or 'descending' (got {direction!r})"
            )
        self.property: _F = property
        self.direction: SortDirection = direction
        self.nulls_first: bool | None = nulls_first

    def _key(self) -> tuple[str, str, bool | None]:
        return (self.property, self.direction, self.nulls_first)

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Sort) and self._key() == cast("Sort[str]", other)._key()
        )

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        nulls = "" if self.nulls_first is None else f", nulls_first={self.nulls_first}"
        return f"Sort({self.property!r}, {self.direction!r}{nulls})"


SortBy: TypeAlias = _F | Sort[_F] | Sequence[_F | Sort[_F]]
"""What ``sort_by`` takes: a property name, a ``Sort``, or a sequence of both (first key first)."""


def sort_wire(
    sort_by: Any,
    direction: SortDirection,
    reference: Callable[[str], list[str]],
    *,
    search: bool = False,
) -> list[dict[str, Any]] | None:
    """The DMS ``sort`` list for a ``sort_by`` argument; ``reference`` turns a property name into its
    property reference. Plain names use ``direction``; ``Sort`` keys carry their own."""
    if sort_by is None:
        return None
    if isinstance(sort_by, (str, Sort)):
        keys: list[Any] = [sort_by]
    elif isinstance(sort_by, Sequence):
        keys = list(cast("Iterable[Any]", sort_by))
    else:
        raise TypeError(
            f"sort_by must be a property name, a Sort or a list of them (got {type(sort_by).__name__})"
        )
    if len(keys) > _SORT_MAX:
        raise ValueError(
            f"sort_by takes at most {_SORT_MAX} properties (CDF's limit), got {len(keys)}"
        )
    wire: list[dict[str, Any]] = []
    for key in keys:
        if isinstance(key, str):
            key = Sort(key, direction)
        if not isinstance(key, Sort):
            raise TypeError(
                f"sort_by entries must be property names or Sort objects (got {type(key).__name__})"
            )
        typed = cast("Sort[str]", key)
        entry: dict[str, Any] = {
            "property": reference(typed.property),
            "direction": typed.direction,
        }
        if typed.nulls_first is not None:
            if search:
                raise ValueError(
                    "search cannot sort with nulls_first (CDF refuses it); leave it unset"
                )
            entry["nullsFirst"] = typed.nulls_first
        wire.append(entry)
    return wire or None
