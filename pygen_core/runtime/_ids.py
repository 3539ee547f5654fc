"""Identifiers: views, nodes and edges (frozen, hashable, cheap)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal, TypeAlias, cast

from pydantic import AliasPath
from pydantic_core import core_schema

if TYPE_CHECKING:
    from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
    from pydantic.json_schema import JsonSchemaValue

InstanceType = Literal["node", "edge"]


class ViewId:
    """``space:externalId/version`` of a view."""

    __slots__ = ("external_id", "space", "version")

    def __init__(self, space: str, external_id: str, version: str) -> None:
        self.space: str = space
        self.external_id: str = external_id
        self.version: str = version

    @property
    def key(self) -> str:
        """The key of this view's properties in a read instance: ``"externalId/version"``."""
        return f"{self.external_id}/{self.version}"

    def alias(self, identifier: str) -> AliasPath:
        """Where property ``identifier`` sits in a read instance (a pydantic validation alias)."""
        return AliasPath("properties", self.space, self.key, identifier)

    def dump(self) -> dict[str, str]:
        """Wire form, as a source reference."""
        return {
            "type": "view",
            "space": self.space,
            "externalId": self.external_id,
            "version": self.version,
        }

    def property_ref(self, identifier: str) -> list[str]:
        """A filter/sort property reference ``[space, "xid/version", identifier]``."""
        return [self.space, self.key, identifier]

    def _tuple(self) -> tuple[str, str, str]:
        return (self.space, self.external_id, self.version)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ViewId) and self._tuple() == other._tuple()

    def __hash__(self) -> int:
        return hash(("view", *self._tuple()))

    def __repr__(self) -> str:
        return f"ViewId({self.space!r}, {self.external_id!r}, {self.version!r})"

    def __str__(self) -> str:
        return f"{self.space}:{self.external_id}/{self.version}"


class _InstanceId:
    """Common base of :class:`NodeId` and :class:`EdgeId`."""

    __slots__ = ("external_id", "space")
    instance_type: InstanceType

    def __init__(self, space: str, external_id: str) -> None:
        self.space: str = space
        self.external_id: str = external_id

    def dump(self, include_instance_type: bool = False) -> dict[str, str]:
        """Wire form ``{"space", "externalId"}`` (plus ``instanceType`` if asked)."""
        if include_instance_type:
            return {
                "instanceType": self.instance_type,
                "space": self.space,
                "externalId": self.external_id,
            }
        return {"space": self.space, "externalId": self.external_id}

    def __eq__(self, other: object) -> bool:
        return (
            type(other) is type(self)
            and self.space == other.space
            and self.external_id == other.external_id
        )

    def __hash__(self) -> int:
        return hash((self.instance_type, self.space, self.external_id))

    def __lt__(self, other: _InstanceId) -> bool:
        return (self.instance_type, self.space, self.external_id) < (
            other.instance_type,
            other.space,
            other.external_id,
        )

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.space!r}, {self.external_id!r})"

    def __iter__(self) -> Any:
        return iter((self.space, self.external_id))

    @classmethod
    def load(cls, data: Any) -> Any:
        """Accept an instance of this class, ``{"space", "externalId"}`` or ``(space, external_id)``."""
        if type(data) is cls:
            return data
        space: Any
        xid: Any
        if isinstance(data, dict):
            fields = cast("dict[str, Any]", data)
            space, xid = (
                fields.get("space"),
                fields.get("externalId", fields.get("external_id")),
            )
        elif isinstance(data, tuple) and len(cast("Sequence[Any]", data)) == 2:
            space, xid = cast("tuple[Any, Any]", data)
        else:
            raise ValueError(
                f"expected a {cls.__name__}, {{'space', 'externalId'}} or (space, external_id)"
            )
        if not isinstance(space, str) or not isinstance(xid, str):
            raise ValueError("space and externalId must be strings")
        return cls(space, xid)

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> Any:
        return core_schema.no_info_plain_validator_function(
            cls.load,
            serialization=core_schema.plain_serializer_function_ser_schema(
                lambda value: value.dump(), when_used="json"
            ),
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: Any, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return id_json_schema(cls.__name__)


def id_json_schema(title: str) -> dict[str, Any]:
    """The JSON schema of an instance id in wire form: ``{"space": ..., "externalId": ...}``."""
    return {
        "type": "object",
        "title": title,
        "properties": {
            "space": {"type": "string"},
            "externalId": {"type": "string"},
        },
        "required": ["space", "externalId"],
    }


class NodeId(_InstanceId):
    """A node: ``NodeId(space, external_id)``."""

    __slots__ = ()
    instance_type: InstanceType = "node"


class EdgeId(_InstanceId):
    """An edge: ``EdgeId(space, external_id)``."""

    __slots__ = ()
    instance_type: InstanceType = "edge"


InstanceId = NodeId | EdgeId


NodeIdLike: TypeAlias = NodeId | tuple[str, str]
"""A node given as ``NodeId`` or ``(space, external_id)``."""

NodeRef: TypeAlias = NodeId | tuple[str, str] | str
"""A node given as ``NodeId``, ``(space, external_id)`` or an external id in the default instance space."""
