"""``/files``: file metadata, upload and download links, and the content behind them.

Classic files live in SQLite. A node with data in the container ``cdf_cdm:CogniteFile`` IS a file (addressed
by ``instanceId``), as in CDF: ``/files/uploadlink`` gives it an upload URL, and a finished upload sets the
node's ``isUploaded`` and ``uploadedTime`` through the instance store. Links point at ``/emulator-files/...``
on the emulator, outside the project API: the random token in the URL is the credential (like CDF's signed
URLs) and lasts ``link_ttl`` seconds.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
import threading
import time
from typing import Any

from ._errors import DMSError
from ._instance_model import Instance, Key
from ._paging import encode_cursor
from ._resource_common import (
    Ident,
    apply_update,
    body_of,
    check_duplicates,
    flag,
    get_params,
    identifier,
    items_of,
    list_paging,
    metadata,
    now_ms,
    optional_int,
    optional_text,
    raise_missing,
    transaction,
)
from ._resource_filters import ListFilter
from ._values import bad

FILE_CONTAINER: Key = ("cdf_cdm", "CogniteFile")
_DESCRIBABLE: Key = ("cdf_cdm", "CogniteDescribable")
_SOURCEABLE: Key = ("cdf_cdm", "CogniteSourceable")
MAX_UPLOAD_BYTES = 100 * 1024 * 1024
"""The emulator's limit for one upload (CDF's is 5 GiB per PUT); ``FileStore.max_upload_bytes`` changes it."""
_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS emu_files (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    external_id TEXT UNIQUE,
    instance_space TEXT,
    instance_xid TEXT,
    doc TEXT NOT NULL,
    uploaded_time INTEGER,
    created_time INTEGER NOT NULL,
    last_updated_time INTEGER NOT NULL,
    UNIQUE (instance_space, instance_xid)
)""",
    "CREATE TABLE IF NOT EXISTS emu_file_content (id INTEGER PRIMARY KEY, content BLOB NOT NULL, mime TEXT)",
    """CREATE TABLE IF NOT EXISTS emu_file_links (
    token TEXT PRIMARY KEY, file_id INTEGER NOT NULL, kind TEXT NOT NULL, expires REAL NOT NULL
)""",
)
_COLUMNS = (
    "id, external_id, instance_space, instance_xid, doc, uploaded_time, created_time, last_updated_time"
)
_TEXT_FIELDS = {"name": 256, "directory": 512, "source": 128, "mimeType": 256}
_FIELDS = {
    "externalId",
    *_TEXT_FIELDS,
    "metadata",
    "assetIds",
    "dataSetId",
    "sourceCreatedTime",
    "sourceModifiedTime",
    "securityCategories",
    "labels",
    "geoLocation",
}
_LIST_FILTER = ListFilter(
    equal=("name", "mimeType", "uploaded", "source"),
    asset_field="assetIds",
    prefixes={"externalIdPrefix": "externalId", "directoryPrefix": "directory"},
    ranges=("createdTime", "lastUpdatedTime", "uploadedTime"),
)


class FileStore:
    """Classic files plus the CogniteFile nodes of the instance store, and their content."""

    def __init__(self, conn: sqlite3.Connection, lock: threading.RLock, instances: Any) -> None:
        self._conn = conn
        self._lock = lock
        self._instances = instances
        self.max_upload_bytes = MAX_UPLOAD_BYTES
        self.link_ttl = 3600.0
        with lock:
            for statement in _SCHEMA:
                conn.execute(statement)
            conn.commit()
        if instances is not None:
            instances.commit_listeners.append(self._nodes_written)

    # -- instance-backed files -------------------------------------------------------------------------
    def _nodes_written(self, records: list[Instance]) -> None:
        for record in records:
            if record.kind != "node" or (record.deleted_time is None and FILE_CONTAINER in record.data):
                continue
            row = self._conn.execute(
                "SELECT id FROM emu_files WHERE instance_space = ? AND instance_xid = ?", record.key
            ).fetchone()
            if row is not None:
                self._drop([row[0]])

    def _node(self, key: Key) -> Instance | None:
        if self._instances is None:
            return None
        record: Instance | None = self._instances.live_node(key)
        return record if record is not None and FILE_CONTAINER in record.data else None

    def _drop(self, ids: list[int]) -> None:
        with transaction(self._conn):
            for table, column in (
                ("emu_files", "id"),
                ("emu_file_content", "id"),
                ("emu_file_links", "file_id"),
            ):
                self._conn.executemany(f"DELETE FROM {table} WHERE {column} = ?", [(i,) for i in ids])

    def _row(self, ident: Ident) -> tuple[Any, ...] | None:
        if ident.kind == "instanceId":
            node = self._node(ident.value)
            if node is None:
                return None
            where, args = "instance_space = ? AND instance_xid = ?", tuple(ident.value)
            if self._conn.execute(f"SELECT 1 FROM emu_files WHERE {where}", args).fetchone() is None:
                with transaction(self._conn):
                    self._conn.execute(
                        "INSERT INTO emu_files (instance_space, instance_xid, doc, created_time,"
                        " last_updated_time)"
                        " VALUES (?, ?, '{}', ?, ?)",
                        (*ident.value, node.created_time, node.created_time),
                    )
        elif ident.kind == "id":
            where, args = "id = ?", (ident.value,)
        else:
            where, args = "external_id = ?", (ident.value,)
        row: tuple[Any, ...] | None = self._conn.execute(
            f"SELECT {_COLUMNS} FROM emu_files WHERE {where}", args
        ).fetchone()
        if row is not None and row[2] is not None and self._node((row[2], row[3])) is None:
            return None
        return row

    def _render(self, row: tuple[Any, ...]) -> dict[str, Any]:
        file_id, external_id, space, xid, doc, uploaded_time, created, updated = row
        if space is None:
            out: dict[str, Any] = {"id": file_id}
            if external_id is not None:
                out["externalId"] = external_id
            out.update(json.loads(doc))
            out["uploaded"] = uploaded_time is not None
            if uploaded_time is not None:
                out["uploadedTime"] = uploaded_time
            out["createdTime"], out["lastUpdatedTime"] = created, updated
            return out
        node = self._node((space, xid))
        assert node is not None
        props = node.data.get(FILE_CONTAINER, {})
        out = {"id": file_id, "instanceId": {"space": space, "externalId": xid}}
        name = node.data.get(_DESCRIBABLE, {}).get("name")
        if name is not None:
            out["name"] = name
        for key in ("directory", "mimeType"):
            if props.get(key) is not None:
                out[key] = props[key]
        for key, field in (
            ("sourceCreatedTime", "sourceCreatedTime"),
            ("sourceModifiedTime", "sourceUpdatedTime"),
        ):
            value = node.data.get(_SOURCEABLE, {}).get(field)
            if value is not None:
                out[key] = _epoch_ms(value)
        out["uploaded"] = bool(props.get("isUploaded")) or uploaded_time is not None
        if uploaded_time is not None:
            out["uploadedTime"] = uploaded_time
        out["metadata"] = {}
        out["createdTime"], out["lastUpdatedTime"] = node.created_time, node.last_updated_time
        return out

    def _link(self, file_id: int, kind: str, base_url: str) -> str:
        token = secrets.token_urlsafe(24)
        with transaction(self._conn):
            self._conn.execute("DELETE FROM emu_file_links WHERE expires < ?", (time.time(),))
            self._conn.execute(
                "INSERT INTO emu_file_links (token, file_id, kind, expires) VALUES (?, ?, ?, ?)",
                (token, file_id, kind, time.time() + self.link_ttl),
            )
        return f"{base_url}/emulator-files/{kind}/{token}"

    def _by_token(self, token: str, kind: str) -> int:
        row = self._conn.execute(
            "SELECT file_id, expires FROM emu_file_links WHERE token = ? AND kind = ?", (token, kind)
        ).fetchone()
        if row is None or row[1] < time.time():
            raise DMSError(404, f"Unknown or expired {kind} link")
        return int(row[0])

    # -- endpoints -------------------------------------------------------------------------------------
    def create(self, body: Any, overwrite: bool, base_url: str) -> dict[str, Any]:
        """``POST /files``: metadata (one object) → the file with an ``uploadUrl``."""
        with self._lock:
            doc = _classic_fields(body_of(body), "")
            if "name" not in doc:
                raise bad("name", "is required")
            external_id = doc.pop("externalId", None)
            now = now_ms()
            existing = None
            if external_id is not None:
                existing = self._conn.execute(
                    "SELECT id FROM emu_files WHERE external_id = ?", (external_id,)
                ).fetchone()
                if existing is not None and not overwrite:
                    raise DMSError(
                        409,
                        "A file with this external id already exists",
                        duplicated=[{"externalId": external_id}],
                    )
            with transaction(self._conn):
                if existing is not None:
                    file_id = int(existing[0])
                    self._conn.execute(
                        "UPDATE emu_files SET doc = ?, last_updated_time = ? WHERE id = ?",
                        (json.dumps(doc, sort_keys=True), now, file_id),
                    )
                else:
                    cursor = self._conn.execute(
                        "INSERT INTO emu_files (external_id, doc, created_time, last_updated_time)"
                        " VALUES (?, ?, ?, ?)",
                        (external_id, json.dumps(doc, sort_keys=True), now, now),
                    )
                    assert cursor.lastrowid is not None
                    file_id = cursor.lastrowid
            row = self._row(Ident("id", file_id))
            assert row is not None
            return {**self._render(row), "uploadUrl": self._link(file_id, "upload", base_url)}

    def upload_link(self, body: Any, base_url: str) -> dict[str, Any]:
        """``POST /files/uploadlink``: upload URLs for existing files (classic, or CogniteFile nodes)."""
        with self._lock:
            idents = [identifier(item, f"items[{n}]") for n, item in enumerate(items_of(body, 100))]
            rows = [self._row(i) for i in idents]
            raise_missing([i for i, r in zip(idents, rows, strict=True) if r is None], "Files")
            out = []
            for row in rows:
                assert row is not None
                out.append({**self._render(row), "uploadUrl": self._link(row[0], "upload", base_url)})
            return {"items": out}

    def download_link(self, body: Any, base_url: str) -> dict[str, Any]:
        """``POST /files/downloadlink``: a download URL per uploaded file, keyed by the identifier given."""
        with self._lock:
            idents = [identifier(item, f"items[{n}]") for n, item in enumerate(items_of(body, 100))]
            rows = [self._row(i) for i in idents]
            raise_missing([i for i, r in zip(idents, rows, strict=True) if r is None], "Files")
            out = []
            for ident, row in zip(idents, rows, strict=True):
                assert row is not None
                if row[5] is None:
                    raise bad("items", f"file {ident.wire()} has no uploaded content yet")
                out.append({**ident.wire(), "downloadUrl": self._link(row[0], "download", base_url)})
            return {"items": out}

    def receive(self, token: str, content: bytes, mime: str | None) -> None:
        """The PUT to an upload link: store the content and mark the file uploaded."""
        with self._lock:
            file_id = self._by_token(token, "upload")
            row = self._row(Ident("id", file_id))
            if row is None:
                raise DMSError(404, "The file of this upload link no longer exists")
            now = now_ms()
            with transaction(self._conn):
                self._conn.execute(
                    "INSERT OR REPLACE INTO emu_file_content (id, content, mime) VALUES (?, ?, ?)",
                    (file_id, content, mime),
                )
                self._conn.execute(
                    "UPDATE emu_files SET uploaded_time = ?, last_updated_time = ? WHERE id = ?",
                    (now, now, file_id),
                )
            if row[2] is not None and self._instances is not None:
                stamp = (
                    time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(now / 1000)) + f".{now % 1000:03d}+00:00"
                )
                self._instances.apply(
                    {
                        "items": [
                            {
                                "instanceType": "node",
                                "space": row[2],
                                "externalId": row[3],
                                "sources": [
                                    {
                                        "source": {
                                            "type": "container",
                                            "space": FILE_CONTAINER[0],
                                            "externalId": FILE_CONTAINER[1],
                                        },
                                        "properties": {"isUploaded": True, "uploadedTime": stamp},
                                    }
                                ],
                            }
                        ]
                    }
                )

    def content(self, token: str) -> tuple[bytes, str | None]:
        """The GET of a download link: the content and its mime type."""
        with self._lock:
            file_id = self._by_token(token, "download")
            row = self._conn.execute(
                "SELECT content, mime FROM emu_file_content WHERE id = ?", (file_id,)
            ).fetchone()
            if row is None:
                raise DMSError(404, "The file has no content")
            return bytes(row[0]), row[1]

    def byids(self, body: Any) -> dict[str, Any]:
        """``POST /files/byids``."""
        with self._lock:
            body = body_of(body)
            idents = [identifier(item, f"items[{n}]") for n, item in enumerate(items_of(body, 1000))]
            rows = [self._row(i) for i in idents]
            if not flag(body, "ignoreUnknownIds", False):
                raise_missing([i for i, r in zip(idents, rows, strict=True) if r is None], "Files")
            seen: set[int] = set()
            out = []
            for row in rows:
                if row is not None and row[0] not in seen:
                    seen.add(row[0])
                    out.append(self._render(row))
            return {"items": out}

    def delete(self, body: Any) -> dict[str, Any]:
        """``POST /files/delete`` (classic files; delete the node for a CogniteFile)."""
        with self._lock:
            body = body_of(body)
            idents = [identifier(item, f"items[{n}]") for n, item in enumerate(items_of(body, 1000))]
            rows = [self._row(i) for i in idents]
            if not flag(body, "ignoreUnknownIds", False):
                raise_missing([i for i, r in zip(idents, rows, strict=True) if r is None], "Files")
            for ident, row in zip(idents, rows, strict=True):
                if row is not None and row[2] is not None:
                    raise bad("items", f"{ident.wire()} is a CogniteFile node; delete the node instead")
            ids = sorted({row[0] for row in rows if row is not None})
            if ids:
                self._drop(ids)
            return {}

    def update(self, body: Any) -> dict[str, Any]:
        """``POST /files/update``: ``set``/``setNull``; ``add``/``remove`` for metadata and lists."""
        with self._lock:
            items = items_of(body, 1000)
            changes = []
            for n, item in enumerate(items):
                path = f"items[{n}]"
                ident = identifier(item, path, instance_ids=False)
                row = self._row(ident)
                if row is None:
                    raise_missing([ident], "Files")
                assert row is not None
                if row[2] is not None:
                    raise bad(path, f"{ident.wire()} is a CogniteFile node; update the node instead")
                doc = json.loads(row[4])
                if row[1] is not None:
                    doc["externalId"] = row[1]
                update = item.get("update")
                if not isinstance(update, dict):
                    raise bad(f"{path}.update", "expected an object of field updates")
                for field, change in update.items():
                    apply_update(
                        doc,
                        field,
                        change,
                        f"{path}.update.{field}",
                        _FIELDS,
                        maps={"metadata"},
                        lists={"assetIds", "securityCategories", "labels"},
                    )
                changes.append((row[0], _classic_fields(doc, path)))
            check_duplicates([Ident("externalId", d["externalId"]) for _, d in changes if "externalId" in d])
            now = now_ms()
            with transaction(self._conn):
                for file_id, doc in changes:
                    external_id = doc.pop("externalId", None)
                    taken = self._conn.execute(
                        "SELECT 1 FROM emu_files WHERE external_id = ? AND id != ?", (external_id, file_id)
                    ).fetchone()
                    if taken:
                        raise DMSError(
                            409,
                            "A file with this external id already exists",
                            duplicated=[{"externalId": external_id}],
                        )
                    self._conn.execute(
                        "UPDATE emu_files SET external_id = ?, doc = ?, last_updated_time = ? WHERE id = ?",
                        (external_id, json.dumps(doc, sort_keys=True), now, file_id),
                    )
            return {"items": [self._render(r) for r in (self._row(Ident("id", i)) for i, _ in changes) if r]}

    def list_items(self, body: Any) -> dict[str, Any]:
        """``POST /files/list``: filter, ``limit`` (1..1000, default 100), ``cursor``, ``partition``."""
        with self._lock:
            body = body_of(body)
            flt = _LIST_FILTER.parse(body.get("filter"))
            limit, after, part, parts = list_paging(body)
            found: list[dict[str, Any]] = []
            next_cursor = None
            for row in self._conn.execute(
                f"SELECT {_COLUMNS} FROM emu_files WHERE id > ? ORDER BY id", (after,)
            ):
                if row[0] % parts != part or (row[2] is not None and self._node((row[2], row[3])) is None):
                    continue
                rendered = self._render(row)
                if not _LIST_FILTER.matches(rendered, flt):
                    continue
                if len(found) == limit:
                    next_cursor = encode_cursor("files", {"after": found[-1]["id"]})
                    break
                found.append(rendered)
            return {"items": found, "nextCursor": next_cursor}

    def list_get(self, params: dict[str, str]) -> dict[str, Any]:
        """``GET /files``."""
        return self.list_items(get_params(params))


def _epoch_ms(timestamp: str) -> int:
    from ._values import epoch_ms

    return epoch_ms(timestamp, "")


def _classic_fields(item: dict[str, Any], path: str) -> dict[str, Any]:
    prefix = f"{path}." if path else ""
    unknown = sorted(k for k in item if k not in _FIELDS and item[k] is not None)
    if unknown:
        raise bad(f"{prefix}{unknown[0]}", "unknown field")
    out: dict[str, Any] = {}
    external_id = optional_text(item, "externalId", path or "body", 255)
    if external_id is not None:
        out["externalId"] = external_id
    for key, size in _TEXT_FIELDS.items():
        value = optional_text(item, key, path or "body", size)
        if value is not None:
            out[key] = value
    data_set = optional_int(item, "dataSetId", path or "body")
    if data_set is not None:
        out["dataSetId"] = data_set
    for key in ("sourceCreatedTime", "sourceModifiedTime"):
        value = item.get(key)
        if value is not None:
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise bad(f"{prefix}{key}", f"expected epoch milliseconds, got {value!r}")
            out[key] = value
    for key in ("assetIds", "securityCategories"):
        value = item.get(key)
        if value is not None:
            if not isinstance(value, list) or not all(
                isinstance(v, int) and not isinstance(v, bool) for v in value
            ):
                raise bad(f"{prefix}{key}", "expected a list of integers")
            out[key] = value
    for key in ("labels", "geoLocation"):
        if item.get(key) is not None:
            out[key] = item[key]
    meta = metadata(item.get("metadata"), f"{prefix}metadata")
    if meta or "metadata" in item:
        out["metadata"] = meta
    return out


__all__ = ["FileStore"]
