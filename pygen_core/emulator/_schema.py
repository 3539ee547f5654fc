"""The schema store: spaces, containers, views and data models in SQLite, served in CDF's read form.

Implements :class:`~pygen_core.emulator._protocols.SchemaLookup` for the instance engine. Each table row
holds the stored (normalised write) form as JSON; an in-memory mirror serves reads, SQLite persists them.
"""

from __future__ import annotations

import base64
import binascii
import copy
import json
import logging
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from . import _views
from ._validate import bad, flag, list_limit, string

logger = logging.getLogger("pygen_core.emulator")

Key = tuple[str, str, str]
SPACE, CONTAINER, VIEW, DATA_MODEL = "space", "container", "view", "datamodel"
_KINDS = (SPACE, CONTAINER, VIEW, DATA_MODEL)


def now_ms() -> int:
    return int(time.time() * 1000)


def key_of(kind: str, item: dict[str, Any]) -> Key:
    """Table key of an identifier object of ``kind``."""
    if kind == SPACE:
        return (item["space"], "", "")
    if kind == CONTAINER:
        return (item["space"], item["externalId"], "")
    return (item["space"], item["externalId"], str(item["version"]))


def ident_of(kind: str, key: Key) -> dict[str, Any]:
    """Identifier object (as CDF echoes it) for a table key."""
    if kind == SPACE:
        return {"space": key[0]}
    if kind == CONTAINER:
        return {"space": key[0], "externalId": key[1]}
    return {"space": key[0], "externalId": key[1], "version": key[2]}


def encode_cursor(key: Key) -> str:
    return base64.urlsafe_b64encode(json.dumps(list(key)).encode()).decode()


def decode_cursor(cursor: str) -> Key:
    try:
        raw = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        if isinstance(raw, list) and len(raw) == 3 and all(isinstance(part, str) for part in raw):
            return (raw[0], raw[1], raw[2])
    except (ValueError, binascii.Error):
        pass
    raise bad("cursor", "Invalid or expired cursor")


class SchemaStore:
    """Spaces, containers, views and data models of one project, persisted in SQLite."""

    def __init__(self, conn: sqlite3.Connection, lock: threading.RLock) -> None:
        self._conn = conn
        self._lock = lock
        self._rows: dict[str, dict[Key, dict[str, Any]]] = {kind: {} for kind in _KINDS}
        self._rendered: dict[tuple[Key, bool], dict[str, Any]] = {}
        self.generation = 0
        with self._lock, self._conn:
            self._conn.execute(
                "CREATE TABLE IF NOT EXISTS emulator_schema (kind TEXT NOT NULL, k1 TEXT NOT NULL, "
                "k2 TEXT NOT NULL, k3 TEXT NOT NULL, body TEXT NOT NULL, PRIMARY KEY (kind, k1, k2, k3))"
            )
            for kind, k1, k2, k3, body in self._conn.execute(
                "SELECT kind, k1, k2, k3, body FROM emulator_schema"
            ):
                if kind in self._rows:
                    self._rows[kind][(k1, k2, k3)] = json.loads(body)

    # ----------------------------------------------------------------- storage primitives
    def _put(self, kind: str, stored: dict[str, Any]) -> None:
        key = key_of(kind, stored)
        self._conn.execute(
            "INSERT OR REPLACE INTO emulator_schema (kind, k1, k2, k3, body) VALUES (?, ?, ?, ?, ?)",
            (kind, *key, json.dumps(stored, sort_keys=True)),
        )
        self._rows[kind][key] = stored

    def _remove(self, kind: str, key: Key) -> None:
        self._conn.execute(
            "DELETE FROM emulator_schema WHERE kind = ? AND k1 = ? AND k2 = ? AND k3 = ?", (kind, *key)
        )
        self._rows[kind].pop(key, None)

    def _changed(self) -> None:
        self._rendered.clear()
        self.generation += 1

    def write(self, changes: Callable[[], None]) -> None:
        """Run ``changes`` (calls to ``_put``/``_remove``) atomically: all of them persist or none."""
        with self._lock:
            snapshot = {kind: dict(rows) for kind, rows in self._rows.items()}
            try:
                with self._conn:
                    changes()
            except BaseException:
                self._rows = snapshot
                raise
            finally:
                self._changed()

    def stored(self, kind: str, key: Key) -> dict[str, Any] | None:
        with self._lock:
            return self._rows[kind].get(key)

    def keys(self, kind: str) -> list[Key]:
        with self._lock:
            return sorted(self._rows[kind])

    def is_global_space(self, space: str) -> bool:
        row = self.stored(SPACE, (space, "", ""))
        return bool(row and row.get("isGlobal"))

    # ----------------------------------------------------------------- SchemaLookup
    def get_view(self, space: str, external_id: str, version: str | None) -> dict[str, Any] | None:
        """Read-form view with inherited properties; ``version=None`` → newest by ``createdTime``."""
        with self._lock:
            if version is None:
                versions = [k for k in self._rows[VIEW] if k[0] == space and k[1] == external_id]
                if not versions:
                    return None
                key = max(versions, key=lambda k: (self._rows[VIEW][k].get("createdTime", 0), k[2]))
            else:
                key = (space, external_id, str(version))
            rendered = self.render_view(key, include_inherited=True)
            return copy.deepcopy(rendered) if rendered is not None else None

    def get_container(self, space: str, external_id: str) -> dict[str, Any] | None:
        """Read-form container (defined or inferred)."""
        with self._lock:
            stored = self._rows[CONTAINER].get((space, external_id, ""))
            return _views.render_container(stored) if stored is not None else None

    def has_space(self, space: str) -> bool:
        with self._lock:
            return (space, "", "") in self._rows[SPACE]

    def ensure_spaces(self, spaces: Iterable[str]) -> list[str]:
        """Create the spaces that do not exist yet (as a bare ``{"space"}`` would); returns the new ones."""
        with self._lock:
            fresh = sorted({s for s in spaces if (s, "", "") not in self._rows[SPACE]})
            if fresh:
                stamp = now_ms()

                def changes() -> None:
                    for space in fresh:
                        self._put(SPACE, _new_space(space, stamp))

                self.write(changes)
            return fresh

    # ----------------------------------------------------------------- rendering
    def _stored_view(self, key: Key) -> dict[str, Any] | None:
        return self._rows[VIEW].get(key)

    def _stored_container(self, key: tuple[str, str]) -> dict[str, Any] | None:
        return self._rows[CONTAINER].get((key[0], key[1], ""))

    def render_view(self, key: Key, include_inherited: bool) -> dict[str, Any] | None:
        """Cached read form of a view (callers must not mutate it)."""
        with self._lock:
            cached = self._rendered.get((key, include_inherited))
            if cached is not None:
                return cached
            stored = self._rows[VIEW].get(key)
            if stored is None:
                return None
            rendered = _views.render_view(
                stored, self._stored_view, self._stored_container, include_inherited
            )
            rendered["isGlobal"] = rendered.get("isGlobal") or self.is_global_space(key[0])
            self._rendered[(key, include_inherited)] = rendered
            return rendered

    def render(
        self, kind: str, key: Key, *, include_inherited: bool = True, inline_views: bool = False
    ) -> Any:
        """Read form of any stored item; views are the cached objects, so callers serialise, never mutate."""
        with self._lock:
            stored = self._rows[kind][key]
            if kind == VIEW:
                return self.render_view(key, include_inherited)
            if kind == CONTAINER:
                out = _views.render_container(stored)
                out["isGlobal"] = out.get("isGlobal") or self.is_global_space(key[0])
                return out
            out = copy.deepcopy(stored)
            out.setdefault("isGlobal", self.is_global_space(key[0]) if kind == DATA_MODEL else False)
            if kind == DATA_MODEL:
                views: list[dict[str, Any]] = []
                for ref in stored.get("views", []):
                    vkey = key_of(VIEW, ref)
                    rendered = self.render_view(vkey, True) if inline_views else None
                    views.append(rendered if rendered is not None else _views.view_ref(ref))
                out["views"] = views
            return out

    # ----------------------------------------------------------------- list / byids
    def list_items(self, kind: str, params: dict[str, str], used_for: Sequence[str] = ()) -> dict[str, Any]:
        """One page of a schema list call (GET with CDF's query parameters)."""
        limit = list_limit(params)
        include_global = flag(params, "includeGlobal", False)
        all_versions = flag(params, "allVersions", False)
        include_inherited = flag(params, "includeInheritedProperties", True)
        inline_views = flag(params, "inlineViews", False)
        space = params.get("space")
        after = decode_cursor(params["cursor"]) if params.get("cursor") else None
        with self._lock:
            keys = sorted(self._rows[kind])
            if space is not None and kind != SPACE:
                keys = [k for k in keys if k[0] == space]
            if not include_global:
                keys = [k for k in keys if not self._is_global(kind, k)]
            if kind in (VIEW, DATA_MODEL) and not all_versions:
                keys = self._newest_only(kind, keys)
            if kind == CONTAINER and used_for:
                wanted = set(used_for)
                keys = [
                    k for k in keys if self._rows[kind][k].get("usedFor", "node") in wanted or "all" in wanted
                ]
            if after is not None:
                keys = [k for k in keys if k > after]
            page = keys[:limit]
            items = [
                self.render(kind, k, include_inherited=include_inherited, inline_views=inline_views)
                for k in page
            ]
        body: dict[str, Any] = {"items": items}
        if len(keys) > limit:
            body["nextCursor"] = encode_cursor(page[-1])
        return body

    def _is_global(self, kind: str, key: Key) -> bool:
        stored = self._rows[kind][key]
        return bool(stored.get("isGlobal")) or (kind != SPACE and self.is_global_space(key[0]))

    def _newest_only(self, kind: str, keys: Iterable[Key]) -> list[Key]:
        newest: dict[tuple[str, str], Key] = {}
        for key in keys:
            group = (key[0], key[1])
            current = newest.get(group)
            rank = (self._rows[kind][key].get("createdTime", 0), key[2])
            if current is None or rank > (self._rows[kind][current].get("createdTime", 0), current[2]):
                newest[group] = key
        return sorted(newest.values())

    def byids(self, kind: str, items: list[dict[str, Any]], params: dict[str, str]) -> dict[str, Any]:
        """Items that exist, in request order; views without ``version`` → every version."""
        include_inherited = flag(params, "includeInheritedProperties", True)
        inline_views = flag(params, "inlineViews", False)
        out: list[Any] = []
        seen: set[Key] = set()
        with self._lock:
            for index, item in enumerate(items):
                keys = self._match(kind, item, f"items[{index}]")
                for key in keys:
                    if key not in seen:
                        seen.add(key)
                        out.append(
                            self.render(
                                kind, key, include_inherited=include_inherited, inline_views=inline_views
                            )
                        )
        return {"items": out}

    def _match(self, kind: str, item: dict[str, Any], path: str) -> list[Key]:
        space = string(item, "space", path)
        if kind == SPACE:
            key: Key = (space, "", "")
            return [key] if key in self._rows[kind] else []
        external_id = string(item, "externalId", path)
        if kind == CONTAINER:
            key = (space, external_id, "")
            return [key] if key in self._rows[kind] else []
        version = item.get("version")
        if version is None:
            return sorted(k for k in self._rows[kind] if k[0] == space and k[1] == external_id)
        key = (space, external_id, str(version))
        return [key] if key in self._rows[kind] else []

    # ----------------------------------------------------------------- snapshots
    def load_snapshot(
        self, data_models: list[dict[str, Any]], containers: list[dict[str, Any]], origin: str
    ) -> None:
        """Store a snapshot's content as is (trusted read form); infer containers it does not define."""
        views: dict[Key, dict[str, Any]] = {}
        for model in data_models:
            for view in model.get("views") or []:
                if isinstance(view, dict) and "properties" in view:
                    views[key_of(VIEW, view)] = view
        defined = {key_of(CONTAINER, c) for c in containers}
        inferred = {
            (ckey[0], ckey[1], ""): container
            for ckey, container in _views.infer_containers(views.values()).items()
            if (ckey[0], ckey[1], "") not in defined
        }
        stamp = now_ms()

        def changes() -> None:
            spaces = {k[0] for k in (*views, *defined, *inferred)} | {m["space"] for m in data_models}
            for space in sorted(spaces):
                if (space, "", "") not in self._rows[SPACE]:
                    self._put(SPACE, _new_space(space, stamp))
            for container in containers:
                self._put(CONTAINER, self._container_row(container, stamp, keep_extra=True))
            for key, container in inferred.items():
                existing = self._rows[CONTAINER].get(key)
                if existing is not None:
                    merged = copy.deepcopy(existing)
                    for ident, prop in container["properties"].items():
                        merged["properties"].setdefault(ident, prop)
                    container = merged
                self._put(CONTAINER, self._container_row(container, stamp, keep_extra=True))
            for view in views.values():
                self._put(VIEW, _snapshot_view_row(view, stamp))
            for model in data_models:
                row = {k: copy.deepcopy(v) for k, v in model.items() if k != "views" and v is not None}
                row["views"] = [_views.view_ref(v) for v in model.get("views") or []]
                row.setdefault("createdTime", stamp)
                row.setdefault("lastUpdatedTime", stamp)
                self._put(DATA_MODEL, row)

        self.write(changes)
        if inferred:
            names = ", ".join(f"{k[0]}:{k[1]}" for k in sorted(inferred))
            logger.info(
                "%s defines no containers for %s; inferred them from the views' mapped properties",
                origin,
                names,
            )

    def _container_row(self, container: dict[str, Any], stamp: int, *, keep_extra: bool) -> dict[str, Any]:
        key = key_of(CONTAINER, container)
        existing = self._rows[CONTAINER].get(key)
        row = {k: copy.deepcopy(v) for k, v in container.items() if v is not None}
        row["properties"] = {
            ident: _views.normalize_container_property(prop)
            for ident, prop in (container.get("properties") or {}).items()
        }
        if not keep_extra:
            for extra in ("isGlobal",):
                row.pop(extra, None)
        row.setdefault("usedFor", "node")
        row.setdefault("constraints", {})
        row.setdefault("indexes", {})
        row["createdTime"] = existing["createdTime"] if existing else row.get("createdTime", stamp)
        row["lastUpdatedTime"] = row.get("lastUpdatedTime", stamp) if keep_extra else stamp
        return row


def _new_space(space: str, stamp: int) -> dict[str, Any]:
    return {
        "space": space,
        "name": None,
        "description": None,
        "isGlobal": space.startswith("cdf_"),
        "createdTime": stamp,
        "lastUpdatedTime": stamp,
    }


def _snapshot_view_row(view: dict[str, Any], stamp: int) -> dict[str, Any]:
    row = {k: copy.deepcopy(v) for k, v in view.items() if k != "properties" and v is not None}
    row["version"] = str(row["version"])
    row["properties"] = {
        name: _views.normalize_view_property(prop) for name, prop in (view.get("properties") or {}).items()
    }
    row.setdefault("implements", [])
    row.setdefault("createdTime", stamp)
    row.setdefault("lastUpdatedTime", stamp)
    return row
