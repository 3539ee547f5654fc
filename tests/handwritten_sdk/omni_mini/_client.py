"""The OmniMini client."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from ._runtime import ClientConfig, InstanceClient
from ._settings import DEFAULT_INSTANCE_SPACE

if TYPE_CHECKING:
    from ._api._connection_edge_a import ConnectionEdgeAAPI
    from ._api._connection_item_a import ConnectionItemAAPI
    from ._api._connection_item_b import ConnectionItemBAPI
    from ._api._connection_item_c import ConnectionItemCAPI
    from ._api._connection_item_d import ConnectionItemDAPI
    from ._api._connection_item_e import ConnectionItemEAPI
    from ._api._connection_item_f import ConnectionItemFAPI
    from ._api._connection_item_g import ConnectionItemGAPI
    from ._api._implementation_1 import Implementation1API
    from ._api._main_interface import MainInterfaceAPI
    from ._api._primitive_nullable import PrimitiveNullableAPI
    from ._api._primitive_required_listed import PrimitiveRequiredListedAPI
    from ._api._primitive_with_defaults import PrimitiveWithDefaultsAPI
    from ._api._sub_interface import SubInterfaceAPI


class OmniMiniClient(InstanceClient):
    """Typed access to the data model sp_pygen_models:OmniMini/1."""

    def __init__(self, config: ClientConfig) -> None:
        super().__init__(config, default_space=DEFAULT_INSTANCE_SPACE)

    @cached_property
    def connection_item_a(self) -> ConnectionItemAAPI:
        """API of the view sp_pygen_models:ConnectionItemA/1."""
        from ._api._connection_item_a import ConnectionItemAAPI as api

        return api(self)

    @cached_property
    def connection_item_b(self) -> ConnectionItemBAPI:
        """API of the view sp_pygen_models:ConnectionItemB/1."""
        from ._api._connection_item_b import ConnectionItemBAPI as api

        return api(self)

    @cached_property
    def connection_item_c(self) -> ConnectionItemCAPI:
        """API of the view sp_pygen_models:ConnectionItemC/1."""
        from ._api._connection_item_c import ConnectionItemCAPI as api

        return api(self)

    @cached_property
    def connection_item_d(self) -> ConnectionItemDAPI:
        """API of the view sp_pygen_models:ConnectionItemD/1."""
        from ._api._connection_item_d import ConnectionItemDAPI as api

        return api(self)

    @cached_property
    def connection_item_e(self) -> ConnectionItemEAPI:
        """API of the view sp_pygen_models:ConnectionItemE/1."""
        from ._api._connection_item_e import ConnectionItemEAPI as api

        return api(self)

    @cached_property
    def connection_item_f(self) -> ConnectionItemFAPI:
        """API of the view sp_pygen_models:ConnectionItemF/1."""
        from ._api._connection_item_f import ConnectionItemFAPI as api

        return api(self)

    @cached_property
    def connection_item_g(self) -> ConnectionItemGAPI:
        """API of the view sp_pygen_models:ConnectionItemG/1."""
        from ._api._connection_item_g import ConnectionItemGAPI as api

        return api(self)

    @cached_property
    def connection_edge_a(self) -> ConnectionEdgeAAPI:
        """API of the view sp_pygen_models:ConnectionEdgeA/1."""
        from ._api._connection_edge_a import ConnectionEdgeAAPI as api

        return api(self)

    @cached_property
    def primitive_nullable(self) -> PrimitiveNullableAPI:
        """API of the view sp_pygen_models:PrimitiveNullable/1."""
        from ._api._primitive_nullable import PrimitiveNullableAPI as api

        return api(self)

    @cached_property
    def primitive_required_listed(self) -> PrimitiveRequiredListedAPI:
        """API of the view sp_pygen_models:PrimitiveRequiredListed/1."""
        from ._api._primitive_required_listed import PrimitiveRequiredListedAPI as api

        return api(self)

    @cached_property
    def primitive_with_defaults(self) -> PrimitiveWithDefaultsAPI:
        """API of the view sp_pygen_models:PrimitiveWithDefaults/1."""
        from ._api._primitive_with_defaults import PrimitiveWithDefaultsAPI as api

        return api(self)

    @cached_property
    def implementation_1(self) -> Implementation1API:
        """API of the view sp_pygen_models:Implementation1/1."""
        from ._api._implementation_1 import Implementation1API as api

        return api(self)

    @cached_property
    def sub_interface(self) -> SubInterfaceAPI:
        """API of the view sp_pygen_models:SubInterface/1."""
        from ._api._sub_interface import SubInterfaceAPI as api

        return api(self)

    @cached_property
    def main_interface(self) -> MainInterfaceAPI:
        """API of the view sp_pygen_models:MainInterface/1."""
        from ._api._main_interface import MainInterfaceAPI as api

        return api(self)
