"""Builders of malformed inputs: snapshot documents derived from a real model, throwaway hatch projects."""

from __future__ import annotations

import copy
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests._models import MODELS_DIR

MODELS = MODELS_DIR
PUMPS = MODELS / "Pumps.json"
PUMPS_ID = "IntegrationTestsImmutable:Pumps/1"
STEERING = ("PYGEN_", "CDF_", "IDP_", "HATCH_BUILD_", "SOURCE_DATE_EPOCH")
MISSING_VIEW = {"space": "nowhere", "externalId": "Missing", "version": "1", "type": "view"}


def clean_environ() -> dict[str, str]:
    """The current environment without anything that could steer pygen or hatch."""
    return {k: v for k, v in os.environ.items() if not k.startswith(STEERING)}


def pumps() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(PUMPS.read_text(encoding="utf-8"))
    return data


def _edit(change: Callable[[dict[str, Any]], None]) -> bytes:
    data = copy.deepcopy(pumps())
    change(data)
    return json.dumps(data).encode()


def _set_type(data: dict[str, Any]) -> None:
    data["views"][0]["properties"]["name"]["type"]["type"] = 5


def _set_nullable(data: dict[str, Any]) -> None:
    data["views"][0]["properties"]["name"]["nullable"] = "maybe"


def _drop_space(data: dict[str, Any]) -> None:
    del data["space"]


def _views_text(data: dict[str, Any]) -> None:
    data["views"] = "Pump"


def _dangling_parent(data: dict[str, Any]) -> None:
    data["views"][0]["implements"] = [MISSING_VIEW]


def _not_a_list(data: dict[str, Any]) -> None:
    data["views"][0]["properties"]["name"]["type"]["list"] = "sometimes"


def snapshot_documents() -> dict[str, bytes]:
    """Malformed snapshot files by name (the name is also the file name used in the tests)."""
    text = PUMPS.read_bytes()
    return {
        "truncated.json": text[: len(text) // 2],
        "empty.json": b"",
        "array.json": b"[1, 2, 3]",
        "binary.json": b"\xff\xfe\x00\x01 not text",
        "wrong-type.json": _edit(_set_type),
        "wrong-bool.json": _edit(_set_nullable),
        "no-space.json": _edit(_drop_space),
        "views-text.json": _edit(_views_text),
        "list-flag.json": _edit(_not_a_list),
        "future.json": b'{"formatVersion": 99, "dataModels": [], "containers": []}\n',
    }


def dangling_snapshot() -> bytes:
    """Pumps whose first view implements a view that the snapshot does not hold."""
    return _edit(_dangling_parent)


def write_project(root: Path, pygen_toml: str, *, hook_toml: str = "", snapshot: bytes | None = None) -> Path:
    """A project with a hand-written ``demo`` package and the pygen hook; ``pygen_toml`` is the table body."""
    (root / "src" / "demo").mkdir(parents=True)
    (root / "src" / "demo" / "__init__.py").write_text('"""Hand-written."""\n', encoding="utf-8")
    (root / "pyproject.toml").write_text(
        "[build-system]\n"
        'requires = ["hatchling", "hatch-pygen"]\n'
        'build-backend = "hatchling.build"\n'
        "[project]\n"
        'name = "demo-client"\n'
        'version = "1.0.0"\n'
        'dependencies = ["httpx>=0.27", "pydantic>=2.6"]\n'
        "[tool.hatch.build.targets.wheel]\n"
        'packages = ["src/demo"]\n'
        f"[tool.hatch.build.hooks.pygen]\n{hook_toml}\n"
        f"[tool.pygen]\n{pygen_toml}\n",
        encoding="utf-8",
    )
    if snapshot is None:
        shutil.copyfile(PUMPS, root / "pygen-snapshot.json")
    else:
        (root / "pygen-snapshot.json").write_bytes(snapshot)
    return root
