"""Generate an SDK into a temporary directory, import it, and build typed values for its views."""

from __future__ import annotations

import datetime
import importlib
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from pygen_core.codegen import GenerateOptions, generate, write_files
from pygen_core.ir import (
    CDFReferenceKind,
    DirectRelationKind,
    EnumKind,
    PrimitiveKind,
    PrimitiveType,
    PropertyIR,
    SDKModel,
    ViewIR,
    build_ir,
)
from pygen_core.snapshot import Snapshot, load_snapshot
from tests._models import MODELS_DIR as _MODELS_DIR

MODELS_DIR = _MODELS_DIR


def combined_snapshot(models: tuple[str, ...]) -> Snapshot:
    """One snapshot holding every data model of the given shared model files."""
    snapshots = [load_snapshot(MODELS_DIR / model) for model in models]
    return Snapshot(
        data_models=[dm for snap in snapshots for dm in snap.data_models],
        containers=[c for snap in snapshots for c in snap.containers],
    )


@dataclass
class GeneratedSDK:
    """An imported generated package with the IR it was generated from."""

    package: ModuleType
    model: SDKModel
    snapshot: Snapshot
    options: GenerateOptions
    root: Path

    def data_module(self, view: ViewIR) -> ModuleType:
        module = "_" + view.names.python.module_name
        return importlib.import_module(f"{self.package.__name__}._views.{module}")

    def read_class(self, view: ViewIR) -> Any:
        return getattr(self.data_module(view), view.names.python.class_name)

    def write_class(self, view: ViewIR) -> Any:
        return getattr(self.data_module(view), view.names.python.write_class_name)

    def api(self, client: Any, view: ViewIR) -> Any:
        """The view's API: a client attribute, or (multi-model, ambiguous name) its first model's."""
        if view.flat:
            return getattr(client, view.names.python.api_attribute)
        for model in self.model.data_models:
            if view.ref in model.views and model.namespace is not None:
                attribute = model.view_attributes[model.views.index(view.ref)].python
                return getattr(getattr(client, model.namespace.python), attribute)
        raise AssertionError(f"{view.ref} is reachable from no namespace")


def generate_and_import(
    models: tuple[str, ...], package: str, directory: Path, **options: Any
) -> GeneratedSDK:
    """Generate ``models`` as ``package`` under ``directory`` and import it (fresh, no cached modules)."""
    snapshot = combined_snapshot(models)
    opts = GenerateOptions(package=package, **options)
    write_files(generate(snapshot, opts), directory)
    for name in [m for m in sys.modules if m == package or m.startswith(package + ".")]:
        del sys.modules[name]
    sys.path.insert(0, str(directory))
    try:
        module = importlib.import_module(package)
    finally:
        sys.path.remove(str(directory))
    return GeneratedSDK(module, build_ir(snapshot, opts.ir_options()).model, snapshot, opts, directory)


def sample_value(prop: PropertyIR, index: int) -> Any:
    """A deterministic value of the property's type (None for connections, handled by the caller)."""
    kind = prop.kind
    if isinstance(kind, PrimitiveKind):
        value: Any
        match kind.type:
            case PrimitiveType.TEXT:
                value = f"value {index} of {prop.identifier}"
            case PrimitiveType.BOOLEAN:
                value = index % 2 == 0
            case PrimitiveType.INT32 | PrimitiveType.INT64:
                value = 10 * index + 1
            case PrimitiveType.FLOAT32 | PrimitiveType.FLOAT64:
                value = 10.5 * index + 0.25
            case PrimitiveType.TIMESTAMP:
                value = datetime.datetime(2024, 1, 1 + index, 12, 30, tzinfo=datetime.timezone.utc)
            case PrimitiveType.DATE:
                value = datetime.date(2024, 2, 1 + index)
            case PrimitiveType.JSON:
                value = {"index": index, "name": prop.identifier}
        return [value] if kind.is_list else value
    if isinstance(kind, EnumKind):
        chosen = kind.values[index % len(kind.values)].value
        return [chosen] if kind.is_list else chosen
    if isinstance(kind, CDFReferenceKind):
        return [f"{kind.type.value}_{index}"] if kind.is_list else f"{kind.type.value}_{index}"
    return None


def is_direct(prop: PropertyIR) -> bool:
    return isinstance(prop.kind, DirectRelationKind)
