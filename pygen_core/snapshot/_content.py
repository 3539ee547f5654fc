"""Reading a snapshot for generation: plain JSON, no wire models, so a build or ``pygen generate`` is fast.

The content is used as it is: the IR reads it defensively and reports what is unusable. Only when the IR finds
a malformed piece does :meth:`SnapshotContent.validate` run the wire models (pydantic) for an exact one-line
error naming the JSON path, the same text ``load_snapshot`` gives.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._errors import PygenError
from .._records import field, record

if TYPE_CHECKING:
    from ._model import Snapshot

__all__ = [
    "FORMAT_VERSION",
    "SnapshotContent",
    "canonical_hash",
    "document_bytes",
    "read_snapshot",
    "snapshot_content",
]

FORMAT_VERSION = 1
"""The snapshot format this version writes (and the newest it reads)."""


def canonical_hash(content: Any) -> str:
    """``"sha256:<hex>"`` of canonical JSON (sorted keys, no whitespace, UTF-8): a snapshot's content hash."""
    text = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return "sha256:" + hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def document_bytes(content: dict[str, Any]) -> bytes:
    """A snapshot file's bytes for ``content``: sorted keys, two-space indent, its content hash, a newline."""
    document = {**content, "contentHash": canonical_hash(content)}
    return (json.dumps(document, sort_keys=True, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


@record(frozen=True)
class SnapshotContent:
    """A snapshot as JSON in our format (``formatVersion``, ``dataModels`` with inline views, ``containers``).

    ``content_hash`` is the hash of that content (what generated code records); ``digest`` is the sha256 of
    the file's bytes (empty when the content did not come from a file). ``source`` names it in errors.
    """

    content: dict[str, Any]
    content_hash: str
    source: str
    digest: str = ""
    raw: Any = field(default=None, repr=False, compare=False)
    """The JSON as given (our format or raw DMS JSON), for :meth:`validate`."""

    @property
    def data_model_ids(self) -> list[str]:
        """``space:externalId/version`` of every well-formed data model, sorted."""
        found = []
        for model in self.content.get("dataModels", []):
            if isinstance(model, dict):
                space, xid, version = model.get("space"), model.get("externalId"), model.get("version")
                if all(isinstance(part, str) for part in (space, xid, version)):
                    found.append(f"{space}:{xid}/{version}")
        return sorted(found)

    def dump(self) -> bytes:
        """The snapshot file's bytes (our format, as :func:`document_bytes` writes it)."""
        return document_bytes(self.content)

    def validate(self) -> Snapshot:
        """The wire-model snapshot; a malformed one raises :class:`PygenError` naming its file and path."""
        from ._io import validate_content

        return validate_content(self)


def snapshot_content(data: Any, *, source: str = "<snapshot>", digest: str = "") -> SnapshotContent:
    """Our snapshot format from parsed JSON: a pygen snapshot, a DMS data model with inline views, or
    ``{"items": [data models]}``. File-level problems raise :class:`PygenError` naming ``source``."""
    if isinstance(data, dict) and "formatVersion" in data:
        version = data.get("formatVersion")
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            raise PygenError(f"{source}: formatVersion: expected a positive integer")
        if version > FORMAT_VERSION:
            raise PygenError(
                f"{source}: formatVersion {version} is newer than this pygen reads ({FORMAT_VERSION}); "
                "upgrade hatch-pygen"
            )
        content = {key: value for key, value in data.items() if key != "contentHash"}
        if not isinstance(content.get("dataModels"), list):
            raise PygenError(f"{source}: dataModels: expected a list of data models")
        content.setdefault("containers", [])
        digest_of_content = canonical_hash(content)
        stored = data.get("contentHash")
        if stored is not None and stored != digest_of_content:
            raise PygenError(
                f"{source}: contentHash does not match the content (edited by hand? "
                "delete the contentHash key to accept the edit)"
            )
        return SnapshotContent(content, digest_of_content, source, digest, data)
    if isinstance(data, dict) and "items" in data:
        items = data["items"]
        if not isinstance(items, list) or not items:
            raise PygenError(f"{source}: items: expected a non-empty list of data models")
        models = items
    elif isinstance(data, dict) and "views" in data and "externalId" in data:
        models = [data]
    else:
        raise PygenError(
            f"{source}: not a snapshot: expected a pygen snapshot (formatVersion), a DMS data model object "
            'with inline views, or {"items": [data models]}'
        )
    content = {"formatVersion": FORMAT_VERSION, "dataModels": models, "containers": []}
    return SnapshotContent(content, canonical_hash(content), source, digest, data)


def read_snapshot(path: str | os.PathLike[str], *, name: str | None = None) -> SnapshotContent:
    """Read a snapshot file (any form :func:`snapshot_content` accepts); a problem is one line naming it
    (as ``name`` when given, e.g. the path as the user configured it)."""
    name = name or os.fspath(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise PygenError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise PygenError(f"{name}: is a directory, not a snapshot file") from None
    except OSError as exc:
        raise PygenError(f"{name}: cannot read: {exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise PygenError(f"{name}: not a UTF-8 text file") from None
    if not text.strip():
        raise PygenError(f"{name}: the file is empty")
    try:
        parsed = json.loads(text)
    except json.JSONDecodeError as exc:
        raise PygenError(
            f"{name}: invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from None
    except RecursionError:
        raise PygenError(f"{name}: the JSON is nested too deeply to read") from None
    return snapshot_content(parsed, source=name, digest="sha256:" + hashlib.sha256(data).hexdigest())
