"""Helpers of the build-hook tests: throwaway projects, a recording app, in-process builds."""

from __future__ import annotations

import hashlib
import json
import shutil
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from hatchling.bridge.app import Application
from hatchling.builders.plugin.interface import BuilderInterface
from hatchling.builders.sdist import SdistBuilder
from hatchling.builders.wheel import WheelBuilder
from hatchling.metadata.core import ProjectMetadata
from hatchling.plugin.manager import PluginManager

from hatch_pygen import PygenBuildHook
from tests._models import MODELS_DIR as SHARED_MODELS

MODELS = SHARED_MODELS
OMNI_ID = "sp_pygen_models:Omni/1"
PUMPS_ID = "IntegrationTestsImmutable:Pumps/1"
RUNTIME_DEPS = ("httpx>=0.27", "pydantic>=2.6")

# Everything that could steer a build from the developer's shell. nox runs the tests with VIRTUAL_ENV and
# UV_PYTHON / UV_PROJECT_ENVIRONMENT pointing at its own venv: hatch's uv would install there, not in its env.
STEERING = (
    "PYGEN_",
    "CDF_",
    "IDP_",
    "HATCH_BUILD_",
    "SOURCE_DATE_EPOCH",
    "VIRTUAL_ENV",
    "UV_PYTHON",
    "UV_PROJECT_ENVIRONMENT",
    "UV_SYSTEM_PYTHON",
)


def toml_value(value: object) -> str:
    """Enough TOML for test projects: strings, booleans, numbers, arrays and inline tables."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{json.dumps(k)} = {toml_value(v)}" for k, v in value.items()) + "}"
    raise TypeError(type(value))


def toml_table(name: str, table: Mapping[str, Any]) -> str:
    lines = [f"[{name}]"] + [f"{json.dumps(k)} = {toml_value(v)}" for k, v in table.items()]
    return "\n".join(lines) + "\n"


def make_project(
    root: Path,
    *,
    pygen: Mapping[str, Any] | None = None,
    model: str | None = "Pumps",
    dependencies: tuple[str, ...] = RUNTIME_DEPS,
    hook_table: Mapping[str, Any] | None = None,
    wheel_hook_table: Mapping[str, Any] | None = None,
    packages: list[str] | None = None,
    gitignore: str = ".pygen/\n",
    requires: tuple[str, ...] = ("hatchling", "hatch-pygen"),
    name: str = "demo-client",
    extra_toml: str = "",
) -> Path:
    """Write a project with a hand-written ``demo`` package whose wheel also gets a generated SDK."""
    root.mkdir(parents=True, exist_ok=True)
    if pygen is None:
        pygen = {"package": "pumps_sdk", "data-models": [PUMPS_ID]}
    parts = [
        toml_table("build-system", {"requires": list(requires), "build-backend": "hatchling.build"}),
        toml_table(
            "project",
            {
                "name": name,
                "version": "1.0.0",
                "requires-python": ">=3.10",
                "dependencies": list(dependencies),
            },
        ),
        toml_table(
            "tool.hatch.build.targets.wheel", {"packages": packages if packages is not None else ["src/demo"]}
        ),
    ]
    if wheel_hook_table is not None:
        parts.append(toml_table("tool.hatch.build.targets.wheel.hooks.pygen", wheel_hook_table))
    else:
        parts.append(toml_table("tool.hatch.build.hooks.pygen", hook_table or {}))
    if pygen:
        parts.append(toml_table("tool.pygen", pygen))
    (root / "pyproject.toml").write_text("\n".join(parts) + extra_toml, encoding="utf-8")
    (root / "src" / "demo").mkdir(parents=True, exist_ok=True)
    (root / "src" / "demo" / "__init__.py").write_text(
        '"""Hand-written."""\n\nVALUE = 42\n', encoding="utf-8"
    )
    (root / ".gitignore").write_text(gitignore, encoding="utf-8")
    if model is not None:
        snapshot = str(pygen.get("snapshot", "pygen-snapshot.json"))
        (root / snapshot).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(MODELS / f"{model}.json", root / snapshot)
    return root


class RecordingApp(Application):
    """Hatchling's app object, recording what the hook displays."""

    def __init__(self) -> None:
        super().__init__()
        self.messages: list[tuple[str, str]] = []

    def display_info(self, message: str = "", **kwargs: Any) -> None:
        self.messages.append(("info", message))

    def display_warning(self, message: str = "", **kwargs: Any) -> None:
        self.messages.append(("warning", message))

    def display_error(self, message: str = "", **kwargs: Any) -> None:
        self.messages.append(("error", message))

    def display_debug(self, message: str = "", level: int = 1, **kwargs: Any) -> None:
        self.messages.append(("debug", message))

    def text(self, kind: str | None = None) -> str:
        return "\n".join(m for k, m in self.messages if kind is None or k == kind)


def make_hook(
    root: Path, target: str = "wheel", app: RecordingApp | None = None
) -> tuple[PygenBuildHook, dict[str, Any]]:
    """A hook constructed the way hatchling does it, plus the build data hatchling would pass."""
    metadata = ProjectMetadata(str(root), PluginManager())
    builder: BuilderInterface[Any, Any] = (WheelBuilder if target == "wheel" else SdistBuilder)(
        str(root), metadata=metadata
    )
    config = builder.config
    hook = PygenBuildHook(
        str(root), config.hook_config.get("pygen", {}), config, metadata, str(root / "dist"), target, app
    )
    build_data = builder.get_default_build_data()
    build_data.setdefault("artifacts", [])
    build_data.setdefault("force_include", {})
    return hook, build_data


def build(root: Path, target: str = "wheel", version: str = "standard", out: Path | None = None) -> Path:
    """Build one artifact in-process with hatchling (the hook is found through its entry point)."""
    builder_class = WheelBuilder if target == "wheel" else SdistBuilder
    builder = builder_class(str(root))
    directory = out or root / "dist"
    (artifact,) = builder.build(directory=str(directory), versions=[version])
    return Path(artifact)


def wheel_names(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as archive:
        return sorted(archive.namelist())


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def tree(root: Path) -> dict[str, bytes]:
    """Every file below ``root`` (for checking that a build left the tree alone)."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def package_include(build_data: Mapping[str, Any]) -> tuple[Path, str]:
    """The force-included package directory and its path in the wheel.

    Every other force-include must be one of the installed runtime's files under ``<package>/_runtime/``,
    and all of them must be there: the SDK's runtime is packed from the installed files, never copied.
    """
    from pygen_core.codegen import runtime_sources

    force_include = build_data["force_include"]
    assert isinstance(force_include, dict)
    packages = [(Path(s), t) for s, t in force_include.items() if "/_runtime/" not in t]
    ((source, target),) = packages
    runtime = {t: Path(s) for s, t in force_include.items() if "/_runtime/" in t}
    expected = {f"{target}/_runtime/{rel.as_posix()}": path for rel, path in runtime_sources().items()}
    assert runtime == expected
    return source, target


def packed_tree(build_data: Mapping[str, Any]) -> dict[str, bytes]:
    """Every file the wheel gets below the package: the package directory plus the runtime's files."""
    source, target = package_include(build_data)
    files = tree(source)
    for installed, name in build_data["force_include"].items():
        if "/_runtime/" in name:
            files[name[len(target) + 1 :]] = Path(installed).read_bytes()
    return dict(sorted(files.items()))
