"""The FastAPI application: ``/v1`` API, the web page, OpenAPI and offline interactive docs."""

from __future__ import annotations

import base64
import contextlib
import functools
import json
import logging
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Annotated, Any

import anyio.to_thread
from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.security import APIKeyHeader, HTTPBearer
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline
from starlette.exceptions import HTTPException as StarletteHTTPException

from . import _engine
from ._errors import ServiceError, error_body
from ._jobs import Artifact, JobError
from ._keys import KeyStore, RateLimiter
from ._limits import check_snapshot_shape, decode_json, read_body
from ._logs import AccessLog, log_to_stderr
from ._page import render_page
from ._pool import JobTimeout, PoolBusy, WorkerCrashed, WorkerPool
from ._schemas import (
    ErrorResponse,
    GenerateJSONResponse,
    GenerateRequest,
    ValidateRequest,
    ValidateResponse,
    VersionResponse,
    parse_request,
)
from ._settings import ServiceSettings, cdf_url_allowed

__all__ = ["create_app", "create_app_from_env"]

logger = logging.getLogger("pygen_core.service")
STATIC = Path(__file__).resolve().parent / "static"
CDF_TOKEN_HEADER = "X-CDF-Token"  # noqa: S105 (a header name)

_bearer = HTTPBearer(auto_error=False, description="API key as a bearer token")
_api_key = APIKeyHeader(name="X-API-Key", auto_error=False, description="API key")

_ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorResponse, "description": text}
    for status, text in (
        (400, "bad request, options, snapshot or limit (code and one-line message)"),
        (401, "missing or unknown API key"),
        (413, "body too large (raw or after decompression)"),
        (422, "the model has errors (model_invalid, with findings)"),
        (429, "rate limit of the key exceeded (Retry-After)"),
        (502, "CDF could not be reached or failed"),
        (503, "all generator processes are busy (Retry-After)"),
        (504, "generation ran past the timeout"),
    )
}
_PAGE_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; "
        "form-action 'none'; base-uri 'none'; frame-ancestors 'none'"
    ),
    "Referrer-Policy": "no-referrer",
}


def _request_body(model: type[Any]) -> dict[str, Any]:
    return {
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{model.__name__}"}}},
        }
    }


def _summary(findings: list[dict[str, Any]]) -> dict[str, int]:
    counts = {"errors": 0, "warnings": 0, "info": 0}
    for finding in findings:
        key = {"error": "errors", "warning": "warnings"}.get(finding["severity"], "info")
        counts[key] += 1
    return counts


class _Service:
    """What the routes share: settings, keys, the rate limiter and the worker pool."""

    def __init__(self, settings: ServiceSettings) -> None:
        self.settings = settings
        self.keys = KeyStore(settings.keys)
        self.limiter = RateLimiter(settings.rate_per_minute, settings.burst)
        self.pool = WorkerPool(settings.processes, max_waiting=settings.max_waiting)
        # Requests holding or waiting for a generator process; each blocks one thread of ``_threads``.
        self.in_flight = 0
        self._threads: anyio.CapacityLimiter | None = None

    def authenticate(self, request: Request, presented: str | None) -> str:
        if not self.settings.auth:
            key_id = "anonymous"
        else:
            found = self.keys.identify(presented)
            if found is None:
                raise ServiceError(
                    401,
                    "unauthorized",
                    "missing or unknown API key: send it as 'Authorization: Bearer <key>' or "
                    "'X-API-Key: <key>'",
                    headers={"WWW-Authenticate": "Bearer"},
                )
            key_id = found
        request.state.key_id = key_id
        wait = self.limiter.take(key_id)
        if wait:
            raise ServiceError(
                429,
                "rate_limited",
                f"rate limit of {self.settings.rate_per_minute:g} requests per minute for this key exceeded; "
                f"retry after {wait} s",
                headers={"Retry-After": str(wait)},
            )
        return key_id

    async def read_json(self, request: Request) -> Any:
        body = await read_body(
            request.stream(), request.headers.get("content-length"), self.settings.max_body_bytes
        )
        request.state.model_bytes = len(body)
        encoding = request.headers.get("content-encoding")
        return await anyio.to_thread.run_sync(decode_json, body, encoding, self.settings)

    async def snapshot_data(self, request: Request, parsed: GenerateRequest | ValidateRequest) -> Any:
        if parsed.snapshot is not None:
            data: Any = parsed.snapshot
        else:
            assert parsed.cdf is not None
            data = await self._pull(request, parsed)
        views, properties = check_snapshot_shape(data, self.settings)
        request.state.views, request.state.properties = views, properties
        return data

    async def _pull(self, request: Request, parsed: GenerateRequest | ValidateRequest) -> Any:
        assert parsed.cdf is not None
        base_url, project = parsed.cdf.base_url, parsed.cdf.project
        if not cdf_url_allowed(base_url, self.settings.cdf_urls):
            allowed = ", ".join(self.settings.cdf_urls) or "none"
            raise ServiceError(
                400,
                "cdf_not_allowed",
                f"cdf.base-url: {base_url!r} is not a CDF URL this service may fetch from "
                f"(allowed: {allowed})",
            )
        token = request.headers.get(CDF_TOKEN_HEADER, "").strip()
        if not token:
            raise ServiceError(
                400, "invalid_request", f"cdf: send the CDF bearer token in the {CDF_TOKEN_HEADER} header"
            )
        models = list(parsed.options.data_models)
        timeout = self.settings.timeout
        try:
            pull = functools.partial(_engine.pull_snapshot, timeout=timeout)
            snapshot = await anyio.to_thread.run_sync(pull, base_url, project, token, models)
        except Exception as exc:
            raise _pull_error(exc) from None
        return json.loads(_engine.dump_snapshot_bytes(snapshot))

    async def run(self, job: str, payload: dict[str, Any]) -> Any:
        timeout = self.settings.timeout
        capacity = self.settings.processes + self.settings.max_waiting
        if self.in_flight >= capacity:
            raise ServiceError(
                503,
                "busy",
                f"the service is busy ({self.in_flight} requests in progress or waiting); retry shortly",
                headers={"Retry-After": "1"},
            )
        if self._threads is None:
            self._threads = anyio.CapacityLimiter(capacity)
        self.in_flight += 1
        try:
            status, result = await anyio.to_thread.run_sync(
                self.pool.run, job, payload, timeout, limiter=self._threads
            )
        except JobTimeout:
            raise ServiceError(
                504, "timeout", f"generation ran longer than the limit of {timeout:g} s (timeout)"
            ) from None
        except PoolBusy as exc:
            raise ServiceError(
                503, "busy", f"the service is busy ({exc}); retry shortly", headers={"Retry-After": "1"}
            ) from None
        except WorkerCrashed as exc:
            logger.error(json.dumps({"event": "worker_crashed", "job": job, "detail": str(exc)}))
            raise ServiceError(
                500, "internal", "the generator process died; retry, or report the model"
            ) from None
        finally:
            self.in_flight -= 1
        if status == "error":
            assert isinstance(result, JobError)
            if result.detail:
                logger.error(json.dumps({"event": "job_failed", "job": job, "detail": result.detail}))
            raise ServiceError(result.status, result.code, result.message, findings=result.findings)
        return result


def _authenticate(
    request: Request,
    bearer: Annotated[Any, Depends(_bearer)],
    api_key: Annotated[str | None, Depends(_api_key)],
) -> str:
    """The caller's key id (401 without a valid key, 429 over its rate limit)."""
    presented = api_key or (bearer.credentials if bearer is not None else None)
    service: _Service = request.app.state.service
    return service.authenticate(request, presented)


def _pull_error(exc: Exception) -> ServiceError:
    from .._errors import PygenError

    message = " ".join(str(exc).split())
    if isinstance(exc, PygenError):
        return ServiceError(400, "invalid_input", message)
    if _engine.is_cdf_error(exc):
        kind = _engine.cdf_error_kind(exc)
        if kind == "config":
            return ServiceError(400, "invalid_request", f"cdf: {message}")
        if kind == "auth":
            return ServiceError(400, "cdf_unauthorized", f"CDF refused the token: {message}")
        if kind == "connection":
            return ServiceError(502, "cdf_unreachable", f"CDF could not be reached: {message}")
        return ServiceError(502, "cdf_error", f"CDF answered with an error: {message}")
    logger.error(json.dumps({"event": "pull_failed", "detail": f"{type(exc).__name__}: {message[:500]}"}))
    return ServiceError(502, "cdf_error", "fetching the models from CDF failed")


def _payload(parsed: GenerateRequest | ValidateRequest, data: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {"snapshot": data, "options": parsed.options.engine_fields()}
    if isinstance(parsed, GenerateRequest):
        payload.update(
            format=parsed.options.format,
            project_name=parsed.options.project_name,
            version=parsed.options.version,
        )
    return payload


def _wants_json(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return any(part.split(";")[0].strip() == "application/json" for part in accept.split(","))


def create_app(settings: ServiceSettings) -> FastAPI:
    """The service's ASGI application (wrapped by the JSON access log)."""
    service = _Service(settings)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await anyio.to_thread.run_sync(service.pool.start)
        try:
            yield
        finally:
            await anyio.to_thread.run_sync(service.pool.close)

    app = FastAPIOffline(
        title="pygen service",
        version=_engine.version(),
        description="Typed SDKs for CDF data models, generated over HTTP. Errors: "
        '`{"error": {"code", "message"}}`.',
        lifespan=lifespan,
        static_url="/static-docs",
    )
    app.state.service = service
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")

    @app.exception_handler(ServiceError)
    async def service_error(request: Request, exc: ServiceError) -> JSONResponse:
        headers = {"Cache-Control": "no-store", **exc.headers}
        return JSONResponse(error_body(exc.code, exc.message, exc.findings), exc.status, headers=headers)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        message = {
            404: f"no such resource: {request.url.path}",
            405: f"{request.method} is not allowed here",
        }.get(exc.status_code, str(exc.detail))
        return JSONResponse(error_body(code, message), exc.status_code, headers=dict(exc.headers or {}))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {"loc": (), "msg": "invalid request"}
        where = ".".join(str(part) for part in first.get("loc", ()))
        return JSONResponse(error_body("invalid_request", f"{where}: {first.get('msg')}"), 400)

    @app.exception_handler(Exception)
    async def internal_error(request: Request, exc: Exception) -> JSONResponse:
        logger.error(
            json.dumps({"event": "unhandled", "path": request.url.path, "detail": f"{type(exc).__name__}"}),
            exc_info=exc,
        )
        return JSONResponse(error_body("internal", "internal error; the service log has the details"), 500)

    @app.get("/", include_in_schema=False)
    async def page() -> HTMLResponse:
        languages = _engine.languages()
        return HTMLResponse(
            render_page(_engine.version(), languages, {lang: _engine.formats(lang) for lang in languages}),
            headers=_PAGE_HEADERS,
        )

    @app.get("/v1/health", tags=["service"], summary="Liveness for load balancers")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.get(
        "/v1/version", tags=["service"], response_model=VersionResponse, summary="Version, languages, limits"
    )
    async def version() -> dict[str, Any]:
        languages = _engine.languages()
        return {
            "generator": "hatch-pygen",
            "version": _engine.version(),
            "api": "v1",
            "languages": list(languages),
            "formats": {lang: list(_engine.formats(lang)) for lang in languages},
            "limits": settings.limits(),
        }

    @app.post(
        "/v1/validate",
        tags=["sdk"],
        summary="Validate a model: every finding, no code",
        response_model=ValidateResponse,
        responses=_ERRORS,
        openapi_extra=_request_body(ValidateRequest),
    )
    async def validate(request: Request, key_id: Annotated[str, Depends(_authenticate)]) -> Response:
        parsed = parse_request(ValidateRequest, await service.read_json(request))
        data = await service.snapshot_data(request, parsed)
        result = await service.run("validate", _payload(parsed, data))
        body = {
            "valid": result["valid"],
            "summary": _summary(result["findings"]),
            "findings": result["findings"],
        }
        return JSONResponse(body, headers={"Cache-Control": "no-store"})

    @app.post(
        "/v1/generate",
        tags=["sdk"],
        summary="Generate the SDK: zip, tar.gz or wheel (Accept: application/json for base64 + findings)",
        responses={
            200: {
                "description": "the archive; X-Pygen-Findings holds the counts of findings by severity",
                "content": {
                    "application/zip": {"schema": {"type": "string", "format": "binary"}},
                    "application/gzip": {"schema": {"type": "string", "format": "binary"}},
                    "application/json": {"schema": {"$ref": "#/components/schemas/GenerateJSONResponse"}},
                },
            },
            **_ERRORS,
        },
        openapi_extra=_request_body(GenerateRequest),
    )
    async def generate(request: Request, key_id: Annotated[str, Depends(_authenticate)]) -> Response:
        parsed = parse_request(GenerateRequest, await service.read_json(request))
        data = await service.snapshot_data(request, parsed)
        artifact: Artifact = await service.run("generate", _payload(parsed, data))
        summary = _summary(artifact.findings)
        if _wants_json(request):
            body = {
                "filename": artifact.filename,
                "mediaType": artifact.media_type,
                "size": len(artifact.content),
                "sha256": artifact.sha256,
                "contentBase64": base64.b64encode(artifact.content).decode("ascii"),
                "summary": summary,
                "findings": artifact.findings,
            }
            return JSONResponse(body, headers={"Cache-Control": "no-store"})
        headers = {
            "Content-Disposition": f'attachment; filename="{artifact.filename}"',
            "X-Pygen-Findings": ", ".join(f"{k}={v}" for k, v in summary.items()),
            "X-Content-SHA256": artifact.sha256,
            "Cache-Control": "no-store",
        }
        return Response(artifact.content, media_type=artifact.media_type, headers=headers)

    _add_schemas(app)
    app.add_middleware(AccessLog)
    return app


def _add_schemas(app: FastAPI) -> None:
    """Add the request models (read by hand, for the limits) and the JSON answer to the OpenAPI document."""
    original = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        schema = original()
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        for model in (GenerateRequest, ValidateRequest, GenerateJSONResponse):
            document = model.model_json_schema(by_alias=True, ref_template="#/components/schemas/{model}")
            components.update(document.pop("$defs", {}))
            components[model.__name__] = document
        schema["components"]["securitySchemes"] = schema["components"].get("securitySchemes", {})
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


def create_app_from_env() -> FastAPI:
    """The app with :meth:`ServiceSettings.from_env`, logging JSON lines to stderr (``pygen serve``)."""
    log_to_stderr()
    return create_app(ServiceSettings.from_env())
