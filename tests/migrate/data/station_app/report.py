"""Reports on pumps: renamed names in places where a person decides."""

from __future__ import annotations

import datetime

import stations.data_classes
from stations import StationClient, data_classes
from stations.data_classes import Pump3DModelFields, Pump3DModelList


def summary(client: StationClient) -> None:
    counts = client.pump_3_d_model.aggregate("count", "data_")
    print(counts)
    spread = client.pump_3_d_model.histogram("model_3_d_revision", 2)
    print(spread)
    hits = client.pump_3_d_model.search("pump", properties=["data_", "query_"])
    print(hits)
    field: Pump3DModelFields = "installed_at"
    print(field)


def revisions(pumps: Pump3DModelList) -> list[int | None]:
    return [pump.model_3_d_revision for pump in pumps]


def first(pumps: list[stations.data_classes.Pump3DModel]) -> object:
    return pumps[0].no_3_rd_party if pumps else data_classes.StationWrite


def legacy(row, when: datetime.date):  # type: ignore[no-untyped-def]
    return row.model_3_d_revision, row.region_2_d(), when.replace(year=2000)
