"""Property-based: random data models never crash the IR or the generator (only IRValidationError is
allowed); every output compiles and imports; ``mypy --strict`` passes on a small sample."""

from __future__ import annotations

import builtins
import importlib
import itertools
import subprocess
import sys
from pathlib import Path, PurePosixPath
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from pydantic import BaseModel

from pygen_core.codegen import GenerateOptions, generate, write_files
from pygen_core.ir import IRValidationError
from pygen_core.snapshot import parse_snapshot

from ._models import data_models

pytestmark = pytest.mark.slow  # mypy runs; random models generated and imported

_COUNTER = itertools.count()
_SETTINGS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def _generate(model: dict[str, Any], package: str) -> dict[PurePosixPath, str] | None:
    """The generated files, or None when the model is rejected with IRValidationError."""
    snapshot = parse_snapshot(model, source="random-model.json")
    try:
        return generate(snapshot, GenerateOptions(package=package, default_instance_space="sp_data"))
    except IRValidationError as error:
        if not error.fatal:
            raise AssertionError("IRValidationError without a fatal finding") from error
        return None


def _import_everything(root: Path, package: str) -> int:
    """Import every generated module and build every pydantic model; returns the number of modules."""
    sys.path.insert(0, str(root))
    try:
        modules = 0
        for path in sorted((root / package).rglob("*.py")):
            parts = path.relative_to(root).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            module = importlib.import_module(name)
            modules += 1
            for value in list(vars(module).values()):
                if isinstance(value, type) and issubclass(value, BaseModel) and value.__module__ == name:
                    value.model_rebuild(force=True)
        client = importlib.import_module(package).__dict__.get("__all__", [])
        assert client, f"{package} exports nothing"
        return modules
    finally:
        sys.path.remove(str(root))
        for name in [n for n in sys.modules if n == package or n.startswith(f"{package}.")]:
            del sys.modules[name]


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("random-sdks")


@_SETTINGS
@given(model=data_models())
def test_random_models_generate_compile_and_import(model: dict[str, Any], workdir: Path) -> None:
    package = f"random_sdk_{next(_COUNTER)}"
    files = _generate(model, package)
    if files is None:
        return
    for path, text in files.items():
        compile(text, str(path), "exec")
    root = workdir / package
    write_files(files, root)
    assert _import_everything(root, package) == sum(1 for p in files if p.suffix == ".py")
    # Names and descriptions carry code that sets this flag if it ever runs.
    assert not hasattr(builtins, "PYGEN_PWNED")


@settings(max_examples=3, deadline=None, database=None, derandomize=True)
@given(model=data_models())
def _collect(model: dict[str, Any]) -> None:
    _SAMPLE.append(model)


_SAMPLE: list[dict[str, Any]] = []


@pytest.fixture(scope="module")
def sample_sdks(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    _collect()
    root = tmp_path_factory.mktemp("mypy-sample")
    packages = []
    for n, model in enumerate(_SAMPLE):
        files = _generate(model, f"typed_sdk_{n}")
        if files is not None:
            write_files(files, root)
            packages.append(f"typed_sdk_{n}")
    return root, packages


def test_mypy_strict_on_a_sample(sample_sdks: tuple[Path, list[str]]) -> None:
    root, packages = sample_sdks
    assert packages, "every sampled model was rejected"
    args = [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--config-file", "/dev/null"]
    for package in packages:
        args += ["-p", package]
    result = subprocess.run(args, cwd=root, capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stdout[-4000:]
