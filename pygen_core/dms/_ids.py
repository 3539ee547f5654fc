"""Identifiers of DMS schema objects: frozen, hashable and ordered."""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ConfigDict, model_serializer
from pydantic.alias_generators import to_camel
from typing_extensions import Self

from .._errors import PygenError

__all__ = ["ContainerId", "DataModelId", "DirectRelationReference", "ViewId"]

_DATA_MODEL_ID = re.compile(r"^([^:/\s]+):([^:/\s]+)/([^:/\s]+)$")


class _Id(BaseModel):
    # Ids are identities: the ``"type"`` marker is dropped on input and re-added on output, and other
    # unknown keys are not kept (every other model keeps them).
    model_config = ConfigDict(frozen=True, alias_generator=to_camel, populate_by_name=True, extra="ignore")

    def _key(self) -> tuple[str, ...]:
        return tuple(str(value) for value in self.__dict__.values())

    def __lt__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, _Id)
        return self._key() < other._key()

    def __le__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, _Id)
        return self._key() <= other._key()

    def __gt__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, _Id)
        return self._key() > other._key()

    def __ge__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, _Id)
        return self._key() >= other._key()

    def dump(self) -> dict[str, Any]:
        """The wire JSON of this id."""
        return self.model_dump(mode="json")

    @classmethod
    def load(cls, data: Any) -> Self:
        """Parse wire JSON."""
        return cls.model_validate(data)


class DirectRelationReference(_Id):
    """A node reference ``{"space", "externalId"}`` (e.g. the edge type of an edge connection)."""

    space: str
    external_id: str

    @model_serializer
    def _serialize(self) -> dict[str, Any]:
        return {"space": self.space, "externalId": self.external_id}

    def __str__(self) -> str:
        return f"{self.space}:{self.external_id}"


class ContainerId(_Id):
    """``space:externalId`` of a container."""

    space: str
    external_id: str

    @model_serializer
    def _serialize(self) -> dict[str, Any]:
        return {"space": self.space, "externalId": self.external_id, "type": "container"}

    def __str__(self) -> str:
        return f"{self.space}:{self.external_id}"


class ViewId(_Id):
    """``space:externalId/version`` of a view."""

    space: str
    external_id: str
    version: str

    @model_serializer
    def _serialize(self) -> dict[str, Any]:
        return {"space": self.space, "externalId": self.external_id, "version": self.version, "type": "view"}

    def __str__(self) -> str:
        return f"{self.space}:{self.external_id}/{self.version}"


class DataModelId(_Id):
    """``space:externalId/version`` of a data model."""

    space: str
    external_id: str
    version: str

    @model_serializer
    def _serialize(self) -> dict[str, Any]:
        return {"space": self.space, "externalId": self.external_id, "version": self.version}

    def __str__(self) -> str:
        return f"{self.space}:{self.external_id}/{self.version}"

    @classmethod
    def parse(cls, text: str) -> DataModelId:
        """Parse ``"space:externalId/version"``; raises :class:`PygenError` naming the bad text."""
        match = _DATA_MODEL_ID.match(text.strip())
        if match is None:
            raise PygenError(f"invalid data model id {text!r}: expected SPACE:EXTERNAL_ID/VERSION")
        space, external_id, version = match.groups()
        return cls(space=space, external_id=external_id, version=version)
