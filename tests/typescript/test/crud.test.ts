// Create, read, update, delete through the hand-written SDK against the emulator.
import assert from "node:assert/strict";
import { before, test } from "node:test";
import { CDFError, type PrimitiveNullable, type PrimitiveRequiredWrite } from "omni-mini";
import { client, makeSpace, seeded } from "./_env.js";

const sdk = client();
let space = "";

before(async () => {
  space = await makeSpace(sdk, "crud");
});

test("list reads every seeded node with typed values (timestamps as Date, dates as strings)", async () => {
  const expected = seeded("PrimitiveNullable");
  const items = await sdk.primitiveNullable.list({
    limit: null,
    space: "sp_omni_instances",
    externalIdPrefix: "PrimitiveNullable:",
  });
  assert.deepEqual(new Set(items.map((i) => i.externalId)), new Set(expected.keys()));
  for (const item of items) {
    const raw = expected.get(item.externalId) as Record<string, unknown>;
    assert.equal(item.instanceType, "node");
    assert.equal(item.text, raw["text"]);
    assert.equal(item.int32, raw["int32"]);
    assert.equal(item.float64, raw["float64"]);
    assert.deepEqual(item.json, raw["json"]);
    assert.equal(item.boolean, raw["boolean"]);
    if (raw["timestamp"] !== undefined) {
      assert.ok(item.timestamp instanceof Date);
      assert.equal(item.timestamp.getTime(), Date.parse(raw["timestamp"] as string));
    }
    if (raw["date"] !== undefined) assert.equal(item.date, raw["date"]);
    if (raw["int64"] !== undefined) assert.equal(item.int64, BigInt(raw["int64"] as number | string));
    assert.ok(item.createdTime instanceof Date && item.createdTime.getTime() > 0);
    assert.ok(item.version >= 1);
  }
});

test("upsert creates, reports unchanged and updated, and retrieve reads it back", async () => {
  const node = {
    space,
    externalId: "crud:1",
    text: "first",
    boolean: true,
    int32: 7,
    float64: 2.5,
    date: "2024-02-29",
    timestamp: new Date(Date.UTC(2024, 1, 29, 12, 0, 0, 123)),
    json: { a: [1, 2, { b: null }] },
  };
  const created = await sdk.primitiveNullable.upsert(node);
  assert.deepEqual(created.created, [{ instanceType: "node", space, externalId: "crud:1" }]);
  assert.deepEqual((await sdk.primitiveNullable.upsert(node)).unchanged.length, 1);
  const updated = await sdk.primitiveNullable.upsert({ space, externalId: "crud:1", text: "second" });
  assert.equal(updated.updated.length, 1);
  assert.equal(updated.items[0]?.version, 2);
  const read = (await sdk.primitiveNullable.retrieve({ space, externalId: "crud:1" })) as PrimitiveNullable;
  assert.equal(read.text, "second");
  assert.equal(read.boolean, true, "a patch keeps the members it does not name");
  assert.equal(read.date, "2024-02-29");
  assert.equal(read.timestamp?.toISOString(), "2024-02-29T12:00:00.123Z");
  assert.deepEqual(read.json, { a: [1, 2, { b: null }] });
  assert.equal(read.version, 2);
});

test("null clears a property; replace resets the members left out", async () => {
  await sdk.primitiveNullable.upsert({ space, externalId: "crud:2", text: "t", int32: 1, boolean: false });
  await sdk.primitiveNullable.upsert({ space, externalId: "crud:2", text: null });
  let read = await sdk.primitiveNullable.retrieve("crud:2", { space });
  assert.equal(read?.text ?? null, null);
  assert.equal(read?.int32, 1);
  await sdk.primitiveNullable.upsert({ space, externalId: "crud:2", boolean: true }, { replace: true });
  read = await sdk.primitiveNullable.retrieve("crud:2", { space });
  assert.equal(read?.boolean, true);
  assert.equal(read?.int32 ?? null, null);
});

test("retrieve: one id, many ids in input order, missing ones left out, bare ids in the default space", async () => {
  const seededIds = [...seeded("PrimitiveNullable").keys()].sort();
  const [first, second] = seededIds as [string, string];
  const one = await sdk.primitiveNullable.retrieve(first);
  assert.equal(one?.externalId, first);
  assert.equal(one?.space, "sp_omni_instances");
  const many = await sdk.primitiveNullable.retrieve([
    second,
    "does-not-exist",
    { space: "sp_omni_instances", externalId: first },
    second,
  ]);
  assert.deepEqual(
    many.map((i) => i.externalId),
    [second, first],
  );
  assert.equal(await sdk.primitiveNullable.retrieve("does-not-exist"), undefined);
  assert.equal(
    await sdk.primitiveRequired.retrieve(first),
    undefined,
    "a node without data in the view is not returned",
  );
});

test("delete removes nodes; unknown ids are ignored", async () => {
  await sdk.primitiveNullable.upsert([
    { space, externalId: "crud:del:1" },
    { space, externalId: "crud:del:2" },
  ]);
  const result = await sdk.primitiveNullable.delete(["crud:del:1", "crud:del:2", "crud:del:never"], { space });
  assert.deepEqual(result.deleted.map((id) => id.externalId).sort(), ["crud:del:1", "crud:del:2"]);
  assert.deepEqual(await sdk.primitiveNullable.retrieve(["crud:del:1", "crud:del:2"], { space }), []);
  const generic = await sdk.delete({ instanceType: "node", space, externalId: "crud:2" });
  assert.equal(generic.deleted.length, 1);
});

test("required properties are required on write; reads stay tolerant of nodes lacking them", async () => {
  const full: PrimitiveRequiredWrite = {
    space,
    externalId: "crud:req",
    boolean: false,
    date: "2023-12-31",
    float32: 1.5,
    float64: -1,
    int32: -3,
    int64: 12n,
    json: {},
    text: "req",
    timestamp: "2023-12-31T23:59:59.999Z",
  };
  await sdk.primitiveRequired.upsert(full);
  const read = await sdk.primitiveRequired.retrieve("crud:req", { space });
  assert.equal(read?.int64, 12n);
  assert.equal(read?.timestamp?.toISOString(), "2023-12-31T23:59:59.999Z");
  // Implementation1 nodes exist in the seed without value2 (a required property): they still read.
  const impl = await sdk.implementation1.list({ limit: null, space: "sp_omni_instances" });
  const expected = seeded("Implementation1");
  assert.deepEqual(new Set(impl.map((i) => i.externalId)), new Set(expected.keys()));
  assert.ok(
    impl.some((i) => i.value2 === undefined),
    "expected a seeded Implementation1 node without value2",
  );
});

test("interfaces read the nodes of their implementations", async () => {
  const mains = await sdk.mainInterface.list({ limit: null, space: "sp_omni_instances" });
  const subs = await sdk.subInterface.list({ limit: null, space: "sp_omni_instances" });
  const mainIds = new Set(mains.map((i) => i.externalId));
  const implementations = new Map([...seeded("Implementation1"), ...seeded("Implementation2")]);
  assert.ok(implementations.size >= 10);
  for (const [xid, props] of implementations) {
    assert.ok(mainIds.has(xid), `${xid} missing from MainInterface`);
    const sub = subs.find((i) => i.externalId === xid);
    assert.equal(sub?.mainValue, props["mainValue"], xid);
    assert.equal(sub?.subValue, props["subValue"], xid);
  }
  for (const sub of subs)
    assert.ok(mainIds.has(sub.externalId), `${sub.externalId}: a SubInterface node is a MainInterface node`);
  await sdk.implementation1.upsert({ space, externalId: "crud:impl", mainValue: "m", subValue: "s", value2: "v2" });
  const viaInterface = await sdk.subInterface.retrieve("crud:impl", { space });
  assert.deepEqual([viaInterface?.mainValue, viaInterface?.subValue], ["m", "s"]);
});

test("list rejects unknown options and bad limits with one-line argument errors", async () => {
  await assert.rejects(
    sdk.primitiveNullable.list({ txet: "x" } as never),
    (e: unknown) => e instanceof CDFError && e.kind === "argument" && /unknown option "txet"/.test(e.message),
  );
  await assert.rejects(
    sdk.primitiveNullable.iterate({ chunkSize: 5000 }).next(),
    (e: unknown) => e instanceof CDFError && /chunkSize/.test(e.message),
  );
  await assert.rejects(
    sdk.primitiveNullable.search("x", { limit: 0 }),
    (e: unknown) => e instanceof CDFError && /limit/.test(e.message),
  );
  await assert.rejects(
    sdk.primitiveNullable.list({ sortBy: "nope" as never }),
    (e: unknown) => e instanceof CDFError && /no property "nope"/.test(e.message),
  );
  await assert.rejects(
    sdk.connectionItemC.upsert([] as never),
    (e: unknown) => e instanceof CDFError && /read-only/.test(e.message),
  );
});
