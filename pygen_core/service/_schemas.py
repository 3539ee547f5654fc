"""Request and response bodies of the API (pydantic: validation and the OpenAPI document).

Option keys are spelt as in ``[tool.pygen]`` (``client-name``, ``exclude-views``, ...), so a project's table
can be sent as it is.
"""

from __future__ import annotations

import difflib
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ._errors import ServiceError

__all__ = [
    "ErrorResponse",
    "Finding",
    "GenerateJSONResponse",
    "GenerateRequest",
    "ValidateRequest",
    "ValidateResponse",
    "VersionResponse",
    "parse_request",
]

Format = Literal["zip", "tar.gz", "wheel"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=False, strict=True, frozen=True)


class CDFSource(_Strict):
    """Fetch ``options.data-models`` from CDF; the bearer token goes in the ``X-CDF-Token`` header."""

    base_url: str = Field(alias="base-url", description="e.g. https://westeurope-1.cognitedata.com")
    project: str = Field(description="the CDF project")


class ModelOptionsIn(_Strict):
    """``[tool.pygen]`` options (same keys and meaning) plus the target language."""

    package: str = Field(
        description="import name of the generated SDK, e.g. acme_sdk (TypeScript: its npm name, @acme/sdk)"
    )
    client_name: str | None = Field(default=None, alias="client-name")
    instance_space: str | None = Field(default=None, alias="instance-space")
    data_models: list[str] = Field(default_factory=list, alias="data-models")
    exclude_views: list[str] = Field(default_factory=list, alias="exclude-views")
    exclude_spaces: list[str] = Field(default_factory=list, alias="exclude-spaces")
    names: dict[str, str] = Field(
        default_factory=dict, description='renames: {"View": "Class", "View.prop": "attr"}'
    )
    strict: bool = Field(default=False, description="model warnings fail the request")
    findings: dict[str, str] = Field(
        default_factory=dict,
        description='finding levels by code (ignore, info, warning, error), e.g. {"PYG301": "ignore"}',
    )
    language: str = Field(default="python", description="see GET /v1/version for the list")

    def engine_fields(self) -> dict[str, Any]:
        """The options as ``_engine.ModelOptions`` keyword arguments."""
        return {
            "package": self.package,
            "client_name": self.client_name,
            "instance_space": self.instance_space,
            "data_models": tuple(self.data_models),
            "exclude_views": tuple(self.exclude_views),
            "exclude_spaces": tuple(self.exclude_spaces),
            "names": dict(self.names),
            "strict": self.strict,
            "findings": dict(self.findings),
            "language": self.language,
        }


class GenerateOptionsIn(ModelOptionsIn):
    """Model options plus the output: ``format``, and for a wheel its project name and version."""

    format: Format = Field(default="zip", description="zip or tar.gz of the package, or (Python) a wheel")
    project_name: str | None = Field(
        default=None, alias="project-name", description="wheel only; default: package"
    )
    version: str = Field(default="0.1.0", description="wheel only")


class ValidateRequest(_Strict):
    """A snapshot (our format, or raw DMS data-model JSON) or a CDF source, and options."""

    snapshot: dict[str, Any] | None = Field(default=None, description="pygen snapshot or DMS data model JSON")
    cdf: CDFSource | None = None
    options: ModelOptionsIn


class GenerateRequest(_Strict):
    """A snapshot (our format, or raw DMS data-model JSON) or a CDF source, options and output format."""

    snapshot: dict[str, Any] | None = Field(default=None, description="pygen snapshot or DMS data model JSON")
    cdf: CDFSource | None = None
    options: GenerateOptionsIn


class Location(BaseModel):
    """Where a finding applies."""

    text: str
    dataModel: str | None = None
    view: str | None = None
    property: str | None = None
    option: str | None = None


class Finding(BaseModel):
    """One validation finding of the model."""

    code: str
    severity: Literal["error", "warning", "info"]
    location: Location
    message: str
    suggestion: str = ""


class Summary(BaseModel):
    """How many findings of each severity."""

    errors: int
    warnings: int
    info: int


class ValidateResponse(BaseModel):
    """``valid``: an SDK can be generated (no error finding)."""

    valid: bool
    summary: Summary
    findings: list[Finding]


class GenerateJSONResponse(BaseModel):
    """The SDK when the request asks for ``Accept: application/json``: base64 content plus findings."""

    filename: str
    mediaType: str
    size: int
    sha256: str
    contentBase64: str
    summary: Summary
    findings: list[Finding]


class ErrorDetail(BaseModel):
    """A stable code and a one-line message; fatal model findings for ``model_invalid``."""

    code: str
    message: str
    findings: list[Finding] | None = None


class ErrorResponse(BaseModel):
    """Every error answer."""

    error: ErrorDetail


class VersionResponse(BaseModel):
    """Generator version, languages, formats per language and the limits in force."""

    generator: str
    version: str
    api: str
    languages: list[str]
    formats: dict[str, list[str]]
    limits: dict[str, float | int]


def _path(loc: tuple[Any, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "request body"


def _aliases(model: type[BaseModel]) -> list[str]:
    return sorted(field.alias or name for name, field in model.model_fields.items())


def _owner(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    current: Any = model
    for part in loc[:-1]:
        fields = {(f.alias or n): f for n, f in current.model_fields.items()}
        field = fields.get(str(part))
        annotation = field.annotation if field is not None else None
        candidates = [a for a in getattr(annotation, "__args__", (annotation,)) if isinstance(a, type)]
        models = [a for a in candidates if issubclass(a, BaseModel)]
        if not models:
            return None
        current = models[0]
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


_EXPECTED = {
    "string_type": "a string",
    "bool_type": "a boolean",
    "list_type": "an array",
    "dict_type": "an object",
    "model_type": "an object",
    "model_attributes_type": "an object",
}


def _render(model: type[BaseModel], error: Any) -> str:
    loc = tuple(error["loc"])
    where = _path(loc)
    kind = error["type"]
    if kind == "extra_forbidden":
        owner = _owner(model, loc)
        known = _aliases(owner) if owner is not None else []
        hint = difflib.get_close_matches(str(loc[-1]), known, n=1)
        prefix = _path(loc[:-1])
        suggestion = (
            f"; did you mean {prefix + '.' if prefix != 'request body' else ''}{hint[0]}?"
            if hint
            else (f"; known keys: {', '.join(known)}" if known else "")
        )
        return f"{where}: unknown key{suggestion}"
    if kind == "missing":
        return f"{where}: required key is missing"
    if kind in _EXPECTED:
        return f"{where}: expected {_EXPECTED[kind]}"
    if kind == "literal_error":
        return f"{where}: expected {error.get('ctx', {}).get('expected')}"
    return f"{where}: {error['msg']}"


def parse_request(model: type[GenerateRequest] | type[ValidateRequest], data: Any) -> Any:
    """Validate a request body; 400 ``invalid_request`` with one line naming the JSON path(s)."""
    if not isinstance(data, dict):
        raise ServiceError(400, "invalid_request", "request body: expected a JSON object")
    try:
        request = model.model_validate(data)
    except ValidationError as exc:
        errors = sorted(exc.errors(include_url=False), key=lambda e: e["type"] != "extra_forbidden")
        messages = [_render(model, e) for e in errors[:3]]
        if len(errors) > 3:
            messages.append(f"and {len(errors) - 3} more error(s)")
        raise ServiceError(400, "invalid_request", "; ".join(messages)) from None
    if (request.snapshot is None) == (request.cdf is None):
        raise ServiceError(
            400, "invalid_request", "request body: give either snapshot or cdf (to fetch the models from CDF)"
        )
    return request
