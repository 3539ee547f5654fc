"""``pygen_core.load_sdk``: generate and import an SDK from memory, cached by content hash."""

from __future__ import annotations

import inspect
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import pygen_core
from pygen_core import PygenError, _load
from pygen_core.emulator import Emulator
from tests._models import model_path

OMNI = model_path("Omni.json")
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _forget() -> Iterator[None]:
    yield
    for package in list(_load._LOADED):
        _load._drop(package)


def test_loads_from_memory_and_works_against_cdf(tmp_path: Path) -> None:
    sdk = pygen_core.load_sdk(OMNI, package="mem_omni", default_instance_space="sp_x", cache_dir=tmp_path)
    assert sdk.__name__ == "mem_omni"
    assert sdk.__file__ is not None
    assert sdk.__file__.startswith("<pygen ")
    assert not any(p.suffix == ".py" for p in tmp_path.rglob("*"))  # sources are never files
    source = inspect.getsource(sdk.PrimitiveNullable)
    assert "class PrimitiveNullable(_PrimitiveNullableProperties, rt.NodeRead):" in source
    with Emulator(snapshots=[OMNI]) as emu, sdk.MemOmniClient(emu.client_config()) as client:
        client.upsert([sdk.PrimitiveNullableWrite(external_id="n1", text="hi")])
        assert [n.text for n in client.primitive_nullable.list()] == ["hi"]


def test_the_same_sdk_is_cached_and_a_changed_one_replaces_it(tmp_path: Path) -> None:
    first = pygen_core.load_sdk(str(OMNI), package="mem_cached", cache_dir=tmp_path)
    client_class = first.MemCachedClient
    assert pygen_core.load_sdk(OMNI, package="mem_cached", cache_dir=tmp_path) is first
    other = pygen_core.load_sdk(OMNI, package="mem_cached", client_name="Other", cache_dir=tmp_path)
    assert other is not first
    assert sys.modules["mem_cached"] is other
    assert other.Other.__name__ == "Other"
    assert not hasattr(other, "MemCachedClient")
    assert client_class.__name__ == "MemCachedClient"  # objects of the old SDK stay as they were


@pytest.mark.slow
def test_other_processes_reuse_the_disk_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pygen_core.load_sdk(OMNI, package="mem_disk", cache_dir=tmp_path)
    assert len(list(tmp_path.glob("*.json"))) == 1
    _load._drop("mem_disk")  # as if in a new process: nothing imported, nothing in memory

    def refuse(*args: object) -> None:
        raise AssertionError("generated again despite the cache")

    monkeypatch.setattr(_load, "_generate", refuse)
    sdk = pygen_core.load_sdk(OMNI, package="mem_disk", cache_dir=tmp_path)
    assert sdk.MemDiskClient.__name__ == "MemDiskClient"
    script = (
        "import sys, time; import pygen_core, pygen_core._load as L\n"
        "L._generate = None\n"  # a fresh process must not generate either
        f"sdk = pygen_core.load_sdk({str(OMNI)!r}, package='mem_disk', cache_dir={str(tmp_path)!r})\n"
        "print(sdk.MemDiskClient.__name__)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "MemDiskClient"


def test_without_a_disk_cache_nothing_is_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYGEN_CACHE_DIR", str(tmp_path))
    pygen_core.load_sdk(OMNI, package="mem_nocache", cache_dir=False)
    assert list(tmp_path.rglob("*")) == []
    pygen_core.load_sdk(OMNI, package="mem_envcache")
    assert len(list((tmp_path / "load_sdk").glob("*.json"))) == 1


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX modes")
def test_the_default_cache_is_private_and_an_open_one_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PYGEN_CACHE_DIR", str(tmp_path))
    pygen_core.load_sdk(OMNI, package="mem_private")
    (stored,) = (tmp_path / "load_sdk").glob("*.json")
    assert (tmp_path / "load_sdk").stat().st_mode & 0o777 == 0o700
    _load._drop("mem_private")
    # Planted code under the entry's name, in a directory anyone may write: never imported.
    files = json.loads(stored.read_text(encoding="utf-8"))
    files["mem_private/__init__.py"] = "raise RuntimeError('planted')\n"
    stored.write_text(json.dumps(files), encoding="utf-8")
    (tmp_path / "load_sdk").chmod(0o777)
    assert pygen_core.load_sdk(OMNI, package="mem_private").MemPrivateClient.__name__ == "MemPrivateClient"
    _load._drop("mem_private")
    (tmp_path / "load_sdk").chmod(0o700)  # private again, the entry is read (so the mode decided)
    with pytest.raises(RuntimeError, match="planted"):
        pygen_core.load_sdk(OMNI, package="mem_private")


def test_a_data_model_id_is_fetched_from_cdf(tmp_path: Path) -> None:
    with Emulator(snapshots=[OMNI]) as emu:
        sdk = pygen_core.load_sdk(
            "sp_pygen_models:Omni/1", package="mem_pulled", config=emu.client_config(), cache_dir=tmp_path
        )
        from_file = pygen_core.load_sdk(OMNI, package="mem_from_file", cache_dir=False)
        assert sorted(sdk.__all__) == sorted(n.replace("MemFromFile", "MemPulled") for n in from_file.__all__)
        with pytest.raises(PygenError, match="fetching sp_pygen_models:Nope/1 failed"):
            pygen_core.load_sdk("sp_pygen_models:Nope/1", package="mem_none", config=emu.client_config())


def test_default_package_is_the_model_name(tmp_path: Path) -> None:
    sdk = pygen_core.load_sdk(model_path("WindTurbine.json"), cache_dir=tmp_path)
    assert sdk.__name__ == "wind_turbine"
    assert sdk.WindTurbineClient.__name__ == "WindTurbineClient"


@pytest.mark.parametrize(
    ("source", "package", "message"),
    [
        ("no-such-file.json", "x_sdk", "neither a snapshot file nor a data model id"),
        (OMNI, "Not-A-Package", "package: 'Not-A-Package' is not a valid package name"),
        (OMNI, "json", "a package 'json' is already imported from elsewhere"),
    ],
)
def test_mistakes_are_one_line_errors(source: object, package: str, message: str, tmp_path: Path) -> None:
    with pytest.raises(PygenError, match=message) as caught:
        pygen_core.load_sdk(source, package=package, cache_dir=tmp_path)  # type: ignore[arg-type]
    assert "\n" not in str(caught.value)
    assert "Not-A-Package" not in sys.modules


def test_a_bad_snapshot_file_names_itself(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"space": "s", "externalId": "M", "version": "1", "views": [{"space": 1}]}')
    with pytest.raises(PygenError, match=r"broken\.json: views"):
        pygen_core.load_sdk(broken, package="mem_broken", cache_dir=False)
