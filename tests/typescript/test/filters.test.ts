// Every filter keyword kind and the filter builder, against data written to a fresh space (the oracle is
// the data itself, computed here independently of the runtime).
import assert from "node:assert/strict";
import { before, test } from "node:test";
import {
  ConnectionEdgeAFilter,
  ConnectionItemDFilter,
  ConnectionItemEFilter,
  Filter,
  type NodeId,
  PrimitiveNullableFilter as PN,
  PrimitiveNullableListedFilter as PNL,
  type PrimitiveNullableWrite,
} from "omni-mini";
import { client, makeSpace, sorted } from "./_env.js";

const sdk = client();
let space = "";
const N = 12;
const HOUR = 3_600_000;
const T0 = Date.UTC(2024, 2, 1);

interface Row {
  xid: string;
  text: string;
  boolean: boolean;
  int32: number;
  int64: bigint;
  float32: number;
  date: string;
  timestamp: number;
  json: boolean;
}

const rows: Row[] = [...Array(N).keys()].map((i) => ({
  xid: `flt:${String(i).padStart(2, "0")}`,
  text: `${i % 3 === 0 ? "alpha" : "beta"}-${i}`,
  boolean: i % 2 === 0,
  int32: i * 10 - 50,
  int64: BigInt(i) * 10n ** 15n + 1n,
  float32: i / 4,
  date: `2024-01-${String(i + 1).padStart(2, "0")}`,
  timestamp: T0 + i * HOUR,
  json: i % 3 === 0,
}));

const ids = (items: readonly { externalId: string }[]) => sorted(items.map((i) => i.externalId));
const expect = (pick: (row: Row) => boolean) => sorted(rows.filter(pick).map((row) => row.xid));
const node = (xid: string): NodeId => ({ space, externalId: xid });

before(async () => {
  space = await makeSpace(sdk, "filters");
  const writes: PrimitiveNullableWrite[] = rows.map((row) => ({
    space,
    externalId: row.xid,
    text: row.text,
    boolean: row.boolean,
    int32: row.int32,
    int64: row.int64,
    float32: row.float32,
    date: row.date,
    timestamp: new Date(row.timestamp),
    ...(row.json ? { json: { index: row.xid } } : {}),
  }));
  await sdk.primitiveNullable.upsert(writes);
  await sdk.primitiveNullableListed.upsert([
    { space, externalId: "lst:1", text: ["a", "b", "c"], int32: [1, 2] },
    { space, externalId: "lst:2", text: ["a", "c"] },
    { space, externalId: "lst:3", int32: [3] },
  ]);
  await sdk.connectionItemD.upsert([
    {
      space,
      externalId: "d:1",
      name: "d one",
      directSingle: { space, externalId: "e:1", name: "target one" },
      directMulti: [node("e:1"), node("e:2")],
    },
    {
      space,
      externalId: "d:2",
      name: "d two",
      directSingle: { space, externalId: "e:2", name: "target two" },
      directMulti: [node("e:2")],
    },
    { space, externalId: "d:3", name: "d three" },
  ]);
  await sdk.connectionEdgeA.upsert([
    {
      space,
      externalId: "ea:1",
      edgeType: node("t"),
      startNode: node("d:1"),
      endNode: node("d:2"),
      name: "early",
      startTime: new Date(T0),
      endTime: new Date(T0 + 2 * HOUR),
    },
    {
      space,
      externalId: "ea:2",
      edgeType: node("t"),
      startNode: node("d:2"),
      endNode: node("d:3"),
      name: "late",
      startTime: new Date(T0 + 10 * HOUR),
      endTime: new Date(T0 + 12 * HOUR),
    },
  ]);
});

const list = (options: Record<string, unknown>) => sdk.primitiveNullable.list({ space, limit: null, ...options });

test("equals (scalar and array → in) and prefix keywords", async () => {
  assert.deepEqual(
    ids(await list({ boolean: true })),
    expect((r) => r.boolean),
  );
  assert.deepEqual(
    ids(await list({ text: "beta-4" })),
    expect((r) => r.text === "beta-4"),
  );
  assert.deepEqual(
    ids(await list({ text: ["alpha-0", "beta-5", "nope"] })),
    expect((r) => ["alpha-0", "beta-5"].includes(r.text)),
  );
  assert.deepEqual(
    ids(await list({ textPrefix: "alpha" })),
    expect((r) => r.text.startsWith("alpha")),
  );
  assert.deepEqual(
    ids(await list({ textPrefix: "alpha", boolean: false })),
    expect((r) => r.text.startsWith("alpha") && !r.boolean),
  );
});

test("min/max keywords of every number, date and timestamp type", async () => {
  assert.deepEqual(
    ids(await list({ minInt32: -20, maxInt32: 20 })),
    expect((r) => r.int32 >= -20 && r.int32 <= 20),
  );
  assert.deepEqual(
    ids(await list({ minInt32: 30 })),
    expect((r) => r.int32 >= 30),
  );
  assert.deepEqual(
    ids(await list({ minInt64: 10n ** 16n })),
    expect((r) => r.int64 >= 10n ** 16n),
  );
  assert.deepEqual(
    ids(await list({ maxInt64: 3n * 10n ** 15n + 1n })),
    expect((r) => r.int64 <= 3n * 10n ** 15n + 1n),
  );
  assert.deepEqual(
    ids(await list({ minFloat32: 0.5, maxFloat32: 1.75 })),
    expect((r) => r.float32 >= 0.5 && r.float32 <= 1.75),
  );
  assert.deepEqual(
    ids(await list({ minDate: "2024-01-04", maxDate: new Date(Date.UTC(2024, 0, 7)) })),
    expect((r) => r.date >= "2024-01-04" && r.date <= "2024-01-07"),
  );
  assert.deepEqual(
    ids(await list({ minTimestamp: new Date(T0 + 3 * HOUR), maxTimestamp: new Date(T0 + 5 * HOUR).toISOString() })),
    expect((r) => r.timestamp >= T0 + 3 * HOUR && r.timestamp <= T0 + 5 * HOUR),
  );
});

test("exists keywords (true → set, false → not set)", async () => {
  assert.deepEqual(
    ids(await list({ jsonExists: true })),
    expect((r) => r.json),
  );
  assert.deepEqual(
    ids(await list({ jsonExists: false })),
    expect((r) => !r.json),
  );
  const listed = await sdk.primitiveNullableListed.list({ space, textExists: true });
  assert.deepEqual(ids(listed), ["lst:1", "lst:2"]);
  assert.deepEqual(ids(await sdk.primitiveNullableListed.list({ space, int32Exists: false })), ["lst:2"]);
});

test("externalIdPrefix, space (one or several) and sorting", async () => {
  assert.deepEqual(
    ids(await list({ externalIdPrefix: "flt:0" })),
    expect((r) => r.xid.startsWith("flt:0")),
  );
  const both = await sdk.primitiveNullable.list({ space: [space, "sp_omni_instances"], limit: null });
  assert.ok(both.length > N && both.some((i) => i.space === "sp_omni_instances"));
  const desc = await list({ sortBy: "int32", direction: "descending", limit: 3 });
  assert.deepEqual(
    desc.map((i) => i.int32),
    rows
      .map((r) => r.int32)
      .sort((a, b) => b - a)
      .slice(0, 3),
  );
  const byText = await list({ sortBy: "text" });
  assert.deepEqual(
    byText.map((i) => i.text),
    rows.map((r) => r.text).sort(),
  );
  const byXid = await list({ sortBy: "externalId", direction: "descending" });
  assert.deepEqual(
    byXid.map((i) => i.externalId),
    sorted(rows.map((r) => r.xid)).reverse(),
  );
});

test("the filter builder composes with the keywords (and, or, not, in, raw)", async () => {
  const flt = PN.text
    .prefix("alpha")
    .or(PN.int32.range({ gt: 40 }))
    .and(PN.boolean.equals(true).not());
  assert.deepEqual(
    ids(await list({ filter: flt })),
    expect((r) => (r.text.startsWith("alpha") || r.int32 > 40) && !r.boolean),
  );
  assert.deepEqual(
    ids(await list({ filter: flt, minInt32: 0 })),
    expect((r) => (r.text.startsWith("alpha") || r.int32 > 40) && !r.boolean && r.int32 >= 0),
  );
  assert.deepEqual(ids(await list({ filter: Filter.in(["node", "externalId"], ["flt:01", "flt:07", "x"]) })), [
    "flt:01",
    "flt:07",
  ]);
  assert.deepEqual(
    ids(await list({ filter: Filter.raw({ prefix: { property: ["node", "externalId"], value: "flt:1" } }) })),
    expect((r) => r.xid.startsWith("flt:1")),
  );
  assert.deepEqual(ids(await list({ filter: PN.int64.in([1n, 10n ** 15n + 1n, 11n * 10n ** 15n + 1n, 2n]) })), [
    "flt:00",
    "flt:01",
    "flt:11",
  ]);
  assert.deepEqual(
    ids(await list({ filter: PN.timestamp.range({ lt: new Date(T0 + 2 * HOUR) }) })),
    expect((r) => r.timestamp < T0 + 2 * HOUR),
  );
  assert.deepEqual(ids(await list({ filter: PN.date.equals("2024-01-03") })), ["flt:02"]);
  assert.deepEqual(
    ids(await list({ filter: Filter.matchAll().and(Filter.instanceReferences([node("flt:03"), node("flt:04")])) })),
    ["flt:03", "flt:04"],
  );
  assert.deepEqual(
    ids(
      await list({
        filter: Filter.hasData({ space: "sp_pygen_models", externalId: "PrimitiveNullable", version: "1" }),
      }),
    ),
    expect(() => true),
  );
});

test("list properties: containsAny / containsAll", async () => {
  assert.deepEqual(ids(await sdk.primitiveNullableListed.list({ space, filter: PNL.text.containsAll(["a", "b"]) })), [
    "lst:1",
  ]);
  assert.deepEqual(ids(await sdk.primitiveNullableListed.list({ space, filter: PNL.text.containsAny(["b", "c"]) })), [
    "lst:1",
    "lst:2",
  ]);
  assert.deepEqual(ids(await sdk.primitiveNullableListed.list({ space, filter: PNL.int32.containsAny([3]) })), [
    "lst:3",
  ]);
});

test("direct relation keywords: equals / in on single relations, containsAny on lists; nested filters", async () => {
  const d = sdk.connectionItemD;
  assert.deepEqual(ids(await d.list({ space, directSingle: node("e:1") })), ["d:1"]);
  assert.deepEqual(ids(await d.list({ space, directSingle: [node("e:1"), node("e:2")] })), ["d:1", "d:2"]);
  assert.deepEqual(ids(await d.list({ space, directMulti: node("e:2") })), ["d:1", "d:2"]);
  assert.deepEqual(ids(await d.list({ space, directMulti: [node("e:1")] })), ["d:1"]);
  assert.deepEqual(ids(await d.list({ space, filter: ConnectionItemDFilter.directSingle.exists().not() })), ["d:3"]);
  const nested = Filter.nested(ConnectionItemDFilter.directSingle.ref, ConnectionItemEFilter.name.equals("target two"));
  assert.deepEqual(ids(await d.list({ space, filter: nested })), ["d:2"]);
  assert.deepEqual(ids(await d.list({ space, namePrefix: "d t" })), ["d:2", "d:3"]);
});

test("edge views: property keywords, start/end node keywords, overlaps", async () => {
  const e = sdk.connectionEdgeA;
  assert.deepEqual(ids(await e.list({ space, startNode: node("d:1") })), ["ea:1"]);
  assert.deepEqual(ids(await e.list({ space, endNode: [node("d:2"), node("d:3")] })), ["ea:1", "ea:2"]);
  assert.deepEqual(ids(await e.list({ space, minStartTime: new Date(T0 + HOUR) })), ["ea:2"]);
  assert.deepEqual(ids(await e.list({ space, name: "early" })), ["ea:1"]);
  const window = Filter.overlaps(ConnectionEdgeAFilter.startTime.ref, ConnectionEdgeAFilter.endTime.ref, {
    gte: new Date(T0 + 11 * HOUR),
    lte: new Date(T0 + 20 * HOUR),
  });
  assert.deepEqual(ids(await e.list({ space, filter: window })), ["ea:2"]);
  const edge = (await e.retrieve({ space, externalId: "ea:1" })) ?? assert.fail("ea:1 missing");
  assert.equal(edge.instanceType, "edge");
  assert.deepEqual(edge.startNode, node("d:1"));
  assert.deepEqual(edge.edgeType, node("t"));
  assert.equal(edge.endTime?.getTime(), T0 + 2 * HOUR);
});

test("search, aggregate and histogram take the same filter keywords", async () => {
  const hits = await sdk.primitiveNullable.search("alpha", { space, properties: "text", limit: 100 });
  assert.deepEqual(
    ids(hits),
    expect((r) => r.text.startsWith("alpha")),
  );
  const narrowed = await sdk.primitiveNullable.search("alpha", { space, boolean: true, limit: 100 });
  assert.deepEqual(
    ids(narrowed),
    expect((r) => r.text.startsWith("alpha") && r.boolean),
  );
  const count = await sdk.primitiveNullable.aggregate("count", { space, boolean: true });
  assert.equal(count.value, rows.filter((r) => r.boolean).length);
  const sum = await sdk.primitiveNullable.aggregate("sum", { property: "int32", space });
  assert.equal(
    sum.value,
    rows.reduce((total, r) => total + r.int32, 0),
  );
  const max = await sdk.primitiveNullable.aggregate("max", { property: "float32", space, maxInt32: 0 });
  assert.equal(max.value, Math.max(...rows.filter((r) => r.int32 <= 0).map((r) => r.float32)));
  const avg = await sdk.primitiveNullable.aggregate("avg", { property: "int32", space });
  assert.equal(avg.value, rows.reduce((total, r) => total + r.int32, 0) / N);
  const grouped = await sdk.primitiveNullable.aggregate("count", { space, groupBy: "boolean" });
  const byGroup = new Map(grouped.groups.map((g) => [g.group["boolean"], g.value]));
  assert.deepEqual([byGroup.get(true), byGroup.get(false)], [N / 2, N / 2]);
  assert.equal(grouped.value, null);
  const buckets = await sdk.primitiveNullable.histogram("int32", 40, { space });
  const expected = new Map<number, number>();
  for (const r of rows)
    expected.set(Math.floor(r.int32 / 40) * 40, (expected.get(Math.floor(r.int32 / 40) * 40) ?? 0) + 1);
  assert.deepEqual(new Map(buckets.filter((b) => b.count > 0).map((b) => [b.start, b.count])), expected);
  const none = await sdk.primitiveNullable.aggregate("count", { space, text: "no such text" });
  assert.equal(none.value, 0);
});
