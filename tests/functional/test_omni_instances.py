"""All of ``Omni.instances.json`` through the typed Omni SDK: validate, write, read back, compare, delete."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from pydantic import ValidationError

from pygen_core.emulator import Emulator
from pygen_core.ir import ViewIR, ViewRef

from .helpers import MODELS_DIR, GeneratedSDK, generate_and_import

INSTANCES = json.loads((MODELS_DIR / "Omni.instances.json").read_text(encoding="utf-8"))
SPACE = INSTANCES[0]["space"]
METADATA = {"version", "created_time", "last_updated_time"}


@pytest.fixture(scope="module")
def omni(tmp_path_factory: pytest.TempPathFactory) -> GeneratedSDK:
    return generate_and_import(
        ("Omni.json",),
        "functional_omni_instances",
        tmp_path_factory.mktemp("omni"),
        default_instance_space=SPACE,
    )


@pytest.fixture(scope="module")
def client(omni: GeneratedSDK) -> Iterator[Any]:
    with (
        Emulator(snapshots=[omni.snapshot]) as emulator,
        omni.package.FunctionalOmniInstancesClient(emulator.client_config()) as instance,
    ):
        yield instance


def view_of(omni: GeneratedSDK, item: dict[str, Any]) -> ViewIR:
    ((space, views),) = item["properties"].items()
    ((key, _props),) = views.items()
    external_id, version = key.split("/")
    return omni.model.view(ViewRef(space, external_id, version))


def validate(cls: Any, item: dict[str, Any]) -> tuple[Any, set[str]]:
    """The read object, or None and the JSON paths of missing required values."""
    try:
        return cls.model_validate(item), set()
    except ValidationError as exc:
        return None, {".".join(str(p) for p in e["loc"]) for e in exc.errors() if e["type"] == "missing"}


def test_every_instance_round_trips_through_the_typed_sdk(omni: GeneratedSDK, client: Any) -> None:
    expected: dict[tuple[ViewRef, str], dict[str, Any]] = {}
    writes = []
    incomplete = []
    for item in INSTANCES:
        view = view_of(omni, item)
        read, missing = validate(omni.read_class(view), item)
        if read is None:
            # The file holds nodes without a value for a non-nullable property of their view: the typed
            # read class must say exactly which one; the test then writes them with the value supplied.
            assert missing, item
            incomplete.append((view, item, missing))
            continue
        values = read.model_dump(exclude=METADATA)
        for prop in view.properties:
            # Absent properties get the container default on write, as in CDF.
            if prop.default is not None and values.get(prop.names.python) is None:
                values[prop.names.python] = prop.default_json()
        expected[(view.ref, read.external_id)] = values
        if view.writable:
            try:
                writes.append(read.as_write())
            except ValidationError as exc:
                # Read classes are tolerant, write classes are not: a node lacking a required value
                # cannot be written back as is; the test supplies the value (see below).
                missing = {".".join(str(p) for p in e["loc"]) for e in exc.errors() if e["type"] == "missing"}
                incomplete.append((view, item, missing))
                expected[(view.ref, read.external_id)] = {}
    for view, item, missing in incomplete:
        names = {path.rsplit(".", 1)[-1] for path in missing}
        fill = {
            p.names.python: f"filled {p.identifier}"
            for p in view.properties
            if p.identifier in names or p.names.python in names
        }
        assert len(fill) == len(names), (view.ref, missing)
        write = omni.write_class(view)(external_id=item["externalId"], space=item["space"], **fill)
        writes.append(write)
        expected[(view.ref, item["externalId"])] = {}
    assert len(writes) == len(INSTANCES) - sum(1 for item in INSTANCES if not view_of(omni, item).writable)
    result = client.upsert(writes)
    assert len(result.items) == len(writes)
    compared = 0
    for view in omni.model.views:
        wanted = {xid: values for (ref, xid), values in expected.items() if ref == view.ref}
        if not wanted or not view.writable:
            continue
        listed = {n.external_id: n for n in omni.api(client, view).list(space=SPACE, limit=-1)}
        for xid, values in wanted.items():
            assert xid in listed, (view.ref, xid)
            if values:
                assert listed[xid].model_dump(exclude=METADATA) == values, (view.ref, xid)
                compared += 1
    assert compared >= 80
    deleted = client.delete([w.as_id() for w in writes])
    assert len(deleted.deleted) == len(writes)
    for view in omni.model.views:
        if view.writable and any(ref == view.ref for ref, _ in expected):
            assert omni.api(client, view).list(space=SPACE, limit=-1) == []
