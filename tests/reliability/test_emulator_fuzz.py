"""Random filters, sorts and bodies at every instance and schema endpoint of a running emulator over HTTP:
never a 500, never a hang (every request has a timeout), and the emulator still answers afterwards.

Bodies are built well-typed (so they reach the filter, sort, traversal and paging code) and then, one time
in three, corrupted at a random place (so every validation path is hit too).
"""

from __future__ import annotations

import copy
import gzip
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pygen_core.emulator import Emulator

from ._inputs import MODELS

# slow: 450 fuzzed requests. One worker, in file order: the last test checks after the fuzzing.
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("emulator-fuzz")]
SP = "sp_pygen_models"
INST = "sp_omni_instances"
TIMEOUT = httpx.Timeout(20.0)
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))


def _view(xid: str) -> dict[str, Any]:
    return {"type": "view", "space": SP, "externalId": xid, "version": "1"}


def _nref(xid: str) -> dict[str, str]:
    return {"space": INST, "externalId": xid}


VIEWS = [
    "PrimitiveNullable",
    "PrimitiveNullableListed",
    "PrimitiveRequired",
    "ConnectionItemA",
    "ConnectionEdgeA",
]
XIDS = ["PrimitiveNullable:Javier", "ConnectionItemA:Phillip", "ConnectionItemC:Sarah", "x"]
ISO = st.sampled_from(
    ["2024-01-01T00:00:00Z", "2023-06-01T12:00:00+02:00", "1950-01-01T00:00:00.000", "2099-12-31"]
)
TYPED: list[tuple[list[str], st.SearchStrategy[Any], bool]] = [
    ([SP, "PrimitiveNullable/1", "int32"], st.integers(-1000, 1000), False),
    ([SP, "PrimitiveNullable/1", "float64"], st.floats(-1e6, 1e6), False),
    ([SP, "PrimitiveNullable/1", "text"], st.text(max_size=6), False),
    ([SP, "PrimitiveNullable/1", "timestamp"], ISO, False),
    ([SP, "PrimitiveNullable/1", "date"], st.sampled_from(["2020-01-01", "2030-12-31"]), False),
    ([SP, "PrimitiveNullable/1", "boolean"], st.booleans(), False),
    (
        [SP, "PrimitiveNullable/1", "json"],
        st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
        False,
    ),
    ([SP, "PrimitiveNullableListed/1", "int32"], st.integers(-1000, 1000), True),
    ([SP, "PrimitiveNullableListed/1", "text"], st.text(max_size=6), True),
    ([SP, "ConnectionItemA/1", "selfDirect"], st.sampled_from(XIDS).map(_nref), False),
    ([SP, "ConnectionEdgeA/1", "startTime"], ISO, False),
    ([SP, "PrimitiveRequired", "float64"], st.floats(-1e6, 1e6), False),
    (["node", "externalId"], st.sampled_from(XIDS), False),
    (["node", "createdTime"], st.integers(0, 2**42), False),
    (
        ["node", "type"],
        st.sampled_from(["ConnectionItemA", "x"]).map(lambda x: {"space": SP, "externalId": x}),
        False,
    ),
    (["edge", "startNode"], st.sampled_from(XIDS).map(_nref), False),
    (["node", "version"], st.integers(0, 5), False),
]
junk = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(2**70), 2**70),
        st.floats(allow_nan=False, allow_infinity=False),
        st.text(max_size=8),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(
            st.sampled_from(["property", "parameter", "space", "externalId", "x"]), inner, max_size=3
        ),
    ),
    max_leaves=6,
)


@st.composite
def leaf(draw: st.DrawFn) -> dict[str, Any]:
    prop, values, is_list = draw(st.sampled_from(TYPED))
    op = draw(
        st.sampled_from(
            ["equals", "in", "range", "prefix", "exists", "containsAny", "containsAll", "overlaps"]
        )
    )
    many = st.lists(values, max_size=4)
    if op == "equals":
        return {"equals": {"property": prop, "value": draw(many if is_list else values)}}
    if op in ("in", "containsAny", "containsAll"):
        return {op: {"property": prop, "values": draw(many)}}
    if op == "range":
        bounds = draw(
            st.dictionaries(st.sampled_from(["gt", "gte", "lt", "lte"]), values, min_size=1, max_size=2)
        )
        return {"range": {"property": prop, **bounds}}
    if op == "prefix":
        return {"prefix": {"property": prop, "value": draw(many if is_list else values)}}
    if op == "exists":
        return {"exists": {"property": prop}}
    bounds = draw(st.dictionaries(st.sampled_from(["gt", "gte", "lt", "lte"]), values, max_size=2))
    return {"overlaps": {"startProperty": prop, "endProperty": prop, **bounds}}


filters = st.recursive(
    st.one_of(
        leaf(),
        st.lists(st.sampled_from(VIEWS).map(_view), min_size=1, max_size=2).map(lambda v: {"hasData": v}),
        st.lists(st.sampled_from(XIDS).map(_nref), max_size=3).map(lambda r: {"instanceReferences": r}),
        st.just({"matchAll": {}}),
    ),
    lambda inner: st.one_of(
        st.lists(inner, min_size=1, max_size=3).map(lambda fs: {"and": fs}),
        st.lists(inner, min_size=1, max_size=3).map(lambda fs: {"or": fs}),
        inner.map(lambda f: {"not": f}),
        inner.map(lambda f: {"nested": {"scope": [SP, "ConnectionItemA/1", "selfDirect"], "filter": f}}),
    ),
    max_leaves=6,
)
sorts = st.lists(
    st.fixed_dictionaries(
        {"property": st.sampled_from([t[0] for t in TYPED])},
        optional={"direction": st.sampled_from(["ascending", "descending"]), "nullsFirst": st.booleans()},
    ),
    max_size=3,
)
selectors = st.lists(
    st.fixed_dictionaries(
        {"source": st.sampled_from(VIEWS).map(_view), "properties": st.just(["*"])},
    ),
    max_size=2,
)


@st.composite
def corrupted(draw: st.DrawFn, body_strategy: st.SearchStrategy[Any]) -> Any:
    """A body, and one time in three the same body with one value somewhere replaced by junk."""
    body = copy.deepcopy(draw(body_strategy))  # strategies share objects (st.just): never edit them
    if draw(st.integers(0, 2)) != 0:
        return body
    spots: list[tuple[Any, Any]] = []
    stack = [body]
    while stack:
        node = stack.pop()
        keys = list(node) if isinstance(node, dict) else range(len(node)) if isinstance(node, list) else []
        for key in keys:
            spots.append((node, key))
            stack.append(node[key])
    if not spots:
        return draw(junk)
    node, key = draw(st.sampled_from(spots))
    node[key] = draw(junk)
    return body


@st.composite
def query_bodies(draw: st.DrawFn, sync: bool) -> dict[str, Any]:
    names: list[str] = []
    with_: dict[str, Any] = {}
    for n in range(draw(st.integers(1, 4))):
        expr: dict[str, Any]
        parent: str | None = None
        if draw(st.booleans()) and names:
            parent = draw(st.sampled_from(names))
        if draw(st.booleans()):
            nodes: dict[str, Any] = {"filter": draw(filters)} if draw(st.booleans()) else {}
            if parent is not None:
                nodes["from"] = parent
                if draw(st.booleans()):
                    nodes["through"] = {"source": _view("ConnectionItemA"), "identifier": "selfDirect"}
                    nodes["direction"] = draw(st.sampled_from(["inwards", "outwards"]))
                nodes["chainTo"] = draw(st.sampled_from(["source", "destination"]))
            expr = {"nodes": nodes}
        else:
            edges: dict[str, Any] = {"direction": draw(st.sampled_from(["inwards", "outwards"]))}
            if parent is not None:
                edges["from"] = parent
                edges["maxDistance"] = draw(st.integers(1, 3))
                if edges["maxDistance"] == 1 and not sync and draw(st.booleans()):
                    edges["limitEach"] = draw(st.integers(1, 3))
            for key in ("filter", "nodeFilter", "terminationFilter"):
                if draw(st.integers(0, 3)) == 0:
                    edges[key] = draw(filters)
            expr = {"edges": edges}
        expr["limit"] = draw(st.integers(1, 40))
        if sync:
            expr["mode"] = draw(st.sampled_from(["onePhase", "twoPhase", "noBackfill"]))
        elif draw(st.booleans()):
            expr["sort"] = draw(sorts)
        with_[f"s{n}"] = expr
        names.append(f"s{n}")
    select: dict[str, Any] = {name: {"sources": draw(selectors)} for name in names if draw(st.booleans())}
    select = select or {names[0]: {}}
    return {"with": with_, "select": select, "parameters": {"p": 1}}


items = st.lists(
    st.fixed_dictionaries(
        {
            "instanceType": st.just("node"),
            "space": st.sampled_from([INST, "fuzz_space"]),
            "externalId": st.sampled_from([*XIDS, "fuzz:1", "fuzz:2"]),
        },
        optional={
            "sources": st.lists(
                st.fixed_dictionaries(
                    {
                        "source": st.just(_view("PrimitiveNullable")),
                        "properties": st.fixed_dictionaries(
                            {},
                            optional={
                                "int32": st.integers(-5, 5),
                                "text": st.text(max_size=5),
                                "timestamp": ISO,
                                "json": st.dictionaries(st.text(max_size=2), st.integers(), max_size=2),
                            },
                        ),
                    }
                ),
                max_size=1,
            ),
            "existingVersion": st.integers(0, 3),
        },
    ),
    min_size=1,
    max_size=3,
    unique_by=lambda i: (i["space"], i["externalId"]),
)
search_views = st.sampled_from(["PrimitiveNullable", "PrimitiveRequired"]).map(_view)
ENDPOINTS: dict[str, st.SearchStrategy[Any]] = {
    "/models/instances/list": st.fixed_dictionaries(
        {},
        optional={
            "filter": filters,
            "sort": sorts,
            "limit": st.integers(1, 50),
            "instanceType": st.sampled_from(["node", "edge"]),
            "sources": selectors.map(lambda s: [{"source": x["source"]} for x in s]),
        },
    ),
    "/models/instances/search": st.fixed_dictionaries(
        {"view": search_views},
        optional={
            "query": st.text(max_size=10),
            "filter": filters,
            "sort": sorts.map(lambda s: [{k: v for k, v in x.items() if k != "nullsFirst"} for x in s]),
            "limit": st.integers(1, 50),
            "operator": st.sampled_from(["AND", "OR"]),
        },
    ),
    "/models/instances/aggregate": st.fixed_dictionaries(
        {
            "view": search_views,
            "aggregates": st.lists(
                st.builds(
                    lambda n, p, i: (
                        {n: {"property": p, "interval": i}} if n == "histogram" else {n: {"property": p}}
                    ),
                    st.sampled_from(["count", "sum", "avg", "min", "max", "histogram"]),
                    st.sampled_from(["int32", "float64", "int64"]),
                    st.floats(0.5, 1e6),
                ),
                max_size=5,
            ),
        },
        optional={
            "groupBy": st.lists(st.sampled_from(["int32", "text", "boolean"]), min_size=1, max_size=3),
            "filter": filters,
            "query": st.text(max_size=8),
            "limit": st.integers(1, 50),
        },
    ),
    "/models/instances/query": query_bodies(sync=False),
    "/models/instances/sync": query_bodies(sync=True),
    "/models/instances/byids": st.fixed_dictionaries(
        {"items": items}, optional={"sources": selectors.map(lambda s: [{"source": x["source"]} for x in s])}
    ),
    "/models/instances/delete": st.fixed_dictionaries({"items": items}),
    "/models/instances": st.fixed_dictionaries(
        {"items": items}, optional={"replace": st.booleans(), "skipOnVersionConflict": st.booleans()}
    ),
}
SCHEMA_KINDS = ["spaces", "containers", "views", "datamodels"]


@pytest.fixture(scope="module")
def emulator() -> Iterator[Emulator]:
    with Emulator(snapshots=[MODELS / "Omni.json"], seed=MODELS / "Omni.instances.json") as emu:
        yield emu


@pytest.fixture(scope="module")
def client(emulator: Emulator) -> Iterator[httpx.Client]:
    headers = {"Authorization": f"Bearer {emulator.token()}"}
    with httpx.Client(base_url=emulator.project_url, headers=headers, timeout=TIMEOUT) as http:
        yield http


def _check(response: httpx.Response) -> None:
    assert response.status_code < 500, f"{response.status_code}: {response.text[:500]}"
    assert response.headers["x-request-id"]
    if response.status_code >= 400:
        error = response.json()["error"]
        assert error["code"] == response.status_code
        assert isinstance(error["message"], str)
        assert error["message"]
        assert "\n" not in error["message"]


@FUZZ
@given(data=st.data())
def test_random_instance_requests_never_fail_the_server(client: httpx.Client, data: st.DataObject) -> None:
    path = data.draw(st.sampled_from(sorted(ENDPOINTS)))
    body = data.draw(corrupted(ENDPOINTS[path]))
    response = client.post(path, json=body)
    _check(response)
    if path in ("/models/instances/query", "/models/instances/sync") and response.status_code == 200:
        cursors = {k: v for k, v in response.json()["nextCursor"].items() if v}
        if cursors:  # follow the cursors once: they must be accepted or refused with a 400, never crash
            _check(client.post(path, json={**body, "cursors": cursors}))


@FUZZ
@given(
    kind=st.sampled_from(SCHEMA_KINDS),
    op=st.sampled_from(["", "/byids", "/delete", "GET"]),
    ids=st.lists(
        st.fixed_dictionaries(
            {"space": st.sampled_from([SP, "fuzz_space", "1bad"])},
            optional={
                "externalId": st.sampled_from(["PrimitiveNullable", "Fuzz", "bad id"]),
                "version": st.sampled_from(["1", "2"]),
                "properties": st.just({"p": {"type": {"type": "text"}}}),
                "views": st.just([_view("PrimitiveNullable")]),
            },
        ),
        max_size=3,
    ),
    params=st.dictionaries(
        st.sampled_from(["limit", "cursor", "space", "includeGlobal", "allVersions", "inlineViews"]),
        st.sampled_from(["1", "1000", "true", "false", "x", SP, ""]),
        max_size=4,
    ),
    data=st.data(),
)
def test_random_schema_requests_never_fail_the_server(
    client: httpx.Client,
    kind: str,
    op: str,
    ids: list[dict[str, Any]],
    params: dict[str, str],
    data: st.DataObject,
) -> None:
    if op == "GET":
        _check(client.get(f"/models/{kind}", params=params))
        return
    body = data.draw(corrupted(st.just({"items": ids})))
    if op == "/delete":  # keep the model the instance fuzzing reads through
        op = "/byids"
    _check(client.post(f"/models/{kind}{op}", json=body))


@FUZZ
@given(
    raw=st.one_of(st.binary(max_size=200), st.text(max_size=200).map(str.encode)),
    encoding=st.sampled_from([None, "gzip", "deflate", "br", "identity"]),
    compress=st.booleans(),
    path=st.sampled_from(
        ["/models/instances/query", "/models/instances", "/models/views", "/models/instances/sync"]
    ),
)
def test_random_raw_bodies_never_fail_the_server(
    client: httpx.Client, raw: bytes, encoding: str | None, compress: bool, path: str
) -> None:
    content = gzip.compress(raw) if compress and encoding == "gzip" else raw
    headers = {"content-type": "application/json"} | ({"content-encoding": encoding} if encoding else {})
    _check(client.post(path, content=content, headers=headers))


def test_the_emulator_still_answers_after_the_fuzzing(emulator: Emulator, client: httpx.Client) -> None:
    token = httpx.post(
        emulator.token_url,
        data={
            "grant_type": "client_credentials",
            "client_id": emulator.client_id,
            "client_secret": emulator.client_secret,
        },
        timeout=TIMEOUT,
    )
    assert token.status_code == 200
    assert client.get("/models/spaces", params={"limit": 1000}).status_code == 200
    listed = client.post("/models/instances/list", json={"limit": 5})
    assert listed.status_code == 200
    assert len(listed.json()["items"]) == 5
