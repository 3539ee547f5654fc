"""The per-view APIs (loaded lazily)."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._connection_edge_a import ConnectionEdgeAAPI
    from ._connection_item_a import ConnectionItemAAPI
    from ._connection_item_b import ConnectionItemBAPI
    from ._connection_item_c import ConnectionItemCAPI
    from ._connection_item_d import ConnectionItemDAPI
    from ._connection_item_e import ConnectionItemEAPI
    from ._connection_item_f import ConnectionItemFAPI
    from ._connection_item_g import ConnectionItemGAPI
    from ._implementation_1 import Implementation1API
    from ._main_interface import MainInterfaceAPI
    from ._primitive_nullable import PrimitiveNullableAPI
    from ._primitive_required_listed import PrimitiveRequiredListedAPI
    from ._primitive_with_defaults import PrimitiveWithDefaultsAPI
    from ._sub_interface import SubInterfaceAPI

__all__ = [
    "ConnectionEdgeAAPI",
    "ConnectionItemAAPI",
    "ConnectionItemBAPI",
    "ConnectionItemCAPI",
    "ConnectionItemDAPI",
    "ConnectionItemEAPI",
    "ConnectionItemFAPI",
    "ConnectionItemGAPI",
    "Implementation1API",
    "MainInterfaceAPI",
    "PrimitiveNullableAPI",
    "PrimitiveRequiredListedAPI",
    "PrimitiveWithDefaultsAPI",
    "SubInterfaceAPI",
]

_LAZY: dict[str, str] = {
    "ConnectionEdgeAAPI": "._connection_edge_a",
    "ConnectionItemAAPI": "._connection_item_a",
    "ConnectionItemBAPI": "._connection_item_b",
    "ConnectionItemCAPI": "._connection_item_c",
    "ConnectionItemDAPI": "._connection_item_d",
    "ConnectionItemEAPI": "._connection_item_e",
    "ConnectionItemFAPI": "._connection_item_f",
    "ConnectionItemGAPI": "._connection_item_g",
    "Implementation1API": "._implementation_1",
    "MainInterfaceAPI": "._main_interface",
    "PrimitiveNullableAPI": "._primitive_nullable",
    "PrimitiveRequiredListedAPI": "._primitive_required_listed",
    "PrimitiveWithDefaultsAPI": "._primitive_with_defaults",
    "SubInterfaceAPI": "._sub_interface",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
