"""Containers: properties, constraints (on ``constraintType``) and indexes (on ``indexType``)."""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Literal

from pydantic import Discriminator, Field, Tag

from ._base import TAG_PREFIX, UNKNOWN_TAG, DMSModel, field_value, tag_for
from ._data_types import PropertyType
from ._ids import ContainerId

__all__ = [
    "BTreeIndex",
    "Constraint",
    "ConstraintBase",
    "Container",
    "ContainerApply",
    "ContainerProperty",
    "Index",
    "IndexBase",
    "InvertedIndex",
    "RequiresConstraint",
    "UniquenessConstraint",
    "UnknownConstraint",
    "UnknownIndex",
]


class ContainerProperty(DMSModel):
    """A container property (read and write form; read adds ``constraintState``, kept as an extra key)."""

    type: PropertyType
    nullable: bool = True
    immutable: bool = False
    auto_increment: bool = False
    default_value: Any = None
    name: str | None = None
    description: str | None = None


class ConstraintBase(DMSModel):
    """Base of every container constraint."""

    _always_dump: ClassVar[tuple[str, ...]] = ("constraint_type",)


class RequiresConstraint(ConstraintBase):
    """Instances with data in this container must also have data in ``require``."""

    constraint_type: Literal["requires"] = "requires"
    require: ContainerId


class UniquenessConstraint(ConstraintBase):
    """The combination of ``properties`` is unique."""

    constraint_type: Literal["uniqueness"] = "uniqueness"
    properties: list[str]


class UnknownConstraint(ConstraintBase):
    """A constraint type this version does not know; every key is kept."""

    constraint_type: str


def _constraint_tag(value: Any) -> str:
    if isinstance(value, UnknownConstraint):
        return UNKNOWN_TAG
    return tag_for(
        field_value(value, "constraintType", "constraint_type"), frozenset({"requires", "uniqueness"})
    )


Constraint = Annotated[
    Annotated[RequiresConstraint, Tag(TAG_PREFIX + "requires")]
    | Annotated[UniquenessConstraint, Tag(TAG_PREFIX + "uniqueness")]
    | Annotated[UnknownConstraint, Tag(UNKNOWN_TAG)],
    Discriminator(_constraint_tag),
]
"""Any container constraint (discriminated on ``constraintType``)."""


class IndexBase(DMSModel):
    """Base of every container index."""

    _always_dump: ClassVar[tuple[str, ...]] = ("index_type",)


class BTreeIndex(IndexBase):
    """A b-tree index; ``cursorable`` allows cursor paging on it."""

    index_type: Literal["btree"] = "btree"
    properties: list[str]
    cursorable: bool = False


class InvertedIndex(IndexBase):
    """An inverted index (for list properties)."""

    index_type: Literal["inverted"] = "inverted"
    properties: list[str]


class UnknownIndex(IndexBase):
    """An index type this version does not know; every key is kept."""

    index_type: str


def _index_tag(value: Any) -> str:
    if isinstance(value, UnknownIndex):
        return UNKNOWN_TAG
    return tag_for(field_value(value, "indexType", "index_type"), frozenset({"btree", "inverted"}))


Index = Annotated[
    Annotated[BTreeIndex, Tag(TAG_PREFIX + "btree")]
    | Annotated[InvertedIndex, Tag(TAG_PREFIX + "inverted")]
    | Annotated[UnknownIndex, Tag(UNKNOWN_TAG)],
    Discriminator(_index_tag),
]
"""Any container index (discriminated on ``indexType``)."""


class ContainerApply(DMSModel):
    """A container, write form."""

    space: str
    external_id: str
    name: str | None = None
    description: str | None = None
    used_for: str = "node"
    properties: dict[str, ContainerProperty]
    constraints: dict[str, Constraint] = Field(default_factory=dict)
    indexes: dict[str, Index] = Field(default_factory=dict)

    @property
    def id(self) -> ContainerId:
        """The id of this container."""
        return ContainerId(space=self.space, external_id=self.external_id)


class Container(ContainerApply):
    """A container, read form (adds ``isGlobal``, timestamps and constraint/index states)."""

    is_global: bool = False
    created_time: int | None = None
    last_updated_time: int | None = None

    def as_apply(self) -> ContainerApply:
        """The write form, without the read-only fields."""
        data = {
            k: v for k, v in self.dump().items() if k not in ("isGlobal", "createdTime", "lastUpdatedTime")
        }
        for prop in data.get("properties", {}).values():
            prop.pop("constraintState", None)
        for section in ("constraints", "indexes"):
            for item in data.get(section, {}).values():
                item.pop("state", None)
        return ContainerApply.model_validate(data)
