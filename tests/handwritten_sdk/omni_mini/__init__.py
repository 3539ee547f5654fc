"""OmniMini: a typed SDK for sp_pygen_models:OmniMini/1 (hand-written reference of the generator output)."""

from __future__ import annotations

from ._client import OmniMiniClient
from ._runtime import ClientConfig, DeleteError, EdgeId, NodeId, UpsertError, ViewId

__all__ = [
    "ClientConfig",
    "DeleteError",
    "EdgeId",
    "NodeId",
    "OmniMiniClient",
    "UpsertError",
    "ViewId",
]
