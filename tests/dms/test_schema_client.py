"""SchemaClient against the local DMS emulator (real HTTP on 127.0.0.1)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from pygen_core import PygenError
from pygen_core.dms import (
    ContainerApply,
    ContainerId,
    ContainerProperty,
    DataModel,
    DataModelApply,
    DataModelId,
    DirectRelationProperty,
    MappedProperty,
    MappedPropertyApply,
    SchemaClient,
    SpaceApply,
    TextProperty,
    View,
    ViewApply,
    ViewId,
)
from pygen_core.emulator import Emulator
from pygen_core.runtime import HTTPClient

from .conftest import MODEL_FILES


@pytest.fixture(scope="module")
def emulator() -> Iterator[Emulator]:
    with Emulator(snapshots=[p for p in MODEL_FILES if p.stem != "OmniSub"]) as emu:
        yield emu


@pytest.fixture
def http(emulator: Emulator) -> Iterator[HTTPClient]:
    emulator.faults.clear()
    with HTTPClient(emulator.client_config(backoff_base=0.01)) as client:
        yield client


def _source_models() -> list[dict[str, Any]]:
    """The served models that lists show: global ones (``cdf_*`` spaces, e.g. CogniteCore) are hidden."""
    models = [json.loads(p.read_text()) for p in MODEL_FILES if p.stem != "OmniSub"]
    return [m for m in models if not m["space"].startswith("cdf_")]


def _source_view_ids() -> set[ViewId]:
    return {ViewId.load(v) for m in _source_models() for v in m["views"]}


def test_list_views_follows_the_cursor(http: HTTPClient) -> None:
    expected = _source_view_ids()
    paged = SchemaClient(http, page_size=7).list_views()
    requests_paged = http.stats.requests
    assert {v.id for v in paged} == expected
    assert len(paged) == len(expected)
    assert requests_paged >= len(expected) // 7 + 1  # cursor followed page after page
    whole = SchemaClient(http).list_views()
    assert [v.id for v in whole] == [v.id for v in paged]


def test_list_with_limit_stops_early(http: HTTPClient) -> None:
    views = SchemaClient(http, page_size=3).list_views(limit=5)
    assert len(views) == 5
    assert http.stats.requests == 2


def test_list_data_models_and_spaces(http: HTTPClient) -> None:
    client = SchemaClient(http, page_size=2)
    models = client.list_data_models()
    assert {m.id for m in models} == {DataModel.load(m).id for m in _source_models()}
    inline = client.list_data_models(inline_views=True)
    assert all(isinstance(v, View) for m in inline for v in m.views)
    spaces = {s.space for s in client.list_spaces()}
    assert {m["space"] for m in _source_models()} <= spaces


def test_retrieve_data_models_inline_and_as_references(http: HTTPClient) -> None:
    client = SchemaClient(http)
    raw = _source_models()[0]
    model_id = DataModel.load(raw).id
    [inline] = client.retrieve_data_models([model_id])
    assert all(isinstance(v, View) for v in inline.views)
    [refs] = client.retrieve_data_models([model_id], inline_views=False)
    assert all(isinstance(v, ViewId) for v in refs.views)
    assert sorted(refs.view_ids) == sorted(inline.view_ids)
    assert client.retrieve_data_models([DataModelId(space="nope", external_id="X", version="1")]) == []


def test_retrieve_views_and_containers_chunked(http: HTTPClient) -> None:
    client = SchemaClient(http)
    view_ids = sorted(_source_view_ids())
    views = client.retrieve_views(view_ids)
    assert {v.id for v in views} == set(view_ids)
    mapped = sorted({c for v in views for c in v.referenced_containers()})
    unknown = [ContainerId(space="nowhere", external_id=f"C{n}") for n in range(230)]
    before = http.stats.requests
    containers = client.retrieve_containers([*unknown, *mapped])
    assert http.stats.requests - before == (len(unknown) + len(mapped) + 99) // 100  # 100 ids per request
    assert sorted(c.id for c in containers) == mapped


def test_create_retrieve_and_delete_round_trip(http: HTTPClient) -> None:
    client = SchemaClient(http)
    space = "pygen_client_test"
    [created_space] = client.create_spaces([SpaceApply(space=space, name="Test space")])
    assert created_space.space == space
    site = ContainerApply(
        space=space,
        external_id="Site",
        properties={"name": ContainerProperty(type=TextProperty(), nullable=False)},
    )
    pump = ContainerApply(
        space=space,
        external_id="Pump",
        properties={
            "name": ContainerProperty(type=TextProperty()),
            "site": ContainerProperty(type=DirectRelationProperty(container=site.id)),
        },
    )
    containers = client.create_containers([site, pump])
    assert {c.id for c in containers} == {site.id, pump.id}
    site_view = ViewApply(
        space=space,
        external_id="Site",
        version="v1",
        properties={"name": MappedPropertyApply(container=site.id, container_property_identifier="name")},
    )
    pump_view = ViewApply(
        space=space,
        external_id="Pump",
        version="v1",
        properties={
            "name": MappedPropertyApply(container=pump.id, container_property_identifier="name"),
            "site": MappedPropertyApply(
                container=pump.id, container_property_identifier="site", source=site_view.id
            ),
        },
    )
    views = client.create_views([site_view, pump_view])
    assert {v.id for v in views} == {site_view.id, pump_view.id}
    model = DataModelApply(space=space, external_id="Plant", version="1", views=[site_view.id, pump_view.id])
    client.create_data_models([model])

    [fetched] = client.retrieve_data_models([model.id])
    by_id = {v.id: v for v in fetched.views if isinstance(v, View)}
    site_prop = by_id[pump_view.id].properties["site"]
    assert isinstance(site_prop, MappedProperty)
    assert site_prop.source == site_view.id  # write-form `source` comes back (read form: type.source)
    assert isinstance(site_prop.type, DirectRelationProperty)
    assert site_prop.type.container == site.id

    assert client.delete_data_models([model.id]) == [model.id]
    assert sorted(client.delete_views([pump_view.id, site_view.id])) == sorted([pump_view.id, site_view.id])
    assert sorted(client.delete_containers([site.id, pump.id])) == sorted([site.id, pump.id])
    assert client.delete_spaces([space]) == [space]
    assert client.retrieve_data_models([model.id]) == []
    assert client.retrieve_containers([site.id, pump.id]) == []


def test_retries_through_injected_faults(emulator: Emulator, http: HTTPClient) -> None:
    emulator.faults.inject("429", path="/models/views", method="GET", count=2, retry_after=0.01)
    emulator.faults.inject("503", path="/models/containers/byids", count=1, retry_after=0.01)
    client = SchemaClient(http, page_size=20)
    assert {v.id for v in client.list_views()} == _source_view_ids()
    assert client.retrieve_containers([ContainerId(space="nowhere", external_id="X")]) == []
    assert emulator.faults.count("429") == 2
    assert emulator.faults.count("503") == 1
    assert http.stats.retries == 3


class _CannedHTTP:
    """Not HTTP: hands the client fixed decoded bodies to check how it reports malformed responses."""

    def __init__(self, body: Any) -> None:
        self.body = body

    def get(self, path: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        result: dict[str, Any] = self.body
        return result

    def post(self, path: str, json: Any, params: dict[str, Any] | None = None) -> dict[str, Any]:
        result: dict[str, Any] = self.body
        return result


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            {"nothing": []},
            "unexpected response from GET /models/views: expected an object with an 'items' list",
        ),
        (
            {
                "items": [
                    {"space": "s", "externalId": "V", "version": "1", "properties": {"p": {"container": 1}}}
                ]
            },
            "unexpected response from GET /models/views: items[0].properties.p.container: ",
        ),
        ({"items": [], "nextCursor": 5}, "nextCursor is not a string"),
    ],
)
def test_malformed_list_responses_are_reported_with_the_path(body: Any, expected: str) -> None:
    with pytest.raises(PygenError) as info:
        SchemaClient(_CannedHTTP(body)).list_views()
    assert expected in str(info.value)
    assert "\n" not in str(info.value)


def test_malformed_delete_response() -> None:
    with pytest.raises(PygenError, match=r"items\[0\]\.space: expected a string"):
        SchemaClient(_CannedHTTP({"items": [{"nope": 1}]})).delete_spaces(["s"])


def test_page_size_is_checked() -> None:
    with pytest.raises(ValueError, match="page_size"):
        SchemaClient(_CannedHTTP({}), page_size=0)
