"""Hypothesis strategies for random DMS data models (read form, inline views): odd names, every property
type, inheritance chains, connections (also dangling ones) and name clashes."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

SPACES = ("sp_a", "sp_b")
PRIMITIVES = (
    "text",
    "boolean",
    "int32",
    "int64",
    "float32",
    "float64",
    "timestamp",
    "date",
    "json",
    "timeseries",
    "file",
    "sequence",
)
# Identifiers DMS accepts that are awkward in Python: keywords, builtins, pydantic and SDK names, case twins.
AWKWARD = (
    "class",
    "type",
    "list",
    "id",
    "self",
    "None",
    "from",
    "import",
    "model_config",
    "model_fields",
    "filter",
    "limit",
    "space",
    "external_id",
    "externalId",
    "version",
    "Field",
    "BaseModel",
    "data_classes",
    "fooBar",
    "foo_bar",
    "FooBar",
    "UPPER_CASE_2",
    "x",
    "X",
    "a1",
    "node",
    "edge",
    "Client",
    "properties",
    "query",
)
# Names and descriptions are free text: quotes, escapes, code and non-ASCII must stay inert.
FREE_TEXT = st.one_of(
    st.none(),
    st.sampled_from(
        [
            '"""; import builtins; builtins.PYGEN_PWNED = 1 #',
            "'; import builtins; builtins.PYGEN_PWNED = 1 #",
            "\nimport builtins; builtins.PYGEN_PWNED = 1\n",
            "'''\\x00\\n{{ jinja }} {% raw %}",
            "Ærlig talt: 名前 — ünïcødé",
            "ends with a backslash \\",
            "line one\nline two\r\n\ttabbed",
        ]
    ),
    st.text(max_size=20),
)
VIEW_XID = st.one_of(
    st.sampled_from((*AWKWARD[:12], "Field", "Client", "FooBar", "X", "Query", "TimeSeries", "File")),
    st.from_regex(r"[A-Za-z][A-Za-z0-9_]{0,10}[A-Za-z0-9]", fullmatch=True),
)
PROP_ID = st.one_of(
    st.sampled_from(AWKWARD), st.from_regex(r"[a-zA-Z0-9][a-zA-Z0-9_-]{0,10}[a-zA-Z0-9]", fullmatch=True)
)


def view_ref(view: dict[str, Any]) -> dict[str, str]:
    return {
        "space": view["space"],
        "externalId": view["externalId"],
        "version": view["version"],
        "type": "view",
    }


MISSING = {"space": "sp_missing", "externalId": "Nowhere", "version": "1", "type": "view"}


@st.composite
def _property(
    draw: st.DrawFn, ident: str, container: dict[str, str], targets: list[dict[str, str]]
) -> dict[str, Any]:
    kind = draw(st.sampled_from(("primitive", "primitive", "primitive", "enum", "direct", "edge", "reverse")))
    target = (
        draw(st.sampled_from([*targets, MISSING, None]))
        if targets
        else draw(st.sampled_from([MISSING, None]))
    )
    base: dict[str, Any] = {"name": draw(FREE_TEXT), "description": draw(FREE_TEXT)}
    if kind in ("edge", "reverse") and target is not None:
        if kind == "edge":
            return {
                **base,
                "connectionType": draw(st.sampled_from(("single_edge_connection", "multi_edge_connection"))),
                "type": {"space": container["space"], "externalId": f"{ident}.edge"},
                "source": target,
                "edgeSource": None,
                "direction": draw(st.sampled_from(("outwards", "inwards"))),
            }
        return {
            **base,
            "connectionType": draw(
                st.sampled_from(("single_reverse_direct_relation", "multi_reverse_direct_relation"))
            ),
            "source": target,
            "through": {"source": target, "identifier": draw(PROP_ID)},
        }
    mapped: dict[str, Any] = {
        **base,
        "container": container,
        "containerPropertyIdentifier": ident,
        "nullable": draw(st.booleans()),
        "immutable": draw(st.booleans()),
        "autoIncrement": False,
        "defaultValue": None,
    }
    if kind == "enum":
        values = draw(st.lists(PROP_ID, min_size=1, max_size=4, unique=True))
        mapped["type"] = {
            "type": "enum",
            "values": {v: {"name": draw(FREE_TEXT), "description": None} for v in values},
        }
    elif kind == "direct":
        source = None if target is None else {k: target[k] for k in ("space", "externalId", "version")}
        mapped["type"] = {"type": "direct", "list": draw(st.booleans()), "source": source}
        mapped["source"] = target
    else:
        primitive = draw(st.sampled_from(PRIMITIVES))
        mapped["type"] = {"type": primitive, "list": draw(st.booleans())}
        if primitive == "int64" and draw(st.booleans()):
            mapped["defaultValue"] = draw(st.integers(-(2**40), 2**40))
        if primitive == "text" and draw(st.booleans()):
            mapped["defaultValue"] = draw(FREE_TEXT.filter(lambda t: t is not None))
    return mapped


@st.composite
def data_models(draw: st.DrawFn) -> dict[str, Any]:
    """A data model with 1-4 inline views (read form, parents' properties flattened into children)."""
    count = draw(st.integers(1, 4))
    views: list[dict[str, Any]] = []
    parents: list[list[int]] = []
    for index in range(count):
        space = draw(st.sampled_from(SPACES))
        xid = draw(VIEW_XID)
        version = draw(st.sampled_from(("1", "v2")))
        if any((v["space"], v["externalId"], v["version"]) == (space, xid, version) for v in views):
            version = f"{version}_{index}"
        chosen = draw(st.lists(st.integers(0, index - 1), max_size=2, unique=True)) if index else []
        parents.append(chosen)
        views.append(
            {
                "space": space,
                "externalId": xid,
                "version": version,
                "name": draw(FREE_TEXT),
                "description": draw(FREE_TEXT),
                "filter": None,
                "implements": [view_ref(views[parent]) for parent in chosen],
                "writable": draw(st.booleans()),
                "usedFor": draw(st.sampled_from(("node", "node", "edge", "all"))),
                "isGlobal": False,
                "createdTime": 0,
                "lastUpdatedTime": 0,
                "properties": {},
            }
        )
    refs = [view_ref(view) for view in views]
    for index, view in enumerate(views):
        # Read form is flattened: a child carries its parents' properties (and may override them).
        for parent in parents[index]:
            view["properties"].update(views[parent]["properties"])
        container = {"space": view["space"], "externalId": f"C{index}", "type": "container"}
        for ident in draw(st.lists(PROP_ID, max_size=6, unique=True)):
            view["properties"][ident] = draw(_property(ident, container, refs))
    return {
        "space": "sp_a",
        "externalId": "RandomModel",
        "version": "1",
        "name": draw(FREE_TEXT),
        "description": draw(FREE_TEXT),
        "isGlobal": False,
        "createdTime": 0,
        "lastUpdatedTime": 0,
        "views": views,
    }
