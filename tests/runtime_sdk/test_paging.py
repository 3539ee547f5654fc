"""list/iterate on the emulator: pages validated from bytes, next page prefetched, cursors, errors."""

from __future__ import annotations

import datetime
from collections.abc import Generator, Iterator
from typing import Any, ClassVar, cast

import pytest
from pydantic import JsonValue

from pygen_core.emulator import Emulator
from pygen_core.runtime import CDFError, InstanceClient, NodeAPI, NodeList, NodeRead, ViewId, ViewSpec
from pygen_core.runtime._api import _peek_cursor
from pygen_core.runtime._filters import equals
from tests._models import MODELS_DIR

VIEW = ViewId("sp_pygen_models", "PrimitiveNullable", "1")
SPEC = ViewSpec(
    VIEW,
    properties={"text": "text", "int32": "int32", "json_": "json", "timestamp": "timestamp"},
    filters={"text": ("in", "text")},
)


class Prim(NodeRead):
    _view: ClassVar[ViewSpec] = SPEC
    model_config = SPEC.read_config
    text: str | None = None
    int32: int | None = None
    json_: JsonValue | None = None
    timestamp: datetime.datetime | None = None


class PrimList(NodeList[Prim]):
    pass


class PrimAPI(NodeAPI[Prim, PrimList]):
    pass


class StrictPrim(NodeRead):
    """Reads ``text`` as an int: every seeded node is invalid for it."""

    _view: ClassVar[ViewSpec] = SPEC
    model_config = SPEC.read_config
    text: int | None = None


class StrictPrimList(NodeList[StrictPrim]):
    pass


class StrictPrimAPI(NodeAPI[StrictPrim, StrictPrimList]):
    pass


def _node(space: str, i: int, json_value: Any = None) -> dict[str, Any]:
    return {
        "instanceType": "node",
        "space": space,
        "externalId": f"n{i:05d}",
        "version": 1,
        "createdTime": 1_700_000_000_000,
        "lastUpdatedTime": 1_700_000_000_000,
        "properties": {
            VIEW.space: {
                VIEW.key: {
                    "text": f"text {i}",
                    "int32": i,
                    "json": {"i": i} if json_value is None else json_value,
                    "timestamp": "2024-05-31T02:12:29.000+00:00",
                }
            }
        },
    }


@pytest.fixture(scope="module")
def emu() -> Iterator[Emulator]:
    with Emulator(snapshots=[MODELS_DIR / "Omni.json"]) as emulator:
        # 2,500 nodes in "paging"; a JSON value with a cursor-like key on the last page of "tricky".
        emulator.instances.seed([_node("paging", i) for i in range(2500)])
        emulator.instances.seed(
            [_node("tricky", i, {"nextCursor": "not-a-cursor"} if i == 1499 else None) for i in range(1500)]
        )
        yield emulator


@pytest.fixture
def client(emu: Emulator) -> Iterator[InstanceClient]:
    with InstanceClient(emu.client_config()) as instance_client:
        yield instance_client


def _in(space: str) -> dict[str, Any]:
    """The filter keywords of nodes in ``space`` (as a generated method passes them on)."""
    return {"filter": equals(["node", "space"], space)}


def test_list_reads_every_page_with_one_request_each(client: InstanceClient) -> None:
    items = PrimAPI(client)._list(_in("paging"), limit=None)
    assert [item.external_id for item in items] == [f"n{i:05d}" for i in range(2500)]
    assert items[1234].int32 == 1234
    assert items[1234].json_ == {"i": 1234}
    assert items[0].timestamp == datetime.datetime(2024, 5, 31, 2, 12, 29, tzinfo=datetime.timezone.utc)
    assert items.cursor is None
    client.close()  # joins the prefetch pool, so every request sent is counted
    assert client._http.stats.requests == 3


@pytest.mark.parametrize(("limit", "requests"), [(2000, 2), (1500, 2), (1000, 1), (7, 1)])
def test_list_with_a_limit_prefetches_nothing_past_it(
    client: InstanceClient, limit: int, requests: int
) -> None:
    items = PrimAPI(client)._list(_in("paging"), limit=limit)
    assert [item.int32 for item in items] == list(range(limit))
    assert items.cursor is not None
    client.close()  # joins the prefetch pool, so every request sent is counted
    assert client._http.stats.requests == requests


def test_iterate_stopped_early_resumes_from_the_page_cursor(client: InstanceClient) -> None:
    api = PrimAPI(client)
    pages = cast("Generator[PrimList, None, None]", api._iterate(_in("paging"), chunk_size=1000))
    first = next(pages)
    pages.close()  # the prefetched second page is dropped
    assert len(first) == 1000
    assert first.cursor is not None
    rest = [item.int32 for page in api._iterate(_in("paging"), cursor=first.cursor) for item in page]
    assert [item.int32 for item in first] + rest == list(range(2500))


def test_small_chunks_page_through_in_order(client: InstanceClient) -> None:
    pages = list(PrimAPI(client)._iterate(_in("paging"), chunk_size=400, limit=1000))
    assert [len(page) for page in pages] == [400, 400, 200]
    assert [item.int32 for page in pages for item in page] == list(range(1000))


def test_a_cursor_like_key_inside_a_property_value_does_not_derail_paging(client: InstanceClient) -> None:
    items = PrimAPI(client)._list(_in("tricky"), limit=None)
    assert [item.int32 for item in items] == list(range(1500))
    assert items[1499].json_ == {"nextCursor": "not-a-cursor"}
    assert items.cursor is None


def test_an_invalid_item_is_a_one_line_error_naming_instance_and_path(client: InstanceClient) -> None:
    with pytest.raises(CDFError) as caught:
        StrictPrimAPI(client)._list(_in("paging"), limit=5)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(
        "sp_pygen_models:PrimitiveNullable/1: response item paging:n00000 is invalid at "
        "properties.sp_pygen_models.PrimitiveNullable/1.text: Input should be a valid integer"
    )
    assert "(and 4 more problem(s))" in message


def test_connections_path_still_pages_through_decoded_items(client: InstanceClient) -> None:
    items = PrimAPI(client)._list(_in("paging"), limit=1200, retrieve_connections="identifier")
    assert [item.int32 for item in items] == list(range(1200))


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b'{"items":[],"nextCursor":"abc123"}', "abc123"),
        (b'{"nextCursor" : "x-y_z=", "items":[]}', "x-y_z="),
        (b'{"items":[],"nextCursor":null}', None),
        (b'{"items":[{"v":"\\"nextCursor\\":\\"q\\""}]}', None),
        (b"", None),
    ],
)
def test_peek_cursor_guesses_only_plain_cursor_strings(content: bytes, expected: str | None) -> None:
    assert _peek_cursor(content) == expected


class WrongGuessAPI(PrimAPI):
    """Prefetches a request the paging loop never builds, as a wrong cursor guess would."""

    def _prefetch_next(
        self, body: dict[str, Any], remaining: int | None, content: bytes, seen: set[str]
    ) -> Any:
        wrong = {**body, "limit": 3}
        return wrong, self._client._prefetch(self._http.post_response, "/models/instances/list", wrong)


def test_a_wrong_prefetch_is_discarded_and_the_right_page_fetched(client: InstanceClient) -> None:
    items = WrongGuessAPI(client)._list(_in("paging"), limit=None)
    assert [item.int32 for item in items] == list(range(2500))
    client.close()
    # three pages, plus up to three unused prefetches (one not yet started when dropped is cancelled)
    assert 3 <= client._http.stats.requests <= 6


def _fresh_api(client: InstanceClient) -> PrimAPI:
    """An API over a read class never validated before (its validator is built on first use)."""

    class Fresh(Prim):
        pass

    class FreshAPI(PrimAPI):
        _read_class = Fresh

    return FreshAPI(client)


def test_first_use_sends_the_first_request_while_building_the_validator(client: InstanceClient) -> None:
    items = _fresh_api(client)._list(_in("paging"), limit=None)
    assert [item.int32 for item in items] == list(range(2500))
    assert type(items[0]).__name__ == "Fresh"
    client.close()  # joins the prefetch pool, so every request sent is counted
    assert client._http.stats.requests == 3


def test_limit_zero_sends_no_request(client: InstanceClient) -> None:
    assert list(_fresh_api(client)._list(_in("paging"), limit=0)) == []
    client.close()  # joins the prefetch pool, so every request sent is counted
    assert client._http.stats.requests == 0


def test_threads_sharing_one_client_each_get_every_node(client: InstanceClient) -> None:
    from concurrent.futures import ThreadPoolExecutor

    api = PrimAPI(client)
    with ThreadPoolExecutor(6) as callers:
        results = list(callers.map(lambda _: api._list(_in("paging"), limit=None), range(6)))
    for items in results:
        assert [item.int32 for item in items] == list(range(2500))
    client.close()
    assert client._http.stats.requests == 6 * 3
