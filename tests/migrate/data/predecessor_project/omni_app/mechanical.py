"""Loads and reads Omni data. Every use of the SDK here is one `pygen migrate code --fix` carries over."""

from __future__ import annotations

import datetime

from omni import OmniClient
from omni.data_classes import (
    ConnectionItemCNode,
    Implementation1Write,
    PrimitiveNullable,
    PrimitiveNullableWrite,
)

START = datetime.date(2024, 1, 2)


def load(client: OmniClient) -> int:
    items = [
        PrimitiveNullableWrite(
            external_id="mech:1", float_32=1.5, int_32=7, text="alpha", date=START
        ),
        PrimitiveNullableWrite(
            external_id="mech:2", float_32=0.25, int_32=3, text="alpine"
        ),  # small
        PrimitiveNullableWrite(external_id="mech:3", float_32=2.5, int_32=5, text="beta"),
    ]
    client.upsert(items)
    client.upsert(Implementation1Write(external_id="impl:1", value_1="one", value_2="two"))
    return len(items)


def floats(client: OmniClient) -> list[float | None]:
    # texts starting with "al", ordered by the int column
    found = client.primitive_nullable.list(
        text_prefix="al", min_float_32=0.1, sort_by="int_32", limit=-1
    )
    return [item.float_32 for item in found]


def first_dates(client: OmniClient) -> list[str]:
    found = client.primitive_nullable.list(min_int_32=6, limit=-1)
    return [str(item.date) for item in found]


def versions(client: OmniClient) -> list[int]:
    return sorted(item.data_record.version for item in client.primitive_nullable.list(limit=-1))


def implementations(client: OmniClient) -> list[str | None]:
    return [impl.value_2 for impl in client.implementation_1.list(value_1="one")]


def one(client: OmniClient) -> PrimitiveNullable | None:
    return client.primitive_nullable.retrieve("mech:1")


def int_of(item: PrimitiveNullable) -> int | None:
    return item.int_32


def is_c(node: object) -> bool:
    return isinstance(node, ConnectionItemCNode)


def run(client: OmniClient) -> dict[str, object]:
    loaded = load(client)
    item = one(client)
    return {
        "loaded": loaded,
        "floats": floats(client),
        "dates": first_dates(client),
        "versions": versions(client),
        "implementations": implementations(client),
        "int": int_of(item) if item is not None else None,
        "is_c": is_c(item),
    }
