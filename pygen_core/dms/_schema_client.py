"""``SchemaClient``: list, retrieve, create and delete spaces, containers, views and data models."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any, Protocol, TypeVar

from pydantic import ValidationError

from .._errors import PygenError
from ._base import DMSModel
from ._containers import Container, ContainerApply
from ._ids import ContainerId, DataModelId, ViewId
from ._spaces import Space, SpaceApply
from ._validation import format_validation_error
from ._views import DataModel, DataModelApply, View, ViewApply

__all__ = ["HTTPLike", "SchemaClient"]

_T = TypeVar("_T", bound=DMSModel)
_ItemT = TypeVar("_ItemT")

CHUNK_SIZE = 100
"""Items per create / byids / delete request (the DMS limit for schema objects)."""
LIST_PAGE_SIZE = 1000
"""Items per list page (the DMS maximum)."""


class HTTPLike(Protocol):
    """What the schema client needs from ``pygen_core.runtime.HTTPClient``."""

    def get(self, path: str, params: dict[str, Any] | None = None) -> dict[str, Any]: ...

    def post(self, path: str, json: Any, params: dict[str, Any] | None = None) -> dict[str, Any]: ...


def _chunks(items: Sequence[_ItemT], size: int = CHUNK_SIZE) -> Iterator[Sequence[_ItemT]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _flag(value: bool) -> str:
    return "true" if value else "false"


class SchemaClient:
    """Typed access to the DMS schema endpoints (``/models/...``) over an ``HTTPClient``."""

    def __init__(self, http: HTTPLike, *, page_size: int = LIST_PAGE_SIZE) -> None:
        if not 1 <= page_size <= LIST_PAGE_SIZE:
            raise ValueError(f"page_size must be between 1 and {LIST_PAGE_SIZE}, not {page_size!r}")
        self._http = http
        self._page_size = page_size

    # ----------------------------------------------------------------------------------------- list
    def list_spaces(self, *, include_global: bool = False, limit: int | None = None) -> list[Space]:
        """All spaces (cursor paging until exhausted or ``limit`` reached)."""
        return self._list("/models/spaces", Space, {"includeGlobal": _flag(include_global)}, limit)

    def list_containers(
        self, *, space: str | None = None, include_global: bool = False, limit: int | None = None
    ) -> list[Container]:
        """Containers, optionally of one space."""
        params = {"includeGlobal": _flag(include_global)}
        if space is not None:
            params["space"] = space
        return self._list("/models/containers", Container, params, limit)

    def list_views(
        self,
        *,
        space: str | None = None,
        include_inherited_properties: bool = True,
        all_versions: bool = False,
        include_global: bool = False,
        limit: int | None = None,
    ) -> list[View]:
        """Views, optionally of one space."""
        params = {
            "includeInheritedProperties": _flag(include_inherited_properties),
            "allVersions": _flag(all_versions),
            "includeGlobal": _flag(include_global),
        }
        if space is not None:
            params["space"] = space
        return self._list("/models/views", View, params, limit)

    def list_data_models(
        self,
        *,
        space: str | None = None,
        inline_views: bool = False,
        all_versions: bool = False,
        include_global: bool = False,
        limit: int | None = None,
    ) -> list[DataModel]:
        """Data models, optionally of one space."""
        params = {
            "inlineViews": _flag(inline_views),
            "allVersions": _flag(all_versions),
            "includeGlobal": _flag(include_global),
        }
        if space is not None:
            params["space"] = space
        return self._list("/models/datamodels", DataModel, params, limit)

    # ------------------------------------------------------------------------------------- retrieve
    def retrieve_spaces(self, spaces: Sequence[str]) -> list[Space]:
        """The spaces that exist among ``spaces`` (unknown ones are absent)."""
        items = [{"space": space} for space in spaces]
        return self._post_chunked("/models/spaces/byids", items, Space)

    def retrieve_containers(self, ids: Sequence[ContainerId]) -> list[Container]:
        """The containers that exist among ``ids``."""
        items = [{"space": i.space, "externalId": i.external_id} for i in ids]
        return self._post_chunked("/models/containers/byids", items, Container)

    def retrieve_views(
        self, ids: Sequence[ViewId], *, include_inherited_properties: bool = True
    ) -> list[View]:
        """The views that exist among ``ids``."""
        items = [{"space": i.space, "externalId": i.external_id, "version": i.version} for i in ids]
        params = {"includeInheritedProperties": _flag(include_inherited_properties)}
        return self._post_chunked("/models/views/byids", items, View, params)

    def retrieve_data_models(
        self, ids: Sequence[DataModelId], *, inline_views: bool = True
    ) -> list[DataModel]:
        """The data models that exist among ``ids`` (views inline unless ``inline_views=False``)."""
        items = [i.dump() for i in ids]
        params = {"inlineViews": _flag(inline_views)}
        return self._post_chunked("/models/datamodels/byids", items, DataModel, params)

    # --------------------------------------------------------------------------------------- create
    def create_spaces(self, spaces: Sequence[SpaceApply]) -> list[Space]:
        """Create or update spaces."""
        return self._post_chunked("/models/spaces", [s.dump() for s in spaces], Space)

    def create_containers(self, containers: Sequence[ContainerApply]) -> list[Container]:
        """Create or update containers."""
        return self._post_chunked("/models/containers", [c.dump() for c in containers], Container)

    def create_views(self, views: Sequence[ViewApply]) -> list[View]:
        """Create or update views."""
        return self._post_chunked("/models/views", [v.dump() for v in views], View)

    def create_data_models(self, data_models: Sequence[DataModelApply]) -> list[DataModel]:
        """Create or update data models."""
        return self._post_chunked("/models/datamodels", [m.dump() for m in data_models], DataModel)

    # --------------------------------------------------------------------------------------- delete
    def delete_spaces(self, spaces: Sequence[str]) -> list[str]:
        """Delete spaces; returns the deleted ones."""
        raw = self._post_raw("/models/spaces/delete", [{"space": s} for s in spaces])
        return [self._parse_space_ref(item, "/models/spaces/delete", n) for n, item in enumerate(raw)]

    def delete_containers(self, ids: Sequence[ContainerId]) -> list[ContainerId]:
        """Delete containers; returns the deleted ones."""
        items = [{"space": i.space, "externalId": i.external_id} for i in ids]
        return self._parse_items(
            "/models/containers/delete", self._post_raw("/models/containers/delete", items), ContainerId
        )

    def delete_views(self, ids: Sequence[ViewId]) -> list[ViewId]:
        """Delete views; returns the deleted ones."""
        items = [{"space": i.space, "externalId": i.external_id, "version": i.version} for i in ids]
        return self._parse_items(
            "/models/views/delete", self._post_raw("/models/views/delete", items), ViewId
        )

    def delete_data_models(self, ids: Sequence[DataModelId]) -> list[DataModelId]:
        """Delete data models; returns the deleted ones."""
        items = [i.dump() for i in ids]
        raw = self._post_raw("/models/datamodels/delete", items)
        return self._parse_items("/models/datamodels/delete", raw, DataModelId)

    # -------------------------------------------------------------------------------------- helpers
    def _list(self, path: str, cls: type[_T], params: Mapping[str, str], limit: int | None) -> list[_T]:
        result: list[_T] = []
        cursor: str | None = None
        while limit is None or len(result) < limit:
            page_params: dict[str, Any] = dict(params)
            remaining = self._page_size if limit is None else limit - len(result)
            page_params["limit"] = min(self._page_size, remaining)
            if cursor is not None:
                page_params["cursor"] = cursor
            body = self._http.get(path, params=page_params)
            result.extend(self._parse_items(f"GET {path}", self._items(body, f"GET {path}"), cls))
            next_cursor = body.get("nextCursor")
            if not next_cursor:
                break
            if not isinstance(next_cursor, str):
                raise PygenError(f"unexpected response from GET {path}: nextCursor is not a string")
            cursor = next_cursor
        return result if limit is None else result[:limit]

    def _post_raw(
        self, path: str, items: Sequence[dict[str, Any]], params: dict[str, Any] | None = None
    ) -> list[Any]:
        out: list[Any] = []
        for chunk in _chunks(items):
            body = self._http.post(path, json={"items": list(chunk)}, params=params)
            out.extend(self._items(body, f"POST {path}"))
        return out

    def _post_chunked(
        self, path: str, items: Sequence[dict[str, Any]], cls: type[_T], params: dict[str, Any] | None = None
    ) -> list[_T]:
        return self._parse_items(f"POST {path}", self._post_raw(path, items, params), cls)

    @staticmethod
    def _items(body: Any, what: str) -> list[Any]:
        items = body.get("items") if isinstance(body, dict) else None
        if not isinstance(items, list):
            raise PygenError(f"unexpected response from {what}: expected an object with an 'items' list")
        return items

    @staticmethod
    def _parse_items(what: str, items: list[Any], cls: type[_ItemT]) -> list[_ItemT]:
        out: list[_ItemT] = []
        for n, item in enumerate(items):
            try:
                out.append(cls.model_validate(item))  # type: ignore[attr-defined]
            except ValidationError as exc:
                raise PygenError(
                    f"unexpected response from {what}: {format_validation_error(exc, f'items[{n}]')}"
                ) from None
        return out

    @staticmethod
    def _parse_space_ref(item: Any, path: str, n: int) -> str:
        if isinstance(item, dict) and isinstance(item.get("space"), str):
            return str(item["space"])
        raise PygenError(f"unexpected response from POST {path}: items[{n}].space: expected a string")
