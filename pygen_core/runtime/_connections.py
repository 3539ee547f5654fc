"""Declarations of a view's connection properties, as generated code binds them."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from ._ids import NodeId, ViewId

if TYPE_CHECKING:
    from ._instances import EdgeRead, NodeRead

Direction = Literal["outwards", "inwards"]


@dataclass(frozen=True)
class DirectRelation:
    """A mapped direct relation ``identifier``; ``target`` names the read class of its source view."""

    identifier: str
    target: str | None = None


@dataclass(frozen=True)
class ReverseDirectRelation:
    """Nodes of ``through_view`` whose direct relation ``identifier`` points at this node (read-only)."""

    through_view: ViewId
    identifier: str
    target: str
    single: bool = False


@dataclass(frozen=True)
class EdgeConnection:
    """Edges of ``edge_type`` leaving (``outwards``) or reaching (``inwards``) this node.

    ``edge_class`` names the read/write class pair of the edge's view when the edges carry properties.
    """

    edge_type: NodeId
    direction: Direction
    target: str
    single: bool = False
    edge_class: str | None = None


Connection = DirectRelation | ReverseDirectRelation | EdgeConnection
"""How a property connects instances, as a ``ViewSpec`` declares it."""


def resolve_class(owner: type[Any], name: str) -> type[Any]:
    """The class called ``name`` in the module that declares ``owner`` (other views' classes bound first)."""
    from ._lazy import bind_targets

    module = sys.modules[owner.__module__]
    found = getattr(module, name, None)
    if found is None:
        bind_targets(owner)
        found = getattr(module, name, None)
    if not isinstance(found, type):
        raise TypeError(
            f"{owner.__qualname__}: connection target class {name!r} is not defined in "
            f"{module.__name__}"
        )
    return found


def read_class(owner: type[Any], name: str) -> type[NodeRead]:
    """Resolve a node read class named in a connection spec."""
    return resolve_class(owner, name)


def edge_read_class(owner: type[Any], name: str) -> type[EdgeRead]:
    """Resolve an edge read class named in a connection spec."""
    return resolve_class(owner, name)
