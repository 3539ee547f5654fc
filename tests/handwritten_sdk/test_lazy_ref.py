"""Connection fields (``Annotated[<type>, LazyRef]``) validate and dump like the plain unions did."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
from pydantic import ValidationError


def test_read_side_keeps_instances_and_turns_references_into_node_ids(dc: ModuleType, rt: ModuleType) -> None:
    target = dc.ConnectionItemD(space="s", external_id="d1")
    item = dc.ConnectionItemE.model_validate(
        {
            "space": "s",
            "externalId": "e",
            "inwards_single": ("s", "pair"),
            "direct_reverse_multi": [{"space": "s", "externalId": "d0"}, target],
            "direct_reverse_single": None,
        }
    )
    assert item.inwards_single == rt.NodeId("s", "pair")
    assert item.direct_reverse_multi[0] == rt.NodeId("s", "d0")
    assert item.direct_reverse_multi[1] is target
    assert item.direct_reverse_single is None


def test_a_whole_instance_dict_is_validated_with_the_target_class(dc: ModuleType) -> None:
    raw = {
        "space": "s",
        "externalId": "f",
        "properties": {"sp_pygen_models": {"ConnectionItemE/1": {"name": "E"}}},
    }
    item = dc.ConnectionItemD.model_validate({"space": "s", "externalId": "d", "direct_single": raw})
    assert type(item.direct_single) is dc.ConnectionItemE
    assert (item.direct_single.external_id, item.direct_single.name) == ("f", "E")


def test_write_side_accepts_write_objects_ids_pairs_and_strings(dc: ModuleType, rt: ModuleType) -> None:
    nested = dc.ConnectionItemDWrite(external_id="d")
    write = dc.ConnectionItemFWrite(
        external_id="f",
        direct_list=[nested, rt.NodeId("s", "a"), ("s", "b"), "c", {"space": "s", "externalId": "e"}],
    )
    assert write.direct_list == [nested, rt.NodeId("s", "a"), rt.NodeId("s", "b"), "c", rt.NodeId("s", "e")]
    assert write.direct_list[0] is nested


def test_dumps_are_the_plain_union_dumps(dc: ModuleType, rt: ModuleType) -> None:
    write = dc.ConnectionItemFWrite(
        external_id="f", direct_list=[dc.ConnectionItemDWrite(external_id="d", name="n"), ("s", "b")]
    )
    python = write.model_dump(include={"direct_list"})
    assert python["direct_list"][1] == rt.NodeId("s", "b")
    assert python["direct_list"][0]["name"] == "n"
    assert write.model_dump_json(by_alias=True, include={"direct_list"}, exclude_none=True) == (
        '{"directList":[{"space":"sp_omni_instances","external_id":"d",'
        '"node_type":{"space":"sp_pygen_models","externalId":"ConnectionItemD"},"name":"n"},'
        '{"space":"s","externalId":"b"}]}'
    )


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("inwards_single", 5, "expected ConnectionItemD, NodeId, got int"),
        ("direct_reverse_multi", "x", "expected a list of ConnectionItemD, NodeId, got str"),
        ("inwards_single_property", {"space": "s", "externalId": "x"}, "inwards_single_property"),
    ],
)
def test_bad_values_name_the_field(dc: ModuleType, field: str, value: object, expected: str) -> None:
    with pytest.raises(ValidationError) as caught:
        dc.ConnectionItemE.model_validate({"space": "s", "externalId": "e", field: value})
    assert field in str(caught.value)
    assert expected in str(caught.value)


def test_a_write_pair_must_hold_two_strings(dc: ModuleType) -> None:
    with pytest.raises(ValidationError, match="direct_single"):
        dc.ConnectionItemDWrite(external_id="d", direct_single=("s", 1))


_BIND = """
import sys
import omni_mini._views._connection_item_e as module
before = sorted(name for name in ("ConnectionItemD", "ConnectionEdgeA") if name in vars(module))
loaded = "omni_mini._views._connection_item_d" in sys.modules
module.ConnectionItemE.model_validate({"space": "s", "externalId": "e"})
after = sorted(name for name in ("ConnectionItemD", "ConnectionEdgeA") if name in vars(module))
print(before, loaded, after)
"""


@pytest.mark.slow
def test_targets_are_bound_on_first_validation_not_on_import(sdk_package: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", _BIND],
        cwd=sdk_package.parent,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "[] False ['ConnectionEdgeA', 'ConnectionItemD']"
