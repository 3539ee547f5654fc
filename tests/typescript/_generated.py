"""Models and packages the TypeScript emitter tests generate (no node needed here)."""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath
from typing import Any

from pygen_core.codegen import GenerateOptions, generate, write_files
from pygen_core.snapshot import load_snapshot, parse_snapshot
from tests._models import model_path
from tests.codegen.test_layout_stress import long_names_model

HERE = Path(__file__).resolve().parent
OMNI_MINI = HERE / "omni-mini"
OMNI_MINI_VIEWS = (
    "ConnectionEdgeA", "ConnectionItemA", "ConnectionItemB", "ConnectionItemC", "ConnectionItemD",
    "ConnectionItemE", "ConnectionItemF", "ConnectionItemG", "Implementation1", "MainInterface",
    "PrimitiveNullable", "PrimitiveNullableListed", "PrimitiveRequired", "SubInterface",
)  # fmt: skip
"""The Omni views omni-mini holds."""


def omni_mini_options() -> GenerateOptions:
    """The options that generate omni-mini: Omni without the views omni-mini leaves out."""
    snapshot = load_snapshot(model_path("Omni.json"))
    left_out = tuple(v.external_id for v in snapshot.views if v.external_id not in OMNI_MINI_VIEWS)
    return GenerateOptions(
        package="omni-mini",
        language="typescript",
        default_instance_space="sp_omni_instances",
        exclude_views=left_out,
    )


def omni_mini_files() -> dict[PurePosixPath, str]:
    """omni-mini as the emitter generates it."""
    return generate(load_snapshot(model_path("Omni.json")), omni_mini_options())


HOSTILE = "*/ export const pwned = 1; /* `x` <b>|</b> \"q\" 'q' \\ \u2028 \u00e9\u65e5\U0001f600"


def hostile_model() -> dict[str, Any]:
    """A model whose free text tries to break out of comments, strings and Markdown, and whose identifiers
    collide with what TypeScript, JavaScript objects and the runtime reserve."""
    container = {"space": "sp", "externalId": "C", "type": "container"}

    def prop(identifier: str, kind: dict[str, Any], **extra: Any) -> dict[str, Any]:
        return {
            "container": container,
            "containerPropertyIdentifier": identifier,
            "type": kind,
            "nullable": True,
            "immutable": False,
            "autoIncrement": False,
            "name": HOSTILE,
            "description": f"{HOSTILE}\nsecond line */\n\n@param x",
            **extra,
        }

    values = {'a"b': {"name": HOSTILE}, "c'd": {}, "e\\f\n": {}, "\u00e9t\u00e9": {}, "*/": {}}
    properties = {
        "limit": prop("limit", {"type": "text"}),
        "externalId": prop("externalId", {"type": "int32"}),
        "constructor": prop("constructor", {"type": "boolean"}),
        "toString": prop("toString", {"type": "json"}),
        "default": prop("default", {"type": "text"}),
        "text": prop("text", {"type": "text"}),
        "textPrefix": prop("textPrefix", {"type": "text"}),
        "my-value": prop("my-value", {"type": "float64"}),
        "my_value": prop("my_value", {"type": "timestamp"}),
        "3d": prop("3d", {"type": "date", "list": True}),
        "state": prop("state", {"type": "enum", "values": values}),
        "states": prop("states", {"type": "enum", "values": values, "list": True}),
    }
    views: list[dict[str, Any]] = [
        {
            "space": "sp",
            "externalId": external_id,
            "version": "v1",
            "name": HOSTILE,
            "description": HOSTILE,
            "implements": [],
            "writable": True,
            "usedFor": "node",
            "properties": properties,
        }
        for external_id in ("Date", "Filter", "Config", "class", "Pump", "PumpView")
    ]
    return {"space": "sp", "externalId": "Hostile", "version": "1", "name": HOSTILE, "views": views}


def shapes_model() -> dict[str, Any]:
    """Views of every shape: no properties, edge views (read-only too), edges with and without properties,
    single and list direct relations to writable and read-only views, reverse relations, CDF references."""
    from tests.ir.conftest import content, direct, edge, prop, reverse, view

    return content(
        view("Bare", {}),
        view("Link", {}, used_for="edge"),
        view("LinkRO", {"weight": prop("float64")}, used_for="edge", writable=False),
        view(
            "Hub",
            {
                "name": prop(),
                "toBare": edge("Bare"),
                "toBareOne": edge("Bare", multi=False),
                "via": edge("Bare", edge_source="Link"),
                "viaRO": edge("Bare", edge_source="LinkRO"),
                "parent": direct("Hub"),
                "kids": reverse("Hub", "Hub", "parent"),
            },
        ),
        view(
            "ReadOnly",
            {
                "ref": direct("Hub"),
                "refs": direct("Hub", is_list=True),
                "series": prop("timeseries"),
                "files": prop("file", list=True),
                "state": prop("enum", values={"on": {}, "off": {}}),
            },
            writable=False,
        ),
        view(
            "Pointer", {"ro": direct("ReadOnly"), "back": reverse("ReadOnly", "ReadOnly", "ref", multi=False)}
        ),
    )


def boundaries_model() -> dict[str, Any]:
    """Properties whose lines end at every column around the 120 limit (members, keywords, spec entries,
    builders), and direct relations whose unions do: where prettier's fits-or-breaks decision flips."""
    from tests.ir.conftest import content, direct, prop, view

    props: dict[str, Any] = {}
    for length in range(40, 118):
        name = ("p" + "x" * length)[:length]
        kinds = ("text", "int64", "timestamp", "date")
        props[name] = prop(kinds[length % 4], identifier=name)
    props["link" + "y" * 70] = direct("Target" + "Z" * 40)
    target = view("Target" + "Z" * 40, {"name": prop()})
    return content(view("Boundaries" + "W" * 20, props), target)


def write_package(files: dict[PurePosixPath, str], root: Path) -> Path:
    """Write ``files`` under ``root``; returns the package directory."""
    written = write_files(files, root)
    assert len(written) == 1
    return written[0]


def generate_packages(root: Path) -> dict[str, Path]:
    """Every shared model, the long-names models and the hostile model as npm packages under ``root``."""
    from tests._models import MODEL_FILES

    packages: dict[str, Path] = {}
    for path in MODEL_FILES:
        name = path.stem.lower()
        options = GenerateOptions(package=name, language="typescript", default_instance_space="sp_instances")
        packages[name] = write_package(generate(load_snapshot(path), options), root)
    stress = {
        "realistic": ((1, 8, 20, 30, 38), range(3, 48, 2)),
        "extreme": ((1, 35, 50, 62), range(3, 75, 3)),
    }
    for label, (views, props) in stress.items():
        snapshot = parse_snapshot(long_names_model(views, props), source="LongNames.json")
        options = GenerateOptions(
            package=f"@long-names/{label}",
            language="typescript",
            client_name="A" * 70 + "Client",
            default_instance_space="a_rather_long_default_instance_space_12345",
        )
        packages[label] = write_package(generate(snapshot, options), root)
    edges = GenerateOptions(package="boundaries", language="typescript", default_instance_space="sp")
    packages["boundaries"] = write_package(generate(boundaries_model(), edges), root)
    shapes = GenerateOptions(package="shapes", language="typescript", default_instance_space="sp")
    packages["shapes"] = write_package(generate(shapes_model(), shapes), root)
    hostile = parse_snapshot(hostile_model(), source="Hostile.json")
    options = GenerateOptions(package="hostile", language="typescript")
    packages["hostile"] = write_package(generate(hostile, options), root)
    return packages


def package_json(directory: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((directory / "package.json").read_text(encoding="utf-8"))
    return data
