"""generate(): package shape, runtime copy, lazy imports, options, inheritance, determinism, collisions."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path, PurePosixPath

import pytest

from pygen_core import PygenError
from pygen_core.codegen import GenerateOptions, generate, generate_with_ir, is_generated, write_files
from pygen_core.snapshot import Snapshot, load_snapshot
from tests._models import MODELS_DIR

MODELS = MODELS_DIR
DATA = Path(__file__).parent / "data"
RUNTIME = Path(__file__).resolve().parents[2] / "pygen_core" / "runtime"
BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def omni() -> Snapshot:
    return load_snapshot(MODELS / "Omni.json")


def test_package_layout_and_headers(omni: Snapshot) -> None:
    files = generate(omni, GenerateOptions(package="omni"))
    names = {str(p) for p in files}
    assert {"omni/__init__.py", "omni/py.typed", "omni/_client.py", "omni/_settings.py"} <= names
    assert "omni/_views/__init__.py" in names
    modules = [n for n in names if not n.endswith("__init__.py")]
    assert sum(1 for n in modules if n.startswith("omni/_views/_")) == len(omni.views)
    for path, text in files.items():
        if path.suffix == ".py" and path.parts[1] != "_runtime":
            assert is_generated(text), path
            assert omni.content_hash in text.splitlines()[1], path
            assert "from __future__ import annotations" in text, path
    assert files[PurePosixPath("omni/py.typed")] == ""
    assert list(files) == sorted(files)


def test_runtime_is_a_verbatim_copy_of_every_python_file(omni: Snapshot) -> None:
    files = generate(omni, GenerateOptions(package="omni"))
    copied = {p.relative_to("omni/_runtime"): t for p, t in files.items() if p.parts[1] == "_runtime"}
    sources = {
        PurePosixPath(p.relative_to(RUNTIME).as_posix()): p.read_text(encoding="utf-8")
        for p in RUNTIME.rglob("*.py")
        if "__pycache__" not in p.parts
    }
    assert copied == sources
    assert not any(p.name == "CONTRACT.md" for p in copied)


@pytest.mark.slow
def test_import_is_lazy_and_costs_the_same_for_any_model_size(tmp_path: Path) -> None:
    small = load_snapshot(MODELS / "OmniMultiC.json")
    big = load_snapshot(MODELS / "Omni.json")
    assert len(big.views) > 5 * len(small.views)
    write_files(generate(small, GenerateOptions(package="small")), tmp_path)
    write_files(generate(big, GenerateOptions(package="big")), tmp_path)
    script = """
import sys
before = set(sys.modules)
import {name}
from tests._models import MODELS_DIR
loaded = sorted(m for m in set(sys.modules) - before if m.startswith("{name}"))
print(loaded)
client = {name}.__dict__.get("__getattr__")("{client}")
api_modules = [m for m in sys.modules if m.startswith("{name}._views._")]
print(len(api_modules))
"""
    loaded = {}
    for name, client in (("small", "SmallClient"), ("big", "BigClient")):
        result = subprocess.run(
            [sys.executable, "-c", script.format(name=name, client=client)],
            capture_output=True,
            text=True,
            cwd=tmp_path,
        )
        assert result.returncode == 0, result.stderr
        first, second = result.stdout.splitlines()
        loaded[name] = first
        assert second == "0"  # the client class does not import any view API until used
    assert loaded["small"] == "['small']"
    assert loaded["big"] == "['big']"


def test_excluded_views_and_spaces_are_left_out(omni: Snapshot) -> None:
    files = generate(
        omni, GenerateOptions(package="o", exclude_views=("PrimitiveNullable", "ConnectionItemB"))
    )
    names = {str(p) for p in files}
    assert "o/_views/_primitive_nullable.py" not in names
    assert not any("ConnectionItemB" in text for p, text in files.items() if p.parts[1] != "_runtime")
    assert "o/_views/_primitive_required.py" in names
    multi = Snapshot(
        data_models=[
            dm
            for f in ("OmniMultiA", "OmniMultiB", "OmniMultiC")
            for dm in load_snapshot(MODELS / f"{f}.json").data_models
        ]
    )
    all_views = {v.space for v in multi.views}
    assert len(all_views) > 1
    dropped = sorted(all_views)[0]
    kept = generate(multi, GenerateOptions(package="m", exclude_spaces=(dropped,)))
    assert not any(f'ViewId("{dropped}"' in text for text in kept.values())
    assert any("ViewId(" in text for p, text in kept.items() if p.parts[1] == "_views")


@pytest.mark.slow
def test_child_views_that_narrow_inherited_connections_type_check(tmp_path: Path) -> None:
    snapshot = load_snapshot(DATA / "Narrowing.json")
    write_files(generate(snapshot, GenerateOptions(package="narrow")), tmp_path)
    pump = (tmp_path / "narrow" / "_views" / "_pump.py").read_text()
    assert "parent: rt.Ref[PumpStation | rt.NodeId | None]" in pump
    assert "equipment: rt.Ref[list[Pump | rt.NodeId] | None] = None" in pump
    asset = (tmp_path / "narrow" / "_views" / "_asset.py").read_text()
    assert "parent: rt.Ref[Asset | rt.NodeId | None]" in asset
    config = tmp_path / "mypy.ini"
    config.write_text("[mypy]\nstrict = True\npython_version = 3.10\n")
    result = subprocess.run(
        [str(BIN / "mypy"), "--config-file", str(config), "--cache-dir", str(tmp_path / "c"), "-p", "narrow"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "MYPYPATH": str(tmp_path)},
    )
    assert result.returncode == 0, result.stdout
    ruff = [str(BIN / "ruff"), "format", "--check", "--isolated", "--extend-exclude", "_runtime", "narrow"]
    fmt = subprocess.run(ruff, capture_output=True, text=True, cwd=tmp_path)
    assert fmt.returncode == 0, fmt.stdout
    assert "type: ignore" not in "".join(
        p.read_text() for p in (tmp_path / "narrow").rglob("*.py") if "_runtime" not in p.parts
    )


def test_a_subpackage_is_generated_in_place(omni: Snapshot) -> None:
    files = generate(omni, GenerateOptions(package="acme.sdk"))
    assert all(p.parts[:2] == ("acme", "sdk") for p in files)
    view = next(text for p, text in files.items() if p.parts[2] == "_views" and p.name != "__init__.py")
    assert "import acme.sdk._runtime as rt" in view


def test_same_input_same_bytes(omni: Snapshot) -> None:
    options = GenerateOptions(package="omni", default_instance_space="sp")
    assert generate(omni, options) == generate(load_snapshot(MODELS / "Omni.json"), options)


def test_default_space_reaches_settings_and_write_classes(omni: Snapshot) -> None:
    with_space = generate(omni, GenerateOptions(package="o", default_instance_space="my_space"))
    without = generate(omni, GenerateOptions(package="o"))
    assert 'DEFAULT_INSTANCE_SPACE = "my_space"' in with_space[PurePosixPath("o/_settings.py")]
    assert "DEFAULT_INSTANCE_SPACE: str | None = None" in without[PurePosixPath("o/_settings.py")]
    nullable = PurePosixPath("o/_views/_primitive_nullable.py")
    assert "space: str = DEFAULT_INSTANCE_SPACE" in with_space[nullable]
    assert "DEFAULT_INSTANCE_SPACE" not in without[nullable]


def test_options_are_validated() -> None:
    for bad in ["", "Omni", "1omni", "omni-sdk", "class", "a.class", "a..b", ".a"]:
        with pytest.raises(PygenError, match="package: "):
            GenerateOptions(package=bad)
    assert GenerateOptions(package="acme.sdk").resolved_client_name == "SdkClient"
    with pytest.raises(PygenError, match="client_name: "):
        GenerateOptions(package="ok", client_name="not valid")
    assert GenerateOptions(package="wind_turbine").resolved_client_name == "WindTurbineClient"


def test_generated_name_collisions_fail_loudly(omni: Snapshot) -> None:
    with pytest.raises(PygenError, match="PrimitiveNullable"):
        generate(omni, GenerateOptions(package="o", client_name="PrimitiveNullable"))
    with pytest.raises(PygenError, match="NodeId"):
        generate(omni, GenerateOptions(package="o", client_name="NodeId"))


def test_findings_are_returned(omni: Snapshot) -> None:
    _files, result = generate_with_ir(omni, GenerateOptions(package="o"))
    findings = result.findings
    assert any(f.code == "PYG301" and "json" in f.message for f in findings)
