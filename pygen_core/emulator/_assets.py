"""CogniteAsset hierarchies: ``root``, ``path`` and ``pathLastUpdatedTime`` kept from the ``parent`` chain.

CDF's path materializer does this in the background; the emulator does it in the same write. For every node
with data in the container ``cdf_cdm:CogniteAsset``: ``path`` lists the ancestors root first and ends with
the node itself, ``root`` is ``path[0]`` (a root is its own root), and ``pathLastUpdatedTime`` is the time
the path last changed. A parent that is not (or no longer) a live CogniteAsset node ends the chain and is
not part of the path. Moving or deleting a node rewrites its descendants (each gets a new version). Values a
client writes to these three properties are replaced. A parent chain that would loop is refused with a 400.
"""

from __future__ import annotations

import dataclasses
import time
from typing import Any

from ._errors import DMSError
from ._instance_model import Instance, Key, key_ref

ASSET: Key = ("cdf_cdm", "CogniteAsset")
PARENT, ROOT, PATH, PATH_TIME = (
    "assetHierarchy_parent",
    "assetHierarchy_root",
    "assetHierarchy_path",
    "assetHierarchy_path_last_updated_time",
)


def _stamp(ms: int) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(ms // 1000)) + f".{ms % 1000:03d}+00:00"


class AssetHierarchy:
    """A write hook of the instance store (see ``InstanceStore.write_hooks``)."""

    def __init__(self, store: Any) -> None:
        self._store = store
        self._parent_of: dict[Key, Key] | None = None
        self._children: dict[Key, set[Key]] = {}
        store.write_hooks.append(self)
        store.commit_listeners.append(self._remember)

    def _index(self) -> dict[Key, set[Key]]:
        if self._parent_of is None:
            self._parent_of = {}
            for _, record in self._store.scan("node"):
                self._set_parent(record.key, _parent(record))
        return self._children

    def _set_parent(self, child: Key, parent: Key | None) -> None:
        assert self._parent_of is not None
        old = self._parent_of.pop(child, None)
        if old is not None:
            self._children[old].discard(child)
        if parent is not None:
            self._parent_of[child] = parent
            self._children.setdefault(parent, set()).add(child)

    def _remember(self, records: list[Instance]) -> None:
        if self._parent_of is None:
            return
        for record in records:
            if record.kind == "node":
                self._set_parent(record.key, _parent(record) if record.deleted_time is None else None)

    def __call__(self, records: list[Instance]) -> list[Instance]:
        touched = [r for r in records if r.kind == "node" and (ASSET in r.data or self._was_asset(r.key))]
        if not touched:
            return records
        index = self._index()
        pending: dict[Key, Instance] = {r.key: r for r in records if r.kind == "node"}
        moved_to: dict[Key, set[Key]] = {}
        for key, record in pending.items():
            parent = _parent(record) if record.deleted_time is None else None
            if parent is not None:
                moved_to.setdefault(parent, set()).add(key)

        def children(key: Key) -> set[Key]:
            return {c for c in index.get(key, ()) if c not in pending} | moved_to.get(key, set())

        def current(key: Key) -> Instance | None:
            record = pending.get(key) or self._store.live_node(key)
            if record is None or record.deleted_time is not None or ASSET not in record.data:
                return None
            return record

        paths: dict[Key, list[Key]] = {}

        def path_of(key: Key) -> list[Key]:
            chain: list[Key] = []
            seen: set[Key] = set()
            node: Key | None = key
            while node is not None and node not in paths:
                if node in seen:
                    raise DMSError(
                        400,
                        f"items: the parent of {key[0]}:{key[1]} makes a cycle in the CogniteAsset hierarchy",
                    )
                seen.add(node)
                chain.append(node)
                record = current(node)
                assert record is not None
                parent = _parent(record)
                node = parent if parent is not None and current(parent) is not None else None
            prefix = paths[node] if node is not None else []
            top_down = chain[::-1]
            for depth, member in enumerate(top_down):
                paths[member] = prefix + top_down[: depth + 1]
            return paths[key]

        affected: list[Key] = []
        visited: set[Key] = set()
        todo = [r.key for r in touched]
        while todo:  # every touched node and everything below it
            key = todo.pop()
            if key not in visited:
                visited.add(key)
                affected.append(key)
                todo.extend(children(key))
        now = max((r.last_updated_time for r in records), default=int(time.time() * 1000))
        extra: list[Instance] = []
        for key in affected:
            found = current(key)
            if found is None:
                continue
            path = path_of(key)
            values: dict[str, Any] = {ROOT: key_ref(path[0]), PATH: [key_ref(k) for k in path]}
            stored = found.data.get(ASSET, {})
            if PATH_TIME in stored and all(stored.get(name) == value for name, value in values.items()):
                continue
            values[PATH_TIME] = _stamp(now)
            if key in pending:
                found.data[ASSET] = {**stored, **values}
            else:
                data = {**found.data, ASSET: {**stored, **values}}
                extra.append(
                    dataclasses.replace(found, data=data, version=found.version + 1, last_updated_time=now)
                )
        return records + extra

    def _was_asset(self, key: Key) -> bool:
        old = self._store.live_node(key)
        return old is not None and ASSET in old.data


def _parent(record: Instance) -> Key | None:
    ref = record.data.get(ASSET, {}).get(PARENT)
    return (ref["space"], ref["externalId"]) if isinstance(ref, dict) else None
