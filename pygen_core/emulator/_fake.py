"""Deterministic fake instances for every view of the loaded snapshots (``Emulator(fake=N, fake_seed=S)``).

Each node view gets ``N`` nodes written through it (or, for a view that is not writable, through its
containers, with the containers' other required properties filled). Values fit each property's type and
limits; required properties are always set, optional ones mostly. A view's filter is honoured: its
``node.type`` and property ``equals``/``in`` conditions pick the values, ``hasData`` adds the listed
containers or views. Direct relations point at generated nodes that have data in the relation's target view
(within one view's own hierarchy only at nodes generated before, so parent chains never loop). Every edge
connection gets edges of its type to nodes of its target view, with properties of its edge view; an edge
view gets ``N`` edges. The same seed gives the same instances: every node draws from its own random
generator seeded by ``(seed, view, index)``.
"""

from __future__ import annotations

import bisect
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ._fake_values import SKIP as _SKIP
from ._fake_values import primitive
from ._instance_model import Key
from ._protocols import SchemaLookup

ViewKey = tuple[str, str, str]
DEFAULT_SPACE = "pygen_fake"
_OPTIONAL_RATE = 0.85
_MANAGED = {
    ("cdf_cdm", "CogniteAsset"): {
        "assetHierarchy_root",
        "assetHierarchy_path",
        "assetHierarchy_path_last_updated_time",
    },
    ("cdf_cdm", "CogniteFile"): {"isUploaded", "uploadedTime"},
}
"""Container properties the emulator maintains itself; the fake leaves them alone."""
_DEFAULT_MAX_LIST = {"direct": 100}


@dataclass
class _Plan:
    """One node or edge to write."""

    view: ViewKey
    external_id: str
    kind: str = "node"
    node_type: dict[str, str] | None = None
    start: Key | None = None
    end: Key | None = None
    sources: list[dict[str, Any]] = field(default_factory=list)
    containers: set[Key] = field(default_factory=set)

    def item(self, space: str) -> dict[str, Any]:
        out: dict[str, Any] = {"instanceType": self.kind, "space": space, "externalId": self.external_id}
        if self.node_type is not None:
            out["type"] = self.node_type
        if self.kind == "edge":
            assert self.start is not None
            assert self.end is not None
            out["startNode"] = {"space": self.start[0], "externalId": self.start[1]}
            out["endNode"] = {"space": self.end[0], "externalId": self.end[1]}
        if self.sources:
            out["sources"] = self.sources
        return out


@dataclass
class FakeReport:
    """What :func:`fake_items` planned: instance counts per view."""

    nodes: dict[str, int] = field(default_factory=dict)
    edges: dict[str, int] = field(default_factory=dict)


def _view_id(key: ViewKey) -> str:
    return f"{key[0]}:{key[1]}/{key[2]}"


class _Faker:
    def __init__(
        self, schema: SchemaLookup, views: Sequence[ViewKey], count: int, seed: int, space: str
    ) -> None:
        self.schema = schema
        self.count = count
        self.seed = seed
        self.space = space
        self.views: dict[ViewKey, dict[str, Any]] = {}
        for key in sorted(set(views)):
            view = schema.get_view(*key)
            if view is not None:
                self.views[key] = view
        self.ancestors = {key: self._ancestors(key) for key in self.views}
        self.nodes: dict[ViewKey, list[_Plan]] = {}
        self.order: dict[
            Key, int
        ] = {}  # position of every planned node (relations within a hierarchy go back)
        self.edges: list[_Plan] = []
        self.report = FakeReport()
        self._candidates: dict[ViewKey | None, list[_Plan]] = {}
        self._positions: dict[ViewKey | None, list[int]] = {}
        self.type_owners: dict[tuple[str, str], list[ViewKey]] = {}
        """Node types a view's filter demands (``equals`` on ``node.type``) → those views."""
        for key, view in self.views.items():
            owned = _required_type(view.get("filter"))
            if owned is not None:
                self.type_owners.setdefault(owned, []).append(key)

    def _ancestors(self, key: ViewKey) -> set[ViewKey]:
        seen: set[ViewKey] = set()
        todo = [key]
        while todo:
            current = todo.pop()
            if current in seen:
                continue
            seen.add(current)
            view = self.views.get(current) or self.schema.get_view(*current) or {}
            for parent in view.get("implements") or []:
                todo.append((parent["space"], parent["externalId"], str(parent["version"])))
        return seen

    def rng(self, *parts: object) -> random.Random:
        return random.Random(":".join(str(p) for p in (self.seed, *parts)))

    # -- planning -----------------------------------------------------------------------------------------
    def plan(self) -> tuple[list[_Plan], list[_Plan]]:
        names = [key[1] for key in self.views]
        node_views = [k for k, v in self.views.items() if v.get("usedFor", "node") != "edge"]
        for key in node_views:
            base = key[1] if names.count(key[1]) == 1 else f"{key[1]}-{key[2]}-{key[0]}"
            plans = [_Plan(view=key, external_id=f"{base}-{i}") for i in range(self.count)]
            self.nodes[key] = plans
            for plan in plans:
                self.order[(self.space, plan.external_id)] = len(self.order)
        for key in node_views:
            for index, plan in enumerate(self.nodes[key]):
                self._fill_node(plan, index)
            self.report.nodes[_view_id(key)] = len(self.nodes[key])
        for key in node_views:
            self._plan_edges(key)
        self._plan_free_edge_views()
        return [p for key in node_views for p in self.nodes[key]], self.edges

    def candidates(self, target: ViewKey | None) -> list[_Plan]:
        """Planned nodes with data in ``target`` (any node without a target view), in planning order."""
        found = self._candidates.get(target)
        if found is None:
            found = [
                p
                for key, plans in self.nodes.items()
                if target is None or target in self.ancestors[key]
                for p in plans
            ]
            self._candidates[target] = found
            self._positions[target] = [self.order[(self.space, p.external_id)] for p in found]
        return found

    def _fill_node(self, plan: _Plan, index: int) -> None:
        view = self.views[plan.view]
        rng = self.rng(_view_id(plan.view), index)
        forced: dict[
            tuple[str, str], Any
        ] = {}  # (container or view prop key) → value the view filter demands
        has_data: list[dict[str, Any]] = []
        self._read_filter(view.get("filter"), plan, index, forced, has_data)
        mapped = _mapped(view)
        if view.get("writable", True) is not False:
            props = {
                name: value
                for name, prop in mapped.items()
                if (value := self._prop_value(plan, prop, name, rng, forced)) is not _SKIP
            }
            plan.sources.append({"source": _view_ref(plan.view), "properties": props})
            plan.containers.update(_container_key(p) for p in mapped.values())
        else:
            self._container_sources(plan, mapped.values(), rng, forced)
        for entry in has_data:
            self._add_has_data(plan, entry, rng, forced)
        if plan.node_type is not None:  # the type makes it a member of other views too: give it their data
            node_type = (plan.node_type["space"], plan.node_type["externalId"])
            for owner in self.type_owners.get(node_type, []):
                if owner != plan.view:
                    self._add_has_data(plan, _view_ref(owner), rng, forced)

    def _container_sources(
        self,
        plan: _Plan,
        props: Iterable[dict[str, Any]],
        rng: random.Random,
        forced: dict[tuple[str, str], Any],
    ) -> None:
        by_container: dict[Key, dict[str, Any]] = {}
        for prop in props:
            by_container.setdefault(_container_key(prop), {})[prop["containerPropertyIdentifier"]] = prop
        for container, wanted in sorted(by_container.items()):
            self._write_container(plan, container, wanted, rng, forced)

    def _write_container(
        self,
        plan: _Plan,
        container: Key,
        wanted: dict[str, dict[str, Any]],
        rng: random.Random,
        forced: dict[tuple[str, str], Any],
    ) -> None:
        definition = self.schema.get_container(*container) or {"properties": {}}
        values: dict[str, Any] = {}
        for ident, prop in sorted((definition.get("properties") or {}).items()):
            if ident in wanted or prop.get("nullable", True) is False:
                view_prop = wanted.get(ident, {})
                merged = {**prop, **({"type": view_prop["type"]} if "type" in view_prop else {})}
                value = self._prop_value(
                    plan, {**merged, "container": _ref(container)}, ident, rng, forced, ident
                )
                if value is not _SKIP:
                    values[ident] = value
        source = {"type": "container", "space": container[0], "externalId": container[1]}
        plan.sources.append({"source": source, "properties": values})
        plan.containers.add(container)

    def _add_has_data(
        self, plan: _Plan, entry: dict[str, Any], rng: random.Random, forced: dict[tuple[str, str], Any]
    ) -> None:
        if entry.get("type") == "container":
            container = (entry["space"], entry["externalId"])
            if container not in plan.containers:
                self._write_container(plan, container, {}, rng, forced)
            return
        view = self.schema.get_view(entry["space"], entry["externalId"], entry.get("version"))
        if view is None:
            return
        missing = [p for p in _mapped(view).values() if _container_key(p) not in plan.containers]
        self._container_sources(plan, missing, rng, forced)

    def _read_filter(
        self,
        flt: Any,
        plan: _Plan,
        index: int,
        forced: dict[tuple[str, str], Any],
        has_data: list[dict[str, Any]],
    ) -> None:
        if not isinstance(flt, dict) or len(flt) != 1:
            return
        ((kind, body),) = flt.items()
        if kind == "and" and isinstance(body, list):
            for part in body:
                self._read_filter(part, plan, index, forced, has_data)
        elif kind == "or" and isinstance(body, list) and body:
            self._read_filter(body[index % len(body)], plan, index, forced, has_data)
        elif kind == "hasData" and isinstance(body, list):
            has_data.extend(entry for entry in body if isinstance(entry, dict))
        elif kind in ("equals", "in") and isinstance(body, dict):
            prop = body.get("property")
            if kind == "equals":
                value = body.get("value")
            else:
                values = body.get("values") or [None]
                value = values[index % len(values)]
            if value is None or (isinstance(value, dict) and "parameter" in value):
                return
            if prop == ["node", "type"]:
                plan.node_type = {"space": value["space"], "externalId": value["externalId"]}
            elif isinstance(prop, list) and len(prop) == 3:
                forced[(prop[1], prop[2])] = value

    # -- values ----------------------------------------------------------------------------------------------
    def _prop_value(
        self,
        plan: _Plan,
        prop: dict[str, Any],
        name: str,
        rng: random.Random,
        forced: dict[tuple[str, str], Any],
        ident: str | None = None,
    ) -> Any:
        container = _container_key(prop)
        ident = ident or prop.get("containerPropertyIdentifier", name)
        if ident in _MANAGED.get(container, ()) or prop.get("autoIncrement"):
            return _SKIP
        for key in ((container[1], ident), (f"{plan.view[1]}/{plan.view[2]}", name)):
            if key in forced:
                return forced[key]
        required = prop.get("nullable", True) is False
        if not required and rng.random() > _OPTIONAL_RATE:
            return _SKIP
        prop_type = prop.get("type") or {}
        if prop_type.get("list") and prop_type.get("type") != "enum":
            limit = prop_type.get("maxListSize") or _DEFAULT_MAX_LIST.get(prop_type.get("type", ""), 1000)
            size = rng.randint(1 if required else 0, max(1, min(limit, 4)))
            items = [self._scalar(plan, prop_type, name, rng, required) for _ in range(size)]
            items = [item for item in items if item is not _SKIP]
            return items if items or not required else _SKIP
        return self._scalar(plan, prop_type, name, rng, required)

    def _scalar(
        self, plan: _Plan, prop_type: dict[str, Any], name: str, rng: random.Random, required: bool
    ) -> Any:
        if prop_type.get("type") == "direct":
            return self._relation(plan, prop_type, rng, required)
        label = f"{plan.view[1]} {plan.external_id.rsplit('-', 1)[-1]}"
        return primitive(prop_type, name, label, rng)

    def _relation(self, plan: _Plan, prop_type: dict[str, Any], rng: random.Random, required: bool) -> Any:
        source = prop_type.get("source")
        target = (source["space"], source["externalId"], str(source["version"])) if source else None
        options = self.candidates(target)
        if target is not None and target in self.ancestors[plan.view]:  # a hierarchy: point backwards only
            positions = self._positions[target]
            options = options[: bisect.bisect_left(positions, self.order[(self.space, plan.external_id)])]
        if not options:
            if not required:
                return _SKIP
            options = self.candidates(target) or self.candidates(None)  # better a loop than a refused write
        choice = rng.choice(options)
        return {"space": self.space, "externalId": choice.external_id}

    # -- edges -----------------------------------------------------------------------------------------------
    def _plan_edges(self, key: ViewKey) -> None:
        view = self.views[key]
        for name, prop in sorted((view.get("properties") or {}).items()):
            kind = prop.get("connectionType")
            if kind not in ("single_edge_connection", "multi_edge_connection"):
                continue
            source = prop.get("source") or {}
            targets = (
                self.candidates((source["space"], source["externalId"], str(source["version"])))
                if source
                else []
            )
            if not targets:
                continue
            edge_view = prop.get("edgeSource")
            edge_key = (
                (edge_view["space"], edge_view["externalId"], str(edge_view["version"]))
                if edge_view
                else None
            )
            for index, plan in enumerate(self.nodes[key]):
                rng = self.rng(_view_id(key), name, index)
                count = 1 if kind == "single_edge_connection" else rng.randint(1, 3)
                for n in range(count):
                    other = rng.choice(targets)
                    own = (self.space, plan.external_id)
                    far = (self.space, other.external_id)
                    outwards = prop.get("direction", "outwards") == "outwards"
                    edge = _Plan(
                        view=edge_key or key,
                        kind="edge",
                        external_id=f"{plan.external_id}.{name}.{n}",
                        node_type={"space": prop["type"]["space"], "externalId": prop["type"]["externalId"]},
                        start=own if outwards else far,
                        end=far if outwards else own,
                    )
                    if edge_key is not None:
                        self._edge_properties(edge, edge_key, rng)
                    self.edges.append(edge)

    def _edge_properties(self, edge: _Plan, edge_key: ViewKey, rng: random.Random) -> None:
        view = self.views.get(edge_key) or self.schema.get_view(*edge_key)
        if view is None:
            return
        mapped = _mapped(view)
        props = {n: v for n, p in mapped.items() if (v := self._prop_value(edge, p, n, rng, {})) is not _SKIP}
        edge.sources.append({"source": _view_ref(edge_key), "properties": props})
        self.report.edges[_view_id(edge_key)] = self.report.edges.get(_view_id(edge_key), 0) + 1

    def _plan_free_edge_views(self) -> None:
        """Edge views no connection uses: ``N`` edges each, between generated nodes, typed after the view."""
        everyone = self.candidates(None)
        for key, view in self.views.items():
            if view.get("usedFor") != "edge" or self.report.edges.get(_view_id(key)) or not everyone:
                continue
            for index in range(self.count):
                rng = self.rng(_view_id(key), "edge", index)
                start, end = rng.choice(everyone), rng.choice(everyone)
                edge = _Plan(
                    view=key,
                    kind="edge",
                    external_id=f"{key[1]}-{index}",
                    node_type={"space": self.space, "externalId": key[1]},
                    start=(self.space, start.external_id),
                    end=(self.space, end.external_id),
                )
                self._edge_properties(edge, key, rng)
                self.edges.append(edge)


def _required_type(flt: Any) -> tuple[str, str] | None:
    """The node type a filter requires through ``equals`` on ``node.type`` (alone or inside ``and``)."""
    if not isinstance(flt, dict) or len(flt) != 1:
        return None
    ((kind, body),) = flt.items()
    if kind == "and" and isinstance(body, list):
        for part in body:
            found = _required_type(part)
            if found is not None:
                return found
    if kind == "equals" and isinstance(body, dict) and body.get("property") == ["node", "type"]:
        value = body.get("value")
        if isinstance(value, dict) and "space" in value and "externalId" in value:
            return (value["space"], value["externalId"])
    return None


def _mapped(view: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        name: prop
        for name, prop in sorted((view.get("properties") or {}).items())
        if "container" in prop and "connectionType" not in prop
    }


def _container_key(prop: dict[str, Any]) -> Key:
    container = prop.get("container") or {}
    return (str(container.get("space", "")), str(container.get("externalId", "")))


def _ref(container: Key) -> dict[str, str]:
    return {"space": container[0], "externalId": container[1], "type": "container"}


def _view_ref(key: ViewKey) -> dict[str, str]:
    return {"type": "view", "space": key[0], "externalId": key[1], "version": key[2]}


def fake_items(
    schema: SchemaLookup, views: Sequence[ViewKey], count: int, seed: int = 0, space: str = DEFAULT_SPACE
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], FakeReport]:
    """``(nodes, edges, report)``: write items, ``count`` instances per view; same input, same items."""
    faker = _Faker(schema, views, count, seed, space)
    nodes, edges = faker.plan()
    return [p.item(space) for p in nodes], [p.item(space) for p in edges], faker.report


def fill(
    instances: Any,
    schema: SchemaLookup,
    views: Sequence[ViewKey],
    count: int,
    seed: int = 0,
    space: str = DEFAULT_SPACE,
) -> FakeReport:
    """Write the fake instances through the instance store's upsert (validated like any client write)."""
    nodes, edges, report = fake_items(schema, views, count, seed, space)
    for start in range(0, len(nodes), 1000):
        instances.apply({"items": nodes[start : start + 1000], "autoCreateDirectRelations": True})
    for start in range(0, len(edges), 1000):
        instances.apply({"items": edges[start : start + 1000]})
    return report
