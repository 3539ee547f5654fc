"""``mypy --strict`` over the installed hand-written SDK and over user code written against it."""

from __future__ import annotations

from pathlib import Path

import pytest
from mypy import api as mypy_api

from .conftest import install_sdk

pytestmark = pytest.mark.slow  # mypy runs

USER_CODE = """
from __future__ import annotations

import datetime

from omni_mini import OmniMiniClient, NodeId
from omni_mini import (
    ConnectionEdgeA, ConnectionEdgeAWrite, ConnectionItemE, ConnectionItemEList, ConnectionItemF,
    ConnectionItemFWrite, ConnectionItemGWrite, PrimitiveNullableFilter, PrimitiveNullableWrite,
)


def use(client: OmniMiniClient) -> None:
    one: ConnectionItemE | None = client.connection_item_e.retrieve("a", retrieve_connections="full")
    many: ConnectionItemEList = client.connection_item_e.retrieve(["a", NodeId("s", "b")])
    flt = PrimitiveNullableFilter.text.prefix("x") & ~PrimitiveNullableFilter.int_32.range(gte=1)
    nodes = client.primitive_nullable.list(min_timestamp=datetime.datetime.now(), filter=flt, limit=None)
    texts: list[str | None] = [n.text for n in nodes]
    f = ConnectionItemFWrite(
        external_id="f", outwards_multi=[ConnectionEdgeAWrite(end_node=ConnectionItemGWrite(external_id="g"))]
    )
    client.upsert([f, PrimitiveNullableWrite(external_id="p", int_32=1)])
    for page in client.primitive_nullable.iterate(chunk_size=10):
        cursor: str | None = page.cursor
    read: ConnectionItemF | None = client.connection_item_f.retrieve("f")
    if read is not None and read.outwards_multi:
        edge: ConnectionEdgeA = read.outwards_multi[0]
    print(one, many, texts, cursor, edge)
"""


@pytest.fixture(scope="module")
def checked_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("typed")
    install_sdk(root)
    return root


def run_mypy(*targets: Path) -> tuple[str, int]:
    out, err, status = mypy_api.run(
        ["--strict", "--no-incremental", "--cache-dir=/dev/null", "--python-version=3.10", *map(str, targets)]
    )
    return out + err, status


def test_sdk_and_user_code_are_mypy_strict_clean(checked_tree: Path) -> None:
    user = checked_tree / "user_code.py"
    user.write_text(USER_CODE)
    report, status = run_mypy(checked_tree / "omni_mini", user)
    assert status == 0, report
    assert "type: ignore" not in "".join(
        p.read_text() for p in (checked_tree / "omni_mini").rglob("*.py") if "_runtime" not in p.parts
    )


def test_mypy_catches_misuse(checked_tree: Path) -> None:
    bad = checked_tree / "bad_code.py"
    bad.write_text(
        "from omni_mini import OmniMiniClient\n"
        "from omni_mini import PrimitiveNullableWrite\n"
        "def use(client: OmniMiniClient) -> None:\n"
        "    client.primitive_nullable.list(min_int_32='x')\n"
        "    PrimitiveNullableWrite(external_id='a', int_32='1')\n"
        "    n: int = client.primitive_nullable.retrieve('a')\n"
    )
    report, status = run_mypy(bad)
    assert status == 1
    assert report.count("error:") == 3, report
