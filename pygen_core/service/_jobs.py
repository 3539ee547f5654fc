"""What a worker process runs: validate or generate one request, returning plain, picklable results.

A job never raises: it returns ``("ok", result)`` or ``("error", JobError)``; the request handler turns the
error into the HTTP answer. Fatal model findings travel with the error.
"""

from __future__ import annotations

import hashlib
import os
import traceback
from dataclasses import dataclass, field
from typing import Any

from .._errors import PygenError
from . import _engine
from ._engine import FatalFindings, ModelOptions

__all__ = ["JobError", "clean_environment", "run_job", "warm_up"]

# Variables that would steer the build hook or point it at CDF: a worker builds offline from the request only.
_STEERING = ("PYGEN_", "CDF_", "IDP_", "HATCH_BUILD_", "SOURCE_DATE_EPOCH")

MEDIA_TYPES = {"zip": "application/zip", "tar.gz": "application/gzip", "wheel": "application/zip"}


@dataclass(frozen=True)
class JobError:
    """A failed job: HTTP status, code, one-line message, findings, and log detail (never sent to clients)."""

    status: int
    code: str
    message: str
    findings: list[dict[str, Any]] | None = None
    detail: str = ""


@dataclass(frozen=True)
class Artifact:
    """A generated SDK: file name, media type, bytes, and the findings."""

    filename: str
    media_type: str
    content: bytes
    findings: list[dict[str, Any]] = field(default_factory=list)

    @property
    def sha256(self) -> str:
        """Hex digest of the content."""
        return hashlib.sha256(self.content).hexdigest()


def clean_environment() -> None:
    """Drop every variable that could steer the hook; builds are offline (called once per worker)."""
    for name in list(os.environ):
        if name.startswith(_STEERING):
            del os.environ[name]
    os.environ["PYGEN_OFFLINE"] = "1"


def _options(payload: dict[str, Any]) -> ModelOptions:
    return ModelOptions(**payload["options"])


def _validate(payload: dict[str, Any]) -> dict[str, Any]:
    options = _options(payload)
    try:
        _engine.check_options(options)
    except PygenError as exc:
        raise _Failure(400, "invalid_options", str(exc)) from None
    snapshot = _parse(payload["snapshot"])
    valid, findings = _engine.validate(snapshot, options)
    return {"valid": valid, "findings": findings}


def _parse(data: Any) -> Any:
    try:
        return _engine.parse_snapshot(data)
    except PygenError as exc:
        raise _Failure(400, "invalid_snapshot", str(exc)) from None


def _generate(payload: dict[str, Any]) -> Artifact:
    from ._archive import tar_gz, zip_archive

    options = _options(payload)
    fmt = payload["format"]
    try:
        _engine.check_options(options)
        if fmt not in _engine.formats(options.language):
            raise PygenError(
                f"format: {fmt!r} is not offered for {options.language}; choose one of "
                f"{', '.join(_engine.formats(options.language))}"
            )
        project = None
        if fmt == "wheel":
            from ._wheel import check_project

            name = payload.get("project_name") or options.package.replace("_", "-")
            project = check_project(name, payload.get("version") or "0.1.0")
    except PygenError as exc:
        raise _Failure(400, "invalid_options", str(exc)) from None
    snapshot = _parse(payload["snapshot"])
    if project is not None:
        return _wheel(snapshot, options, project)
    files, findings = _engine.generate_files(snapshot, options)
    stem = options.package.rsplit("/", 1)[-1]  # an npm scope is no part of a file name
    if fmt == "zip":
        return Artifact(f"{stem}.zip", MEDIA_TYPES[fmt], zip_archive(files), findings)
    return Artifact(f"{stem}.tar.gz", MEDIA_TYPES[fmt], tar_gz(files), findings)


def _wheel(snapshot: Any, options: ModelOptions, project: tuple[str, str]) -> Artifact:
    from ._wheel import build_wheel, project_toml

    valid, findings = _engine.validate(snapshot, options)
    if not valid:
        _engine.generate_files(snapshot, options)  # raises FatalFindings with the engine's own message
    pyproject = project_toml(*project, _engine.WHEEL_DEPENDENCIES, _engine.pygen_table(options))
    name, content = build_wheel(pyproject, _engine.dump_snapshot_bytes(snapshot))
    return Artifact(name, MEDIA_TYPES["wheel"], content, findings)


class _Failure(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


_JOBS = {"validate": _validate, "generate": _generate}


def run_job(name: str, payload: dict[str, Any]) -> tuple[str, Any]:
    """Run one job; ``("ok", result)`` or ``("error", JobError)``."""
    try:
        return "ok", _JOBS[name](payload)
    except _Failure as exc:
        return "error", JobError(exc.status, exc.code, _one_line(exc.message))
    except FatalFindings as exc:
        return "error", JobError(422, "model_invalid", _one_line(str(exc)), exc.findings)
    except PygenError as exc:
        return "error", JobError(400, "invalid_input", _one_line(str(exc)))
    except RecursionError:
        return "error", JobError(400, "invalid_snapshot", "snapshot: nested too deeply to process")
    except Exception as exc:
        return "error", JobError(
            500,
            "internal",
            "internal error while processing the model; the service log has the details",
            detail=f"{type(exc).__name__}: {_one_line(str(exc))[:500]}\n{traceback.format_exc()[-4000:]}",
        )


def _one_line(message: str) -> str:
    return " ".join(message.split())


_WARM_MODEL = {
    "space": "warm",
    "externalId": "Warm",
    "version": "1",
    "views": [
        {
            "space": "warm",
            "externalId": "Item",
            "version": "1",
            "usedFor": "node",
            "properties": {
                "name": {
                    "container": {"space": "warm", "externalId": "Item", "type": "container"},
                    "containerPropertyIdentifier": "name",
                    "type": {"type": "text", "list": False},
                    "nullable": True,
                    "immutable": False,
                    "autoIncrement": False,
                }
            },
        }
    ],
}


def warm_up() -> None:
    """Render a one-view model once, so imports and template compilation are paid before any request."""
    result = run_job(
        "generate", {"snapshot": _WARM_MODEL, "options": {"package": "warm_sdk"}, "format": "zip"}
    )
    if result[0] != "ok":  # pragma: no cover - a broken engine shows up in every test
        raise RuntimeError(f"warm-up generation failed: {result[1]}")
