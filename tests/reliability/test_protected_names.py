"""Every name generated code relies on, as a view name and as a property name, for node and edge views,
with and without the ``names`` option: the SDK imports, type-checks and works against the emulator (each
rename reported), or the option is refused in one line.

The protected names are derived from what they protect: the runtime's node, edge and client classes, the names
generated modules bind, the generated API methods' parameters, and Python's keywords and builtins. The IR's
reserved-name tables are checked against the same derivation, so neither can drift.
"""

from __future__ import annotations

import importlib
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from pygen_core import ir
from pygen_core.codegen import GenerateOptions, generate, write_files
from pygen_core.emulator import Emulator
from pygen_core.snapshot import parse_snapshot, snapshot_content
from tests._models import model_path

from . import _protected as P

pytestmark = pytest.mark.slow
BIN = Path(sys.executable).parent
INSTANCES = "sp_clash_instances"


@dataclass(frozen=True)
class Reference:
    """A generated SDK (Omni: node and edge views, every property type) the derivation reads."""

    module_names: set[str]
    api_parameters: set[str]


def _import_fresh(package: str, directory: Path) -> ModuleType:
    for name in [m for m in sys.modules if m == package or m.startswith(package + ".")]:
        del sys.modules[name]
    sys.path.insert(0, str(directory))
    try:
        return importlib.import_module(package)
    finally:
        sys.path.remove(str(directory))


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> Reference:
    directory = tmp_path_factory.mktemp("reference")
    snapshot = snapshot_content(__import__("json").loads(model_path("Omni.json").read_text(encoding="utf-8")))
    options = GenerateOptions(package="reference_sdk", default_instance_space="sp")
    write_files(generate(snapshot, options), directory)
    model = ir.build_ir(snapshot, options.ir_options()).model
    view_names = {
        name for v in model.views for name in vars(v.names.python).values() if isinstance(name, str)
    } | {options.resolved_client_name}
    _import_fresh("reference_sdk", directory)
    api_classes = [
        getattr(
            importlib.import_module(f"reference_sdk._views._{v.names.python.module_name}"),
            v.names.python.api_class_name,
        )
        for v in model.views
    ]
    return Reference(
        P.generated_module_names(directory / "reference_sdk", view_names),
        P.generated_api_parameters(api_classes),
    )


def protected_names(reference: Reference) -> set[str]:
    return (
        P.runtime_instance_names()
        | P.runtime_client_names()
        | reference.module_names
        | reference.api_parameters
        | P.language_names()
        | set(ir.SDK_RUNTIME_EXPORTS)
    )


# --- the IR's tables against what they protect ------------------------------------------------------------


def test_instance_attributes_are_reserved() -> None:
    names = {n for n in P.runtime_instance_names() if not n.startswith("model_")}
    assert {"space", "external_id", "node_type", "as_write", "model_config"} & names  # derived, not empty
    assert names <= ir.RESERVED_ATTRIBUTE_NAMES


def test_client_attributes_are_reserved() -> None:
    names = P.runtime_client_names()
    assert {"upsert", "delete", "close"} <= names
    assert names <= set(ir.CLIENT_ATTRIBUTE_NAMES)


def test_generated_module_names_are_reserved(reference: Reference) -> None:
    assert {"rt", "VIEW_ID", "ClassVar"} <= reference.module_names
    allowed = set(ir.GENERATED_MODULE_NAMES) | set(ir.SDK_RUNTIME_EXPORTS)
    assert reference.module_names <= allowed, reference.module_names - allowed


def test_generated_api_parameters_are_reserved(reference: Reference) -> None:
    assert {"limit", "sort_by", "retrieve_connections"} <= reference.api_parameters
    assert reference.api_parameters - {"self"} <= set(ir.API_PARAMETER_NAMES)


def test_runtime_exports_exist() -> None:
    from pygen_core import runtime

    assert set(ir.SDK_RUNTIME_EXPORTS) <= set(runtime.__all__)


# --- every protected name in a model ----------------------------------------------------------------------


@dataclass
class ClashSDK:
    """A generated SDK for a clash snapshot, with its IR and the data it was generated from."""

    package: ModuleType
    name: str
    raw: dict[str, Any]
    model: ir.SDKModel
    findings: tuple[ir.Finding, ...]
    options: GenerateOptions


def _accepted(names: set[str], target: str, snapshot: Any) -> list[str]:
    """The names the ``names`` option accepts for ``target``; every refusal is one PYG305 line naming it."""
    accepted = []
    for name in sorted(names):
        refusal: ir.IRValidationError | None = None
        try:
            ir.build_ir(snapshot, ir.IROptions(names={target: name}))
        except ir.IRValidationError as exc:
            refusal = exc
        if refusal is None:
            accepted.append(name)
            continue
        assert [f.code for f in refusal.findings] == ["PYG305"], (target, name, str(refusal))
        line = str(refusal.findings[0])
        assert "\n" not in line
        assert repr(name) in line
    return accepted


@pytest.fixture(scope="module")
def clash_sdks(reference: Reference, tmp_path_factory: pytest.TempPathFactory) -> dict[str, ClashSDK]:
    names = protected_names(reference)
    views, identifiers = P.usable_view_ids(names), P.usable_identifiers(names)
    assert len(views) > 200  # the derivation found the whole surface
    assert len(identifiers) > 250
    probe = snapshot_content(P.clash_snapshot("node", [], ["plain"]))
    class_names = _accepted(names, "Target", probe)
    attribute_names = _accepted(names, "NodeProps0.plain", probe)
    # Every protected name that starts upper case is refused as a class name; properties accept some (a
    # filter keyword of the same name is then renamed, PYG308).
    assert attribute_names

    cases: dict[str, tuple[dict[str, Any], dict[str, str]]] = {}
    for named in ("node", "edge"):
        cases[f"clash_{named}"] = (P.clash_snapshot(named, views, identifiers, f"sp_clash_{named}"), {})
        # The names option: accepted protected names given to other views and properties, one each.
        renamed_views = [f"Renamed{n}" for n in range(len(class_names))]
        renamed_props = [f"renamed{n}" for n in range(len(attribute_names))]
        raw = P.clash_snapshot(named, renamed_views, renamed_props, f"sp_names_{named}")
        overrides = dict(zip(renamed_views, class_names, strict=True))
        for view in raw["dataModels"][0]["views"]:
            if view["externalId"].startswith(("NodeProps", "EdgeProps")):
                for n, identifier in enumerate(renamed_props):
                    if identifier in view["properties"]:
                        overrides[f"{view['externalId']}.{identifier}"] = attribute_names[n]
        cases[f"names_{named}"] = (raw, overrides)

    directory = tmp_path_factory.mktemp("clash")
    built: dict[str, ClashSDK] = {}
    for package, (raw, overrides) in cases.items():
        options = GenerateOptions(package=package, default_instance_space=INSTANCES, names=overrides)
        snapshot = snapshot_content(raw)
        write_files(generate(snapshot, options), directory)
        result = ir.build_ir(snapshot, options.ir_options())
        built[package] = ClashSDK(
            _import_fresh(package, directory), package, raw, result.model, result.findings, options
        )
    return built


def test_clash_sdks_import_without_a_warning(clash_sdks: dict[str, ClashSDK]) -> None:
    directory = Path(next(iter(clash_sdks.values())).package.__file__ or "").parents[1]
    script = (
        "import importlib, inspect, pkgutil, sys\n"
        f"for package in {sorted(clash_sdks)!r}:\n"
        "    root = importlib.import_module(package)\n"
        "    for info in pkgutil.walk_packages(root.__path__, package + '.'):\n"
        "        importlib.import_module(info.name)\n"
        "    for name in root.__all__:\n"
        "        value = getattr(root, name)\n"
        "        if inspect.isclass(value) and hasattr(value, 'model_fields'):\n"
        "            inspect.signature(value)\n"
        "print('ok')\n"
    )
    result = subprocess.run(
        [sys.executable, "-W", "error", "-c", script],
        cwd=directory,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip() == "ok"


def test_clash_sdks_pass_mypy_strict(clash_sdks: dict[str, ClashSDK]) -> None:
    directory = Path(next(iter(clash_sdks.values())).package.__file__ or "").parents[1]
    args = [str(BIN / "mypy"), "--strict", "--no-incremental"]
    for package in sorted(clash_sdks):
        args += ["-p", package]
    result = subprocess.run(args, cwd=directory, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout[-5000:]


def _natural_attribute(identifier: str) -> str:
    return ir.to_snake(identifier)


def test_every_rename_is_reported(clash_sdks: dict[str, ClashSDK]) -> None:
    checked = 0
    for sdk in clash_sdks.values():
        reported = {str(f.location) for f in sdk.findings}
        for view in sdk.model.views:
            names = view.names.python
            wanted = sdk.options.names.get(view.ref.external_id)
            if names.class_name != (wanted or ir.to_pascal(view.ref.external_id)):
                assert str(view.ref) in reported, (view.ref, names.class_name)
                checked += 1
            if names.api_attribute != ir.to_snake(names.class_name):
                assert str(view.ref) in reported, (view.ref, names.api_attribute)
                checked += 1
            for prop in view.properties:
                wanted = sdk.options.names.get(f"{view.ref.external_id}.{prop.identifier}")
                if prop.names.python != (wanted or _natural_attribute(prop.identifier)):
                    assert f"{view.ref}.{prop.identifier}" in reported, (view.ref, prop.identifier)
                    checked += 1
    assert checked > 300  # the protected names really were renamed


@pytest.fixture(scope="module")
def emulator(clash_sdks: dict[str, ClashSDK]) -> Iterator[Emulator]:
    snapshots = [parse_snapshot(sdk.raw) for sdk in clash_sdks.values()]
    with Emulator(snapshots=snapshots) as emu:
        yield emu


def _xid(view: ir.ViewIR) -> str:
    return f"{view.ref.space}.{view.ref.external_id}"


def _value(view: ir.ViewIR, prop: ir.PropertyIR) -> str:
    return f"{view.ref.external_id}/{prop.identifier}"


def _values(view: ir.ViewIR) -> dict[str, str]:
    return {p.names.python: _value(view, p) for p in view.properties if isinstance(p.kind, ir.PrimitiveKind)}


@pytest.mark.parametrize("package", ["clash_node", "clash_edge", "names_node", "names_edge"])
def test_clash_sdk_round_trips_on_the_emulator(
    package: str, clash_sdks: dict[str, ClashSDK], emulator: Emulator
) -> None:
    sdk = clash_sdks[package]
    client_class = getattr(sdk.package, sdk.options.resolved_client_name)
    target_view = next(v for v in sdk.model.views if v.ref.external_id == "Target")
    node_views = [v for v in sdk.model.views if not v.is_edge and not v.ref.external_id.startswith("Owner")]
    with client_class(emulator.client_config()) as client:
        writes = [
            getattr(sdk.package, v.names.python.write_class_name)(external_id=_xid(v), **_values(v))
            for v in node_views
        ]
        result = client.upsert(writes)
        assert len(result.items) == len(writes)
        for view in node_views:
            api = getattr(client, view.names.python.api_attribute)
            got = api.retrieve(_xid(view), space=INSTANCES)
            assert got is not None, view.ref
            assert type(got).__name__ == view.names.python.class_name
            for attribute, value in _values(view).items():
                assert getattr(got, attribute) == value, (view.ref, attribute)
            assert _xid(view) in {n.external_id for n in api.list(space=INSTANCES, limit=-1)}

        target = sdk.package.NodeId(INSTANCES, _xid(target_view))
        owners = [v for v in sdk.model.views if v.ref.external_id.startswith("Owner")]
        edges_checked = 0
        for owner in owners:
            connections = {p.names.python: p for p in owner.properties if isinstance(p.kind, ir.EdgeKind)}
            items = {}
            for attribute, prop in connections.items():
                assert isinstance(prop.kind, ir.EdgeKind)
                assert prop.kind.edge_properties is not None
                edge_view = sdk.model.view(prop.kind.edge_properties)
                edge_class = getattr(sdk.package, edge_view.names.python.write_class_name)
                items[attribute] = [edge_class(end_node=target, **_values(edge_view))]
            write = getattr(sdk.package, owner.names.python.write_class_name)(
                external_id=f"{package}-o", **items
            )
            client.upsert([write])
            api = getattr(client, owner.names.python.api_attribute)
            got = api.retrieve(f"{package}-o", space=INSTANCES, retrieve_connections="identifier")
            assert got is not None
            # 90 edge connections: more result sets than one query may hold (CDF: 50), in both modes
            full = api.retrieve(f"{package}-o", space=INSTANCES, retrieve_connections="full")
            assert all(
                getattr(full, attribute)[0].end_node.external_id == _xid(target_view)
                for attribute in connections
            )
            for attribute, prop in connections.items():
                assert isinstance(prop.kind, ir.EdgeKind)
                assert prop.kind.edge_properties is not None
                edge_view = sdk.model.view(prop.kind.edge_properties)
                (edge,) = getattr(got, attribute)
                assert edge.end_node == target
                for name, value in _values(edge_view).items():
                    assert getattr(edge, name) == value, (edge_view.ref, name)
                listed = getattr(client, edge_view.names.python.api_attribute).list(space=INSTANCES, limit=-1)
                assert edge.external_id in {e.external_id for e in listed}
                edges_checked += 1
        assert target_view.writable
        assert edges_checked >= len(owners) > 0
