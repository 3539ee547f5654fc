"""Print a report of the Omni data: primitives, connections, a dataframe."""

from __future__ import annotations

from cognite.client import data_modeling as dm

from omni import OmniClient
from omni.data_classes import (
    ConnectionItemCNode,
    PrimitiveNullable,
    PrimitiveNullableList,
)


def summarize(items: PrimitiveNullableList) -> float:
    """Sum of float_64 over the items."""
    return sum(item.float_64 or 0.0 for item in items)  # None counts as 0


def describe(item: PrimitiveNullable) -> str:
    record = item.data_record
    return f"{item.external_id}: {item.int_32} ({record.version})"


def main() -> None:
    client = OmniClient.from_toml("config.toml")
    items = client.primitive_nullable.list(
        min_float_32=0.5,  # only the interesting ones
        text_prefix="a",
        limit=-1,
        sort_by="int_32",
    )
    print(summarize(items))
    for item in items:
        # last change first
        print(item.external_id, item.float_32, item.data_record.last_updated_time)
        print(describe(item))
    first = client.primitive_nullable.retrieve("pn:1", "sp_omni_instances")
    if first is not None:
        print(first.data_record.version, first.data_record.deleted_time)
    linked = client.connection_item_a.retrieve("a:1", "sp_omni_instances", "full")
    print(linked)
    counts = client.primitive_nullable.aggregate("count", "text")
    print(counts)
    stats = client.primitive_nullable.histogram("int_32", 10, "north")
    print(stats)
    df = items.to_pandas(dropna_columns=True)
    print(df.head())
    print([row.int_64 for row in client.primitive_nullable.list(limit=5)])
    nodes = client.connection_item_a.list(other_direct=dm.NodeId("sp_omni_instances", "c:1"))
    print(nodes.as_node_ids())
    a = client.connection_item_a.retrieve("a:1", retrieve_edges=True)  # cognite-pygen 0.x spelling
    print(a)
    impl = client.implementation_1.list(main_value_prefix="m", value_1="x")
    print(impl)
    c_nodes = client.connection_item_c_node.list()
    print([isinstance(node, ConnectionItemCNode) for node in c_nodes])
    chain = (
        client.connection_item_a.select()
        .name.prefix("A")
        .outwards.name.equals("B")
        .list_connection_item_b(limit=5)
    )
    print(chain)
    edges = client.connection_item_a.outwards_edge.list(limit=10)
    print(edges)
    result = client.graphql_query("{ listPrimitiveNullable { items { text } } }")
    print(result)
    for page in client.primitive_nullable.iterate(chunk_size=100):
        print(len(page), page.cursors)
    print(client.connection_item_a.list("A"))
    print(legacy(first))


def legacy(row):  # type: ignore[no-untyped-def]
    return row.float_32 if row is not None else None
