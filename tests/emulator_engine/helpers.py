"""Small helpers shared by the engine tests."""

from __future__ import annotations

from typing import Any

SP = "sp_pygen_models"
INST = "sp_omni_instances"


def view(xid: str, version: str = "1", space: str = SP) -> dict[str, str]:
    return {"type": "view", "space": space, "externalId": xid, "version": version}


def prop(xid: str, name: str, version: str = "1") -> list[str]:
    return [SP, f"{xid}/{version}", name]


def xids(response: dict[str, Any]) -> list[str]:
    return [item["externalId"] for item in response["items"]]


def raw_props(item: dict[str, Any], xid: str) -> dict[str, Any]:
    """Properties of a raw Omni instance under view ``xid`` (empty when it has none)."""
    return item.get("properties", {}).get(SP, {}).get(f"{xid}/1", {})  # type: ignore[no-any-return]


def node(
    xid: str, space: str = "test", sources: list[dict[str, Any]] | None = None, **extra: Any
) -> dict[str, Any]:
    return {"instanceType": "node", "space": space, "externalId": xid, "sources": sources or [], **extra}


def source(xid: str, props: dict[str, Any], version: str = "1", space: str = SP) -> dict[str, Any]:
    return {"source": view(xid, version, space), "properties": props}
