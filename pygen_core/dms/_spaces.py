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

    def as_apply(self) -> SpaceApply:
        """The write form."""
        return SpaceApply.model_validate(
            {k: v for k, v in self.dump().items() if k in ("space", "name", "description")}
        )
