"""The ``filter`` of the time series, files and sequences list endpoints, as a predicate on rendered items."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ._values import bad


@dataclass(frozen=True)
class ListFilter:
    """The filter keys one resource type supports and how each matches."""

    equal: tuple[str, ...]
    """Keys matched by equality with the item's field of the same name."""
    asset_field: str
    """``assetId`` (one asset) or ``assetIds`` (a list: any overlap matches)."""
    prefixes: dict[str, str] = field(default_factory=lambda: {"externalIdPrefix": "externalId"})
    """Prefix filter key → the item field it applies to."""
    ranges: tuple[str, ...] = ("createdTime", "lastUpdatedTime")
    """Keys taking ``{"min", "max"}`` (inclusive) on the item's field of the same name."""

    def parse(self, value: Any) -> dict[str, Any]:
        """The request's ``filter``: an object of supported keys; others are a 400 naming them."""
        flt = value or {}
        if not isinstance(flt, dict):
            raise bad("filter", "expected an object")
        known = {*self.equal, *self.prefixes, *self.ranges, "metadata", "assetIds", "dataSetIds"}
        unknown = sorted(set(flt) - known)
        if unknown:
            raise bad(f"filter.{unknown[0]}", "is not supported by the emulator")
        for key in self.ranges:
            if key in flt and not isinstance(flt[key], dict):
                raise bad(f"filter.{key}", "expected {'min': ..., 'max': ...}")
        return flt

    def matches(self, item: dict[str, Any], flt: dict[str, Any]) -> bool:
        if any(key in flt and item.get(key) != flt[key] for key in self.equal):
            return False
        for key, target in self.prefixes.items():
            if key in flt and not str(item.get(target) or "").startswith(str(flt[key])):
                return False
        if "metadata" in flt:
            meta = item.get("metadata") or {}
            if any(meta.get(k) != v for k, v in (flt["metadata"] or {}).items()):
                return False
        if "assetIds" in flt:
            wanted = set(flt["assetIds"] or [])
            have = item.get(self.asset_field)
            have_set = set(have or []) if self.asset_field == "assetIds" else {have}
            if not wanted & have_set:
                return False
        if "dataSetIds" in flt:
            wanted_sets = {d.get("id") for d in flt["dataSetIds"] or [] if isinstance(d, dict)}
            if item.get("dataSetId") not in wanted_sets:
                return False
        for key in self.ranges:
            bounds = flt.get(key)
            if bounds is None:
                continue
            value = item.get(key)
            if value is None or value < bounds.get("min", value) or value > bounds.get("max", value):
                return False
        return True
