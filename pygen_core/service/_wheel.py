"""A built wheel of the SDK: hatchling and the ``pygen`` build hook on a private, temporary project.

The project has only ``pyproject.toml`` and ``pygen-snapshot.json``; its wheel holds exactly what
``pip wheel`` of the same project puts in one. The temporary directory is removed whatever happens. The
hook reads the ``PYGEN_*`` variables from ``os.environ``: the service's worker processes clear them.
"""

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .._errors import PygenError

__all__ = ["build_wheel", "check_project", "project_toml"]

_NAME = re.compile(r"[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?")
SNAPSHOT_NAME = "pygen-snapshot.json"


def check_project(name: str, version: str) -> tuple[str, str]:
    """``(name, version)`` of the wheel's project, validated (PEP 508 name, PEP 440 version)."""
    from packaging.version import InvalidVersion, Version

    if not _NAME.fullmatch(name) or len(name) > 100:
        raise PygenError(
            f"options.project-name: {name!r} is not a valid distribution name "
            "(letters, digits, '.', '_', '-')"
        )
    try:
        parsed = Version(version)
    except InvalidVersion:
        raise PygenError(f"options.version: {version!r} is not a valid version (PEP 440)") from None
    return name, str(parsed)


def _toml(value: Any) -> str:
    # JSON strings with ensure_ascii are valid TOML basic strings: untrusted text cannot break out of them.
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=True)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml(item) for item in value) + "]"
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{_toml(str(k))} = {_toml(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")


def project_toml(name: str, version: str, dependencies: tuple[str, ...], pygen: Mapping[str, Any]) -> str:
    """The ``pyproject.toml`` of the temporary project: hatchling, the hook, ``[tool.pygen]``."""
    lines = [
        "[build-system]",
        'requires = ["hatchling", "hatch-pygen"]',
        'build-backend = "hatchling.build"',
        "",
        "[project]",
        f"name = {_toml(name)}",
        f"version = {_toml(version)}",
        'requires-python = ">=3.10"',
        f"dependencies = {_toml(list(dependencies))}",
        "",
        "[tool.hatch.build.hooks.pygen]",
        "",
        "[tool.pygen]",
        *(f"{_toml(key)} = {_toml(value)}" for key, value in pygen.items()),
    ]
    return "\n".join(lines) + "\n"


def build_wheel(pyproject: str, snapshot: bytes) -> tuple[str, bytes]:
    """Build the project in a private temporary directory; ``(wheel file name, wheel bytes)``."""
    from hatchling.bridge.app import Application
    from hatchling.builders.wheel import WheelBuilder

    class _Quiet(Application):
        def display_info(self, message: str = "", **kwargs: Any) -> None:
            pass

        def display_debug(self, message: str = "", level: int = 1, **kwargs: Any) -> None:
            pass

        def display_warning(self, message: str = "", **kwargs: Any) -> None:
            pass  # the IR's warnings reach the client as findings

    with tempfile.TemporaryDirectory(prefix="pygen-service-") as temp:
        root = Path(temp) / "project"
        root.mkdir()
        (root / "pyproject.toml").write_text(pyproject, encoding="utf-8")
        (root / SNAPSHOT_NAME).write_bytes(snapshot)
        builder = WheelBuilder(str(root), app=_Quiet())
        artifacts = list(builder.build(directory=str(Path(temp) / "dist"), versions=["standard"]))
        if len(artifacts) != 1:
            raise RuntimeError(f"hatchling built {len(artifacts)} wheels, expected one")
        wheel = Path(artifacts[0])
        return wheel.name, wheel.read_bytes()
