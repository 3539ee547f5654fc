"""Which client a response is being read for: typed references and resource nodes keep it."""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Generator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ._client import InstanceClient

__all__ = ["current_client", "reading"]

_CLIENT: contextvars.ContextVar[InstanceClient | None] = contextvars.ContextVar(
    "pygen_reading_client", default=None
)


@contextlib.contextmanager
def reading(client: InstanceClient) -> Generator[None, None, None]:
    """References and nodes validated inside this block keep ``client`` for their helpers."""
    token = _CLIENT.set(client)
    try:
        yield
    finally:
        _CLIENT.reset(token)


def current_client() -> InstanceClient | None:
    """The client set by the innermost :func:`reading` block (None outside one)."""
    return _CLIENT.get()
