"""The classic resource APIs beside data modeling: time series and datapoints, files, sequences.

``Resources`` owns their stores (sharing the emulator's SQLite connection and lock) and ``routes`` gives the
starlette routes mounted under ``/api/v1/projects/{project}``, plus the un-authenticated file transfer routes
the upload and download links point at (their unguessable token is the credential, as with CDF's signed URLs).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ._datapoints import DatapointStore
from ._errors import DMSError
from ._files import FileStore
from ._sequences import SequenceStore
from ._timeseries import TimeSeriesStore

Handler = Callable[[Request], Awaitable[Response]]
Reader = Callable[[Request], Awaitable[Any]]
Guard = Callable[[Handler], Handler]
FILE_TRANSFER_PREFIX = "/emulator-files"


class Resources:
    """Time series, datapoints, files and sequences of one emulator."""

    def __init__(self, conn: sqlite3.Connection, lock: threading.RLock, instances: Any) -> None:
        self.timeseries = TimeSeriesStore(conn, lock, instances)
        self.datapoints = DatapointStore(conn, lock, self.timeseries)
        self.files = FileStore(conn, lock, instances)
        self.sequences = SequenceStore(conn, lock)


def _wants_protobuf(request: Request) -> bool:
    return "application/protobuf" in request.headers.get("accept", "").lower()


def project_routes(resources: Resources, read_json: Reader, guard: Guard) -> list[Route]:
    """Routes relative to ``/api/v1/projects/{project}``."""

    def post(method: Callable[[Any], dict[str, Any]], status: int = 200) -> Handler:
        async def handler(request: Request) -> Response:
            if "protobuf" in request.headers.get("content-type", "").lower():
                raise DMSError(415, "Protobuf request bodies are not supported by the emulator; send JSON")
            body = await read_json(request)
            return JSONResponse(await run_in_threadpool(method, body), status_code=status)

        return guard(handler)

    def get(method: Callable[[dict[str, str]], dict[str, Any]]) -> Handler:
        async def handler(request: Request) -> Response:
            return JSONResponse(await run_in_threadpool(method, dict(request.query_params)))

        return guard(handler)

    async def retrieve_datapoints(request: Request) -> Response:
        body = await read_json(request)
        protobuf = _wants_protobuf(request)
        content = await run_in_threadpool(resources.datapoints.retrieve, body, protobuf)
        media = "application/protobuf" if protobuf else "application/json"
        return Response(content, media_type=media)

    async def create_file(request: Request) -> Response:
        body = await read_json(request)
        overwrite = request.query_params.get("overwrite", "false").lower() == "true"
        base = str(request.base_url).rstrip("/")
        result = await run_in_threadpool(resources.files.create, body, overwrite, base)
        return JSONResponse(result, status_code=201)

    def with_base(method: Callable[[Any, str], dict[str, Any]]) -> Handler:
        async def handler(request: Request) -> Response:
            body = await read_json(request)
            base = str(request.base_url).rstrip("/")
            return JSONResponse(await run_in_threadpool(method, body, base))

        return guard(handler)

    ts, dps, files, seqs = resources.timeseries, resources.datapoints, resources.files, resources.sequences
    return [
        Route("/timeseries", post(ts.create, 201), methods=["POST"]),
        Route("/timeseries", get(ts.list_get), methods=["GET"]),
        Route("/timeseries/list", post(ts.list_items), methods=["POST"]),
        Route("/timeseries/byids", post(ts.byids), methods=["POST"]),
        Route("/timeseries/delete", post(ts.delete), methods=["POST"]),
        Route("/timeseries/update", post(ts.update), methods=["POST"]),
        Route("/timeseries/data", post(dps.insert), methods=["POST"]),
        Route("/timeseries/data/list", guard(retrieve_datapoints), methods=["POST"]),
        Route("/timeseries/data/latest", post(dps.latest), methods=["POST"]),
        Route("/timeseries/data/delete", post(dps.delete), methods=["POST"]),
        Route("/files", guard(create_file), methods=["POST"]),
        Route("/files", get(files.list_get), methods=["GET"]),
        Route("/files/list", post(files.list_items), methods=["POST"]),
        Route("/files/byids", post(files.byids), methods=["POST"]),
        Route("/files/delete", post(files.delete), methods=["POST"]),
        Route("/files/update", post(files.update), methods=["POST"]),
        Route("/files/uploadlink", with_base(files.upload_link), methods=["POST"]),
        Route("/files/downloadlink", with_base(files.download_link), methods=["POST"]),
        Route("/sequences", post(seqs.create, 201), methods=["POST"]),
        Route("/sequences", get(seqs.list_get), methods=["GET"]),
        Route("/sequences/list", post(seqs.list_items), methods=["POST"]),
        Route("/sequences/byids", post(seqs.byids), methods=["POST"]),
        Route("/sequences/delete", post(seqs.delete), methods=["POST"]),
        Route("/sequences/data", post(seqs.insert_rows), methods=["POST"]),
        Route("/sequences/data/list", post(seqs.retrieve_rows), methods=["POST"]),
        Route("/sequences/data/delete", post(seqs.delete_rows), methods=["POST"]),
        Route("/sequences/data/latest", post(seqs.latest_row), methods=["POST"]),
    ]


def transfer_routes(resources: Resources, guard: Guard) -> list[Route]:
    """``PUT``/``GET`` ``/emulator-files/...``: the targets of upload and download links (no bearer token)."""

    async def upload(request: Request) -> Response:
        limit = resources.files.max_upload_bytes
        declared = request.headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            raise DMSError(413, f"File content is larger than the emulator's limit of {limit} bytes")
        chunks, size = [], 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise DMSError(413, f"File content is larger than the emulator's limit of {limit} bytes")
            chunks.append(chunk)
        token = request.path_params["token"]
        mime = request.headers.get("content-type")
        await run_in_threadpool(resources.files.receive, token, b"".join(chunks), mime)
        return Response(status_code=200)

    async def download(request: Request) -> Response:
        content, mime = await run_in_threadpool(resources.files.content, request.path_params["token"])
        # Uploaded content is the client's: never let a browser render it as a page of the emulator's origin.
        headers = {"content-disposition": "attachment", "x-content-type-options": "nosniff"}
        return Response(content, media_type=mime or "application/octet-stream", headers=headers)

    return [
        Route(f"{FILE_TRANSFER_PREFIX}/upload/{{token}}", guard(upload), methods=["PUT", "POST"]),
        Route(f"{FILE_TRANSFER_PREFIX}/download/{{token}}", guard(download), methods=["GET"]),
    ]
