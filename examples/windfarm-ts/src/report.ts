// Print a report on the wind farms in a CDF project, then record a new turbine and remove it again: the
// TypeScript twin of examples/windfarm, on the npm package `pygen generate --language typescript` writes.
// Connection settings come from the standard environment variables (CDF_URL or CDF_CLUSTER, CDF_PROJECT, and
// IDP_CLIENT_ID / IDP_CLIENT_SECRET / IDP_TOKEN_URL, or CDF_TOKEN).
import { type Metmast, WindFarmClient } from "windfarm-sdk";

const NEW_TURBINE = "turbine:dogger-04";

function isMetmast(node: unknown): node is Metmast {
  return typeof node === "object" && node !== null && "instanceType" in node;
}

async function main(): Promise<number> {
  const client = WindFarmClient.fromEnv();
  const api = client.windTurbine;

  const turbines = await api.list({ limit: null, sortBy: "name" });
  console.log(`\n${turbines.length} wind turbines`);

  console.log("\nCapacity by wind farm (MW):");
  const total = await api.aggregate("sum", { property: "capacity", groupBy: "windfarm" });
  const counts = await api.aggregate("count", { groupBy: "windfarm" });
  const countByFarm = new Map(counts.groups.map((g) => [String(g.group["windfarm"]), Number(g.value ?? 0)]));
  const farms = [...total.groups].sort((a, b) =>
    String(a.group["windfarm"]).localeCompare(String(b.group["windfarm"])),
  );
  for (const group of farms) {
    const farm = String(group.group["windfarm"]);
    const mw = Number(group.value ?? 0).toFixed(1);
    console.log(`  ${farm.padEnd(10)} ${mw.padStart(6)} MW in ${countByFarm.get(farm) ?? 0} turbines`);
  }

  const large = await api.list({ minCapacity: 8, limit: null, sortBy: "capacity", direction: "descending" });
  console.log("\nTurbines of 8 MW and more:");
  for (const turbine of large) {
    const mw = (turbine.capacity ?? 0).toFixed(1).padStart(5);
    console.log(`  ${(turbine.name ?? "").padEnd(16)} ${mw} MW  (${turbine.windfarm ?? ""})`);
  }

  const hits = await api.search("Utsira", { properties: "windfarm" });
  console.log(
    `\nSearch 'Utsira': ${hits
      .map((t) => t.externalId)
      .sort()
      .join(", ")}`,
  );

  const first = await api.retrieve("turbine:hornsea-01", { retrieveConnections: "full" });
  if (first === undefined) {
    console.error("turbine:hornsea-01 not found");
    return 1;
  }
  console.log(`\n${first.name ?? first.externalId}: met masts and their distance`);
  for (const edge of first.metmast ?? []) {
    const mast = edge.endNode;
    const position = isMetmast(mast) ? `at position ${mast.position ?? "?"}` : "";
    console.log(`  ${mast.externalId.padEnd(18)} ${(edge.distance ?? 0).toFixed(1).padStart(7)} m  ${position}`);
  }

  const created = await api.upsert([
    { externalId: NEW_TURBINE, name: "Dogger WTG 04", windfarm: "Dogger", capacity: 15 },
  ]);
  const statuses = created.items.map((item) => item.status);
  console.log(`\nUpserted ${NEW_TURBINE}: ${statuses.join(", ")}`);
  const dogger = async () =>
    Number((await api.aggregate("sum", { property: "capacity", windfarm: "Dogger" })).value ?? 0);
  console.log(`Dogger capacity is now ${(await dogger()).toFixed(1)} MW`);

  const deleted = await api.delete([NEW_TURBINE]);
  console.log(`Deleted ${deleted.deleted.length} turbine; Dogger is back to ${(await dogger()).toFixed(1)} MW`);
  return 0;
}

if ((await main()) !== 0) throw new Error("the report failed");
