"""The service's one door into the engine: parse, validate, generate, pull, the language list.

Every call from the service into ``pygen_core.snapshot`` / ``ir`` / ``codegen`` / ``runtime`` (and the
``[tool.pygen]`` table of the wheel project) is made here, so an engine change is adapted in one place.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from .._errors import PygenError
from .._version import __version__

if TYPE_CHECKING:
    from ..snapshot import Snapshot

__all__ = [
    "FORMATS",
    "SDK_DEPENDENCIES",
    "WHEEL_DEPENDENCIES",
    "FatalFindings",
    "ModelOptions",
    "cdf_error_kind",
    "check_options",
    "check_package_name",
    "dump_snapshot_bytes",
    "finding_json",
    "formats",
    "generate_files",
    "is_cdf_error",
    "languages",
    "parse_snapshot",
    "pull_snapshot",
    "pygen_table",
    "validate",
    "version",
]

# Import names the generated SDK (or its runtime dependencies) imports: a package by one of these names would
# shadow it. The standard library's names come from ``sys.stdlib_module_names``.
SDK_DEPENDENCIES = frozenset(
    {
        "annotated_types",
        "anyio",
        "certifi",
        "h11",
        "httpcore",
        "httpx",
        "idna",
        "pydantic",
        "pydantic_core",
        "sniffio",
        "typing_extensions",
        "typing_inspection",
    }
)
# What a wheel's [project] dependencies declare (the build hook checks them).
WHEEL_DEPENDENCIES = ("httpx>=0.27", "pydantic>=2.6")
# Output formats per language; a wheel only exists for Python.
FORMATS: dict[str, tuple[str, ...]] = {"python": ("zip", "tar.gz", "wheel")}
_DEFAULT_FORMATS = ("zip", "tar.gz")


def version() -> str:
    """The generator's version."""
    return __version__


def languages() -> tuple[str, ...]:
    """The languages the engine generates."""
    from ..codegen import languages as engine_languages

    return engine_languages()


def formats(language: str) -> tuple[str, ...]:
    """The output formats offered for ``language``."""
    return FORMATS.get(language, _DEFAULT_FORMATS)


@dataclass(frozen=True)
class ModelOptions:
    """The ``[tool.pygen]`` options a request may set, plus the target language."""

    package: str
    client_name: str | None = None
    instance_space: str | None = None
    data_models: tuple[str, ...] = ()
    exclude_views: tuple[str, ...] = ()
    exclude_spaces: tuple[str, ...] = ()
    names: Mapping[str, str] = field(default_factory=dict)
    strict: bool = False
    language: str = "python"


class FatalFindings(PygenError):
    """The model cannot become an SDK; ``findings`` lists every finding as JSON (errors first)."""

    def __init__(self, message: str, findings: list[dict[str, Any]]) -> None:
        super().__init__(message)
        self.findings = findings


def check_package_name(package: str) -> None:
    """Refuse a package name that would shadow the standard library or what the SDK imports."""
    top = package.split(".", 1)[0]
    if top in sys.stdlib_module_names:
        raise PygenError(
            f"package: {package!r} would shadow the standard library module {top!r}; choose another name "
            f"(e.g. '{top}_sdk')"
        )
    if top in SDK_DEPENDENCIES:
        raise PygenError(
            f"package: {package!r} would shadow {top!r}, which the generated SDK imports; choose another "
            f"name (e.g. '{top}_sdk')"
        )


def _engine_options(options: ModelOptions) -> Any:
    """``pygen_core.codegen.GenerateOptions`` for ``options`` (validates names as the CLI does)."""
    from ..codegen import GenerateOptions

    supported = languages()
    if options.language not in supported:
        raise PygenError(
            f"language: {options.language!r} is not supported; choose one of {', '.join(supported)}"
        )
    if options.language == "python":  # npm names live in their own namespace
        check_package_name(options.package)
    return GenerateOptions(
        package=options.package,
        client_name=options.client_name,
        default_instance_space=options.instance_space,
        data_models=options.data_models,
        exclude_views=options.exclude_views,
        exclude_spaces=options.exclude_spaces,
        names=dict(options.names),
        strict=options.strict,
        language=options.language,
    )


def check_options(options: ModelOptions) -> None:
    """Validate the options alone (before any model is parsed)."""
    _engine_options(options)


def parse_snapshot(data: Any) -> Snapshot:
    """A snapshot from parsed JSON (our format or raw DMS data-model JSON); errors name ``snapshot``."""
    from ..snapshot import parse_snapshot as parse

    return parse(data, source="snapshot")


def dump_snapshot_bytes(snapshot: Snapshot) -> bytes:
    """The canonical snapshot file's bytes (what a project commits as ``pygen-snapshot.json``)."""
    from ..snapshot import dump_snapshot

    return dump_snapshot(snapshot)


def finding_json(finding: Any) -> dict[str, Any]:
    """One finding as JSON: code, severity, location (text and parts), message, suggestion."""
    location = finding.location
    return {
        "code": finding.code,
        "severity": finding.severity.value,
        "location": {
            "text": str(location),
            "dataModel": str(location.data_model) if location.data_model is not None else None,
            "view": str(location.view) if location.view is not None else None,
            "property": location.property,
            "option": location.option,
        },
        "message": finding.message,
        "suggestion": finding.suggestion,
    }


def _one_line(message: str) -> str:
    return " ".join(message.split())


def _fatal(exc: Any) -> FatalFindings:
    findings = [finding_json(f) for f in exc.findings]
    return FatalFindings(_one_line(str(exc)), findings)


def validate(snapshot: Snapshot, options: ModelOptions) -> tuple[bool, list[dict[str, Any]]]:
    """``(valid, findings)``: whether the SDK can be generated, and every finding of the IR."""
    from ..ir import IRValidationError, build_ir

    engine_options = _engine_options(options)
    try:
        result = build_ir(snapshot, engine_options.ir_options())
    except IRValidationError as exc:
        return False, [finding_json(f) for f in exc.findings]
    return True, [finding_json(f) for f in result.findings]


def generate_files(
    snapshot: Snapshot, options: ModelOptions
) -> tuple[dict[PurePosixPath, str], list[dict[str, Any]]]:
    """The SDK's files (paths start with the package directory) and its findings; fatal ones raise."""
    from ..codegen import generate_with_ir
    from ..ir import IRValidationError

    engine_options = _engine_options(options)
    try:
        files, result = generate_with_ir(snapshot, engine_options)
    except IRValidationError as exc:
        raise _fatal(exc) from None
    return files, [finding_json(f) for f in result.findings]


def pygen_table(options: ModelOptions) -> dict[str, Any]:
    """The ``[tool.pygen]`` table of a project the build hook turns into the same SDK."""
    table: dict[str, Any] = {"package": options.package}
    if options.client_name is not None:
        table["client-name"] = options.client_name
    if options.data_models:
        table["data-models"] = list(options.data_models)
    if options.instance_space is not None:
        table["instance-space"] = options.instance_space
    if options.exclude_views:
        table["exclude-views"] = list(options.exclude_views)
    if options.exclude_spaces:
        table["exclude-spaces"] = list(options.exclude_spaces)
    if options.names:
        table["names"] = dict(sorted(options.names.items()))
    if options.strict:
        table["strict"] = True
    return table


def pull_snapshot(
    base_url: str, project: str, token: str, data_models: Sequence[str], *, timeout: float
) -> Snapshot:
    """Fetch ``data_models`` from CDF with a bearer token used for this call only (never stored)."""
    from ..dms import DataModelId, SchemaClient
    from ..runtime import ClientConfig, HTTPClient, Token
    from ..snapshot import pull_snapshot as pull

    if not data_models:
        raise PygenError("options.data-models: list the data models to fetch from CDF")
    ids = [DataModelId.parse(text) for text in data_models]
    config = ClientConfig(
        base_url,
        project,
        Token(token),
        client_name="pygen-service",
        sdk_version=__version__,
        timeout=min(timeout, 30.0),
        max_retries=2,
        backoff_cap=2.0,
    )
    with HTTPClient(config) as http:
        return pull(SchemaClient(http), ids)


def is_cdf_error(exc: BaseException) -> bool:
    """Whether ``exc`` is one of the runtime's CDF errors (their messages never hold a token)."""
    from ..runtime import CDFError

    return isinstance(exc, CDFError)


def cdf_error_kind(exc: BaseException) -> str:
    """``auth``, ``connection``, ``config`` or ``api`` for a runtime CDF error."""
    from ..runtime import CDFAuthError, CDFConnectionError, ConfigError

    if isinstance(exc, CDFAuthError):
        return "auth"
    if isinstance(exc, CDFConnectionError):
        return "connection"
    if isinstance(exc, ConfigError):
        return "config"
    return "api"
