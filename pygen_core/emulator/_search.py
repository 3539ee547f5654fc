"""``/models/instances/search``: term matching over a view's text properties, plus filter and sort."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from . import _render
from ._filters import FilterCompiler
from ._instance_model import Instance, Source
from ._limits import SEARCH_DEFAULT, SEARCH_MAX
from ._paging import check_fields, kind_of, limit_of
from ._sorting import parse_sort
from ._values import bad

if TYPE_CHECKING:
    from ._instances import InstanceStore

_WORD = re.compile(r"\w+")
_FIELDS = frozenset(
    {
        "view",
        "query",
        "instanceType",
        "properties",
        "targetUnits",
        "filter",
        "includeTyping",
        "sort",
        "operator",
        "limit",
    }
)

Scorer = Callable[[Instance], int]
"""Number of query terms an instance matches, or -1 when it does not match the query."""


def view_of(fc: FilterCompiler, body: dict[str, Any]) -> Source:
    """The required ``view`` of a search or aggregate body."""
    ref = body.get("view")
    if not isinstance(ref, dict):
        raise bad("view", "is required: a view reference {type, space, externalId, version}")
    return fc.resolver.source({**ref, "type": "view"}, "view")


def scorer(source: Source, body: dict[str, Any]) -> Scorer | None:
    """Term matching from ``query``/``properties``/``operator``; ``None`` when there is no query.

    A term matches a word of a text property when the word starts with it (case-insensitive); ``OR``
    (CDF's default) needs at least one term to match, ``AND`` every term.
    """
    query = body.get("query")
    if query is not None and not isinstance(query, str):
        raise bad("query", f"expected a string, got {query!r}")
    operator = body.get("operator", "OR")
    if operator not in ("AND", "OR"):
        raise bad("operator", f"expected AND or OR, got {operator!r}")
    names = body.get("properties")
    if names is None:
        names = [n for n, p in sorted(source.props.items()) if p.type.get("type") == "text"]
    elif not isinstance(names, list) or not names:
        raise bad("properties", "expected a non-empty list of property names")
    fields = []
    for name in names:
        prop = source.props.get(name) if isinstance(name, str) else None
        if prop is None or prop.type.get("type") != "text":
            raise bad("properties", f"{name!r} is not a text property of {source.space}:{source.prop_key}")
        fields.append((prop.container, prop.identifier))
    terms = _WORD.findall((query or "").lower())
    if not terms:
        return None
    need_all = operator == "AND"

    def score(record: Instance) -> int:
        words: list[str] = []
        for container, ident in fields:
            stored = record.data.get(container)
            value = None if stored is None else stored.get(ident)
            if isinstance(value, str):
                words.extend(_WORD.findall(value.lower()))
            elif isinstance(value, list):
                for item in value:
                    words.extend(_WORD.findall(str(item).lower()))
        hits = sum(1 for t in terms if any(w.startswith(t) for w in words))
        if hits == 0 or (need_all and hits < len(terms)):
            return -1
        return hits

    return score


def candidates(
    store: InstanceStore, fc: FilterCompiler, source: Source, kind: str, body: dict[str, Any]
) -> list[Instance]:
    """Live instances of ``kind`` with data in the view, matching ``filter`` (creation order)."""
    has_data = fc.has_data(source)
    pred = fc.compile(body["filter"], "filter") if body.get("filter") is not None else None
    return [r for _, r in store.scan(kind) if has_data(r) and (pred is None or pred(r))]


def run_search(store: InstanceStore, body: dict[str, Any]) -> dict[str, Any]:
    check_fields(body, _FIELDS)
    fc = store.compiler(search=True)
    source = view_of(fc, body)
    kind = kind_of(body)
    limit = limit_of(body, SEARCH_DEFAULT, SEARCH_MAX)
    score = scorer(source, body)
    sorter = parse_sort(fc, body["sort"], "sort", nulls_first=False) if body.get("sort") is not None else None
    found = candidates(store, fc, source, kind, body)
    if score is not None:
        scored = [(s, r) for r in found if (s := score(r)) >= 0]
        scored.sort(key=lambda pair: -pair[0])
        found = [r for _, r in scored]
    if sorter:
        sorter.sort(found)
    chosen: _render.SourceSelection = [(source, None)]
    render = _render.renderer(fc, chosen)
    out: dict[str, Any] = {"items": [render(r) for r in found[:limit]]}
    if body.get("includeTyping"):
        out["typing"] = _render.typing(chosen)
    return out
