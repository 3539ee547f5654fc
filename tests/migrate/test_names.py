"""Our re-derivation of cognite-pygen 1.x names against the names cognite-pygen 1.4.2 really generated.

``data/predecessor_names.json`` was recorded by ``_record_predecessor_names.py`` with cognite-pygen==1.4.2
for every model in ``tests/data/models`` and ``data/models`` (and the three OmniMulti models together): class,
write class, client attribute, fields, list() filter keywords and edge sub-APIs of every view.
``data/models/Renames.json`` holds names the two SDKs spell differently (digits, reserved words), so renames
are tested on names cognite-pygen really generated.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pygen_core.ir import build_ir, python_api_attribute, python_attribute_name
from pygen_core.migrate._names import NameMap, v1_pascal, v1_snake
from pygen_core.snapshot import Snapshot, load_snapshot
from tests._models import model_path

DATA = Path(__file__).parent / "data"
FACTS: dict[str, Any] = json.loads((DATA / "predecessor_names.json").read_text())


def _model(name: str) -> Path:
    own = DATA / "models" / name
    return own if own.is_file() else model_path(name)


def _name_map(key: str) -> NameMap:
    snapshots = [load_snapshot(_model(name)) for name in key.split("+")]
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


def test_where_the_names_agree_nothing_is_renamed() -> None:
    """Our naming splits numbers off as cognite-pygen did: the Omni SDK keeps its field and keyword names."""
    names = _name_map("Omni.json")
    nullable = names.by_v1_class["PrimitiveNullable"]
    assert nullable.attributes["float_32"] == "float_32"
    assert nullable.filter_keywords["min_float_32"] == "min_float_32"
    assert nullable.filter_keywords["text_prefix"] == "text_prefix"
    assert names.by_v1_api["implementation_1"].new_api_attribute == "implementation_1"
    renamed = [
        (view.v1_class, old, new)
        for view in names.views
        for old, new in {**view.attributes, **view.filter_keywords}.items()
        if new != old
    ]
    assert renamed == []
    node = names.by_v1_class["ConnectionItemCNode"]
    assert (node.new_class, node.new_api_attribute) == ("ConnectionItemC", "connection_item_c")
    assert names.by_v1_class["ConnectionItemCEdge"].new_class is None


def test_renames_come_from_our_naming() -> None:
    """Where cognite-pygen 1.4.2 spelt a name differently (recorded), the new name is the IR's."""
    names = _name_map("Renames.json")
    pump = names.by_v1_class["Pump3DModel"]
    assert dict(pump.attributes) == {
        "content_": "content",
        "data_": "data",
        "home_station_3d": "home_station_3d",
        "installed_at": "installed_at",
        "model_3_d_revision": "field_model_3d_revision",
        "no_3_rd_party": "field_3rd_party",
        "query_": "query",
    }
    for identifier in ("content", "data", "model3DRevision", "3rdParty", "query"):
        assert python_attribute_name(identifier).name in pump.attributes.values()
    assert pump.filter_keywords["data_"] == "data"
    assert pump.filter_keywords["min_model_3_d_revision"] == "min_field_model_3d_revision"
    assert pump.filter_keywords["query_"] == "query_"  # `query` is a search() parameter in both SDKs
    assert pump.filter_keywords["no_3_rd_party"] == "field_3rd_party"
    assert (pump.v1_api_attribute, pump.new_api_attribute) == ("pump_3_d_model", "pump_3d_model")
    assert python_api_attribute("Pump3DModel").name == "pump_3d_model"
    station = names.by_v1_class["Station"]
    assert station.attributes["region_2_d"] == "region_2d"
    assert station.attributes["replace_"] == "replace"
    assert station.filter_keywords["region_2_d_prefix"] == "region_2d_prefix"
    assert station.filter_keywords["max_replace_"] == "max_replace"


def test_multi_model_views_are_renamed_by_our_collision_rule() -> None:
    names = _name_map("OmniMultiA.json+OmniMultiB.json+OmniMultiC.json")
    assert names.by_v1_api["implementation_1_v_2"].new_api_attribute == "implementation_1"
    assert names.by_v1_class["Implementation1v2"].new_class == "Implementation1"
    older = names.by_v1_class["Implementation1v1"]
    assert (older.new_class, older.new_write_class) == ("Implementation1V1", "Implementation1V1Write")
    assert older.new_api_attribute == python_api_attribute("Implementation1V1").name
