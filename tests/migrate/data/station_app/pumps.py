"""Loads and reads pumps. Every name here is one cognite-pygen 1.4.2 generated and hatch-pygen spells
differently, and every use is one `pygen migrate code --fix` carries over."""

from __future__ import annotations

import datetime

import stations.data_classes as dc
from stations import StationClient
from stations.data_classes import Pump3DModel, Pump3DModelWrite, StationWrite

INSTALLED = datetime.datetime(2024, 5, 1, tzinfo=datetime.timezone.utc)


def load(client: StationClient) -> int:
    north = StationWrite(external_id="st:north", name="North", region_2_d="N-2", replace_=1.5)
    south = StationWrite(external_id="st:south", name="South", region_2_d="S-1", replace_=4.0)
    pumps = [
        Pump3DModelWrite(
            external_id="pump:1",
            data_="raw",  # `data` in CDF
            content_="manual",
            query_="q-1",
            model_3_d_revision=3,
            no_3_rd_party=True,
            installed_at=INSTALLED,
            home_station_3d=north,
        ),
        Pump3DModelWrite(external_id="pump:2", data_="rare", model_3_d_revision=1, no_3_rd_party=False),
        dc.Pump3DModelWrite(external_id="pump:3", data_="cooked", model_3_d_revision=7, query_="q-3"),
    ]
    client.upsert([north, south, *pumps])
    return len(pumps)


def revisions(client: StationClient) -> list[int | None]:
    # data starting with "ra", newest revisions only, by revision
    found = client.pump_3_d_model.list(
        data_prefix="ra", min_model_3_d_revision=2, sort_by="model_3_d_revision", limit=-1
    )
    return [pump.model_3_d_revision for pump in found]


def third_party(client: StationClient) -> list[str]:
    return [pump.external_id for pump in client.pump_3_d_model.list(no_3_rd_party=True, limit=-1)]


def by_query(client: StationClient) -> list[str | None]:
    pumps = client.pump_3_d_model.list(query_=["q-1", "q-3"], sort_by="data_", direction="descending")
    return [pump.data_ for pump in pumps]


def home_region(client: StationClient) -> str | None:
    pump = client.pump_3_d_model.retrieve("pump:1", "sp_stations", "full")
    if pump is None or pump.home_station_3d is None:
        return None
    return pump.home_station_3d.region_2_d


def cheap_stations(client: StationClient) -> list[str | None]:
    return [station.region_2_d for station in client.station.list(max_replace_=2.0, limit=-1)]


def content_of(pump: Pump3DModel) -> tuple[str | None, str | None]:
    return pump.content_, pump.query_


def run(client: StationClient) -> dict[str, object]:
    loaded = load(client)
    first = client.pump_3_d_model.retrieve("pump:1")
    return {
        "loaded": loaded,
        "revisions": revisions(client),
        "third_party": third_party(client),
        "by_query": by_query(client),
        "home_region": home_region(client),
        "cheap": cheap_stations(client),
        "content": list(content_of(first)) if first is not None else None,
    }
