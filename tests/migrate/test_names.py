"""Our re-derivation of cognite-pygen 1.x names against the names cognite-pygen 1.4.2 really generated.

``data/predecessor_names.json`` was recorded by ``_record_predecessor_names.py`` with cognite-pygen==1.4.2 for
every model in ``tests/data/models`` (and the three OmniMulti models together): class, write class, client
attribute, fields, list() filter keywords and edge sub-APIs of every view.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pygen_core.ir import build_ir
from pygen_core.migrate._names import NameMap, v1_pascal, v1_snake
from pygen_core.snapshot import Snapshot, load_snapshot
from tests._models import model_path

FACTS: dict[str, Any] = json.loads((Path(__file__).parent / "data" / "predecessor_names.json").read_text())


def _name_map(key: str) -> NameMap:
    snapshots = [load_snapshot(model_path(name)) for name in key.split("+")]
    snapshot = Snapshot(
        format_version=snapshots[0].format_version,
        data_models=[model for s in snapshots for model in s.data_models],
        containers=[],
    )
    return NameMap.from_model(build_ir(snapshot).model)


@pytest.mark.parametrize("key", sorted(FACTS))
def test_predecessor_names_match_what_cognite_pygen_generated(key: str) -> None:
    names = _name_map(key)
    recorded = FACTS[key]
    seen = set()
    for ref, classes in recorded["views"].items():
        for fact in classes:
            view = names.by_v1_class[fact["class"]]
            seen.add(fact["class"])
            assert str(view.ref) == ref
            assert view.v1_write_class == fact["write"], ref
            assert view.v1_api_attribute == fact["api_attribute"], ref
            # Edge classes carry end_node as a field; it is a base field in both SDKs, not a property.
            assert set(fact["fields"]) - {"end_node"} == set(view.attributes), ref
            keywords = set(fact["list_params"]) - {"external_id_prefix", "space"}
            assert keywords == set(view.filter_keywords), ref
            assert sorted(fact["edge_apis"]) == list(view.edge_apis), ref
    assert seen == {view.v1_class for view in names.views}
    on_client = {view.v1_api_attribute for view in names.views if view.on_client} | set(names.model_groups)
    assert on_client == set(recorded["client_attributes"]) - {"_client"}


@pytest.mark.parametrize(
    ("text", "snake"),
    [
        ("object3D", "object_3d"),
        ("Cognite3DModel", "cognite_3_d_model"),
        ("float32", "float_32"),
        ("getHTTPResponseCode", "get_http_response_code"),
        ("ResponseHTTP2", "response_http_2"),
        ("APM_Activity", "apm_activity"),
        ("Fun?!awesome", "fun_awesome"),
    ],
)
def test_v1_snake(text: str, snake: str) -> None:
    assert v1_snake(text) == snake


def test_v1_pascal() -> None:
    assert v1_pascal("my_view") == "MyView"
    assert v1_pascal("CDFExternalReferences") == "CDFExternalReferences"
    assert v1_pascal("Implementation1v1") == "Implementation1v1"


def test_renames_come_from_our_naming() -> None:
    names = _name_map("Omni.json")
    nullable = names.by_v1_class["PrimitiveNullable"]
    assert nullable.attributes["float_32"] == "float32"
    assert nullable.filter_keywords["min_float_32"] == "min_float32"
    assert nullable.filter_keywords["text_prefix"] == "text_prefix"
    node = names.by_v1_class["ConnectionItemCNode"]
    assert (node.new_class, node.new_api_attribute) == ("ConnectionItemC", "connection_item_c")
    assert names.by_v1_class["ConnectionItemCEdge"].new_class is None
    assert names.by_v1_api["implementation_1"].new_api_attribute == "implementation1"
