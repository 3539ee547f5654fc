from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest

from pygen_core import PygenError
from pygen_core.dms import DataModel, MappedProperty, View
from pygen_core.snapshot import (
    FORMAT_VERSION,
    Snapshot,
    dump_snapshot,
    load_snapshot,
    parse_snapshot,
    summarize,
    write_snapshot,
)
from tests._models import MODELS_DIR as SHARED_MODELS

from .conftest import MODEL_FILES


def _raw(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text())
    return data


def test_raw_model_loads_and_round_trips_through_our_format(model_file: Path, tmp_path: Path) -> None:
    snapshot = load_snapshot(model_file)
    assert [m.id for m in snapshot.data_models] == [DataModel.load(_raw(model_file)).id]
    first = dump_snapshot(snapshot)
    target = tmp_path / "snap.json"
    write_snapshot(snapshot, target)
    assert target.read_bytes() == first
    again = load_snapshot(target)
    assert again == snapshot
    assert dump_snapshot(again) == first
    assert again.content_hash == snapshot.content_hash
    document = json.loads(first)
    assert document["formatVersion"] == FORMAT_VERSION
    assert document["contentHash"] == snapshot.content_hash
    assert first.endswith(b"\n")
    assert first.decode() == json.dumps(document, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def test_snapshot_keeps_every_view_and_property(model_file: Path) -> None:
    raw = _raw(model_file)
    snapshot = load_snapshot(model_file)
    raw_props = {(v["externalId"], v["version"]): set(v["properties"]) for v in raw["views"]}
    got_props = {(v.external_id, v.version): set(v.properties) for v in snapshot.views}
    assert got_props == raw_props


def test_order_of_input_does_not_change_the_bytes() -> None:
    raws = [_raw(path) for path in MODEL_FILES]
    reference = dump_snapshot(parse_snapshot({"items": raws}))
    rng = random.Random(7)
    for _ in range(3):
        shuffled = [dict(raw, views=rng.sample(raw["views"], len(raw["views"]))) for raw in raws]
        rng.shuffle(shuffled)
        assert dump_snapshot(parse_snapshot({"items": shuffled})) == reference


def test_several_models_share_one_snapshot_and_views_are_unique() -> None:
    multi = [p for p in MODEL_FILES if p.stem.startswith("OmniMulti")]
    assert len(multi) >= 2
    snapshot = parse_snapshot({"items": [_raw(p) for p in multi]})
    assert len(snapshot.data_models) == len(multi)
    ids = [view.id for view in snapshot.views]
    assert ids == sorted(set(ids))
    all_ids = {view_id for model in snapshot.data_models for view_id in model.view_ids}
    assert set(ids) == all_ids
    assert [m.id for m in snapshot.data_models] == sorted(m.id for m in snapshot.data_models)


def test_content_hash_changes_with_content() -> None:
    snapshot = load_snapshot(MODEL_FILES[0])
    before = snapshot.content_hash
    view = snapshot.views[0]
    view.description = "changed"
    assert snapshot.content_hash != before
    assert before.startswith("sha256:")
    assert len(before) == len("sha256:") + 64


def test_summary_counts(model_file: Path) -> None:
    raw = _raw(model_file)
    text = summarize(load_snapshot(model_file))
    assert f"{raw['space']}:{raw['externalId']}/{raw['version']}: {len(raw['views'])} views" in text
    total = sum(len(v["properties"]) for v in raw["views"])
    unique_total = len(
        {(v["space"], v["externalId"], v["version"], p) for v in raw["views"] for p in v["properties"]}
    )
    assert total == unique_total
    assert f"properties: {total} (" in text
    used_for = [v["usedFor"] for v in raw["views"]]
    assert (
        f"(node {used_for.count('node')}, edge {used_for.count('edge')}, all {used_for.count('all')}" in text
    )
    for view in raw["views"]:
        assert f"{view['space']}:{view['externalId']}/{view['version']} [{view['usedFor']}]" in text


def test_summary_counts_types() -> None:
    raw = {
        "space": "s",
        "externalId": "M",
        "version": "1",
        "views": [
            {
                "space": "s",
                "externalId": "V\x1b[31m",
                "version": "1",
                "usedFor": "edge",
                "properties": {
                    "a": {
                        "container": {"space": "s", "externalId": "C"},
                        "containerPropertyIdentifier": "a",
                        "type": {"type": "text", "list": True},
                    },
                    "b": {
                        "container": {"space": "s", "externalId": "C"},
                        "containerPropertyIdentifier": "b",
                        "type": {"type": "text"},
                    },
                    "c": {
                        "container": {"space": "s", "externalId": "C"},
                        "containerPropertyIdentifier": "c",
                        "type": {"type": "vector"},
                    },
                },
            }
        ],
    }
    text = summarize(parse_snapshot(raw))
    assert "\x1b" not in text
    assert "s:V\\x1b[31m/1 [edge]: 3 properties" in text
    assert "  text                 2 (1 list)\n" in text
    assert "unknown type vector  1" in text
    assert "views: 1 (node 0, edge 1, all 0)" in text


def test_items_form_and_single_model_form_give_the_same_snapshot(model_file: Path) -> None:
    raw = _raw(model_file)
    assert parse_snapshot({"items": [raw]}) == parse_snapshot(raw)


def test_snapshot_python_construction_is_canonical() -> None:
    models = [DataModel.load(_raw(p)) for p in reversed(MODEL_FILES)]
    snapshot = Snapshot(data_models=models)
    assert [m.id for m in snapshot.data_models] == sorted(m.id for m in models)
    for model in snapshot.data_models:
        assert model.view_ids == sorted(model.view_ids)
    for view in snapshot.views:
        assert isinstance(view, View)
        assert all(isinstance(p, MappedProperty) or p.connection_type for p in view.properties.values())


# --- errors ------------------------------------------------------------------------------------------------


def _error(tmp_path: Path, name: str, content: str | bytes) -> str:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content)
    with pytest.raises(PygenError) as info:
        load_snapshot(path)
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith(f"{path}: ")
    return message


def test_bad_property_type_names_the_json_path(tmp_path: Path) -> None:
    raw = _raw(MODEL_FILES[0])
    view = raw["views"][3]
    prop_name = next(n for n, p in view["properties"].items() if "container" in p)
    del view["properties"][prop_name]["type"]["type"]
    message = _error(tmp_path, "model.json", json.dumps(raw))
    assert f"views[3].properties.{prop_name}.type.type: Field required" in message


def test_bad_value_in_items_form_names_the_item(tmp_path: Path) -> None:
    raw = _raw(MODEL_FILES[0])
    raw["views"][1]["implements"] = "nope"
    message = _error(tmp_path, "model.json", json.dumps({"items": [_raw(MODEL_FILES[1]), raw]}))
    assert "items[1].views[1].implements: " in message


def test_bad_value_in_our_format_names_the_path(tmp_path: Path) -> None:
    document = json.loads(dump_snapshot(load_snapshot(MODEL_FILES[0])))
    del document["contentHash"]
    document["dataModels"][0]["views"][2]["properties"] = {"x": {"connectionType": "single_edge_connection"}}
    message = _error(tmp_path, "snap.json", json.dumps(document))
    assert "dataModels[0].views[2].properties.x.type: Field required" in message


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('{"space": "s",\n "views": [', "invalid JSON at line 2, column 12"),
        ("{'single': 1}", "invalid JSON at line 1, column 2"),
        ("", "the file is empty"),
        (b"\xff\xfe\x00", "not a UTF-8 text file"),
        ("[1, 2]", "not a snapshot"),
        ('{"formatVersion": 99, "dataModels": []}', "formatVersion 99 is newer than this pygen reads"),
        ('{"formatVersion": "1", "dataModels": []}', "formatVersion: expected a positive integer"),
        ('{"items": []}', "items: expected a non-empty list"),
        ('{"formatVersion": 1, "dataModels": [], "surprise": 1}', "surprise: Extra inputs are not permitted"),
    ],
)
def test_unreadable_files(tmp_path: Path, content: str | bytes, expected: str) -> None:
    assert expected in _error(tmp_path, "model.json", content)


def test_instances_file_is_not_a_snapshot(tmp_path: Path) -> None:
    instances = SHARED_MODELS / "Omni.instances.json"
    assert "not a snapshot" in _error(tmp_path, "x.json", instances.read_text())


def test_view_references_are_rejected(tmp_path: Path) -> None:
    raw = {
        "space": "s",
        "externalId": "M",
        "version": "1",
        "views": [{"space": "s", "externalId": "V", "version": "1", "type": "view"}],
    }
    message = _error(tmp_path, "refs.json", json.dumps(raw))
    assert "views[0]: s:V/1 is a view reference" in message


def test_edited_snapshot_with_stale_hash_is_rejected(tmp_path: Path) -> None:
    document = json.loads(dump_snapshot(load_snapshot(MODEL_FILES[0])))
    document["dataModels"][0]["description"] = "edited"
    message = _error(tmp_path, "snap.json", json.dumps(document))
    assert "contentHash does not match" in message
    del document["contentHash"]
    path = tmp_path / "accepted.json"
    path.write_text(json.dumps(document))
    assert load_snapshot(path).data_models[0].description == "edited"


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(PygenError, match="no such file"):
        load_snapshot(tmp_path / "missing.json")
    with pytest.raises(PygenError, match="is a directory"):
        load_snapshot(tmp_path)


def test_failed_write_leaves_the_old_file_and_no_temp_files(tmp_path: Path) -> None:
    snapshot = load_snapshot(MODEL_FILES[0])
    target = tmp_path / "out"
    target.mkdir()
    (target / "keep.txt").write_text("old")
    with pytest.raises(PygenError, match="cannot write"):
        write_snapshot(snapshot, target)  # os.replace onto a directory fails after the temp file is written
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    assert (target / "keep.txt").read_text() == "old"


def test_write_creates_parent_directories_and_replaces(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "snap.json"
    write_snapshot(load_snapshot(MODEL_FILES[0]), target)
    write_snapshot(load_snapshot(MODEL_FILES[1]), target)
    assert load_snapshot(target) == load_snapshot(MODEL_FILES[1])
    assert sorted(p.name for p in target.parent.iterdir()) == ["snap.json"]


def test_building_a_snapshot_leaves_the_inputs_alone() -> None:
    raw = _raw(MODEL_FILES[0])
    raw["views"].reverse()
    model = DataModel.load(raw)
    order = list(model.view_ids)
    snapshot = Snapshot(data_models=[model])
    assert model.view_ids == order
    assert snapshot.data_models[0].view_ids == sorted(order)


def test_view_references_in_our_format_are_rejected(tmp_path: Path) -> None:
    document = json.loads(dump_snapshot(load_snapshot(MODEL_FILES[0])))
    del document["contentHash"]
    document["dataModels"][0]["views"][1] = {"space": "s", "externalId": "V", "version": "1", "type": "view"}
    message = _error(tmp_path, "snap.json", json.dumps(document))
    assert "dataModels[0].views[1] (s:V/1) is a view reference" in message


@pytest.mark.parametrize("umask", [0o022, 0o077, 0o002])
def test_a_new_snapshot_follows_the_umask_a_rewrite_keeps_the_mode(tmp_path: Path, umask: int) -> None:
    import os
    import stat

    snapshot = load_snapshot(MODEL_FILES[0])
    target = tmp_path / "snap.json"
    old = os.umask(umask)
    try:
        write_snapshot(snapshot, target)
    finally:
        os.umask(old)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask
    target.chmod(0o640)
    write_snapshot(snapshot, target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["snap.json"]  # no temporary file left
