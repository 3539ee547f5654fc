"""The runtime against a CDF that misbehaves (a real HTTP server on 127.0.0.1, scripted per test):
``list(limit=n)`` never returns more than n; malformed pages, wrong shapes and unexpected types, repeated
cursors and repeated pages end in one CDFError that names the view, the page and the JSON path."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any, ClassVar

import pytest

from pygen_core.runtime import (
    CDFError,
    InstanceClient,
    NodeAPI,
    NodeList,
    NodeRead,
    RetrieveConnections,
    ViewId,
    ViewSpec,
)

from ._rogue_server import RogueServer

VIEW = ViewId("sp_rogue", "Item", "1")
SPEC = ViewSpec(VIEW, properties={"name": "name", "rank": "rank"})
LIST = "/models/instances/list"
MODES: list[RetrieveConnections] = ["skip", "identifier"]


class Item(NodeRead):
    _view: ClassVar[ViewSpec] = SPEC
    model_config = SPEC.read_config
    name: str | None = None
    rank: int | None = None


class ItemList(NodeList[Item]):
    pass


class ItemAPI(NodeAPI[Item, ItemList]):
    """What the generator emits for a view, minus the filter keywords."""

    def list(self, *, limit: int | None = 25, retrieve_connections: RetrieveConnections = "skip") -> ItemList:
        return self._list({}, None, "ascending", limit, retrieve_connections)

    def iterate(
        self,
        chunk_size: int = 1000,
        *,
        limit: int | None = None,
        cursor: str | None = None,
        retrieve_connections: RetrieveConnections = "skip",
    ) -> Iterator[ItemList]:
        return self._iterate({}, chunk_size, limit, cursor, retrieve_connections)


def node(i: int) -> dict[str, Any]:
    return {
        "instanceType": "node",
        "space": "rogue",
        "externalId": f"n{i:05d}",
        "version": 1,
        "createdTime": 0,
        "lastUpdatedTime": 0,
        "properties": {VIEW.space: {VIEW.key: {"name": f"item {i}", "rank": i}}},
    }


class Sloppy:
    """A server that pages through ``total`` nodes correctly but sends ``per_page`` of them whatever the
    request's limit."""

    def __init__(self, total: int, per_page: int) -> None:
        self.total, self.per_page = total, per_page

    def __call__(self, path: str, body: Any) -> tuple[int, Any]:
        start = int(body.get("cursor") or 0)
        end = min(start + self.per_page, self.total)
        page: dict[str, Any] = {"items": [node(i) for i in range(start, end)]}
        page["nextCursor"] = str(end) if end < self.total else None
        return 200, page


def _api(server: RogueServer) -> tuple[InstanceClient, ItemAPI]:
    client = InstanceClient(server.config())
    return client, ItemAPI(client)


def _ranks(items: list[Item]) -> list[int | None]:
    return [item.rank for item in items]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("limit", [1, 5, 999, 1000, 1001, 2500])
def test_list_never_returns_more_than_the_limit(
    limit: int, mode: RetrieveConnections, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    with RogueServer(Sloppy(total=5000, per_page=1200)) as server:
        client, api = _api(server)
        with client:
            items = api.list(limit=limit, retrieve_connections=mode)
    assert _ranks(items) == list(range(limit))
    # Where the server overshot, the extra items are dropped, reported, and no cursor would skip them.
    if limit % 1200 != 0:
        assert items.cursor is None
        assert f"list {VIEW}: page" in caplog.text
        assert "the rest are dropped" in caplog.text


@pytest.mark.parametrize("mode", MODES)
def test_iterate_stops_at_its_limit_whatever_the_page_size(mode: RetrieveConnections) -> None:
    with RogueServer(Sloppy(total=5000, per_page=100)) as server:
        client, api = _api(server)
        with client:
            pages = list(api.iterate(chunk_size=10, limit=25, retrieve_connections=mode))
    assert sum(len(page) for page in pages) == 25
    assert _ranks([item for page in pages for item in page]) == list(range(25))


@pytest.mark.parametrize("mode", MODES)
def test_without_a_limit_oversized_pages_lose_nothing(mode: RetrieveConnections) -> None:
    with RogueServer(Sloppy(total=3000, per_page=1200)) as server:
        client, api = _api(server)
        with client:
            items = api.list(limit=None, retrieve_connections=mode)
            pages = list(api.iterate(chunk_size=50, retrieve_connections=mode))
    assert _ranks(items) == list(range(3000))
    assert [len(page) for page in pages] == [1200, 1200, 600]


GOOD = node(0)
MALFORMED: list[tuple[str, Any, str]] = [
    ("array", [GOOD], "the response is an array, not an object"),
    ("number", 42, "the response is a number, not an object"),
    ("not json", b"<html>502 Bad Gateway</html>", "the response is not JSON: '<html>502 Bad Gateway</html>'"),
    ("empty body", b"", "the response is not JSON"),
    ("truncated", b'{"items": [{"space": "rogue", "externalId"', "the response is not JSON"),
    ("deep nesting", b"[" * 100_000 + b"]" * 100_000, "the response is not JSON"),
    ("no items", {"nextCursor": None}, "the response has no 'items'"),
    ("items null", {"items": None}, "'items' is null, not an array"),
    ("items string", {"items": "n00000"}, "'items' is a string, not an array"),
    ("items object", {"items": {"0": GOOD}}, "'items' is an object, not an array"),
    ("item number", {"items": [GOOD, 7]}, "'items[1]' is a number, not an object"),
    ("item array", {"items": [[GOOD]]}, "'items[0]' is an array, not an object"),
    ("cursor number", {"items": [GOOD], "nextCursor": 17}, "'nextCursor' is a number, not a string"),
    ("cursor object", {"items": [GOOD], "nextCursor": {"c": "x"}}, "'nextCursor' is an object, not a string"),
    ("cursor bool", {"items": [GOOD], "nextCursor": True}, "'nextCursor' is a boolean, not a string"),
    (
        "space number",
        {"items": [{**GOOD, "space": 5}]},
        "is invalid at space: Input should be a valid string",
    ),
    ("no external id", {"items": [{k: v for k, v in GOOD.items() if k != "externalId"}]}, "at externalId"),
    (
        "property type",
        {"items": [{**GOOD, "properties": {VIEW.space: {VIEW.key: {"rank": "high"}}}}]},
        f"is invalid at properties.{VIEW.space}.{VIEW.key}.rank: Input should be a valid integer",
    ),
]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("payload", "expected"), [case[1:] for case in MALFORMED], ids=[c[0] for c in MALFORMED]
)
def test_a_malformed_page_is_one_error_naming_view_and_json_path(
    payload: Any, expected: str, mode: RetrieveConnections
) -> None:
    with RogueServer(lambda path, body: (200, payload)) as server:
        client, api = _api(server)
        with client, pytest.raises(CDFError) as caught:
            api.list(limit=10, retrieve_connections=mode)
    message = str(caught.value)
    assert "\n" not in message
    assert str(VIEW) in message
    assert expected in message
    assert len(message) < 400


def test_a_malformed_second_page_names_the_page() -> None:
    def answer(path: str, body: Any) -> tuple[int, Any]:
        if body.get("cursor") is None:
            return 200, {"items": [node(0)], "nextCursor": "c1"}
        return 200, {"items": "oops"}

    with RogueServer(answer) as server:
        client, api = _api(server)
        pages = api.iterate(chunk_size=1)
        with client:
            first = next(pages)
            with pytest.raises(CDFError, match=rf"^list {VIEW}: page 2: 'items' is a string, not an array$"):
                next(pages)
    assert _ranks(first) == [0]


@pytest.mark.parametrize("mode", MODES)
def test_a_cursor_sent_twice_stops_the_listing(mode: RetrieveConnections) -> None:
    def answer(path: str, body: Any) -> tuple[int, Any]:
        start = 0 if body.get("cursor") is None else 1
        return 200, {"items": [node(start)], "nextCursor": "always-the-same"}

    with RogueServer(answer) as server:
        client, api = _api(server)
        with client, pytest.raises(CDFError, match="page 2: the server returned the same cursor twice"):
            api.list(limit=None, retrieve_connections=mode)
        assert len(server.list_bodies()) == 2


@pytest.mark.parametrize("mode", MODES)
def test_a_server_that_ignores_the_cursor_is_caught_on_the_repeated_page(mode: RetrieveConnections) -> None:
    sent = iter(range(1_000_000))

    def answer(path: str, body: Any) -> tuple[int, Any]:
        return 200, {"items": [node(0), node(1)], "nextCursor": f"fresh-{next(sent)}"}

    with RogueServer(answer) as server:
        client, api = _api(server)
        with client, pytest.raises(CDFError, match="page 2: the server sent page 1 again"):
            api.list(limit=None, retrieve_connections=mode)
        assert len(server.list_bodies()) <= 3  # two pages, and perhaps the third prefetched


def test_a_resume_cursor_echoed_back_is_caught_at_once() -> None:
    with RogueServer(
        lambda path, body: (200, {"items": [node(3)], "nextCursor": body.get("cursor")})
    ) as server:
        client, api = _api(server)
        with client, pytest.raises(CDFError, match="page 1: the server returned the same cursor twice"):
            list(api.iterate(cursor="resume-here"))


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        ({**GOOD, "externalId": None}, "'items[0]' has no string 'space' and 'externalId'"),
        (
            {k: v for k, v in GOOD.items() if k != "space"},
            "'items[0]' has no string 'space' and 'externalId'",
        ),
        ({**GOOD, "properties": ["x"]}, "'items[0].properties' is not an object of spaces"),
        ({**GOOD, "properties": {VIEW.space: "x"}}, "'items[0].properties' is not an object of spaces"),
    ],
)
def test_retrieve_reports_a_malformed_item(item: dict[str, Any], expected: str) -> None:
    with RogueServer(lambda path, body: (200, {"items": [item]})) as server:
        client, api = _api(server)
        with client, pytest.raises(CDFError) as caught:
            api.retrieve(("rogue", "n00000"))
    assert str(caught.value) == f"retrieve {VIEW}: {expected}"
