"""Fixtures: an ``InstanceStore`` on SQLite with a small ``SchemaLookup`` built from the shared models."""

from __future__ import annotations

import copy
import json
import sqlite3
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from pygen_core.emulator._instances import InstanceStore
from tests._models import MODELS_DIR as SHARED_MODELS

MODELS = SHARED_MODELS
SP = "sp_pygen_models"
INST = "sp_omni_instances"


class ModelSchema:
    """Views from read-form data models; containers inferred from the mapped properties."""

    def __init__(self, *models: dict[str, Any]) -> None:
        self.views: dict[tuple[str, str, str], dict[str, Any]] = {}
        self.containers: dict[tuple[str, str], dict[str, Any]] = {}
        for model in models:
            for view in model["views"]:
                self.add_view(view)

    def add_view(self, view: dict[str, Any]) -> None:
        self.views[(view["space"], view["externalId"], view["version"])] = view
        for prop in view["properties"].values():
            if "container" not in prop:
                continue
            ref = prop["container"]
            container = self.containers.setdefault(
                (ref["space"], ref["externalId"]),
                {
                    "space": ref["space"],
                    "externalId": ref["externalId"],
                    "usedFor": view.get("usedFor", "node"),
                    "properties": {},
                },
            )
            if container["usedFor"] != view.get("usedFor", "node"):
                container["usedFor"] = "all"
            keep = ("type", "nullable", "immutable", "autoIncrement", "defaultValue")
            container["properties"][prop["containerPropertyIdentifier"]] = {
                k: prop[k] for k in keep if k in prop
            }

    def get_view(self, space: str, external_id: str, version: str | None) -> dict[str, Any] | None:
        if version is None:
            found = sorted(v for (s, x, v) in self.views if (s, x) == (space, external_id))
            version = found[-1] if found else None
        return self.views.get((space, external_id, version)) if version else None

    def get_container(self, space: str, external_id: str) -> dict[str, Any] | None:
        return self.containers.get((space, external_id))


def load(name: str) -> Any:
    return json.loads((MODELS / name).read_text())


def mapped(container: str, ident: str, type_: dict[str, Any], **extra: Any) -> dict[str, Any]:
    """A read-form mapped view property for the small test-only views."""
    return {
        "container": {"space": "test", "externalId": container, "type": "container"},
        "containerPropertyIdentifier": ident,
        "type": type_,
        "nullable": True,
        "immutable": False,
        "autoIncrement": False,
        **extra,
    }


def extra_views() -> list[dict[str, Any]]:
    """Types Omni lacks: enum, immutable, maxTextSize, edge properties, two views on one container."""
    pump_props = {
        "name": mapped("Pump", "name", {"type": "text", "list": False, "maxTextSize": 10}),
        "status": mapped("Pump", "status", {"type": "enum", "values": {"running": {}, "stopped": {}}}),
        "serial": mapped("Pump", "serial", {"type": "text", "list": False}, immutable=True),
        "site": mapped("Pump", "site", {"type": "direct", "list": False}),
        "start": mapped("Pump", "start", {"type": "timestamp", "list": False}),
        "end": mapped("Pump", "end", {"type": "timestamp", "list": False}),
        "tags": mapped("Pump", "tags", {"type": "text", "list": True}),
        "levels": mapped("Pump", "levels", {"type": "int32", "list": True}),
        "size": mapped("Pump", "size", {"type": "float64", "list": False}),
        "born": mapped("Pump", "born", {"type": "date", "list": False}),
        "meta": mapped("Pump", "meta", {"type": "json", "list": False}),
    }
    return [
        {"space": "test", "externalId": "Pump", "version": "v1", "usedFor": "node", "properties": pump_props},
        {
            "space": "test",
            "externalId": "PumpName",
            "version": "v2",
            "usedFor": "node",
            "properties": {"label": pump_props["name"] | {"containerPropertyIdentifier": "name"}},
        },
        {
            "space": "test",
            "externalId": "Flow",
            "version": "v1",
            "usedFor": "edge",
            "properties": {"rate": mapped("Flow", "rate", {"type": "float64", "list": False})},
        },
    ]


@pytest.fixture(scope="session")
def omni_model() -> dict[str, Any]:
    return load("Omni.json")


@pytest.fixture(scope="session")
def omni_instances() -> list[dict[str, Any]]:
    return load("Omni.instances.json")


@pytest.fixture
def schema(omni_model: dict[str, Any]) -> ModelSchema:
    result = ModelSchema(omni_model)
    for view in extra_views():
        result.add_view(view)
    return result


def connect(path: str = ":memory:") -> sqlite3.Connection:
    return sqlite3.connect(path, check_same_thread=False)


@pytest.fixture
def empty_store(schema: ModelSchema) -> Iterator[InstanceStore]:
    conn = connect()
    yield InstanceStore(conn, threading.RLock(), schema)
    conn.close()


@pytest.fixture
def store(empty_store: InstanceStore, omni_instances: list[dict[str, Any]]) -> InstanceStore:
    empty_store.seed(copy.deepcopy(omni_instances))
    return empty_store
