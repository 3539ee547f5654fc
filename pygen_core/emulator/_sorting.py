"""Sorting by several properties (``direction``, ``nullsFirst``) and keyset cursors over sorted results.

Ties are broken by creation order, so every sort is a total order; a keyset ``(values, order)`` taken from
the last item of a page finds where the next page starts even after the data changed.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ._filters import Accessor, FilterCompiler
from ._instance_model import Instance
from ._limits import SORT_MAX
from ._values import bad

_SORT_KEYS = frozenset({"property", "direction", "nullsFirst"})
Keyset = tuple[list[Any], int]


@dataclass(frozen=True)
class SortKey:
    accessor: Accessor
    descending: bool
    nulls_first: bool


def parse_sort(
    fc: FilterCompiler, specs: Any, path: str, *, nulls_first: bool = True, max_items: int = SORT_MAX
) -> Sorter:
    """``[{"property", "direction"?, "nullsFirst"?}]`` → a :class:`Sorter`; 400 naming the path when bad.

    ``nulls_first=False`` refuses the ``nullsFirst`` field (search sorts do not have it).
    """
    if not isinstance(specs, list):
        raise bad(path, f"expected a list of sort objects, got {type(specs).__name__}")
    if len(specs) > max_items:
        raise bad(path, f"at most {max_items} sort properties are allowed, got {len(specs)}")
    keys: list[SortKey] = []
    for n, spec in enumerate(specs):
        here = f"{path}[{n}]"
        if not isinstance(spec, dict):
            raise bad(here, "expected a sort object {property, direction, nullsFirst}")
        allowed = _SORT_KEYS if nulls_first else _SORT_KEYS - {"nullsFirst"}
        unknown = sorted(set(spec) - allowed)
        if unknown:
            raise bad(f"{here}.{unknown[0]}", "unknown field")
        if "property" not in spec:
            raise bad(f"{here}.property", "missing required field")
        acc = fc.accessor(spec["property"], f"{here}.property")
        direction = spec.get("direction", "ascending")
        if direction not in ("ascending", "descending"):
            raise bad(f"{here}.direction", f"expected ascending or descending, got {direction!r}")
        first = spec.get("nullsFirst", False)
        if not isinstance(first, bool):
            raise bad(f"{here}.nullsFirst", f"expected a boolean, got {first!r}")
        keys.append(SortKey(acc, direction == "descending", first))
    return Sorter(keys)


def _comparable(acc: Accessor, value: Any) -> Any:
    """A property value as a JSON-safe scalar with the same order (lists/json as canonical text)."""
    if value is None:
        return None
    if acc.is_list or acc.kind == "json":
        return json.dumps(value, sort_keys=True, default=str)
    if isinstance(value, tuple):  # a direct relation: (space, externalId)
        return f"{value[0]}\x00{value[1]}"
    return value


def _cmp(a: Any, b: Any) -> int:
    if a == b:
        return 0
    try:
        return -1 if a < b else 1
    except TypeError:
        return -1 if (type(a).__name__, repr(a)) < (type(b).__name__, repr(b)) else 1


class Sorter:
    """Sorts instances in place and locates keysets; an empty sorter keeps creation order."""

    def __init__(self, keys: Sequence[SortKey]) -> None:
        self.keys = list(keys)

    def __bool__(self) -> bool:
        return bool(self.keys)

    def values(self, record: Instance) -> list[Any]:
        return [_comparable(k.accessor, k.accessor.get(record)) for k in self.keys]

    def keyset(self, record: Instance) -> Keyset:
        return (self.values(record), record.order)

    def sort(self, items: list[Instance]) -> None:
        """Stable multi-key sort; ties keep creation order."""
        items.sort(key=lambda r: r.order)
        for key in reversed(self.keys):
            null_rank = 1 if key.nulls_first == key.descending else 0
            acc = key.accessor

            def sort_key(r: Instance, acc: Accessor = acc, null_rank: int = null_rank) -> tuple[int, Any]:
                v = _comparable(acc, acc.get(r))
                return (null_rank, None) if v is None else (1 - null_rank, v)

            try:
                items.sort(key=sort_key, reverse=key.descending)
            except TypeError:  # mixed value types: order them by type name first, never fail

                def safe_key(r: Instance, plain: Any = sort_key) -> tuple[int, str, Any]:
                    rank, value = plain(r)
                    return (rank, type(value).__name__, value)

                items.sort(key=safe_key, reverse=key.descending)

    def compare(self, a: Keyset, b: Keyset) -> int:
        for key, va, vb in zip(self.keys, a[0], b[0], strict=False):
            if va is None or vb is None:
                if va is None and vb is None:
                    continue
                first = -1 if key.nulls_first else 1
                return first if va is None else -first
            c = _cmp(va, vb)
            if c:
                return -c if key.descending else c
        return _cmp(a[1], b[1])

    def start_after(self, items: Sequence[Instance], keyset: Keyset) -> int:
        """Index of the first item of sorted ``items`` that comes after ``keyset``."""
        lo, hi = 0, len(items)
        while lo < hi:
            mid = (lo + hi) // 2
            if self.compare(self.keyset(items[mid]), keyset) <= 0:
                lo = mid + 1
            else:
                hi = mid
        return lo


def keyset_of(state: Any, path: str) -> Keyset:
    """The keyset stored in a cursor (``[values, order]``); 400 when it is not one."""
    if (
        not isinstance(state, list)
        or len(state) != 2
        or not isinstance(state[0], list)
        or not isinstance(state[1], int)
    ):
        raise bad(path, "invalid cursor")
    return (state[0], state[1])
