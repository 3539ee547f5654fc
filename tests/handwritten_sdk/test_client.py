"""Client construction, chunked concurrent bulk calls and delete partial failures."""

from __future__ import annotations

from types import ModuleType
from typing import Any

import pytest

from pygen_core.emulator import Emulator


def test_from_env_builds_a_working_client(omni: ModuleType, emulator: Emulator) -> None:
    env = {
        "CDF_URL": emulator.base_url,
        "CDF_PROJECT": emulator.project,
        "IDP_CLIENT_ID": emulator.client_id,
        "IDP_CLIENT_SECRET": emulator.client_secret,
        "IDP_TOKEN_URL": emulator.token_url,
    }
    with omni.OmniMiniClient.from_env(environ=env) as client:
        assert client.default_space == "sp_omni_instances"
        assert len(client.primitive_nullable.list(limit=2)) == 2
        assert emulator.client_secret not in repr(client)
        assert emulator.client_secret not in repr(client.primitive_nullable)


def test_apis_are_created_once_on_first_use(client: Any) -> None:
    assert client.primitive_nullable is client.primitive_nullable
    assert "PrimitiveNullable" in repr(client.primitive_nullable)


def test_bulk_upsert_retrieve_delete_span_several_chunks(client: Any, dc: ModuleType) -> None:
    nodes = [dc.MainInterfaceWrite(external_id=f"bulk:{i:05d}", main_value=str(i)) for i in range(2500)]
    result = client.upsert(nodes)
    assert len(result.created) == 2500
    got = client.main_interface.retrieve([n.external_id for n in reversed(nodes)])
    assert [g.external_id for g in got] == [n.external_id for n in reversed(nodes)]
    assert got[0].main_value == "2499"
    assert client.main_interface.aggregate("count", external_id_prefix="bulk:").value == 2500
    deleted = client.delete(nodes)
    assert len(deleted.deleted) == 2500
    assert client.main_interface.list(external_id_prefix="bulk:", limit=None) == []


def test_delete_partial_failure_names_the_bad_item(client: Any, dc: ModuleType, rt: ModuleType) -> None:
    client.upsert([dc.MainInterfaceWrite(external_id=f"del:{i}") for i in range(3)])
    bad = "x" * 300  # longer than an external id may be: the server rejects the request
    with pytest.raises(rt.DeleteError) as caught:
        client.delete(["del:0", "del:1", bad, "del:2"])
    error = caught.value
    assert [f.id.external_id for f in error.failed] == [bad]
    assert "400" in error.failed[0].reason
    assert sorted(i.external_id for i in error.result.deleted) == ["del:0", "del:1", "del:2"]
    assert client.main_interface.retrieve(["del:0", "del:1", "del:2"]) == []


def test_retrieve_without_any_space_is_a_clear_error(
    omni: ModuleType, emulator: Emulator, dc: ModuleType
) -> None:
    with omni.OmniMiniClient(emulator.client_config()) as client:
        client.default_space = None
        api = client.primitive_nullable
        api._default_space = None
        with pytest.raises(ValueError, match="bare external id but the SDK has no default instance space"):
            api.retrieve("a")
        assert api.retrieve("PrimitiveNullable:Brittany", space="sp_omni_instances") is not None


@pytest.mark.slow
def test_importing_the_client_loads_no_view_module(sdk_package: Any) -> None:
    import subprocess
    import sys

    code = (
        "import sys; from omni_mini import OmniMiniClient; "
        "print(sorted(m for m in sys.modules if '._views.' in m "
        "or m.endswith('_runtime._instances')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=sdk_package.parent
    )
    assert out.stdout.strip() == "[]"
