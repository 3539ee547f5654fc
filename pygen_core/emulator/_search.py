"""``/models/instances/search``: term matching over a view's text properties, plus filter and sort."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ._filters import FilterCompiler
from ._instance_model import Instance, Source
from ._paging import kind_of, limit_of
from ._values import bad

if TYPE_CHECKING:
    from ._instances import InstanceStore, SourceSelection

_WORD = re.compile(r"\w+")

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

    A term matches a word of a text property when the word starts with it (case-insensitive);
    ``AND`` (default) needs every term to match, ``OR`` at least one.
    """
    query = body.get("query")
    if query is None or query == "":
        return None
    if not isinstance(query, str):
        raise bad("query", f"expected a string, got {query!r}")
    operator = str(body.get("operator", "AND")).upper()
    if operator not in ("AND", "OR"):
        raise bad("operator", f"expected AND or OR, got {body.get('operator')!r}")
    names = body.get("properties")
    if names is None:
        names = [n for n, p in sorted(source.props.items()) if p.type.get("type") == "text"]
    elif not isinstance(names, list):
        raise bad("properties", "expected a list of property names")
    fields = []
    for name in names:
        prop = source.props.get(name)
        if prop is None or prop.type.get("type") != "text":
            raise bad("properties", f"{name!r} is not a text property of {source.space}:{source.prop_key}")
        fields.append((prop.container, prop.identifier))
    terms = _WORD.findall(query.lower())
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

    fc = store.compiler()
    source = view_of(fc, body)
    kind = kind_of(body)
    limit = limit_of(body, 1000, 1000)
    score = scorer(source, body)
    found = candidates(store, fc, source, kind, body)
    if score is not None:
        scored = [(score(r), r) for r in found]
        found = [r for s, r in sorted(((s, r) for s, r in scored if s >= 0), key=lambda p: -p[0])]
    if body.get("sort"):
        fc.sorter(body["sort"], "sort")(found)
    selection: SourceSelection = [(source, None)]
    render = store.renderer(fc, selection)
    out: dict[str, Any] = {"items": [render(r) for r in found[:limit]]}
    if body.get("includeTyping"):
        out["typing"] = store.typing(selection)
    return out
