"""The DMS API's closed word lists, shared by the wire models and the emulator (plain data, no pydantic)."""

from __future__ import annotations

PROPERTY_TYPES = frozenset(
    {
        "text",
        "boolean",
        "int32",
        "int64",
        "float32",
        "float64",
        "timestamp",
        "date",
        "json",
        "timeseries",
        "file",
        "sequence",
        "direct",
        "enum",
    }
)
"""Every container property ``type`` the API knows."""

CONNECTION_TYPES = frozenset(
    {
        "single_edge_connection",
        "multi_edge_connection",
        "single_reverse_direct_relation",
        "multi_reverse_direct_relation",
    }
)
"""Every view property ``connectionType`` the API knows."""

USED_FOR = frozenset({"node", "edge", "all", "record"})
"""The values of a view's or container's ``usedFor``."""
