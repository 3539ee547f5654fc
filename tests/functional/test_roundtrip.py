"""Every shared model: generate, import, then drive the typed SDK against the emulator over real HTTP.

Values are synthesised per property type from the IR, written with the generated write classes, and read
back through list / retrieve / iterate / search / aggregate / every generated filter keyword / connections,
then deleted. Nothing is hard-coded per model.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

import pytest

from pygen_core.emulator import Emulator
from pygen_core.ir import DirectRelationKind, EdgeKind, ReverseDirectRelationKind, ViewIR, ViewRef

from .helpers import GeneratedSDK, generate_and_import, sample_value

SPACE = "functional_space"
CASES = {
    "Omni": ("Omni.json",),
    "OmniSub": ("OmniSub.json",),
    "OmniMulti": ("OmniMultiA.json", "OmniMultiB.json", "OmniMultiC.json"),
    "Pumps": ("Pumps.json",),
    "WindTurbine": ("WindTurbine.json",),
}
PER_VIEW = 3


@pytest.fixture(scope="module", params=sorted(CASES), ids=sorted(CASES))
def sdk(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> GeneratedSDK:
    name: str = request.param
    package = f"functional_{name.lower()}"
    return generate_and_import(
        CASES[name], package, tmp_path_factory.mktemp(name), default_instance_space=SPACE
    )


@pytest.fixture(scope="module")
def client(sdk: GeneratedSDK) -> Iterator[Any]:
    with Emulator(snapshots=[sdk.snapshot]) as emulator:
        client_class = getattr(sdk.package, sdk.options.resolved_client_name)
        with client_class(emulator.client_config()) as instance:
            yield instance


def node_views(sdk: GeneratedSDK) -> list[ViewIR]:
    """Writable node views whose listings show what the test writes.

    A view whose filter (e.g. ``node.type in [...]``) does not pin one node type hides nodes written
    through it with the default type, exactly as CDF does; those views are left out.
    """
    pinned = {v.ref for v in sdk.model.views if v.node_type is not None}
    filtered = {ViewRef(v.space, v.external_id, v.version) for v in sdk.snapshot.views if v.filter}
    return [
        v
        for v in sdk.model.views
        if v.writable and v.used_for != "edge" and (v.ref not in filtered or v.ref in pinned)
    ]


def xid(view: ViewIR, index: int) -> str:
    return f"{view.ref.space}.{view.ref.external_id}.{view.ref.version}:{index}"


def values_for(view: ViewIR, index: int) -> dict[str, Any]:
    return {
        p.names.python: sample_value(p, index)
        for p in view.properties
        if p.is_stored and not isinstance(p.kind, DirectRelationKind) and sample_value(p, index) is not None
    }


def same(expected: Any, actual: Any) -> bool:
    if isinstance(expected, float) and isinstance(actual, float):
        return math.isclose(expected, actual, rel_tol=1e-6)
    if isinstance(expected, list) and isinstance(actual, list):
        return len(expected) == len(actual) and all(same(e, a) for e, a in zip(expected, actual, strict=True))
    return bool(expected == actual)


@pytest.fixture(scope="module")
def written(sdk: GeneratedSDK, client: Any) -> dict[str, list[Any]]:
    """Upsert PER_VIEW nodes per writable node view; returns the write objects per view."""
    items: dict[str, list[Any]] = {}
    for view in node_views(sdk):
        cls = sdk.write_class(view)
        items[str(view.ref)] = [
            cls(external_id=xid(view, i), space=SPACE, **values_for(view, i)) for i in range(PER_VIEW)
        ]
    result = client.upsert([item for group in items.values() for item in group])
    assert len(result.items) == sum(len(group) for group in items.values())
    return items


def test_list_retrieve_iterate_search_aggregate(sdk: GeneratedSDK, client: Any, written: Any) -> None:
    checked = 0
    for view in node_views(sdk):
        api = sdk.api(client, view)
        mine = {xid(view, i) for i in range(PER_VIEW)}
        listed = api.list(space=SPACE, limit=-1)
        by_id = {item.external_id: item for item in listed}
        assert mine <= set(by_id), view.ref
        for i in range(PER_VIEW):
            item = by_id[xid(view, i)]
            for name, value in values_for(view, i).items():
                assert same(value, getattr(item, name)), (view.ref, name, value, getattr(item, name))
        one = api.retrieve(xid(view, 0), space=SPACE)
        assert one is not None
        assert one.external_id == xid(view, 0)
        assert api.retrieve("no-such-node", space=SPACE) is None
        several = api.retrieve([xid(view, i) for i in range(PER_VIEW)], space=SPACE)
        assert {n.external_id for n in several} == mine
        pages = list(api.iterate(2, space=SPACE))
        assert all(len(page) <= 2 for page in pages)
        assert {n.external_id for page in pages for n in page} == set(by_id)
        found = api.search(space=SPACE, limit=PER_VIEW)
        assert {n.external_id for n in found} <= set(by_id)
        assert len(found) == min(PER_VIEW, len(by_id))
        assert api.aggregate("count", space=SPACE).value == len(by_id)
        prefixed = api.list(external_id_prefix=xid(view, 1), space=SPACE)
        assert [n.external_id for n in prefixed] == [xid(view, 1)]
        checked += 1
    assert checked == len(node_views(sdk)) > 0


def _expected_match(op: str, attr_value: Any, arg: Any) -> bool:
    if op in ("equals", "in"):
        return attr_value in arg if isinstance(arg, list) else same(arg, attr_value)
    if op == "prefix":
        return isinstance(attr_value, str) and attr_value.startswith(arg)
    raise AssertionError(op)


def _keywords(prop: Any) -> dict[str, str]:
    """op → filter keyword of a property, as the IR named them."""
    return {keyword.op: keyword.names.python for keyword in prop.filters}


def test_every_generated_filter_keyword(sdk: GeneratedSDK, client: Any, written: Any) -> None:
    exercised: set[str] = set()
    for view in node_views(sdk):
        api = sdk.api(client, view)
        for prop in view.properties:
            attr = prop.names.python
            if isinstance(prop.kind, DirectRelationKind) or not prop.filters:
                continue  # direct relations: covered by test_direct_relations_and_edges
            value = sample_value(prop, 1)
            names = _keywords(prop)
            for op, keyword in names.items():
                if op == "max":
                    continue  # tested with min
                if op == "min":
                    kwargs: dict[str, Any] = {keyword: value, names["max"]: value}
                elif op == "exists":
                    kwargs = {keyword: True}
                else:
                    kwargs = {keyword: value[:9] if op == "prefix" else value}
                result = api.list(**kwargs, space=SPACE, limit=-1)
                ids = {n.external_id for n in result}
                assert xid(view, 1) in ids, (view.ref, keyword)
                if op == "exists":
                    assert all(getattr(n, attr) is not None for n in result), (view.ref, keyword)
                    missing = {n.external_id for n in api.list(**{keyword: False}, space=SPACE, limit=-1)}
                    assert not missing & ids
                    assert xid(view, 1) not in missing
                elif op == "min":
                    assert all(same(value, getattr(n, attr)) for n in result), (view.ref, keyword)
                    above = {
                        n.external_id
                        for n in api.list(**{keyword: sample_value(prop, 2)}, space=SPACE, limit=-1)
                    }
                    assert xid(view, 2) in above
                    assert xid(view, 1) not in above
                else:
                    arg = kwargs[keyword]
                    assert all(_expected_match(op, getattr(n, attr), arg) for n in result), (
                        view.ref,
                        keyword,
                    )
                if op == "in":
                    both = [value, sample_value(prop, 2)]
                    in_ids = {n.external_id for n in api.list(**{keyword: both}, space=SPACE, limit=-1)}
                    assert {xid(view, 1), xid(view, 2)} <= in_ids
                assert api.aggregate("count", **kwargs, space=SPACE).value == len(result), (view.ref, keyword)
                assert {n.external_id for n in api.search(**kwargs, space=SPACE, limit=1000)} == ids
                assert {n.external_id for page in api.iterate(**kwargs, space=SPACE) for n in page} == ids
                exercised.add(op)
    assert exercised, "no filter keyword was exercised"
    if any(v.properties for v in node_views(sdk)):
        assert "in" in exercised or "min" in exercised


def test_direct_relations_and_edges(sdk: GeneratedSDK, client: Any, written: dict[str, list[Any]]) -> None:
    node_id = sdk.package.NodeId
    links = 0
    for view in node_views(sdk):
        expected: dict[str, Any] = {}
        for prop in view.properties:
            kind = prop.kind
            target_ref = getattr(kind, "target", None)
            if target_ref is None or not sdk.model.has_view(target_ref):
                continue
            target = sdk.model.view(target_ref)
            if not target.writable or target.used_for == "edge":
                continue
            if isinstance(kind, DirectRelationKind) or (
                isinstance(kind, EdgeKind) and kind.edge_properties is None
            ):
                ref = node_id(SPACE, xid(target, 2))
                expected[prop.names.python] = [ref] if kind.is_list else ref
        if not expected:
            continue
        client.upsert([sdk.write_class(view)(external_id=xid(view, 0), space=SPACE, **expected)])
        api = sdk.api(client, view)
        got = api.retrieve(xid(view, 0), space=SPACE, retrieve_connections="identifier")
        for name, value in expected.items():
            actual = getattr(got, name)
            assert actual == value, (view.ref, name, actual, value)
        full = api.retrieve(xid(view, 0), space=SPACE, retrieve_connections="full")
        for name, value in expected.items():
            actual = getattr(full, name)
            objects = actual if isinstance(actual, list) else [actual]
            wanted = value if isinstance(value, list) else [value]
            assert [o.external_id for o in objects] == [w.external_id for w in wanted], (view.ref, name)
            assert not any(isinstance(o, node_id) for o in objects), (view.ref, name, "full gives objects")
        for prop in view.properties:
            kind = prop.kind
            if not isinstance(kind, DirectRelationKind) or kind.is_list or kind.target is None:
                continue
            if prop.names.python in expected:
                keyword = _keywords(prop)["node"]
                as_tuple = (SPACE, xid(sdk.model.view(kind.target), 2))
                found = api.list(**{keyword: as_tuple}, space=SPACE)
                assert xid(view, 0) in {n.external_id for n in found}
        links += len(expected)
    if any(isinstance(p.kind, DirectRelationKind | EdgeKind) for v in node_views(sdk) for p in v.properties):
        assert links > 0


def test_filter_on_a_list_direct_relation(sdk: GeneratedSDK, client: Any, written: Any) -> None:
    checked = 0
    for view in node_views(sdk):
        api = sdk.api(client, view)
        for prop in view.properties:
            kind = prop.kind
            if not (isinstance(kind, DirectRelationKind) and kind.is_list and kind.target is not None):
                continue
            target = sdk.model.view(kind.target)
            if not target.writable:
                continue
            ref = sdk.package.NodeId(SPACE, xid(target, 1))
            name = prop.names.python
            client.upsert([sdk.write_class(view)(external_id=xid(view, 1), space=SPACE, **{name: [ref]})])
            keyword = _keywords(prop)["nodes"]
            found = api.list(**{keyword: ref}, space=SPACE, limit=-1)
            assert xid(view, 1) in {n.external_id for n in found}, (view.ref, keyword)
            checked += 1
    if checked == 0:
        pytest.skip("no list direct relation with a writable target in this model")


def test_edges_with_properties_and_reverse_direct_relations(
    sdk: GeneratedSDK, client: Any, written: Any
) -> None:
    node_id = sdk.package.NodeId
    checked = 0
    for view in node_views(sdk):
        api = sdk.api(client, view)
        for prop in view.properties:
            kind = prop.kind
            name = prop.names.python
            if isinstance(kind, EdgeKind) and kind.edge_properties is not None:
                edge_view = sdk.model.view(kind.edge_properties)
                target = sdk.model.view(kind.target)
                if not (edge_view.writable and target.writable):
                    continue
                other = node_id(SPACE, xid(target, 1))
                end = "end_node" if kind.direction == "outwards" else "start_node"
                edge = sdk.write_class(edge_view)(**{end: other}, **values_for(edge_view, 1))
                owner = sdk.write_class(view)(
                    external_id=xid(view, 0), space=SPACE, **{name: [edge] if kind.is_list else edge}
                )
                client.upsert([owner])
                got = api.retrieve(xid(view, 0), space=SPACE, retrieve_connections="identifier")
                edges = getattr(got, name) if kind.is_list else [getattr(got, name)]
                assert len(edges) == 1, (view.ref, name)
                assert getattr(edges[0], end) == other
                for attr, value in values_for(edge_view, 1).items():
                    assert same(value, getattr(edges[0], attr)), (view.ref, name, attr)
                full = api.retrieve(xid(view, 0), space=SPACE, retrieve_connections="full")
                edges = getattr(full, name) if kind.is_list else [getattr(full, name)]
                assert getattr(edges[0], end).external_id == xid(target, 1)
                assert not isinstance(getattr(edges[0], end), node_id)
                listed = sdk.api(client, edge_view).list(space=SPACE, limit=-1)
                assert edges[0].external_id in {e.external_id for e in listed}
                owner_end = "start_node" if kind.direction == "outwards" else "end_node"
                by_owner = sdk.api(client, edge_view).list(
                    **{owner_end: owner.as_id()}, space=SPACE, limit=-1
                )
                assert edges[0].external_id in {e.external_id for e in by_owner}
                assert all(getattr(e, owner_end) == owner.as_id() for e in by_owner)
                checked += 1
            elif isinstance(kind, ReverseDirectRelationKind):
                through = sdk.model.view(kind.through_view)
                if not through.writable or not sdk.model.has_view(kind.target):
                    continue
                pointer = through.get_property(kind.through_property)
                me = node_id(SPACE, xid(view, 1))
                source = sdk.write_class(through)(
                    external_id=f"reverse:{view.ref.external_id}:{name}",
                    space=SPACE,
                    **{pointer.names.python: [me] if kind.through_is_list else me},
                )
                client.upsert([source])
                got = api.retrieve(xid(view, 1), space=SPACE, retrieve_connections="identifier")
                found = getattr(got, name) if kind.is_list else [getattr(got, name)]
                assert source.as_id() in found, (view.ref, name, found)
                full = api.retrieve(xid(view, 1), space=SPACE, retrieve_connections="full")
                found = getattr(full, name) if kind.is_list else [getattr(full, name)]
                assert source.external_id in {getattr(f, "external_id", None) for f in found}
                checked += 1
    kinds = [p.kind for v in node_views(sdk) for p in v.properties]
    if any(isinstance(k, ReverseDirectRelationKind) or getattr(k, "edge_properties", None) for k in kinds):
        assert checked > 0


def test_delete(sdk: GeneratedSDK, client: Any, written: dict[str, list[Any]]) -> None:
    """Runs last in this module: it removes nodes the other tests read."""
    views = node_views(sdk)
    view = views[-1]
    targets = written[str(view.ref)]
    result = client.delete(targets)
    assert len(result.deleted) == len(targets)
    api = sdk.api(client, view)
    assert api.retrieve([xid(view, i) for i in range(PER_VIEW)], space=SPACE) == []
    assert not {xid(view, i) for i in range(PER_VIEW)} & {
        n.external_id for n in api.list(space=SPACE, limit=-1)
    }
