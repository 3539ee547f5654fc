"""File content and sequence rows: what typed file and sequence references (and file nodes) fetch.

File content moves through the links CDF hands out (``/files/downloadlink``, ``/files/uploadlink``): those
URLs are signed, so they get no ``Authorization`` header — the token never leaves for the storage host.
"""

# The runtime's modules share underscored names with each other (kept private so they stay out
# of the SDK's public surface and clear of generated property names).
# pyright: reportPrivateUsage=false
from __future__ import annotations

import importlib
import os
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import httpx

from ._errors import CDFAPIError, CDFConnectionError, CDFError, one_line
from ._http import is_retryable, parse_retry_after, retry_delay

if TYPE_CHECKING:
    from ._client import InstanceClient

__all__ = ["SequenceRows", "download", "download_to", "sequence_rows", "upload"]

_ROWS_PAGE = 10_000
_CHUNK = 1 << 20


def _link(
    client: InstanceClient, path: str, identifier: dict[str, Any], key: str, what: str
) -> str:
    body = client._http.post(path, {"items": [identifier]})
    items = body.get("items")
    if isinstance(items, list) and items and isinstance(items[0], dict):
        url = cast("dict[str, Any]", items[0]).get(key)
        if isinstance(url, str) and url.startswith(("https://", "http://")):
            return url
    raise CDFError(f"{what}: the response has no {key}")


def _transfer(
    client: InstanceClient,
    method: str,
    url: str,
    what: str,
    content: bytes | None = None,
    headers: dict[str, str] | None = None,
    sink: Path | None = None,
) -> bytes:
    """``method url`` with the client's retries; the body, or streamed into ``sink`` (atomically)."""
    config = client.config
    http: httpx.Client = client._http._client
    attempt = 0
    while True:
        try:
            if sink is None:
                response = http.request(method, url, content=content, headers=headers)
                status = response.status_code
                if status < 300:
                    return response.content
            else:
                with http.stream(method, url, headers=headers) as response:
                    status = response.status_code
                    if status < 300:
                        _stream_to(sink, response.iter_bytes(_CHUNK))
                        return b""
                    response.read()
        except (
            httpx.TimeoutException,
            httpx.NetworkError,
            httpx.RemoteProtocolError,
        ) as exc:
            if attempt < config.max_retries:
                client._http._sleep(retry_delay(attempt, config, None))
                attempt += 1
                continue
            raise CDFConnectionError(
                f"{what}: {type(exc).__name__}: {one_line(str(exc))}"
            ) from None
        if is_retryable(response) and attempt < config.max_retries:
            wait = parse_retry_after(response.headers.get("retry-after"))
            client._http._sleep(retry_delay(attempt, config, wait))
            attempt += 1
            continue
        raise CDFAPIError(
            status, None, f"{what}: HTTP {status} {one_line(response.text, 200)}"
        )


def _stream_to(path: Path, chunks: Iterator[bytes]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            for chunk in chunks:
                out.write(chunk)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def download(client: InstanceClient, identifier: dict[str, Any], label: str) -> bytes:
    """The content of a file."""
    what = f"download {label}"
    url = _link(client, "/files/downloadlink", identifier, "downloadUrl", what)
    return _transfer(client, "GET", url, what)


def download_to(
    client: InstanceClient, identifier: dict[str, Any], label: str, path: Path
) -> Path:
    """Stream a file's content into ``path`` (written atomically: a failed download leaves no file)."""
    what = f"download {label}"
    url = _link(client, "/files/downloadlink", identifier, "downloadUrl", what)
    _transfer(client, "GET", url, what, sink=path)
    return path


def upload(
    client: InstanceClient,
    identifier: dict[str, Any],
    label: str,
    content: bytes,
    mime_type: str | None,
    name: str | None,
) -> None:
    """Upload ``content``; a classic file (by external id) that does not exist yet is created first."""
    what = f"upload {label}"
    try:
        url = _link(client, "/files/uploadlink", identifier, "uploadUrl", what)
    except CDFAPIError as error:
        external_id = identifier.get("externalId")
        if not error.missing or not isinstance(external_id, str):
            raise
        meta: dict[str, Any] = {"externalId": external_id, "name": name or external_id}
        if mime_type:
            meta["mimeType"] = mime_type
        created = client._http.post("/files", meta)
        url = created.get("uploadUrl", "")
        if not isinstance(url, str) or not url:
            raise CDFError(f"{what}: the response has no uploadUrl") from None
    headers = {"Content-Type": mime_type or "application/octet-stream"}
    _transfer(client, "PUT", url, what, content=content, headers=headers)


class SequenceRows:
    """Rows of a sequence: ``columns`` (external ids), ``value_types`` and ``rows`` as
    ``(row_number, values)`` pairs, in row order."""

    def __init__(
        self,
        external_id: str | None,
        columns: list[str],
        value_types: list[str],
        rows: list[tuple[int, list[Any]]],
    ) -> None:
        self.external_id = external_id
        self.columns = columns
        self.value_types = value_types
        self.rows = rows

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[tuple[int, list[Any]]]:
        return iter(self.rows)

    def to_pandas(self) -> Any:
        """A DataFrame indexed by row number, one column per sequence column (needs pandas)."""
        try:
            pd = importlib.import_module("pandas")
        except ImportError:
            raise ImportError("to_pandas() needs pandas: pip install pandas") from None
        return pd.DataFrame(
            [values for _, values in self.rows],
            index=pd.Index([number for number, _ in self.rows], name="row_number"),
            columns=self.columns,
        )

    def __repr__(self) -> str:
        return (
            f"SequenceRows({self.external_id!r}, {len(self.rows)} rows, "
            f"columns={self.columns!r})"
        )

    def _repr_html_(self) -> str:
        from ._notebook import table_html

        head = ["row_number", *self.columns]
        return table_html(
            head, [[number, *values] for number, values in self.rows], len(self.rows)
        )


def sequence_rows(
    client: InstanceClient,
    identifier: dict[str, Any],
    label: str,
    start: int,
    end: int | None,
    columns: Sequence[str] | None,
    limit: int | None,
) -> SequenceRows:
    """Rows ``start`` (inclusive) to ``end`` (exclusive), every page."""
    what = f"retrieve rows of {label}"
    rows: list[tuple[int, list[Any]]] = []
    names: list[str] = []
    types: list[str] = []
    cursor: str | None = None
    while True:
        left = None if limit is None else limit - len(rows)
        body: dict[str, Any] = {
            **identifier,
            "start": start,
            "limit": _ROWS_PAGE if left is None else min(_ROWS_PAGE, left),
        }
        if end is not None:
            body["end"] = end
        if columns is not None:
            body["columns"] = list(columns)
        if cursor:
            body["cursor"] = cursor
        answer = client._http.post("/sequences/data/list", body)
        try:
            names = [str(c["externalId"]) for c in answer.get("columns", [])]
            types = [
                str(c.get("valueType", "DOUBLE")) for c in answer.get("columns", [])
            ]
            rows.extend(
                (int(row["rowNumber"]), list(row["values"]))
                for row in answer.get("rows", [])
            )
        except (KeyError, TypeError, ValueError, AttributeError):
            raise CDFError(
                f"{what}: the response holds an invalid row or column"
            ) from None
        next_cursor = answer.get("nextCursor")
        cursor = next_cursor if isinstance(next_cursor, str) and next_cursor else None
        if not cursor or (limit is not None and len(rows) >= limit):
            external_id = answer.get("externalId")
            return SequenceRows(
                external_id if isinstance(external_id, str) else None,
                names,
                types,
                rows,
            )
