"""Any Unicode in model text (lone surrogates, controls, separators, bidi marks, astral characters) and any
JSON nesting depth end in an SDK or in one error line from the whole ``pygen generate`` process, never in
a traceback or a half-written output folder."""

from __future__ import annotations

import ast
import copy
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests._models import model_path

pytestmark = pytest.mark.slow  # the pygen CLI in a subprocess

PYGEN = [sys.executable, "-m", "pygen_core"]
BASE: dict[str, Any] = json.loads(model_path("Pumps.json").read_text(encoding="utf-8"))
# Every character, surrogates included (JSON can carry a lone one as an escape).
ANY_TEXT = st.text(st.characters(exclude_categories=()), max_size=30)
TRICKY = [
    "\ud800",
    "\udfff",
    "a\ud83d",
    "\x00",
    "\ufeff",
    "\u202e",
    "\u2028\u2029",
    "\U0001f600",
    "e\u0301",
    "\\N{BULLET}",
    '"""',
    "\r\n",
]


DEEP = "__deep__"


def _run(
    snapshot: Any, workdir: Path, name: str, deep: str = ""
) -> tuple[subprocess.CompletedProcess[str], Path]:
    source = workdir / f"{name}.json"
    text = json.dumps(snapshot, ensure_ascii=True)  # escapes keep lone surrogates
    source.write_text(text.replace(json.dumps(DEEP), deep), encoding="utf-8")
    out = workdir / f"{name}-out"
    result = subprocess.run(
        [*PYGEN, "generate", "--snapshot", str(source), "--package", "sdk", "--output", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return result, out


def _check(result: subprocess.CompletedProcess[str], out: Path) -> str:
    """Either an SDK whose every module parses, or one error line and nothing written; the outcome."""
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    if result.returncode == 0:
        modules = list((out / "sdk").rglob("*.py"))
        assert modules
        for module in modules:
            ast.parse(module.read_text(encoding="utf-8"))
        return "sdk"
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("pygen: error: ")
    assert not out.exists()
    return "refused"


def _with_text(text: str) -> dict[str, Any]:
    model = copy.deepcopy(BASE)
    model["description"] = text
    view = model["views"][0]
    view["name"] = text
    view["description"] = text
    prop = next(iter(view["properties"].values()))
    prop["description"] = text
    prop["name"] = text
    view["properties"][f"p{len(text)}"] = {**prop, "description": text}
    return model


@pytest.mark.parametrize("text", TRICKY, ids=[repr(t) for t in TRICKY])
def test_tricky_text_everywhere_generates_an_sdk(text: str, tmp_path: Path) -> None:
    result, out = _run(_with_text(text), tmp_path, "model")
    assert _check(result, out) == "sdk", result.stderr


@pytest.mark.parametrize("text", ["\ud800x", "a\u0000b", "x\u2028y"])
def test_tricky_text_as_an_identifier_is_one_line_or_an_sdk(text: str, tmp_path: Path) -> None:
    model = copy.deepcopy(BASE)
    view = model["views"][0]
    view["externalId"] = text
    view["properties"][text] = next(iter(view["properties"].values()))
    result, out = _run(model, tmp_path, "model")
    _check(result, out)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=ANY_TEXT)
def test_any_text_generates_an_sdk(text: str, tmp_path: Path) -> None:
    result, out = _run(_with_text(text), tmp_path, "model")
    assert _check(result, out) == "sdk", result.stderr


def _nested(depth: int) -> str:
    """JSON text nested ``depth`` levels (objects and arrays in turn), built as text: no recursion here."""
    opening = "".join('{"k":' if n % 2 else "[" for n in range(depth))
    closing = "".join("}" if n % 2 else "]" for n in reversed(range(depth)))
    return f'{opening}"leaf"{closing}'


@pytest.mark.parametrize("depth", [10, 500, 990, 1_100, 5_000, 100_000])
@pytest.mark.parametrize("where", ["filter", "defaultValue", "extra", "top"])
def test_any_nesting_depth_is_an_sdk_or_one_line(where: str, depth: int, tmp_path: Path) -> None:
    model = copy.deepcopy(BASE)
    view = model["views"][0]
    if where == "filter":
        view["filter"] = DEEP
    elif where == "defaultValue":
        next(iter(view["properties"].values()))["defaultValue"] = DEEP
    elif where == "extra":
        view["somethingNew"] = DEEP
    else:
        model = {"items": [model], "deep": DEEP}
    result, out = _run(model, tmp_path, f"{where}-{depth}", _nested(depth))
    _check(result, out)
