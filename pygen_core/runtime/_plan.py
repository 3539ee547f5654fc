"""Compile a traversal (``_select.Step``s) to DMS query result sets, and the optimizer's rewrites.

One result set per step (two for an edge hop: the edges, then their far ends), chained with ``from``;
each step's filters pushed into its set, ``sources`` only for the views a step returns. The optimizer:

- merges filters: nested ``and``/``or`` flattened, duplicates and ``matchAll`` dropped, every ``hasData``
  of an ``and`` merged into one (at most 10 references each), ``not not`` undone; an edge hop's node filter
  goes into the edge set's ``nodeFilter`` so its far-end set needs no filter (and no edge to a node that
  does not match is fetched);
- drops result sets whose data is already loaded: a direct relation followed straight back along the
  reverse relation it came by (``children`` then ``parent``) is filled from the parent step;
- names each set's view once in ``sources`` (a reverse relation through its own target view);
- marks leaf lookups (direct-relation targets, edge far ends) so that the executor can leave out the
  instances it already holds (``instanceReferences``, in batches within the API's limits).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, cast

from ._connections import DirectRelation, EdgeConnection, ReverseDirectRelation

if TYPE_CHECKING:
    from ._ids import ViewId
    from ._select import Step

__all__ = [
    "HAS_DATA_MAX",
    "QUERY_LIMIT_MAX",
    "Hop",
    "Plan",
    "ResultSet",
    "compile_plan",
    "simplify",
]

QUERY_LIMIT_MAX = 10_000  # CDF: a query result set's limit
LIMIT_EACH_MAX = 2000  # CDF: edges.limitEach
HAS_DATA_MAX = 10  # CDF: references in one hasData filter
_ALL = ["*"]


@dataclass
class ResultSet:
    """One result-set expression of the query."""

    name: str
    expr: dict[str, Any]
    select: dict[str, Any]
    parent: str | None
    step: int
    edges: bool = False
    lookup: bool = False
    """A leaf set of direct-relation targets or edge far ends: instances already held may be left out."""


@dataclass
class Hop:
    """How step ``step`` hangs off step ``step - 1``."""

    step: int
    name: str
    kind: Literal["direct", "reverse", "edge", "inverse"]
    nodes: str | None
    """The result set of the target nodes (None for ``inverse``: filled from an earlier step)."""
    edges: str | None = None
    through: tuple[str, str, str] | None = None
    """Reverse relations: ``(space, "View/version", identifier)`` of the property pointing back."""


@dataclass
class Plan:
    """A compiled traversal: result sets in dependency order, and how to put the items together."""

    steps: tuple[Step, ...]
    sets: dict[str, ResultSet] = field(default_factory=dict[str, ResultSet])
    hops: list[Hop] = field(default_factory=list[Hop])
    step_sets: list[str | None] = field(default_factory=list[str | None])
    hop_limit: int = QUERY_LIMIT_MAX

    @property
    def root(self) -> str:
        """The name of the first step's result set."""
        return next(iter(self.sets))

    def descendants(self, name: str) -> list[str]:
        """The sets that depend (directly or not) on ``name``, in dependency order."""
        found: list[str] = []
        wanted = {name}
        for other in self.sets.values():
            if other.parent in wanted:
                wanted.add(other.name)
                found.append(other.name)
        return found

    def body(
        self,
        cursors: Mapping[str, str] | None = None,
        only: set[str] | None = None,
        exclude: Mapping[str, list[dict[str, str]]] | None = None,
    ) -> dict[str, Any]:
        """The request: every set in ``with``; ``select`` for all (or ``only`` these); exclusions."""
        with_: dict[str, Any] = {}
        for name, spec in self.sets.items():
            expr = spec.expr
            left_out = (exclude or {}).get(name)
            if left_out:
                expr = _excluding(expr, left_out)
            with_[name] = expr
        select = {
            name: spec.select
            for name, spec in self.sets.items()
            if only is None or name in only
        }
        body: dict[str, Any] = {"with": with_, "select": select}
        if cursors:
            body["cursors"] = dict(cursors)
        return body


def _excluding(expr: dict[str, Any], refs: list[dict[str, str]]) -> dict[str, Any]:
    nodes = dict(expr["nodes"])
    skip = {"not": {"instanceReferences": refs}}
    current = nodes.get("filter")
    nodes["filter"] = skip if current is None else {"and": [current, skip]}
    return {**expr, "nodes": nodes}


# -- filters ------------------------------------------------------------------------------------------
def _key(flt: dict[str, Any]) -> str:
    return json.dumps(flt, sort_keys=True, separators=(",", ":"))


def simplify(flt: dict[str, Any] | None) -> dict[str, Any] | None:
    """An equivalent, smaller filter (None when it matches everything)."""
    if flt is None:
        return None
    ((op, body),) = flt.items()
    if op == "not":
        inner = simplify(cast("dict[str, Any]", body))
        if inner is None:
            return {"not": {"matchAll": {}}}
        if "not" in inner:
            return cast("dict[str, Any]", inner["not"])
        return {"not": inner}
    if op not in ("and", "or"):
        return None if op == "matchAll" else flt
    parts: list[dict[str, Any]] = []
    for child in cast("list[dict[str, Any]]", body):
        simple = simplify(child)
        if simple is None:
            if op == "or":
                return None  # anything or everything: everything
            continue
        parts.extend(simple.get(op, [simple]))
    if op == "and":
        parts = _merge_has_data(parts)
    unique = list({_key(part): part for part in parts}.values())
    if not unique:
        return None
    return unique[0] if len(unique) == 1 else {op: unique}


def _merge_has_data(parts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    refs: dict[str, dict[str, Any]] = {}
    others: list[dict[str, Any]] = []
    for part in parts:
        if "hasData" in part:
            for ref in cast("list[dict[str, Any]]", part["hasData"]):
                refs.setdefault(_key(ref), ref)
        else:
            others.append(part)
    ordered = list(refs.values())
    merged = [
        {"hasData": ordered[i : i + HAS_DATA_MAX]}
        for i in range(0, len(ordered), HAS_DATA_MAX)
    ]
    return merged + others


def _filter(step: Step, with_view: bool = True) -> dict[str, Any] | None:
    parts: list[dict[str, Any]] = []
    if with_view:
        parts.append({"hasData": [step.view.view_id.dump()]})
    if step.filter is not None:
        parts.append(step.filter.dump())
    return simplify({"and": parts}) if parts else None


# -- compiling ----------------------------------------------------------------------------------------
def _sources(view: ViewId) -> list[dict[str, Any]]:
    return [{"source": view.dump(), "properties": _ALL}]


def _single_direct(step: Step, identifier: str) -> bool:
    ops = {op for op, ident in step.view.filters.values() if ident == identifier}
    return ops == {"node"}


def _is_inverse(steps: tuple[Step, ...], index: int) -> bool:
    """Step ``index`` follows a single direct relation back to the step two before it, along the reverse
    relation the step before came by: its items are exactly that step's, already loaded."""
    if index < 2 or index != len(steps) - 1:
        return False
    here, before, origin = steps[index], steps[index - 1], steps[index - 2]
    conn, came = here.connection, before.connection
    return (
        isinstance(conn, DirectRelation)
        and isinstance(came, ReverseDirectRelation)
        and conn.identifier == came.identifier
        and came.through_view == before.view.view_id
        and here.read_class is origin.read_class
        and here.filter is None
        and not here.sort
        and here.limit is None
        and _single_direct(before, conn.identifier)
    )


def compile_plan(
    steps: tuple[Step, ...],
    page: int = QUERY_LIMIT_MAX,
    sync: bool = False,
    hop_page: int = QUERY_LIMIT_MAX,
) -> Plan:
    """The result sets of a traversal: ``page`` items per page of the first step, ``hop_page`` of the
    others (``sync``: ``page`` for every set, no sort)."""
    plan = Plan(steps, hop_limit=page if sync else hop_page)
    first = steps[0]
    kind = "nodes" if first.instance_type == "node" else "edges"
    expr: dict[str, Any] = {kind: {}, "limit": page}
    root_filter = _filter(first)
    if root_filter is not None:
        expr[kind]["filter"] = root_filter
    if first.sort and not sync:
        expr["sort"] = list(first.sort)
    plan.sets["root"] = ResultSet(
        "root", expr, {"sources": _sources(first.view.view_id)}, None, 0
    )
    plan.step_sets.append("root")
    for index in range(1, len(steps)):
        _compile_hop(plan, index, sync)
    last = plan.step_sets[-1]
    if last is not None and len(steps) > 1 and not steps[-1].sort and not sync:
        hop = plan.hops[-1]
        if hop.kind in ("direct", "edge") and steps[-1].limit is None:
            plan.sets[last].lookup = True
    return plan


def _compile_hop(plan: Plan, index: int, sync: bool) -> None:
    steps = plan.steps
    step, parent = steps[index], plan.step_sets[index - 1]
    assert parent is not None
    assert step.name is not None
    conn = step.connection
    name = f"s{index}"
    target = step.view.view_id
    if _is_inverse(steps, index):
        plan.hops.append(Hop(index, step.name, "inverse", None))
        plan.step_sets.append(None)
        return
    if isinstance(conn, DirectRelation):
        if step.sort or step.limit is not None:
            raise ValueError(
                f"traverse({step.name!r}): a direct relation keeps its own order; sort_by and limit "
                "apply to reverse relations and edges"
            )
        body: dict[str, Any] = {
            "from": parent,
            "through": {
                "source": steps[index - 1].view.view_id.dump(),
                "identifier": conn.identifier,
            },
            "direction": "outwards",
        }
        _add(plan, name, body, step, index, parent, _sources(target), sync)
        plan.hops.append(Hop(index, step.name, "direct", name))
    elif isinstance(conn, ReverseDirectRelation):
        through = conn.through_view
        body = {
            "from": parent,
            "through": {"source": through.dump(), "identifier": conn.identifier},
            "direction": "inwards",
        }
        sources = _sources(target)
        if through != target:  # read the property that points back, nothing else
            sources.append({"source": through.dump(), "properties": [conn.identifier]})
        _add(plan, name, body, step, index, parent, sources, sync)
        ref = (through.space, through.key, conn.identifier)
        plan.hops.append(Hop(index, step.name, "reverse", name, through=ref))
    else:
        assert isinstance(conn, EdgeConnection)
        edge_filter: dict[str, Any] = {
            "equals": {"property": ["edge", "type"], "value": conn.edge_type.dump()}
        }
        if step.edge_filter is not None:
            edge_filter = {"and": [edge_filter, step.edge_filter.dump()]}
        edges: dict[str, Any] = {
            "from": parent,
            "direction": conn.direction,
            "maxDistance": 1,
            "filter": simplify(edge_filter),
        }
        node_filter = _filter(step)
        if node_filter is not None:
            edges["nodeFilter"] = node_filter
        if (
            not sync
            and step.limit is not None
            and not step.sort
            and step.limit <= LIMIT_EACH_MAX
        ):
            edges["limitEach"] = max(step.limit, 1)
        edge_sources: dict[str, Any] = {}
        if step.edge_class is not None:
            edge_sources = {"sources": _sources(step.edge_class._view.view_id)}
        edge_set = f"{name}e"
        plan.sets[edge_set] = ResultSet(
            edge_set,
            {"edges": edges, "limit": plan.hop_limit},
            edge_sources,
            parent,
            index,
            edges=True,
        )
        nodes: dict[str, Any] = {"nodes": {"from": edge_set}, "limit": plan.hop_limit}
        if step.sort and not sync:
            nodes["sort"] = list(step.sort)
        plan.sets[name] = ResultSet(
            name, nodes, {"sources": _sources(target)}, edge_set, index
        )
        plan.hops.append(Hop(index, step.name, "edge", name, edges=edge_set))
    plan.step_sets.append(name)


def _add(
    plan: Plan,
    name: str,
    body: dict[str, Any],
    step: Step,
    index: int,
    parent: str,
    sources: list[dict[str, Any]],
    sync: bool,
) -> None:
    node_filter = _filter(step)
    if node_filter is not None:
        body["filter"] = node_filter
    expr: dict[str, Any] = {"nodes": body, "limit": plan.hop_limit}
    if step.sort and not sync:
        expr["sort"] = list(step.sort)
    plan.sets[name] = ResultSet(name, expr, {"sources": sources}, parent, index)
