"""Read → write form: re-creating a pulled schema in an empty emulator reproduces it."""

from __future__ import annotations

import pytest

from pygen_core.dms import (
    Container,
    DataModel,
    MappedProperty,
    MappedPropertyApply,
    MultiReverseDirectRelationApply,
    SchemaClient,
    Space,
    View,
    ViewApply,
)
from pygen_core.emulator import Emulator
from pygen_core.runtime import HTTPClient
from pygen_core.snapshot import Snapshot, load_snapshot, pull_snapshot

from .conftest import MODEL_FILES
from .test_wire_models import CONTAINER_JSON


def _pull(emulator: Emulator, snapshot: Snapshot) -> Snapshot:
    with HTTPClient(emulator.client_config()) as http:
        return pull_snapshot(SchemaClient(http), [m.id for m in snapshot.data_models])


@pytest.mark.parametrize("model_file", MODEL_FILES[:2], ids=[p.stem for p in MODEL_FILES[:2]])
def test_recreating_a_pulled_schema_reproduces_it(model_file: object) -> None:
    source = load_snapshot(str(model_file))
    with Emulator(snapshots=[source]) as first:
        original = _pull(first, source)
    with Emulator() as second, HTTPClient(second.client_config()) as http:
        client = SchemaClient(http)
        spaces = sorted({m.space for m in original.data_models} | {c.space for c in original.containers})
        client.create_spaces([Space(space=s).as_apply() for s in spaces])
        client.create_containers([c.as_apply() for c in original.containers])
        client.create_views([v.as_apply() for v in original.views])
        client.create_data_models([m.as_apply() for m in original.data_models])
        recreated = pull_snapshot(client, [m.id for m in original.data_models])
    assert [v.id for v in recreated.views] == [v.id for v in original.views]
    for got, expected in zip(recreated.views, original.views, strict=True):
        assert got.properties == expected.properties, got.id
    assert [c.id for c in recreated.containers] == [c.id for c in original.containers]


def test_as_apply_drops_read_only_fields() -> None:
    container = Container.load(CONTAINER_JSON).as_apply()
    dumped = container.dump()
    assert "isGlobal" not in dumped
    assert "createdTime" not in dumped
    assert "constraintState" not in dumped["properties"]["name"]
    assert "state" not in dumped["indexes"]["byName"]
    assert dumped["properties"]["status"]["defaultValue"] == "stopped"

    view = View.load(
        {
            "space": "s",
            "externalId": "V",
            "version": "1",
            "writable": True,
            "queryable": True,
            "mappedContainers": [{"space": "s", "externalId": "C"}],
            "properties": {
                "site": {
                    "container": {"space": "s", "externalId": "C"},
                    "containerPropertyIdentifier": "site",
                    "type": {
                        "type": "direct",
                        "source": {"space": "s", "externalId": "Site", "version": "1"},
                    },
                    "constraintState": {},
                },
                "kids": {
                    "connectionType": "multi_reverse_direct_relation",
                    "source": {"space": "s", "externalId": "V", "version": "1"},
                    "through": {
                        "source": {"space": "s", "externalId": "V", "version": "1"},
                        "identifier": "site",
                    },
                    "targetsList": False,
                },
            },
        }
    )
    apply = view.as_apply()
    assert isinstance(apply, ViewApply)
    site = apply.properties["site"]
    assert isinstance(site, MappedPropertyApply)
    assert site.dump() == {
        "container": {"space": "s", "externalId": "C", "type": "container"},
        "containerPropertyIdentifier": "site",
        "source": {"space": "s", "externalId": "Site", "version": "1", "type": "view"},
    }
    kids = apply.properties["kids"]
    assert isinstance(kids, MultiReverseDirectRelationApply)
    assert "targetsList" not in kids.dump()
    assert set(apply.dump()) == {"space", "externalId", "version", "properties"}
    assert isinstance(view.properties["site"], MappedProperty)

    model = DataModel.load(
        {"space": "s", "externalId": "M", "version": "1", "isGlobal": False, "views": [view.dump()]}
    )
    assert model.as_apply().dump() == {
        "space": "s",
        "externalId": "M",
        "version": "1",
        "views": [{"space": "s", "externalId": "V", "version": "1", "type": "view"}],
    }
