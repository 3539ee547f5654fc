"""Names from 1 to 75 characters in every position: the output must still be ruff-format stable.

Generated code is never formatted, so the layout helpers must reproduce ruff's choices for long lines
(exploded calls, parenthesised right-hand sides and annotations, split unions and subscripts).
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from pygen_core.codegen import GenerateOptions, generate, write_files
from pygen_core.snapshot import parse_snapshot

pytestmark = pytest.mark.slow  # ruff and mypy runs

BIN = Path(sys.executable).parent
SPACE = "long_space_name_for_testing"
TYPES = ["text", "int32", "int64", "float32", "float64", "boolean", "timestamp", "date", "json"]
TYPES += ["timeseries", "file", "sequence", "enum", "direct"]


def _word(rng: random.Random, length: int) -> str:
    text = ""
    while len(text) < length:
        text += rng.choice(["alpha", "Beta", "gamma", "Delta", "x", "Y", "temperature", "Value", "id"])
    return text[:length]


def long_names_model(view_lengths: tuple[int, ...], property_lengths: range) -> dict[str, Any]:
    rng = random.Random(7)
    names = ["V" + _word(rng, n) for n in view_lengths]
    versions = {name: "v1_" + _word(rng, 20) for name in names}
    views: list[dict[str, Any]] = []
    for index, name in enumerate(names):
        props: dict[str, Any] = {}
        for i, length in enumerate(property_lengths):
            kind = TYPES[i % len(TYPES)]
            pid = "p" + _word(rng, length)
            typ: dict[str, Any] = {"type": kind, "list": i % 4 == 3 and kind != "enum"}
            if kind == "enum":
                typ["values"] = {_word(rng, k).lower() + str(k): {} for k in (3, 12, 30)}
            if kind == "direct":
                target = names[(index + 1) % len(names)]
                typ["source"] = {"space": SPACE, "externalId": target, "version": versions[target]}
            props[pid] = {
                "container": {"space": SPACE, "externalId": f"C{index}"},
                "containerPropertyIdentifier": pid,
                "type": typ,
                "nullable": i % 5 != 0,
                "immutable": False,
                "autoIncrement": False,
                "defaultValue": "d" * (i * 3) if kind == "text" and i % 2 == 0 else None,
                "name": pid,
                "description": " ".join(["word"] * (i * 7)) or None,
            }
        target = names[(index + 2) % len(names)]
        props["e" + _word(rng, 40)] = {
            "connectionType": "multi_edge_connection",
            "type": {"space": SPACE, "externalId": "edge_type_" + _word(rng, 60)},
            "source": {"space": SPACE, "externalId": target, "version": versions[target], "type": "view"},
            "direction": "outwards",
        }
        node_type = {"space": SPACE, "externalId": "type_" + _word(rng, 70)}
        views.append(
            {
                "space": SPACE,
                "externalId": name,
                "version": versions[name],
                "name": name,
                "description": "d",
                "implements": [],
                "writable": True,
                "usedFor": "node",
                "filter": {"equals": {"property": ["node", "type"], "value": node_type}},
                "properties": props,
            }
        )
    for index, view in enumerate(views):  # reverse relation: through the previous view's first direct one
        before = views[index - 1]
        directs = [p for p, v in before["properties"].items() if v.get("type", {}).get("type") == "direct"]
        through = directs[0]
        ref = {"space": SPACE, "externalId": before["externalId"], "version": before["version"]}
        ref["type"] = "view"
        view["properties"]["r" + _word(rng, 50)] = {
            "connectionType": "multi_reverse_direct_relation",
            "source": ref,
            "through": {"source": ref, "identifier": through},
        }
    return {"space": SPACE, "externalId": "LongNames", "version": "1", "views": views}


@pytest.mark.parametrize(
    ("view_lengths", "property_lengths"),
    [((1, 8, 20, 30, 38), range(3, 48, 2)), ((1, 35, 50, 62), range(3, 75, 3))],
    ids=["realistic", "extreme"],
)
def test_long_names_are_ruff_stable_and_type_check(
    view_lengths: tuple[int, ...], property_lengths: range, tmp_path: Path
) -> None:
    snapshot = parse_snapshot(long_names_model(view_lengths, property_lengths), source="LongNames.json")
    options = GenerateOptions(
        package="longnames", default_instance_space="a_rather_long_default_instance_space"
    )
    write_files(generate(snapshot, options), tmp_path)
    package = str(tmp_path / "longnames")
    isolated = ["--isolated", "--target-version", "py310", "--extend-exclude", "_runtime"]
    fmt = subprocess.run(
        [str(BIN / "ruff"), "format", "--check", "--diff", *isolated, package], capture_output=True, text=True
    )
    assert fmt.returncode == 0, fmt.stdout
    rules = ["--select", "E,F,W,I,UP,B", "--ignore", "E501"]
    check = subprocess.run(
        [str(BIN / "ruff"), "check", *isolated, *rules, package], capture_output=True, text=True
    )
    assert check.returncode == 0, check.stdout
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
            "longnames",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "MYPYPATH": str(tmp_path)},
    )
    assert mypy.returncode == 0, mypy.stdout
