"""The OmniMini client: typed access to the views of sp_pygen_models:OmniMini/1."""

from __future__ import annotations

from ._api import (
    ConnectionEdgeAAPI,
    ConnectionItemAAPI,
    ConnectionItemBAPI,
    ConnectionItemCAPI,
    ConnectionItemDAPI,
    ConnectionItemEAPI,
    ConnectionItemFAPI,
    ConnectionItemGAPI,
    Implementation1API,
    MainInterfaceAPI,
    PrimitiveNullableAPI,
    PrimitiveRequiredListedAPI,
    PrimitiveWithDefaultsAPI,
    SubInterfaceAPI,
)
from ._runtime import ClientConfig, InstanceClient
from ._settings import DEFAULT_INSTANCE_SPACE


class OmniMiniClient(InstanceClient):
    """Typed access to the data model sp_pygen_models:OmniMini/1."""

    def __init__(self, config: ClientConfig) -> None:
        super().__init__(config, default_space=DEFAULT_INSTANCE_SPACE)
        self.connection_item_a = ConnectionItemAAPI(self)
        self.connection_item_b = ConnectionItemBAPI(self)
        self.connection_item_c = ConnectionItemCAPI(self)
        self.connection_item_d = ConnectionItemDAPI(self)
        self.connection_item_e = ConnectionItemEAPI(self)
        self.connection_item_f = ConnectionItemFAPI(self)
        self.connection_item_g = ConnectionItemGAPI(self)
        self.connection_edge_a = ConnectionEdgeAAPI(self)
        self.primitive_nullable = PrimitiveNullableAPI(self)
        self.primitive_required_listed = PrimitiveRequiredListedAPI(self)
        self.primitive_with_defaults = PrimitiveWithDefaultsAPI(self)
        self.implementation_1 = Implementation1API(self)
        self.sub_interface = SubInterfaceAPI(self)
        self.main_interface = MainInterfaceAPI(self)
