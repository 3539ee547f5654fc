"""Shared base of the DMS wire models: camelCase on the wire, snake_case in Python, unknown keys kept.

Dump rule (round trips are compared on it): ``.dump()`` writes only the keys that were present on input
(or set in Python) and never writes ``null``: an explicit ``null`` and an absent key mean the same thing to
DMS.  Raw JSON values (view filters, default values, unknown keys' contents) are kept verbatim.  Container and
view references always carry their ``"type": "container" | "view"`` marker.
"""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, model_validator
from pydantic.alias_generators import to_camel
from typing_extensions import Self

__all__ = ["TAG_PREFIX", "UNKNOWN_TAG", "DMSModel", "field_value", "tag_for"]


class DMSModel(BaseModel):
    """Base of every DMS wire model; ``.dump()`` gives wire JSON, ``.load(data)`` parses it."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="allow")

    # Discriminator fields: always written, even when they took their default value.
    _always_dump: ClassVar[tuple[str, ...]] = ()

    @model_validator(mode="before")
    @classmethod
    def _null_is_absent(cls, data: Any) -> Any:
        # `"list": null` must not fail where the field has a default: null and absent mean the same.
        if isinstance(data, dict) and any(value is None for value in data.values()):
            return {key: value for key, value in data.items() if value is not None}
        return data

    def model_post_init(self, context: Any, /) -> None:
        self.model_fields_set.update(self._always_dump)

    def dump(self) -> dict[str, Any]:
        """The wire (camelCase) JSON of this object."""
        return self.model_dump(mode="json", by_alias=True, exclude_unset=True, exclude_none=True)

    @classmethod
    def load(cls, data: Any) -> Self:
        """Parse wire JSON (raises ``pydantic.ValidationError`` on bad input)."""
        return cls.model_validate(data)


TAG_PREFIX = "dms:"
"""Prefix of the union tags; validation error locations drop the parts that start with it."""

UNKNOWN_TAG = TAG_PREFIX + "unknown"


def field_value(value: Any, wire_key: str, attr: str) -> Any:
    """A field of raw wire JSON (by ``wire_key``) or of an already built model (by ``attr``)."""
    if isinstance(value, dict):
        return value.get(wire_key)
    return getattr(value, attr, None)


def tag_for(value: Any, known: frozenset[str]) -> str:
    """The union tag for a discriminator value: known values get their own tag, the rest the Unknown one."""
    if isinstance(value, str) and value in known:
        return TAG_PREFIX + value
    return UNKNOWN_TAG
