"""Print a report on the wind farms in a CDF project, then record a new turbine and remove it again.

Connection settings come from the standard environment variables (CDF_URL or CDF_CLUSTER, CDF_PROJECT, and
IDP_CLIENT_ID / IDP_CLIENT_SECRET / IDP_TOKEN_URL, or CDF_TOKEN).
"""

from __future__ import annotations

import sys

from windfarm_sdk import Metmast, WindFarmClient, WindTurbineWrite

NEW_TURBINE = "turbine:dogger-04"


def main() -> int:
    """Run the report; returns the process exit code."""
    with WindFarmClient.from_env() as client:
        turbines = client.wind_turbine.list(limit=None, sort_by="name")
        print(f"\n{len(turbines)} wind turbines")

        print("\nCapacity by wind farm (MW):")
        total = client.wind_turbine.aggregate("sum", "capacity", group_by="windfarm")
        counts = client.wind_turbine.aggregate("count", "external_id", group_by="windfarm")
        count_by_farm = {str(group.group["windfarm"]): group.value for group in counts.groups}
        for group in sorted(total.groups, key=lambda g: str(g.group["windfarm"])):
            farm = str(group.group["windfarm"])
            print(
                f"  {farm:<10} {group.value or 0.0:6.1f} MW in {int(count_by_farm.get(farm) or 0)} turbines"
            )

        large = client.wind_turbine.list(
            min_capacity=8.0, limit=None, sort_by="capacity", direction="descending"
        )
        print("\nTurbines of 8 MW and more:")
        for turbine in large:
            print(f"  {turbine.name:<16} {turbine.capacity or 0.0:5.1f} MW  ({turbine.windfarm})")

        hits = client.wind_turbine.search("Utsira", properties="windfarm")
        print(f"\nSearch 'Utsira': {', '.join(sorted(t.external_id for t in hits))}")

        first = client.wind_turbine.retrieve("turbine:hornsea-01", retrieve_connections="full")
        if first is None:
            print("turbine:hornsea-01 not found", file=sys.stderr)
            return 1
        print(f"\n{first.name}: met masts and their distance")
        for edge in first.metmast or []:
            mast = edge.end_node
            position = f"at position {mast.position}" if isinstance(mast, Metmast) else ""
            print(f"  {mast.external_id:<18} {edge.distance or 0.0:7.1f} m  {position}")

        created = client.upsert(
            [
                WindTurbineWrite(
                    external_id=NEW_TURBINE, name="Dogger WTG 04", windfarm="Dogger", capacity=15.0
                )
            ]
        )
        print(f"\nUpserted {NEW_TURBINE}: created={len(created.created)} updated={len(created.updated)}")
        after = client.wind_turbine.aggregate("sum", "capacity", windfarm="Dogger")
        print(f"Dogger capacity is now {after.value or 0.0:.1f} MW")

        deleted = client.delete([NEW_TURBINE])
        print(
            f"Deleted {len(deleted.deleted)} turbine; Dogger is back to "
            f"{client.wind_turbine.aggregate('sum', 'capacity', windfarm='Dogger').value or 0.0:.1f} MW"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
