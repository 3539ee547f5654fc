"""Spaces."""

from __future__ import annotations

from ._base import DMSModel

__all__ = ["Space", "SpaceApply"]


class SpaceApply(DMSModel):
    """A space, write form."""

    space: str
    name: str | None = None
    description: str | None = None


class Space(SpaceApply):
    """A space, read form."""

    is_global: bool = False
    created_time: int | None = None
    last_updated_time: int | None = None
