"""``/sequences``: sequences (typed columns) and their rows, stored in SQLite keyed ``(sequence, row)``.

Rows keep their values per column external id, so writing a subset of the columns leaves the others of an
existing row as they were, and reading any subset of columns is a projection.
"""

from __future__ import annotations

import json
import math
import sqlite3
import threading
from typing import Any

from ._errors import DMSError
from ._paging import decode_cursor, encode_cursor
from ._resource_common import (
    Ident,
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

_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS emu_sequences (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    external_id TEXT UNIQUE,
    doc TEXT NOT NULL,
    created_time INTEGER NOT NULL,
    last_updated_time INTEGER NOT NULL
)""",
    """CREATE TABLE IF NOT EXISTS emu_sequence_rows (
    seq INTEGER NOT NULL, row INTEGER NOT NULL, vals TEXT NOT NULL, PRIMARY KEY (seq, row)
) WITHOUT ROWID""",
)
_COLUMNS = "id, external_id, doc, created_time, last_updated_time"
_FIELDS = {"externalId", "name", "description", "assetId", "dataSetId", "metadata", "columns"}
_COLUMN_FIELDS = {"externalId", "name", "description", "valueType", "metadata"}
_LIST_FILTER = ListFilter(equal=("name",), asset_field="assetId")
VALUE_TYPES = {"STRING", "DOUBLE", "LONG"}
MAX_COLUMNS = 400
MAX_ROWS_PER_REQUEST = 10_000
MAX_VALUES_PER_REQUEST = 100_000
MAX_RETRIEVE_ROWS = 10_000
MAX_STRING = 256
MAX_ROW_NUMBER = 2**63 - 1


class SequenceStore:
    """Sequences and rows."""

    def __init__(self, conn: sqlite3.Connection, lock: threading.RLock) -> None:
        self._conn = conn
        self._lock = lock
        with lock:
            for statement in _SCHEMA:
                conn.execute(statement)
            conn.commit()

    def _row(self, ident: Ident) -> tuple[Any, ...] | None:
        where = "id = ?" if ident.kind == "id" else "external_id = ?"
        row: tuple[Any, ...] | None = self._conn.execute(
            f"SELECT {_COLUMNS} FROM emu_sequences WHERE {where}", (ident.value,)
        ).fetchone()
        return row

    def _rows(self, items: list[Any], ignore_unknown: bool) -> list[tuple[Any, ...] | None]:
        idents = [identifier(item, f"items[{n}]", instance_ids=False) for n, item in enumerate(items)]
        rows = [self._row(i) for i in idents]
        if not ignore_unknown:
            raise_missing([i for i, r in zip(idents, rows, strict=True) if r is None], "Sequences")
        return rows

    @staticmethod
    def _render(row: tuple[Any, ...]) -> dict[str, Any]:
        seq_id, external_id, doc, created, updated = row
        out: dict[str, Any] = {"id": seq_id}
        if external_id is not None:
            out["externalId"] = external_id
        out.update(json.loads(doc))
        out["createdTime"], out["lastUpdatedTime"] = created, updated
        return out

    # -- sequences -------------------------------------------------------------------------------------
    def create(self, body: Any) -> dict[str, Any]:
        """``POST /sequences``."""
        with self._lock:
            items = items_of(body, 1000)
            now = now_ms()
            docs = [_sequence_fields(item, f"items[{n}]", now) for n, item in enumerate(items)]
            xids = [Ident("externalId", d["externalId"]) for d in docs if "externalId" in d]
            check_duplicates(xids, status=422)
            taken = [x for x in xids if self._row(x) is not None]
            if taken:
                raise DMSError(
                    409,
                    "Sequences with these external ids already exist",
                    duplicated=[x.wire() for x in taken],
                )
            ids = []
            with transaction(self._conn):
                for doc in docs:
                    external_id = doc.pop("externalId", None)
                    cursor = self._conn.execute(
                        "INSERT INTO emu_sequences (external_id, doc, created_time, last_updated_time)"
                        " VALUES (?, ?, ?, ?)",
                        (external_id, json.dumps(doc, sort_keys=True), now, now),
                    )
                    ids.append(cursor.lastrowid)
            return {"items": [self._render(r) for r in (self._row(Ident("id", i)) for i in ids) if r]}

    def byids(self, body: Any) -> dict[str, Any]:
        """``POST /sequences/byids``."""
        with self._lock:
            body = body_of(body)
            rows = self._rows(items_of(body, 1000), flag(body, "ignoreUnknownIds", False))
            seen: set[int] = set()
            out = []
            for row in rows:
                if row is not None and row[0] not in seen:
                    seen.add(row[0])
                    out.append(self._render(row))
            return {"items": out}

    def delete(self, body: Any) -> dict[str, Any]:
        """``POST /sequences/delete``: the sequences and their rows."""
        with self._lock:
            body = body_of(body)
            rows = self._rows(items_of(body, 1000), flag(body, "ignoreUnknownIds", False))
            ids = sorted({r[0] for r in rows if r is not None})
            with transaction(self._conn):
                for table, column in (("emu_sequences", "id"), ("emu_sequence_rows", "seq")):
                    self._conn.executemany(f"DELETE FROM {table} WHERE {column} = ?", [(i,) for i in ids])
            return {}

    def list_items(self, body: Any) -> dict[str, Any]:
        """``POST /sequences/list``: filter, ``limit`` (1..1000, default 100), ``cursor``, ``partition``."""
        with self._lock:
            body = body_of(body)
            flt = _LIST_FILTER.parse(body.get("filter"))
            limit, after, part, parts = list_paging(body)
            found: list[dict[str, Any]] = []
            next_cursor = None
            for row in self._conn.execute(
                f"SELECT {_COLUMNS} FROM emu_sequences WHERE id > ? ORDER BY id", (after,)
            ):
                if row[0] % parts != part:
                    continue
                rendered = self._render(row)
                if not _LIST_FILTER.matches(rendered, flt):
                    continue
                if len(found) == limit:
                    next_cursor = encode_cursor("sequences", {"after": found[-1]["id"]})
                    break
                found.append(rendered)
            return {"items": found, "nextCursor": next_cursor}

    def list_get(self, params: dict[str, str]) -> dict[str, Any]:
        """``GET /sequences``."""
        return self.list_items(get_params(params))

    # -- rows ------------------------------------------------------------------------------------------
    def insert_rows(self, body: Any) -> dict[str, Any]:
        """``POST /sequences/data``: ``{"items": [{id|externalId, columns, rows}]}``."""
        with self._lock:
            items = items_of(body, 1000)
            sequences = self._rows(items, False)
            writes: dict[tuple[int, int], dict[str, Any]] = {}
            total_rows = total_values = 0
            for n, (item, seq) in enumerate(zip(items, sequences, strict=True)):
                assert seq is not None
                path = f"items[{n}]"
                types = {c["externalId"]: c["valueType"] for c in json.loads(seq[2])["columns"]}
                columns = item.get("columns")
                if columns is None:
                    columns = list(types)
                if not isinstance(columns, list) or not columns:
                    raise bad(f"{path}.columns", "expected a non-empty list of column external ids")
                for name in columns:
                    if name not in types:
                        raise bad(f"{path}.columns", f"the sequence has no column {name!r}")
                rows = item.get("rows")
                if not isinstance(rows, list) or not rows:
                    raise bad(f"{path}.rows", "expected a non-empty list of rows")
                total_rows += len(rows)
                total_values += len(rows) * len(columns)
                if total_rows > MAX_ROWS_PER_REQUEST or total_values > MAX_VALUES_PER_REQUEST:
                    raise bad(
                        "items",
                        f"at most {MAX_ROWS_PER_REQUEST} rows and {MAX_VALUES_PER_REQUEST} values "
                        "per request",
                    )
                for m, row in enumerate(rows):
                    here = f"{path}.rows[{m}]"
                    if not isinstance(row, dict):
                        raise bad(here, "expected an object with rowNumber and values")
                    number = row.get("rowNumber")
                    if (
                        not isinstance(number, int)
                        or isinstance(number, bool)
                        or not 0 <= number <= MAX_ROW_NUMBER
                    ):
                        raise bad(f"{here}.rowNumber", f"expected a non-negative integer, got {number!r}")
                    values = row.get("values")
                    if not isinstance(values, list) or len(values) != len(columns):
                        raise bad(
                            f"{here}.values", f"expected a list of {len(columns)} values (one per column)"
                        )
                    if all(v is None for v in values):
                        raise bad(f"{here}.values", "a row needs at least one non-null value")
                    slot = writes.setdefault((seq[0], number), {})
                    for name, value in zip(columns, values, strict=True):
                        slot[name] = _cell(value, types[name], f"{here}.values")
            now = now_ms()
            with transaction(self._conn):
                for (seq_id, number), values in writes.items():
                    old = self._conn.execute(
                        "SELECT vals FROM emu_sequence_rows WHERE seq = ? AND row = ?", (seq_id, number)
                    ).fetchone()
                    merged = {**(json.loads(old[0]) if old else {}), **values}
                    self._conn.execute(
                        "INSERT OR REPLACE INTO emu_sequence_rows (seq, row, vals) VALUES (?, ?, ?)",
                        (seq_id, number, json.dumps(merged)),
                    )
                for seq_id in {key[0] for key in writes}:
                    self._conn.execute(
                        "UPDATE emu_sequences SET last_updated_time = ? WHERE id = ?", (now, seq_id)
                    )
            return {}

    def delete_rows(self, body: Any) -> dict[str, Any]:
        """``POST /sequences/data/delete``: ``{"items": [{id|externalId, rows: [row numbers]}]}``."""
        with self._lock:
            items = items_of(body, 1000)
            sequences = self._rows(items, False)
            doomed: list[tuple[int, int]] = []
            for n, (item, seq) in enumerate(zip(items, sequences, strict=True)):
                assert seq is not None
                rows = item.get("rows")
                if not isinstance(rows, list) or not all(
                    isinstance(r, int) and not isinstance(r, bool) for r in rows
                ):
                    raise bad(f"items[{n}].rows", "expected a list of row numbers")
                doomed.extend((seq[0], r) for r in rows)
            with transaction(self._conn):
                self._conn.executemany("DELETE FROM emu_sequence_rows WHERE seq = ? AND row = ?", doomed)
            return {}

    def retrieve_rows(self, body: Any) -> dict[str, Any]:
        """``POST /sequences/data/list``: rows ``start`` (inclusive) to ``end`` (exclusive), paged."""
        with self._lock:
            body = body_of(body)
            seq, columns = self._selection(body)
            start = _row_number(body.get("start", 0), "start", 0)
            end = _row_number(body.get("end"), "end", MAX_ROW_NUMBER)
            limit = body.get("limit", 100)
            if limit is None:
                limit = 100
            if not isinstance(limit, int) or isinstance(limit, bool) or not 1 <= limit <= MAX_RETRIEVE_ROWS:
                raise bad("limit", f"expected an integer between 1 and {MAX_RETRIEVE_ROWS}, got {limit!r}")
            if body.get("cursor") is not None:
                state = decode_cursor(body["cursor"], "cursor")
                if state.get("q") != seq[0] or not isinstance(state.get("r"), int):
                    raise bad("cursor", "the cursor belongs to another sequence")
                start = max(start, state["r"])
            fetched = self._conn.execute(
                "SELECT row, vals FROM emu_sequence_rows WHERE seq = ? AND row >= ? AND row < ?"
                " ORDER BY row LIMIT ?",
                (seq[0], start, end, limit + 1),
            ).fetchall()
            out = self._header(seq, columns)
            out["rows"] = [
                {"rowNumber": number, "values": [values.get(c["externalId"]) for c in columns]}
                for number, values in ((r[0], json.loads(r[1])) for r in fetched[:limit])
            ]
            if len(fetched) > limit:
                out["nextCursor"] = encode_cursor("sequence-rows", {"q": seq[0], "r": fetched[limit][0]})
            return out

    def latest_row(self, body: Any) -> dict[str, Any]:
        """``POST /sequences/data/latest``: the row with the highest number (below ``before``)."""
        with self._lock:
            body = body_of(body)
            seq, columns = self._selection(body)
            before = _row_number(body.get("before"), "before", MAX_ROW_NUMBER)
            found = self._conn.execute(
                "SELECT row, vals FROM emu_sequence_rows WHERE seq = ? AND row < ? ORDER BY row DESC LIMIT 1",
                (seq[0], before),
            ).fetchone()
            out = self._header(seq, columns)
            out["rows"] = []
            if found is not None:
                values = json.loads(found[1])
                out["rows"].append(
                    {"rowNumber": found[0], "values": [values.get(c["externalId"]) for c in columns]}
                )
            return out

    def _selection(self, body: dict[str, Any]) -> tuple[tuple[Any, ...], list[dict[str, Any]]]:
        ident = identifier(body, "body", instance_ids=False)
        seq = self._row(ident)
        if seq is None:
            raise_missing([ident], "Sequences")
        assert seq is not None
        all_columns = json.loads(seq[2])["columns"]
        wanted = body.get("columns")
        if wanted is None:
            return seq, all_columns
        if not isinstance(wanted, list) or not wanted:
            raise bad("columns", "expected a non-empty list of column external ids")
        by_name = {c["externalId"]: c for c in all_columns}
        for name in wanted:
            if name not in by_name:
                raise bad("columns", f"the sequence has no column {name!r}")
        return seq, [by_name[name] for name in wanted]

    @staticmethod
    def _header(seq: tuple[Any, ...], columns: list[dict[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {"id": seq[0]}
        if seq[1] is not None:
            out["externalId"] = seq[1]
        out["columns"] = [
            {k: c[k] for k in ("externalId", "name", "valueType", "description", "metadata") if k in c}
            for c in columns
        ]
        return out


def _row_number(value: Any, path: str, default: int) -> int:
    if value is None or (value == -1 and path == "end"):
        return default
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise bad(path, f"expected a non-negative row number, got {value!r}")
    return value


def _cell(value: Any, value_type: str, path: str) -> Any:
    if value is None:
        return None
    if value_type == "STRING":
        if not isinstance(value, str) or len(value) > MAX_STRING:
            raise bad(
                path,
                f"expected a string of at most {MAX_STRING} characters for a STRING column, got {value!r}",
            )
        return value
    if value_type == "LONG":
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if not isinstance(value, int) or isinstance(value, bool) or not -(2**63) <= value < 2**63:
            raise bad(path, f"expected a 64-bit integer for a LONG column, got {value!r}")
        return value
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not math.isfinite(value):
        raise bad(path, f"expected a finite number for a DOUBLE column, got {value!r}")
    return float(value)


def _sequence_fields(item: Any, path: str, now: int) -> dict[str, Any]:
    if not isinstance(item, dict):
        raise bad(path, "expected an object")
    unknown = sorted(k for k in item if k not in _FIELDS and item[k] is not None)
    if unknown:
        raise bad(f"{path}.{unknown[0]}", "unknown field")
    out: dict[str, Any] = {}
    for key, size in (("externalId", 255), ("name", 255), ("description", 1000)):
        value = optional_text(item, key, path, size)
        if value is not None:
            out[key] = value
    for key in ("assetId", "dataSetId"):
        number = optional_int(item, key, path)
        if number is not None:
            out[key] = number
    out["metadata"] = metadata(item.get("metadata"), f"{path}.metadata")
    columns = item.get("columns")
    if not isinstance(columns, list) or not 1 <= len(columns) <= MAX_COLUMNS:
        raise bad(f"{path}.columns", f"expected a list of 1..{MAX_COLUMNS} columns")
    seen: set[str] = set()
    out["columns"] = []
    for n, column in enumerate(columns):
        here = f"{path}.columns[{n}]"
        if not isinstance(column, dict):
            raise bad(here, "expected an object")
        unknown = sorted(k for k in column if k not in _COLUMN_FIELDS and column[k] is not None)
        if unknown:
            raise bad(f"{here}.{unknown[0]}", "unknown field")
        external_id = optional_text(column, "externalId", here, 255)
        if external_id is None:
            raise bad(f"{here}.externalId", "is required")
        if external_id in seen:
            raise bad(f"{here}.externalId", f"duplicate column {external_id!r}")
        seen.add(external_id)
        value_type = str(column.get("valueType") or "DOUBLE").upper()
        if value_type not in VALUE_TYPES:
            raise bad(
                f"{here}.valueType", f"expected STRING, DOUBLE or LONG, got {column.get('valueType')!r}"
            )
        entry: dict[str, Any] = {"externalId": external_id, "valueType": value_type}
        for key, size in (("name", 255), ("description", 1000)):
            value = optional_text(column, key, here, size)
            if value is not None:
                entry[key] = value
        entry["metadata"] = metadata(column.get("metadata"), f"{here}.metadata")
        entry["createdTime"] = entry["lastUpdatedTime"] = now
        out["columns"].append(entry)
    return out


__all__ = ["SequenceStore"]
