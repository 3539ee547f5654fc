"""One API class per view."""

from __future__ import annotations

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
