"""Request bodies within limits: raw size and gzip expansion (413); JSON nesting, views, properties (400)."""

from __future__ import annotations

import json
import zlib
from collections.abc import AsyncIterator
from typing import Any

from ._errors import ServiceError
from ._settings import ServiceSettings

__all__ = ["check_snapshot_shape", "decode_json", "read_body"]


async def read_body(stream: AsyncIterator[bytes], content_length: str | None, limit: int) -> bytes:
    """The raw body, refusing (413) anything over ``limit`` bytes before or while reading it."""
    if content_length is not None:
        try:
            declared = int(content_length)
        except ValueError:
            raise ServiceError(400, "invalid_request", "Content-Length is not a number") from None
        if declared > limit:
            raise _too_large(f"request body of {declared} bytes", limit, "max_body_bytes")
    chunks: list[bytes] = []
    size = 0
    async for chunk in stream:
        size += len(chunk)
        if size > limit:
            raise _too_large("request body", limit, "max_body_bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _too_large(what: str, limit: int, name: str) -> ServiceError:
    return ServiceError(413, "too_large", f"{what} is over the limit of {limit} bytes ({name})")


def decode_json(body: bytes, encoding: str | None, settings: ServiceSettings) -> Any:
    """Decompress (``gzip`` or none) within ``max_json_bytes``, parse JSON, check its nesting depth."""
    coding = (encoding or "identity").strip().lower()
    if coding == "gzip":
        body = _gunzip(body, settings.max_json_bytes)
    elif coding != "identity":
        raise ServiceError(415, "unsupported_encoding", f"Content-Encoding {coding!r}: send gzip or nothing")
    elif len(body) > settings.max_json_bytes:
        raise _too_large("request JSON", settings.max_json_bytes, "max_json_bytes")
    if not body.strip():
        raise ServiceError(400, "invalid_request", "request body: expected a JSON object, got nothing")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise ServiceError(400, "invalid_request", "request body: not UTF-8 text") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ServiceError(
            400,
            "invalid_request",
            f"request body: invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}",
        ) from None
    except RecursionError:
        raise _too_deep(settings.max_depth) from None
    if _depth(data, settings.max_depth) > settings.max_depth:
        raise _too_deep(settings.max_depth)
    return data


def _too_deep(limit: int) -> ServiceError:
    return ServiceError(
        400, "limit_exceeded", f"request JSON: nested deeper than the limit of {limit} (max_depth)"
    )


def _gunzip(body: bytes, limit: int) -> bytes:
    inflater = zlib.decompressobj(wbits=31)
    try:
        data = inflater.decompress(body, limit + 1)
        if len(data) > limit or inflater.unconsumed_tail:
            raise _too_large("request JSON after gzip decompression", limit, "max_json_bytes")
        data += inflater.flush()
    except zlib.error:
        raise ServiceError(400, "invalid_request", "request body: not valid gzip data") from None
    if len(data) > limit:
        raise _too_large("request JSON after gzip decompression", limit, "max_json_bytes")
    if not inflater.eof:
        raise ServiceError(400, "invalid_request", "request body: truncated gzip data")
    return data


def _depth(value: Any, limit: int) -> int:
    """The nesting depth of ``value`` (a scalar is 0), counting no further than ``limit + 1``."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        level += 1
        deepest = max(deepest, level)
        if deepest > limit:
            return deepest
        stack.extend((child, level) for child in children if isinstance(child, (dict, list)))
    return deepest


def _data_models(snapshot: Any) -> list[Any]:
    if not isinstance(snapshot, dict):
        return []
    if "dataModels" in snapshot and isinstance(snapshot["dataModels"], list):
        return snapshot["dataModels"]
    if "items" in snapshot and isinstance(snapshot["items"], list):
        return snapshot["items"]
    return [snapshot]


def check_snapshot_shape(snapshot: Any, settings: ServiceSettings) -> tuple[int, int]:
    """``(views, properties)`` of a snapshot in any accepted form; over a limit → 400 naming it."""
    views = properties = 0
    for model in _data_models(snapshot):
        listed = model.get("views") if isinstance(model, dict) else None
        for view in listed if isinstance(listed, list) else ():
            views += 1
            props = view.get("properties") if isinstance(view, dict) else None
            if isinstance(props, dict):
                properties += len(props)
    if views > settings.max_views:
        raise ServiceError(
            400,
            "limit_exceeded",
            f"snapshot: {views} views is over the limit of {settings.max_views} (max_views)",
        )
    if properties > settings.max_properties:
        raise ServiceError(
            400,
            "limit_exceeded",
            f"snapshot: {properties} properties is over the limit of {settings.max_properties} "
            "(max_properties)",
        )
    return views, properties
