"""A hostile model: names and descriptions full of quotes, escapes, newlines, keywords, dunders and code.

The generated SDK must compile, import, type-check and lint clean, carry every string verbatim, and never
run the canary payload planted in every string of the model.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pygen_core.codegen import GenerateOptions, generate, write_files
from pygen_core.snapshot import load_snapshot

DATA = Path(__file__).parent / "data" / "Hostile.json"
BIN = Path(sys.executable).parent
CANARY = "PYGEN_CANARY"
RUFF = ["--isolated", "--target-version", "py310", "--extend-exclude", "_runtime"]


@pytest.fixture(scope="module")
def sdk_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("hostile")
    files = generate(load_snapshot(DATA), GenerateOptions(package="hostile", default_instance_space="hs"))
    write_files(files, out)
    return out


def test_the_model_really_is_hostile() -> None:
    text = DATA.read_text(encoding="utf-8")
    model = json.loads(text)
    strings = json.dumps(model, ensure_ascii=False)
    for needle in [
        '\\"\\"\\"',
        "'''",
        "\\\\N{BULLET}",
        "\\n",
        "\\u0000",
        "\\u2028",
        "{{ 7*7 }}",
        "__import__",
    ]:
        assert needle in text or needle in strings, needle
    props = model["views"][0]["properties"]
    assert {"class", "self", "None", "model_config", "limit", "1st", "a-b", "annotations"} <= set(props)


@pytest.mark.slow
def test_generated_code_never_runs_the_canary_and_keeps_strings_verbatim(sdk_dir: Path) -> None:
    model = json.loads(DATA.read_text(encoding="utf-8"))
    field_description = model["views"][0]["description"]
    edge_type = model["views"][1]["properties"]["children"]["type"]["externalId"]
    script = f"""
import importlib, inspect, pkgutil, sys
sys.path.insert(0, {str(sdk_dir)!r})
import hostile
for name in hostile.__all__:
    getattr(hostile, name)
for name in hostile.__all__:
    inspect.getdoc(getattr(hostile, name))
dc = hostile
doc = inspect.getdoc(dc.Field)
assert {field_description!r}.strip().splitlines()[-1].strip() in doc, doc
client_view = importlib.import_module(dc.Client.__module__)
assert client_view._VIEW.connections["children"].edge_type.external_id == {edge_type!r}
write = dc.FieldWrite(external_id="x", class_="a", self="b", def_=1, limit=2)
assert write.model_dump(by_alias=True)["class"] == "a"
assert write.model_dump(by_alias=True)["self"] == "b"
assert len(hostile.HostileClient._apis) == 3, hostile.HostileClient._apis
for attribute in hostile.HostileClient._apis:
    api_class = type(vars(hostile.HostileClient)[attribute])
    assert api_class.__name__ == "_LazyAPI", api_class
print("ok")
"""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=sdk_dir)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
    assert not (sdk_dir / CANARY).exists()
    assert not Path(CANARY).exists()


@pytest.mark.slow
def test_generated_code_is_mypy_strict_and_ruff_clean(sdk_dir: Path, tmp_path: Path) -> None:
    config = tmp_path / "mypy.ini"
    config.write_text("[mypy]\nstrict = True\npython_version = 3.10\n")
    mypy = subprocess.run(
        [
            str(BIN / "mypy"),
            "--config-file",
            str(config),
            "--cache-dir",
            str(tmp_path / "c"),
            "-p",
            "hostile",
        ],
        capture_output=True,
        text=True,
        cwd=sdk_dir,
        env={**os.environ, "MYPYPATH": str(sdk_dir)},
    )
    assert mypy.returncode == 0, mypy.stdout + mypy.stderr
    package = str(sdk_dir / "hostile")
    rules = ["--select", "E,F,W,I,UP,B", "--ignore", "E501"]
    check = subprocess.run(
        [str(BIN / "ruff"), "check", *RUFF, *rules, package], capture_output=True, text=True
    )
    assert check.returncode == 0, check.stdout
    fmt = subprocess.run(
        [str(BIN / "ruff"), "format", "--check", "--diff", *RUFF, package], capture_output=True, text=True
    )
    assert fmt.returncode == 0, fmt.stdout
    assert not (sdk_dir / CANARY).exists()
