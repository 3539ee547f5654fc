"""Each property description is written once per field; help() still lists every field's description.

Generated classes carry no ``Attributes:`` section: the runtime's ``FieldDocs`` builds it from the field
docstrings (the class's own and those of its shared-properties base) when ``__doc__`` is first read. The
wire names and filter keywords the generated ``ViewSpec`` leaves out are derived by the runtime with the
same rules the generator uses, which the tests below keep equal.
"""

from __future__ import annotations

import inspect
import itertools
import json
import subprocess
import sys
from pathlib import Path
from typing import get_args

import pytest

from pygen_core import load_sdk
from pygen_core.codegen.python._emit import camel_case as codegen_camel_case
from pygen_core.ir import IROptions, build_ir, python_keyword_name
from pygen_core.runtime._spec import FilterOp, camel_case, keyword_name
from pygen_core.snapshot import read_snapshot
from tests._models import MODEL_FILES, model_path

pytestmark = pytest.mark.slow


def _descriptions(view_id: str) -> dict[str, str]:
    model = json.loads(model_path("CogniteCore.json").read_text(encoding="utf-8"))
    view = next(v for v in model["views"] if v["externalId"] == view_id)
    return {
        k: " ".join(p["description"].split()) for k, p in view["properties"].items() if p.get("description")
    }


def _check_doc(doc: str, descriptions: dict[str, str], write: bool) -> None:
    head, _, attributes = doc.partition("\n\nAttributes:\n")
    assert attributes, doc
    assert "Attributes:" not in head
    listed = dict(line.strip().split(": ", 1) for line in attributes.splitlines())
    assert listed["parent"] == descriptions["parent"]  # a connection, declared in the class itself
    assert listed["source_id"] == descriptions["sourceId"]  # shared, declared in the base
    assert listed["path_last_updated_time"] == descriptions["pathLastUpdatedTime"]
    assert ("children" in listed) is not write  # reverse relations are read-only


def test_help_lists_every_field_description_from_files(tmp_path: Path) -> None:
    out = tmp_path / "out"
    generate = [
        str(Path(sys.executable).parent / "pygen"),
        "generate",
        "--snapshot",
        str(model_path("CogniteCore.json")),
    ]
    done = subprocess.run(
        [*generate, "--package", "core_docs", "-o", str(out)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    view = (out / "core_docs" / "_views" / "_cognite_asset.py").read_text(encoding="utf-8")
    assert "Attributes:" not in view
    assert view.count('"""The parent of the asset."""') == 2  # read and write: a Ref each
    assert view.count('"""Identifier from the source system"""') == 1  # shared: declared once
    script = (
        "import inspect, json, pydoc, core_docs as s\n"
        "print(json.dumps([inspect.getdoc(s.CogniteAsset), inspect.getdoc(s.CogniteAssetWrite),"
        " pydoc.render_doc(s.CogniteAsset, renderer=pydoc.plaintext)]))\n"
    )
    shown = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=out)
    assert shown.returncode == 0, shown.stderr
    read, write, rendered = json.loads(shown.stdout)
    descriptions = _descriptions("CogniteAsset")
    _check_doc(read, descriptions, write=False)
    _check_doc(write, descriptions, write=True)
    assert descriptions["sourceId"] in rendered


def test_help_lists_every_field_description_from_memory(tmp_path: Path) -> None:
    sdk = load_sdk(model_path("CogniteCore.json"), package="core_docs_mem", cache_dir=tmp_path)
    descriptions = _descriptions("CogniteAsset")
    _check_doc(inspect.getdoc(sdk.CogniteAsset) or "", descriptions, write=False)
    _check_doc(inspect.getdoc(sdk.CogniteAssetWrite) or "", descriptions, write=True)


def _attributes() -> set[str]:
    """Every python attribute name the generator gives a property, over every test model."""
    found: set[str] = set()
    for path in MODEL_FILES:
        result = build_ir(read_snapshot(path), IROptions())
        found.update(p.names.python for view in result.model.views for p in view.properties)
    return found


def test_runtime_and_generator_derive_the_same_wire_names_and_keywords() -> None:
    attributes = _attributes() | {"object_3d", "type_", "json_", "a__b", "x_", "_", "float_32", "model_3d_x"}
    assert len(attributes) > 100
    ops: tuple[FilterOp, ...] = get_args(FilterOp)
    for attribute, op in itertools.product(sorted(attributes), ops):
        assert keyword_name(op, attribute) == python_keyword_name(op, attribute), (op, attribute)
        assert camel_case(attribute) == codegen_camel_case(attribute), attribute


def test_help_follows_a_new_sdk_loaded_under_the_same_name(tmp_path: Path) -> None:
    model = json.loads(model_path("CogniteCore.json").read_text(encoding="utf-8"))
    first = load_sdk(model_path("CogniteCore.json"), package="core_docs_swap", cache_dir=False)
    assert "The parent of the asset." in (inspect.getdoc(first.CogniteAsset) or "")
    view = next(v for v in model["views"] if v["externalId"] == "CogniteAsset")
    view["properties"]["parent"]["description"] = "A parent, described anew."
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps(model), encoding="utf-8")
    second = load_sdk(changed, package="core_docs_swap", cache_dir=False)
    doc = inspect.getdoc(second.CogniteAsset) or ""
    assert "parent: A parent, described anew." in doc
    assert "The parent of the asset." not in doc
