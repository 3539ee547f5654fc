"""``pygen migrate code`` for the SDK's layout: cognite-pygen's ``data_classes`` (and its private modules) and
``_api_client`` are the package itself now, which exports every class; every way of importing them follows."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from pygen_core.codegen import GenerateOptions, generate, write_files
from pygen_core.ir import build_ir
from pygen_core.migrate import NameMap, scan_code
from pygen_core.snapshot import load_snapshot
from tests._models import model_path

SOURCE = """\
import omni
import omni.data_classes
import omni.data_classes as dc
from omni import data_classes
from omni._api_client import OmniClient
from omni.data_classes import ConnectionItemCNode, PrimitiveNullableList  # the classes
from omni.data_classes import *
from omni.data_classes._primitive_nullable import PrimitiveNullable

CLASSES = (
    dc.ConnectionItemCNode,
    omni.data_classes.PrimitiveNullableWrite,
    data_classes.ConnectionItemA,
    ConnectionItemCNode,
    PrimitiveNullable,
    PrimitiveNullableList,
    ConnectionItemAWrite,
    OmniClient,
    omni.OmniClient,
)
"""

FIXED = """\
import omni
import omni
import omni as dc
import omni as data_classes
from omni import OmniClient
from omni import ConnectionItemC, PrimitiveNullableList  # the classes
from omni import *
from omni import PrimitiveNullable

CLASSES = (
    dc.ConnectionItemC,
    omni.PrimitiveNullableWrite,
    data_classes.ConnectionItemA,
    ConnectionItemC,
    PrimitiveNullable,
    PrimitiveNullableList,
    ConnectionItemAWrite,
    OmniClient,
    omni.OmniClient,
)
"""

MANUAL = """\
from omni import config, data_classes as dc, OmniClient
from omni._api.primitive_nullable import PrimitiveNullableAPI
from omni.data_classes import PrimitiveNullableFields, PrimitiveNullableTextFields
from omni.data_classes._core import DEFAULT_INSTANCE_SPACE
import omni._api
"""


def _names() -> NameMap:
    return NameMap.from_model(build_ir(load_snapshot(model_path("Omni.json"))).model)


@pytest.mark.slow
def test_every_import_of_a_moved_module_follows_and_the_result_imports(tmp_path: Path) -> None:
    source = tmp_path / "app" / "layout.py"
    source.parent.mkdir()
    source.write_text(SOURCE)
    scan = scan_code([source], package="omni", client_name="OmniClient", names=_names(), fix=True)
    assert [f.render().split(": ", 1)[1] for f in scan.findings] == [
        "import omni.data_classes -> import omni (fixed)",
        "import omni.data_classes -> import omni (fixed)",
        "from omni import data_classes -> import omni as data_classes (fixed)",
        "from omni._api_client import -> from omni (fixed)",
        "from omni.data_classes import -> from omni (fixed)",
        "import of ConnectionItemCNode -> ConnectionItemC (fixed)",
        "from omni.data_classes import -> from omni (fixed)",
        "from omni.data_classes._primitive_nullable import -> from omni (fixed)",
        "ConnectionItemCNode -> ConnectionItemC (fixed)",
        "omni.data_classes -> omni (fixed)",
    ]
    assert source.read_text() == FIXED
    sdk = tmp_path / "sdk"
    options = GenerateOptions(package="omni", client_name="OmniClient")
    write_files(generate(load_snapshot(model_path("Omni.json")), options), sdk)
    script = "from layout import CLASSES\nprint(' '.join(c.__name__ for c in CLASSES))\n"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(sdk), str(source.parent)])}
    ran = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.split() == [
        "ConnectionItemC",
        "PrimitiveNullableWrite",
        "ConnectionItemA",
        "ConnectionItemC",
        "PrimitiveNullable",
        "PrimitiveNullableList",
        "ConnectionItemAWrite",
        "OmniClient",
        "OmniClient",
    ]


def test_what_the_package_does_not_export_is_listed_and_left(tmp_path: Path) -> None:
    source = tmp_path / "manual.py"
    source.write_text(MANUAL)
    scan = scan_code([source], package="omni", client_name="OmniClient", names=_names(), fix=True)
    assert [(f.line, f.what, f.mechanical) for f in scan.findings] == [
        (1, "from omni import config", False),
        (1, "from omni import data_classes", False),
        (2, "from omni._api.primitive_nullable import PrimitiveNullableAPI", False),
        (3, "from omni.data_classes import", True),
        (3, "import of PrimitiveNullableFields", False),
        (3, "import of PrimitiveNullableTextFields", False),
        (4, "import of DEFAULT_INSTANCE_SPACE", False),
        (5, "import omni._api", False),
    ]
    advice = {f.what: f.advice for f in scan.findings}
    assert advice["from omni import config"].startswith("global_config is gone")
    assert advice["from omni import data_classes"] == (
        "the module moved: import omni as dc, on a line of its own"
    )
    assert advice["import of PrimitiveNullableFields"].startswith("<View>Fields and <View>TextFields are not")
    assert advice["import omni._api"] == "API classes are internal: use client.<view>"
    # Only the module of line 3 moved; the rest is left for a person.
    assert source.read_text() == MANUAL.replace(
        "from omni.data_classes import PrimitiveNullableFields", "from omni import PrimitiveNullableFields"
    )
