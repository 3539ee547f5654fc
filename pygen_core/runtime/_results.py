"""Results of writes and aggregations, and the partial-failure errors."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal, cast

from ._errors import CDFError, one_line
from ._ids import EdgeId, NodeId

WriteStatus = Literal["created", "updated", "unchanged"]


def response_items(response: dict[str, Any], what: str) -> list[dict[str, Any]]:
    """The ``items`` of a response, checked to be a list of objects (one-line error otherwise)."""
    items: Any = response.get("items", [])
    if not isinstance(items, list) or not all(
        isinstance(item, dict) for item in cast("Iterable[Any]", items)
    ):
        raise CDFError(f"{what}: the response's 'items' is not a list of objects")
    return cast("list[dict[str, Any]]", items)


def instance_id(item: dict[str, Any]) -> NodeId | EdgeId:
    """The id of a wire item ``{"instanceType", "space", "externalId"}``."""
    cls = EdgeId if item.get("instanceType") == "edge" else NodeId
    space, xid = item.get("space"), item.get("externalId")
    if not isinstance(space, str) or not isinstance(xid, str):
        raise CDFError(
            f"response item without space/externalId: {one_line(repr(item), 120)}"
        )
    return cls(space, xid)


@dataclass(frozen=True)
class InstanceResult:
    """The outcome of one upserted instance."""

    id: NodeId | EdgeId
    version: int
    status: WriteStatus

    @classmethod
    def load(cls, item: dict[str, Any]) -> InstanceResult:
        """From one item of the upsert response."""
        if not item.get("wasModified", True):
            status: WriteStatus = "unchanged"
        elif item.get("createdTime") is not None and item.get(
            "createdTime"
        ) == item.get("lastUpdatedTime"):
            status = "created"
        else:
            status = "updated"
        return cls(instance_id(item), int(item.get("version", 0)), status)


@dataclass
class UpsertResult:
    """Per-item outcome of :meth:`InstanceClient.upsert`."""

    items: list[InstanceResult] = field(default_factory=list[InstanceResult])

    def _with(self, status: WriteStatus) -> list[NodeId | EdgeId]:
        return [item.id for item in self.items if item.status == status]

    @property
    def created(self) -> list[NodeId | EdgeId]:
        """Ids of instances that did not exist before."""
        return self._with("created")

    @property
    def updated(self) -> list[NodeId | EdgeId]:
        """Ids of existing instances that changed."""
        return self._with("updated")

    @property
    def unchanged(self) -> list[NodeId | EdgeId]:
        """Ids of instances whose stored state already matched."""
        return self._with("unchanged")


@dataclass
class DeleteResult:
    """Ids deleted by :meth:`InstanceClient.delete`."""

    deleted: list[NodeId | EdgeId] = field(default_factory=list[NodeId | EdgeId])


@dataclass(frozen=True)
class FailedItem:
    """One instance a bulk write could not apply, with the reason CDF gave."""

    id: NodeId | EdgeId
    reason: str


class PartialFailureError(CDFError):
    """Some items of a bulk request failed; ``failed`` lists them, the rest succeeded."""

    def __init__(
        self, operation: str, failed: list[FailedItem], succeeded: int
    ) -> None:
        self.failed = failed
        first = failed[0] if failed else None
        detail = (
            f"; first: {first.id!r}: {one_line(first.reason, 200)}" if first else ""
        )
        super().__init__(
            f"{operation}: {len(failed)} item(s) failed, {succeeded} succeeded{detail}"
        )


class UpsertError(PartialFailureError):
    """Raised by ``upsert`` when any item failed; ``result`` holds the items that were applied."""

    def __init__(self, result: UpsertResult, failed: list[FailedItem]) -> None:
        self.result = result
        super().__init__("upsert", failed, len(result.items))


class DeleteError(PartialFailureError):
    """Raised by ``delete`` when any item failed; ``result`` holds the ids that were deleted."""

    def __init__(self, result: DeleteResult, failed: list[FailedItem]) -> None:
        self.result = result
        super().__init__("delete", failed, len(result.deleted))


@dataclass(frozen=True)
class AggregateGroup:
    """One group of a grouped aggregation: ``value`` of a single aggregate, and each requested aggregate
    under its name (``count``, ``sum``, ``avg``, ``min``, ``max``; None when not asked for)."""

    group: dict[str, Any]
    value: float | None
    count: int | None = None
    sum: float | None = None
    avg: float | None = None
    min: float | None = None
    max: float | None = None


@dataclass(frozen=True)
class AggregateResult:
    """An aggregation: ``value`` (and the attribute named after the aggregate) without ``group_by``, else
    one entry per group in ``groups``.

    Several aggregates in one call (``aggregate({"avg": "capacity", "count": None})``) fill ``avg``,
    ``count``, ...; ``value`` is then None.
    """

    aggregate: str
    property: str | None
    value: float | None
    groups: list[AggregateGroup] = field(default_factory=list[AggregateGroup])
    count: int | None = None
    sum: float | None = None
    avg: float | None = None
    min: float | None = None
    max: float | None = None


@dataclass(frozen=True)
class HistogramBucket:
    """Instances whose value is in ``[start, start + interval)``."""

    start: float
    count: int
