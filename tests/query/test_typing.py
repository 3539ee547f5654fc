"""mypy --strict checks user code of the query builder: right code passes, misspelt connections, wrong hop
keywords, sort fields and aggregate properties are errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.handwritten_sdk.conftest import install_sdk
from tests.handwritten_sdk.test_typing import run_mypy

pytestmark = pytest.mark.slow  # mypy runs

GOOD = """
from __future__ import annotations

import datetime

from omni_mini import (
    ConnectionEdgeAFilter, ConnectionItemAList, ConnectionItemDFilter, ConnectionItemEFilter,
    ConnectionItemFList, OmniMiniClient,
)
from omni_mini._runtime import AggregateResult, Sort, SyncResult


def use(client: OmniMiniClient) -> None:
    a: ConnectionItemAList = (
        client.connection_item_a.select()
        .where(name_prefix="a")
        .traverse("outwards", name="b", edges={"space": "s"})
        .where(ConnectionItemEFilter.name.exists())
        .sort_by(["name", Sort("external_id", "descending", nulls_first=True)])
        .limit(3)
        .traverse("self_edge")
        .list(limit=None)
    )
    window = ConnectionEdgeAFilter.start_time.overlaps(
        ConnectionEdgeAFilter.end_time, gte=datetime.datetime(2024, 1, 1)
    )
    f: ConnectionItemFList = (
        client.connection_item_f.select()
        .traverse("outwards_multi", edges={"min_start_time": datetime.datetime(2024, 1, 1), "filter": window})
        .list()
    )
    for page in client.connection_item_d.select().where(
        ConnectionItemDFilter.direct_single.nested(ConnectionItemEFilter.name.prefix("x"))
    ).iterate(chunk_size=10):
        print(page.cursor, len(page))
    n: int = client.connection_item_e.select().traverse("direct_reverse_multi", name_prefix="d").count()
    synced: SyncResult[ConnectionItemAList] = client.connection_item_a.select().sync()
    again = client.connection_item_a.sync(synced.cursor, filter=ConnectionEdgeAFilter.match_all())
    agg: AggregateResult = client.primitive_nullable.aggregate(
        {"avg": "int_32", "count": None}, group_by="boolean"
    )
    ordered = client.primitive_nullable.list(sort_by=["text", Sort("int_32", "descending")])
    hits = client.primitive_nullable.search("x", sort_by=Sort("int_32"), direction="descending")
    print(a, f, n, again, agg.avg, ordered, hits, client.connection_item_a.select().explain())
"""

BAD = """
from omni_mini import OmniMiniClient
from omni_mini._runtime import Sort


def use(client: OmniMiniClient) -> None:
    client.connection_item_a.select().traverse("outward")
    client.connection_item_a.select().traverse("outwards", nam="b")
    client.connection_item_a.select().traverse("outwards", name_prefix=3)
    client.connection_item_a.select().traverse("outwards").sort_by("nme")
    client.connection_item_a.select().traverse("outwards", edges={"start_nod": "x"})
    client.connection_item_d.select().where(direct_single=3.5)
    client.primitive_nullable.list(sort_by=[Sort("txt")])
    client.primitive_nullable.aggregate({"avg": "int32"})
    client.primitive_nullable.select().traverse("anything")
"""


@pytest.fixture(scope="module")
def checked_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("query_typed")
    install_sdk(root)
    return root


def test_query_builder_user_code_is_mypy_strict_clean(checked_tree: Path) -> None:
    user = checked_tree / "good_query.py"
    user.write_text(GOOD)
    report, status = run_mypy(user)
    assert status == 0, report


def test_mypy_rejects_misspelt_connections_and_wrong_hop_keywords(checked_tree: Path) -> None:
    bad = checked_tree / "bad_query.py"
    bad.write_text(BAD)
    report, status = run_mypy(bad)
    assert status == 1
    lines = sorted({int(line.split(":")[1]) for line in report.splitlines() if ": error:" in line})
    assert lines == list(range(7, 16)), report  # one error on every line of use(), none elsewhere
