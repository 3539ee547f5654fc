"""Request bodies: size limits (before and after decompression), Content-Encoding, strict JSON, depth."""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request

from ._errors import DMSError
from ._limits import BODY_BYTES_MAX, BODY_DECOMPRESSED_MAX, JSON_DEPTH_MAX


@dataclass(frozen=True)
class BodyLimits:
    """How large a request body may be as sent and once decompressed, and how deeply JSON may nest."""

    max_bytes: int = BODY_BYTES_MAX
    max_decompressed: int = BODY_DECOMPRESSED_MAX
    max_depth: int = JSON_DEPTH_MAX


DEFAULT_LIMITS = BodyLimits()


def _too_large(limit: int, what: str) -> DMSError:
    return DMSError(413, f"Request entity too large: the {what} exceeds {limit} bytes")


async def read_raw(request: Request, limits: BodyLimits) -> bytes:
    """The body as sent, refused (413) as soon as it passes ``limits.max_bytes``."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limits.max_bytes:
        raise _too_large(limits.max_bytes, "request body")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limits.max_bytes:
            raise _too_large(limits.max_bytes, "request body")
        chunks.append(chunk)
    return b"".join(chunks)


def decode(raw: bytes, encoding: str, limits: BodyLimits) -> bytes:
    """Undo ``gzip``/``deflate`` without ever holding more than ``limits.max_decompressed`` bytes."""
    encoding = encoding.strip().lower()
    if encoding in ("", "identity"):
        return raw
    if encoding not in ("gzip", "deflate"):
        raise DMSError(415, f"Unsupported Content-Encoding {encoding!r}")
    wbits = 16 + zlib.MAX_WBITS if encoding == "gzip" else zlib.MAX_WBITS
    out: list[bytes] = []
    size = 0
    data = raw
    try:
        while data:
            inflater = zlib.decompressobj(wbits)
            piece = inflater.decompress(data, limits.max_decompressed - size + 1)
            size += len(piece)
            if size > limits.max_decompressed or inflater.unconsumed_tail:
                raise _too_large(limits.max_decompressed, "decompressed request body")
            if not inflater.eof:
                raise zlib.error("truncated stream")
            out.append(piece)
            data = inflater.unused_data if encoding == "gzip" else b""
    except zlib.error:
        raise DMSError(400, f"Request body is not valid {encoding} data") from None
    return b"".join(out)


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def parse(raw: bytes, limits: BodyLimits) -> Any:
    """Strict JSON (no NaN/Infinity) nested at most ``limits.max_depth`` deep; failures are 400s."""
    if not raw.strip():
        raise DMSError(400, "Request body is empty; expected a JSON object")
    try:
        value = json.loads(raw, parse_constant=_reject_constant)
    except RecursionError:
        raise DMSError(400, f"Request body nests deeper than {limits.max_depth} levels") from None
    except ValueError as exc:
        raise DMSError(400, f"Request body is not valid JSON: {exc}") from None
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > limits.max_depth:
            raise DMSError(400, f"Request body nests deeper than {limits.max_depth} levels")
        if isinstance(node, dict):
            stack.extend((child, depth + 1) for child in node.values() if isinstance(child, (dict, list)))
        elif isinstance(node, list):
            stack.extend((child, depth + 1) for child in node if isinstance(child, (dict, list)))
    return value


async def read_json(request: Request, limits: BodyLimits = DEFAULT_LIMITS) -> Any:
    """The request body as JSON, within ``limits``; ``Content-Encoding: gzip``/``deflate`` undone."""
    raw = await read_raw(request, limits)
    return parse(decode(raw, request.headers.get("content-encoding", ""), limits), limits)
