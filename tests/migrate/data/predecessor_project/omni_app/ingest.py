"""Load primitives and connections into CDF."""

from __future__ import annotations

from omni import OmniClient
from omni.config import global_config
from omni.data_classes import (
    ConnectionItemAWrite,
    ConnectionItemBWrite,
    DataRecordWrite,
    DomainModelWrite,
    PrimitiveNullableWrite,
)

global_config.validate_retrieve = False


class Loader:
    """Keeps one client for many loads."""

    def __init__(self) -> None:
        self.client = OmniClient.from_toml("config.toml")

    def load(self, rows: list[dict[str, float]]) -> int:
        items: list[DomainModelWrite] = []
        for index, row in enumerate(rows):
            items.append(
                PrimitiveNullableWrite(
                    external_id=f"pn:{index}",
                    float_32=row["f"],  # single precision
                    int_32=int(row["i"]),
                    data_record=DataRecordWrite(existing_version=0),
                )
            )
        items.append(
            ConnectionItemAWrite(
                external_id="a:1",
                name="A",
                outwards=[ConnectionItemBWrite(external_id="b:1", name="B")],
            )
        )
        result = self.client.upsert(items, allow_version_increase=True)
        print(result.nodes, result.edges)
        return len(result.nodes)

    def copy(self, external_id: str) -> None:
        source = self.client.primitive_nullable.retrieve(external_id)
        if source is None:
            return
        clone = source.as_apply()  # cognite-pygen 0.x names: as_apply(), client.apply()
        clone.external_id = f"{external_id}:copy"
        self.client.apply(clone)
