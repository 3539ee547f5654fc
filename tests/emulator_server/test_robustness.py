"""Bad input never crashes the emulator (fuzzed bodies get 200 or a CDF 400); start-up errors are one line."""

from __future__ import annotations

import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pygen_core import PygenError
from pygen_core.emulator import Emulator

from .conftest import OMNI, api_client

_KEYS = [
    "space",
    "externalId",
    "version",
    "type",
    "properties",
    "container",
    "containerPropertyIdentifier",
    "connectionType",
    "source",
    "through",
    "identifier",
    "implements",
    "views",
    "list",
    "usedFor",
    "name",
]
_names = st.sampled_from(
    ["sp_pygen_models", "my_space", "Pump", "1bad", "", "name", "v1", "1", "space", "x" * 300]
)
_scalars = st.one_of(st.none(), st.booleans(), st.integers(-5, 5), _names)
_json = st.recursive(
    _scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=3), st.dictionaries(st.sampled_from(_KEYS), children, max_size=5)
    ),
    max_leaves=12,
)
_items = st.lists(st.dictionaries(st.sampled_from(_KEYS), _json, max_size=6), min_size=0, max_size=3)
_paths = st.sampled_from(
    [
        f"/models/{kind}{op}"
        for kind in ("spaces", "containers", "views", "datamodels")
        for op in ("", "/byids", "/delete")
    ]
)


@pytest.fixture(scope="module")
def fuzz_client() -> Iterator[httpx.Client]:
    with Emulator(snapshots=[OMNI]) as emu, api_client(emu) as client:
        yield client


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=_paths, items=_items)
def test_fuzzed_schema_requests_never_crash(
    fuzz_client: httpx.Client, path: str, items: list[dict[str, Any]]
) -> None:
    response = fuzz_client.post(path, json={"items": items})
    assert response.status_code in (200, 400), response.text
    if response.status_code == 400:
        error = response.json()["error"]
        assert error["code"] == 400
        assert "\n" not in error["message"]
    for kind in ("views", "containers", "datamodels", "spaces"):
        listed = fuzz_client.get(f"/models/{kind}", params={"limit": 1000, "includeGlobal": "true"})
        assert listed.status_code == 200, listed.text


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=_json)
def test_fuzzed_bodies_of_any_shape(fuzz_client: httpx.Client, body: Any) -> None:
    response = fuzz_client.post("/models/views", json=body)
    assert response.status_code in (200, 400), response.text


_ref = st.fixed_dictionaries(
    {},
    optional={
        "space": st.sampled_from(["my_space", "sp_pygen_models", 3]),
        "externalId": st.sampled_from(["ConnectionItemA", "Pump", None]),
        "version": st.sampled_from(["1", 1, None]),
        "type": st.sampled_from(["view", "container"]),
    },
)
_view_property = st.fixed_dictionaries(
    {},
    optional={
        "connectionType": st.sampled_from(
            ["multi_edge_connection", "single_reverse_direct_relation", "multi_reverse_direct_relation", "x"]
        ),
        "source": _ref,
        "edgeSource": _ref,
        "type": _ref,
        "direction": st.sampled_from(["outwards", "inwards", "up"]),
        "through": st.fixed_dictionaries(
            {}, optional={"source": _ref, "identifier": st.sampled_from(["name", 1])}
        ),
        "container": _ref,
        "containerPropertyIdentifier": st.sampled_from(["name", "direct1", 7]),
    },
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(props=st.dictionaries(st.sampled_from(["a", "b", "name"]), _view_property, max_size=3))
def test_fuzzed_view_properties(fuzz_client: httpx.Client, props: dict[str, Any]) -> None:
    view = {"space": "sp_pygen_models", "externalId": "Fuzzed", "version": "1", "properties": props}
    response = fuzz_client.post("/models/views", json={"items": [view]})
    assert response.status_code in (200, 400), response.text
    model = {"space": "sp_pygen_models", "externalId": "FuzzModel", "version": "1", "views": [view]}
    assert fuzz_client.post("/models/datamodels", json={"items": [model]}).status_code in (200, 400)
    listed = fuzz_client.get("/models/datamodels", params={"inlineViews": "true", "limit": 1000})
    assert listed.status_code == 200, listed.text
    again = fuzz_client.post(
        "/models/views/byids", json={"items": [{k: view[k] for k in ("space", "externalId")}]}
    )
    assert again.status_code == 200, again.text


def test_port_in_use_is_a_pygen_error() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(PygenError, match=f"127.0.0.1:{port}"):
            Emulator(port=port).start()


def test_bad_seed_content_names_the_file(tmp_path: Path) -> None:
    seed = tmp_path / "seed.json"
    seed.write_text('{"items": 3}')
    with pytest.raises(PygenError, match=r"seed\.json: expected a list"):
        Emulator(snapshots=[OMNI], seed=seed).start()
    seed.write_text("[{")
    with pytest.raises(PygenError, match=r"seed\.json: seed instances are not valid JSON"):
        Emulator(snapshots=[OMNI], seed=seed).start()


def test_seed_rejected_by_the_engine_names_the_file(tmp_path: Path) -> None:
    seed = tmp_path / "seed.json"
    seed.write_text('[{"instanceType": "banana", "space": "s", "externalId": "x"}]')
    with pytest.raises(PygenError, match=r"seed\.json: "):
        Emulator(snapshots=[OMNI], seed=seed).start()


@pytest.mark.slow
def test_missing_extra_gives_a_one_line_install_hint() -> None:
    code = (
        "import sys; sys.modules['uvicorn'] = None; sys.modules['starlette'] = None\n"
        "from pygen_core.cli import main\n"
        "sys.exit(main(['emulator', '--db', ':memory:']))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "pygen: error: the emulator needs starlette and uvicorn: pip install 'hatch-pygen[emulator]'"
    )


@pytest.mark.parametrize("kind", ["file-as-parent", "directory"])
def test_unusable_db_path_is_a_pygen_error(tmp_path: Path, kind: str) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("a file, not a directory")
    db = blocker / "emu.db" if kind == "file-as-parent" else tmp_path
    with pytest.raises(PygenError, match="cannot open the emulator database"):
        Emulator(db=db).start()


def test_unexpected_engine_failure_is_a_cdf_500_without_internals(
    emulator: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(body: Any) -> Any:
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(emulator.instances, "list", boom)
    with api_client(emulator) as client:
        response = client.post("/models/instances/list", json={})
        assert client.get("/models/spaces").status_code == 200
    assert response.status_code == 500
    assert response.json()["error"] == {"code": 500, "message": "Internal emulator error (RuntimeError)"}
    assert "secret internal detail" not in response.text
    assert response.headers["x-request-id"]


def test_bad_inputs_leave_no_database_behind(tmp_path: Path) -> None:
    empty = tmp_path / "empty.json"
    empty.write_text("")
    bad_seed = tmp_path / "seed.json"
    bad_seed.write_text("{")
    for kwargs in ({"snapshots": [empty]}, {"snapshots": [OMNI], "seed": bad_seed}):
        db = tmp_path / "never" / "emu.db"
        with pytest.raises(PygenError):
            Emulator(db=db, **kwargs).start()
        assert not db.parent.exists()
