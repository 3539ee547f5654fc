"""The emulator's HTTP surface: a starlette app with CDF's paths, auth, fault injection and error shape."""

from __future__ import annotations

import base64
import logging
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from . import _body
from ._auth import DEVICE_GRANT, AuthError, TokenIssuer
from ._body import DEFAULT_LIMITS, BodyLimits
from ._errors import DMSError
from ._faults import Faults, InjectedFault
from ._schema import CONTAINER, DATA_MODEL, SPACE, VIEW, SchemaStore
from ._schema_writes import SchemaWriter
from ._validate import items_of

logger = logging.getLogger("pygen_core.emulator")

TOKEN_PATH = "/oauth2/token"  # noqa: S105 (a URL path, not a secret)
DEVICE_CODE_PATH = "/oauth2/devicecode"
DEVICE_PAGE_PATH = "/oauth2/device"
API_PREFIX = "/api/v1/projects/"
_SCHEMA_PATHS = {"spaces": SPACE, "containers": CONTAINER, "views": VIEW, "datamodels": DATA_MODEL}
_INSTANCE_OPS = ("delete", "byids", "list", "search", "aggregate", "query", "sync")


@dataclass
class EmulatorState:
    """Everything a request handler needs."""

    auth: TokenIssuer
    faults: Faults
    schema: SchemaStore
    writer: SchemaWriter
    instances: Any | None = None
    limits: BodyLimits = DEFAULT_LIMITS
    resources: Any | None = None
    """``_resources.Resources`` (time series, files, sequences), or None."""


def _error(status: int, message: str, **extra: Any) -> JSONResponse:
    return JSONResponse({"error": {"code": status, "message": message, **extra}}, status_code=status)


async def read_json(request: Request, limits: BodyLimits = DEFAULT_LIMITS) -> Any:
    """The request body as JSON: size-limited (413), ``gzip``/``deflate`` undone, strict and depth-limited."""
    return await _body.read_json(request, limits)


def _params(request: Request) -> dict[str, str]:
    return dict(request.query_params)


def build_app(state: EmulatorState) -> ASGIApp:
    """The ASGI application: request ids, faults and auth around a starlette router."""

    async def token(request: Request) -> Response:
        form = {
            key: values[-1]
            for key, values in parse_qs((await request.body()).decode("utf-8", "replace")).items()
        }
        client_id, client_secret = form.get("client_id"), form.get("client_secret")
        basic = request.headers.get("authorization", "")
        if basic.lower().startswith("basic ") and client_id is None:
            try:
                client_id, _, client_secret = base64.b64decode(basic[6:]).decode().partition(":")
            except ValueError:
                client_id = client_secret = None
        grant = form.get("grant_type")
        if grant in (DEVICE_GRANT, "refresh_token"):
            if grant == DEVICE_GRANT:
                status, body = state.auth.poll_device(form.get("device_code"), client_id)
            else:
                status, body = state.auth.refresh(form.get("refresh_token"), client_id)
            return JSONResponse(body, status_code=status)
        if grant != "client_credentials":
            return JSONResponse(
                {
                    "error": "unsupported_grant_type",
                    "error_description": "grant_type must be client_credentials, refresh_token or "
                    + DEVICE_GRANT,
                },
                status_code=400,
            )
        if not state.auth.check_client(client_id, client_secret):
            return JSONResponse(
                {"error": "invalid_client", "error_description": "Unknown client id or wrong client secret"},
                status_code=401,
            )
        return JSONResponse(state.auth.token_response())

    async def device_code(request: Request) -> Response:
        form = {
            key: values[-1]
            for key, values in parse_qs((await request.body()).decode("utf-8", "replace")).items()
        }
        verification = f"{str(request.base_url).rstrip('/')}{DEVICE_PAGE_PATH}"
        status, body = state.auth.start_device(form.get("client_id"), form.get("scope", ""), verification)
        return JSONResponse(body, status_code=status)

    async def device_page(request: Request) -> Response:
        user_code = request.query_params.get("user_code")
        if user_code is None:
            return PlainTextResponse(
                "pygen emulator device login: open this page with ?user_code=<code> to approve the login.\n"
            )
        try:
            state.auth.approve(user_code)
        except KeyError:
            return PlainTextResponse("No pending device login with this code.\n", status_code=404)
        return PlainTextResponse("Device login approved; you may close this page.\n")

    def schema_list(kind: str) -> Callable[[Request], Awaitable[Response]]:
        async def handler(request: Request) -> Response:
            params, used_for = _params(request), request.query_params.getlist("usedFor")
            return JSONResponse(await run_in_threadpool(state.schema.list_items, kind, params, used_for))

        return _guard(handler)

    def schema_post(kind: str, op: str) -> Callable[[Request], Awaitable[Response]]:
        async def handler(request: Request) -> Response:
            body = await read_json(request, state.limits)
            items = items_of(body, 100)
            params = _params(request)
            if op == "byids":
                result = await run_in_threadpool(state.schema.byids, kind, items, params)
            elif op == "delete":
                result = await run_in_threadpool(state.writer.delete, kind, items)
            else:
                result = await run_in_threadpool(state.writer.upsert, kind, items)
            return JSONResponse(result)

        return _guard(handler)

    def instance_post(op: str) -> Callable[[Request], Awaitable[Response]]:
        async def handler(request: Request) -> Response:
            body = await read_json(request, state.limits)
            store = state.instances
            if store is None:
                raise DMSError(501, "The instance endpoints are not available in this emulator build")
            method = getattr(store, op)
            return JSONResponse(await run_in_threadpool(method, body))

        return _guard(handler)

    project_routes: list[Route] = []
    for segment, kind in _SCHEMA_PATHS.items():
        base = f"/models/{segment}"
        project_routes.append(Route(base, schema_list(kind), methods=["GET"], name=f"{kind}-list"))
        project_routes.append(
            Route(base, schema_post(kind, "upsert"), methods=["POST"], name=f"{kind}-upsert")
        )
        for op in ("byids", "delete"):
            project_routes.append(Route(f"{base}/{op}", schema_post(kind, op), methods=["POST"]))
    project_routes.append(Route("/models/instances", instance_post("apply"), methods=["POST"]))
    for op in _INSTANCE_OPS:
        project_routes.append(Route(f"/models/instances/{op}", instance_post(op), methods=["POST"]))

    outer_routes: list[Route] = [
        Route(TOKEN_PATH, _guard(token), methods=["POST"]),
        Route(DEVICE_CODE_PATH, _guard(device_code), methods=["POST"]),
        Route(DEVICE_PAGE_PATH, _guard(device_page), methods=["GET"]),
    ]
    if state.resources is not None:
        from ._resources import project_routes as resource_routes
        from ._resources import transfer_routes

        project_routes.extend(resource_routes(state.resources, read_json, _guard))
        outer_routes.extend(transfer_routes(state.resources, _guard))

    async def on_dms_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, DMSError)
        return JSONResponse(exc.to_json(), status_code=exc.status)

    async def on_http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        message = "Not found" if exc.status_code == 404 else str(exc.detail)
        return _error(exc.status_code, f"{message}: {request.method} {request.url.path}")

    starlette = Starlette(
        routes=[*outer_routes, Mount("/api/v1/projects/{project}", routes=project_routes)],
        exception_handlers={DMSError: on_dms_error, HTTPException: on_http_error},
    )
    return _Gate(starlette, state)


def _guard(handler: Callable[[Request], Awaitable[Response]]) -> Callable[[Request], Awaitable[Response]]:
    """Turn an unexpected exception into CDF's 500 body (logged; no internals in the response)."""

    async def guarded(request: Request) -> Response:
        try:
            return await handler(request)
        except (DMSError, HTTPException):
            raise
        except Exception as exc:
            logger.exception("emulator: unexpected error on %s %s", request.method, request.url.path)
            return _error(500, f"Internal emulator error ({type(exc).__name__})")

    return guarded


class _Gate:
    """Outermost ASGI layer: ``x-request-id`` on every response, injected faults, bearer-token check."""

    def __init__(self, app: ASGIApp, state: EmulatorState) -> None:
        self.app = app
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = uuid.uuid4().hex
        path: str = scope["path"]
        method: str = scope["method"]

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers.append((b"x-request-id", request_id.encode()))
                message = {**message, "headers": headers}
            await send(message)

        project, relative = _split(path)
        is_token = path in (TOKEN_PATH, DEVICE_CODE_PATH, DEVICE_PAGE_PATH)
        fault = self.state.faults.decide(method, relative if project is not None else path, is_token=is_token)
        if fault is not None:
            if fault.kind == "drop":
                await _drop(receive, send)
                return
            await _fault_response(fault)(scope, receive, send_with_id)
            return
        if project is not None:
            try:
                self.state.auth.verify(_header(scope, b"authorization"), project)
            except AuthError as exc:
                await _error(401, str(exc))(scope, receive, send_with_id)
                return
        await self.app(scope, receive, send_with_id)


def _split(path: str) -> tuple[str | None, str]:
    if not path.startswith(API_PREFIX):
        return None, path
    project, _, rest = path[len(API_PREFIX) :].partition("/")
    return project, "/" + rest


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key.lower() == name:
            return bytes(value).decode("latin-1")
    return None


def _fault_response(fault: InjectedFault) -> Response:
    retry_after = int(fault.retry_after) if float(fault.retry_after).is_integer() else fault.retry_after
    if fault.kind == "429":
        response = _error(429, "Too many requests (fault injected by the emulator)", isAutoRetryable=True)
    else:
        response = _error(503, "Service unavailable (fault injected by the emulator)", isAutoRetryable=True)
    response.headers["Retry-After"] = str(retry_after)
    return response


async def _drop(receive: Receive, send: Send) -> None:
    """Close the connection without any response: read the request, then abort the socket."""
    message = await receive()
    while message["type"] == "http.request" and message.get("more_body", False):
        message = await receive()
    transport = getattr(getattr(send, "__self__", None), "transport", None)
    if transport is not None and hasattr(transport, "abort"):
        transport.abort()
        if message["type"] != "http.disconnect":
            await receive()  # returns http.disconnect once the server has seen the connection go
        return
    # No reachable transport: start a response and fail mid-body, which breaks the connection too.
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"100")]})
    raise ConnectionAbortedError("fault injected by the emulator: dropped connection")
