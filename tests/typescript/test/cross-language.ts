// The TypeScript half of the cross-language scenario (tests/typescript/test_cross_language.py runs it, and its
// Python twin cross_language.py, against one emulator): `write <prefix>` writes nodes, provokes a partial
// failure and an API error, deletes one node; `read` lists, filters, retrieves, searches and aggregates what
// both languages wrote. Prints one JSON document in the canonical form both halves share.
import { CDFError, OmniMiniClient, PrimitiveNullableFilter as F, type PrimitiveNullable } from "omni-mini";

const BIG = 2n ** 60n;
const client = OmniMiniClient.fromEnv();
const api = client.primitiveNullable;

function canonicalJson(value: unknown): unknown {
  if (typeof value === "bigint") return { $bigint: value.toString() };
  if (typeof value === "number" && Number.isInteger(value) && !Number.isSafeInteger(value))
    return { $bigint: BigInt(value).toString() };
  if (Array.isArray(value)) return value.map(canonicalJson);
  if (typeof value === "object" && value !== null)
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, v]) => [k, canonicalJson(v)]),
    );
  return value;
}

function item(node: PrimitiveNullable): unknown {
  return {
    space: node.space,
    externalId: node.externalId,
    text: node.text ?? null,
    boolean: node.boolean ?? null,
    int32: node.int32 ?? null,
    int64: node.int64 === undefined || node.int64 === null ? null : node.int64.toString(),
    float32: node.float32 ?? null,
    float64: node.float64 ?? null,
    date: node.date ?? null,
    timestamp: node.timestamp ? node.timestamp.toISOString() : null,
    json: canonicalJson(node.json ?? null),
  };
}

/** What CDF said: the message after `CDF API error <status> (request id <id>): `. */
function cdfMessage(text: string): string {
  const found = /CDF API error \d+ \(request id [^)]*\): (.*)$/.exec(text);
  return found?.[1] ?? `<no CDF message in ${JSON.stringify(text)}>`;
}

/** The error as both halves report it (each runtime words its own message around CDF's). */
function error(caught: unknown): unknown {
  if (!(caught instanceof CDFError)) throw caught;
  if (caught.kind === "partial")
    return {
      kind: "partial",
      failed: caught.failed.map((f) => ({ externalId: f.id.externalId, cdf: cdfMessage(f.reason) })),
    };
  return {
    kind: caught.kind,
    status: caught.status ?? null,
    code: caught.code ?? null,
    hasRequestId: Boolean(caught.requestId),
    cdf: cdfMessage(caught.message),
  };
}

async function write(prefix: string): Promise<unknown> {
  const items = [1, 2, 3].map((k) => ({
    externalId: `${prefix}-${k}`,
    text: ["alpha one", "alpha two", "beta three"][k - 1] ?? "",
    boolean: k % 2 === 1,
    int32: k * 10,
    int64: BIG + BigInt(k),
    float32: k * 0.5,
    float64: k * 1.25,
    date: `2024-05-0${k}`,
    timestamp: new Date(Date.UTC(2024, 4, 31, 2, 12, 20 + k, 500)),
    json: { k, tags: ["a", "b"], big: BIG + 7n, nested: { x: null } },
  }));
  const upserted = await api.upsert(items);
  const result: Record<string, unknown> = {
    upsert: upserted.items.map((r) => [r.id.externalId, r.status]).sort(),
  };
  try {
    await api.upsert([
      { externalId: `${prefix}-ok`, int32: 1 },
      { externalId: `${prefix}-bad`, int32: 2 ** 40 },
    ]);
    result["partial"] = "no error";
  } catch (caught) {
    result["partial"] = error(caught);
  }
  try {
    await api.aggregate("sum", { property: "text" });
    result["apiError"] = "no error";
  } catch (caught) {
    result["apiError"] = error(caught);
  }
  const deleted = await api.delete([`${prefix}-ok`]);
  result["deleted"] = deleted.deleted.map((id) => id.externalId);
  return result;
}

async function read(): Promise<unknown> {
  const ids = (nodes: readonly PrimitiveNullable[]): string[] => nodes.map((n) => n.externalId).sort();
  const all = await api.list({ limit: null });
  const big = BIG + 3n;
  const aggregate = async (what: "count" | "sum" | "avg" | "max", property?: "int32" | "float64" | "int64") => {
    const result = await api.aggregate(what, property === undefined ? {} : { property });
    return canonicalJson(result.value);
  };
  const grouped = await api.aggregate("count", { groupBy: "boolean" });
  return {
    items: all
      .map(item)
      .sort((a, b) => ((a as { externalId: string }).externalId < (b as { externalId: string }).externalId ? -1 : 1)),
    filtered: ids(await api.list({ minInt32: 20, textPrefix: "alpha", limit: null })),
    inList: ids(await api.list({ text: ["alpha one", "beta three"], boolean: true, limit: null })),
    sorted: (await api.list({ sortBy: "externalId", direction: "descending", limit: 3 })).map((n) => n.externalId),
    builder: ids(await api.list({ filter: F.text.prefix("beta").or(F.int64.range({ gte: big })), limit: null })),
    retrieved: ((await api.retrieve(["py-2", "ts-2", "missing"])).map(item) as { externalId: string }[]).sort((a, b) =>
      a.externalId < b.externalId ? -1 : 1,
    ),
    search: ids(await api.search("alpha", { limit: 100 })),
    count: await aggregate("count"),
    sum: await aggregate("sum", "int32"),
    avg: await aggregate("avg", "float64"),
    max: await aggregate("max", "int64"),
    groups: grouped.groups
      .map((g) => canonicalJson({ group: g.group, value: g.value }))
      .sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1)),
    histogram: (await api.histogram("int32", 10)).map((b) => [b.start, b.count]),
  };
}

const [phase, prefix] = process.argv.slice(2);
const output = phase === "write" ? await write(prefix ?? "ts") : await read();
console.log(JSON.stringify(output));
