"""Upsert 10k nodes through the runtime while the emulator answers 429/503 and drops connections."""

from __future__ import annotations

from typing import Any, ClassVar

import pytest

from pygen_core.emulator import Emulator
from pygen_core.runtime import HTTPClient, InstanceClient, NodeId, NodeWrite, UpsertError, ViewId, ViewSpec

N = 10_000
SPACE = "sp_reliability"
PATH = "/models/instances"


_SPEC = ViewSpec(
    ViewId("sp_pygen_models", "PrimitiveNullable", "1"), properties={"text": "text", "int_64": "int64"}
)


class ItemWrite(NodeWrite):
    """The write class a generator would emit for Omni's PrimitiveNullable (two properties suffice)."""

    _view: ClassVar[ViewSpec] = _SPEC
    model_config = _SPEC.write_config
    space: str = SPACE
    text: str | None = None
    int_64: int | None = None


def _items() -> list[ItemWrite]:
    return [ItemWrite(external_id=f"item-{i:05d}", text=f"t{i}", int_64=i) for i in range(N)]


def _stored(emu: Emulator) -> dict[str, int]:
    """external id → version of every node stored in SPACE (read straight from the instance engine)."""
    stored: dict[str, int] = {}
    body: dict[str, Any] = {
        "instanceType": "node",
        "limit": 1000,
        "filter": {"equals": {"property": ["node", "space"], "value": SPACE}},
    }
    while True:
        page = emu.instances.list(body)
        for item in page["items"]:
            assert item["externalId"] not in stored, f"{item['externalId']} is stored twice"
            stored[item["externalId"]] = item["version"]
        if page.get("nextCursor") is None:
            return stored
        body["cursor"] = page["nextCursor"]


def _inject(emu: Emulator) -> None:
    emu.faults.reseed(7)
    # A few guaranteed faults of each kind, then 10% at random.
    emu.faults.inject("drop", path=PATH, method="POST", count=1)
    emu.faults.inject("429", path=PATH, method="POST", count=1, retry_after=0.01)
    emu.faults.inject("503", path=PATH, method="POST", count=1, retry_after=0.01)
    emu.faults.inject("429", path=PATH, method="POST", rate=0.05, retry_after=0.01)
    emu.faults.inject("503", path=PATH, method="POST", rate=0.05, retry_after=0.01)


@pytest.mark.slow  # seconds: retried chunks
def test_retries_store_every_node_exactly_once(omni_emulator: Emulator) -> None:
    _inject(omni_emulator)
    config = omni_emulator.client_config(max_retries=10, backoff_base=0.01, backoff_cap=0.05)
    http = HTTPClient(config)
    with InstanceClient(config, http=http) as client:
        result = client.upsert(_items())
    stats = http.stats
    served = omni_emulator.faults.count(path=PATH)
    assert served >= 3
    assert {fault.kind for fault in omni_emulator.faults.log} == {"drop", "429", "503"}
    # Every injected fault was answered by exactly one retry.
    assert stats.retries == served
    assert len(result.items) == N
    assert {item.status for item in result.items} == {"created"}
    assert len({item.id for item in result.items}) == N
    stored = _stored(omni_emulator)
    assert sorted(stored) == [f"item-{i:05d}" for i in range(N)]
    # Version 1 everywhere: no request was applied twice.
    assert set(stored.values()) == {1}


@pytest.mark.slow  # seconds: failed chunks
def test_without_retries_the_error_lists_exactly_the_failed_items(omni_emulator: Emulator) -> None:
    _inject(omni_emulator)
    config = omni_emulator.client_config(max_retries=0)
    with InstanceClient(config) as client, pytest.raises(UpsertError) as caught:
        client.upsert(_items())
    error = caught.value
    failed = [item.id for item in error.failed]
    succeeded = [item.id for item in error.result.items]
    assert failed, "the injected faults must fail some chunks"
    assert len(set(failed)) == len(failed)
    assert len(set(succeeded)) == len(succeeded)
    assert not set(failed) & set(succeeded)
    assert set(failed) | set(succeeded) == {NodeId(SPACE, f"item-{i:05d}") for i in range(N)}
    # Each fault failed one whole chunk of 1000 (the reason names the status or the dropped connection).
    assert len(failed) == 1000 * omni_emulator.faults.count(path=PATH)
    assert all(item.reason for item in error.failed)
    stored = _stored(omni_emulator)
    assert set(stored) == {node.external_id for node in succeeded}
    assert set(stored.values()) == {1}
