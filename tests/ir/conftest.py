"""Builders for small snapshot contents (wire JSON) used by the IR tests."""

from __future__ import annotations

from typing import Any

import pytest

from pygen_core.ir import Finding, IROptions, IRResult, build_ir
from pygen_core.snapshot import Snapshot, load_snapshot
from tests._models import MODELS_DIR as SHARED_MODELS

MODELS = SHARED_MODELS
MODEL_NAMES = ("Omni", "OmniMultiA", "OmniMultiB", "OmniMultiC", "OmniSub", "Pumps", "WindTurbine")


def ref(xid: str, space: str = "sp", version: str = "1") -> dict[str, Any]:
    return {"space": space, "externalId": xid, "version": version, "type": "view"}


def prop(
    data_type: str = "text",
    *,
    container: str = "C",
    identifier: str | None = None,
    nullable: bool = True,
    default: Any = None,
    auto_increment: bool = False,
    **type_extra: Any,
) -> dict[str, Any]:
    """A read-form mapped property."""
    return {
        "container": {"space": "sp", "externalId": container, "type": "container"},
        "containerPropertyIdentifier": identifier or data_type,
        "type": {"type": data_type, **type_extra},
        "nullable": nullable,
        "immutable": False,
        "autoIncrement": auto_increment,
        "defaultValue": default,
    }


def direct(target: str | None = None, *, is_list: bool = False, **target_ref: str) -> dict[str, Any]:
    extra: dict[str, Any] = {"list": is_list}
    if target is not None:
        extra["source"] = ref(target, **target_ref)
    return prop("direct", identifier=f"direct_{target}", **extra)


def edge(target: str, *, multi: bool = True, edge_source: str | None = None, **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "connectionType": "multi_edge_connection" if multi else "single_edge_connection",
        "type": {"space": "sp", "externalId": f"to{target}"},
        "source": ref(target),
        "direction": "outwards",
    }
    if edge_source is not None:
        data["edgeSource"] = ref(edge_source)
    data.update(extra)
    return data


def reverse(source: str, through_view: str, through_prop: str, *, multi: bool = True) -> dict[str, Any]:
    return {
        "connectionType": "multi_reverse_direct_relation" if multi else "single_reverse_direct_relation",
        "source": ref(source),
        "through": {"source": ref(through_view), "identifier": through_prop},
    }


def view(
    xid: str,
    properties: dict[str, Any] | None = None,
    *,
    space: str = "sp",
    version: str = "1",
    implements: tuple[str, ...] = (),
    used_for: str = "node",
    writable: bool = True,
    **extra: Any,
) -> dict[str, Any]:
    return {
        "space": space,
        "externalId": xid,
        "version": version,
        "name": xid,
        "implements": [ref(p) for p in implements],
        "writable": writable,
        "usedFor": used_for,
        "properties": properties if properties is not None else {"name": prop()},
        **extra,
    }


def content(*views: dict[str, Any], containers: tuple[dict[str, Any], ...] = ()) -> dict[str, Any]:
    model = {"space": "sp", "externalId": "Model", "version": "1", "name": "Model", "views": list(views)}
    return {"formatVersion": 1, "dataModels": [model], "containers": list(containers)}


def build(data: dict[str, Any], **options: Any) -> IRResult:
    return build_ir(data, IROptions(**options))


def codes(result: IRResult) -> set[str]:
    return {f.code for f in result.findings}


def only(result: IRResult, code: str) -> Finding:
    found = [f for f in result.findings if f.code == code]
    assert len(found) == 1, result.findings
    return found[0]


@pytest.fixture(scope="session")
def snapshots() -> dict[str, Snapshot]:
    return {name: load_snapshot(MODELS / f"{name}.json") for name in MODEL_NAMES}
