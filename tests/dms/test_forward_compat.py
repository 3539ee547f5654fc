"""Unknown keys anywhere in a model object load and survive a round trip (ids excepted: see below)."""

from __future__ import annotations

import copy
import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pygen_core.dms import DataModel

from .conftest import MODEL_FILES

_RAW: dict[str, Any] = json.loads(max(MODEL_FILES, key=lambda p: p.stat().st_size).read_text())
_MAPS = frozenset({"properties", "values", "constraints", "indexes"})  # keys of these are names, not fields
_RAW_JSON = frozenset({"filter", "defaultValue"})
_ID_KEYS = frozenset({"space", "externalId", "version", "type"})

Path = tuple[str | int, ...]


def _is_id(node: dict[str, Any]) -> bool:
    # References are identities: they keep only their id fields (documented in pygen_core.dms._ids).
    return "space" in node and set(node) <= _ID_KEYS and not isinstance(node.get("type"), dict)


def _object_paths(node: Any, path: Path = ()) -> list[Path]:
    found: list[Path] = []
    if isinstance(node, dict):
        if not _is_id(node):
            found.append(path)
        for key, value in node.items():
            if key in _RAW_JSON:
                continue
            if key in _MAPS and isinstance(value, dict):
                for name, item in value.items():
                    found.extend(_object_paths(item, (*path, key, name)))
            else:
                found.extend(_object_paths(value, (*path, key)))
    elif isinstance(node, list):
        for n, item in enumerate(node):
            found.extend(_object_paths(item, (*path, n)))
    return found


_PATHS = _object_paths(_RAW)

_json_values = st.recursive(
    st.booleans() | st.integers() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3),
    max_leaves=6,
)


def _at(node: Any, path: Path) -> Any:
    for part in path:
        node = node[part]
    return node


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    path=st.sampled_from(_PATHS),
    key=st.from_regex(r"zz[A-Z][a-zA-Z]{0,8}", fullmatch=True),
    value=_json_values,
)
def test_unknown_key_survives_round_trip(path: Path, key: str, value: Any) -> None:
    raw = copy.deepcopy(_RAW)
    _at(raw, path)[key] = value
    dumped = DataModel.load(raw).dump()
    assert _at(dumped, path)[key] == value
    assert DataModel.load(dumped).dump() == dumped


def test_the_paths_cover_every_level() -> None:
    depths = {len(p) for p in _PATHS}
    assert {0, 2, 4, 5} <= depths  # model, view, view property, property type
    assert len(_PATHS) > 100
