// Partial failures of bulk writes: item-level rejections are isolated; failed chunks are reported item by
// item; everything else is written and kept.
import assert from "node:assert/strict";
import { afterEach, before, test } from "node:test";
import { CDFError, DeleteResult, type PrimitiveRequiredWrite, UpsertResult } from "omni-mini";
import { client, faults, makeSpace, quickClient } from "./_env.js";

const sdk = client();
let space = "";

before(async () => {
  space = await makeSpace(sdk, "partial");
});

afterEach(async () => {
  await faults.clear();
});

const required = (i: number): PrimitiveRequiredWrite => ({
  space,
  externalId: `req:${i}`,
  boolean: true,
  date: "2024-01-01",
  float32: 1,
  float64: 2,
  int32: i,
  int64: i,
  json: { i },
  text: `t${i}`,
  timestamp: new Date(Date.UTC(2024, 0, 1)),
});

test("an item CDF rejects is found by splitting the chunk; the others are written", async () => {
  const items: PrimitiveRequiredWrite[] = [...Array(9).keys()].map(required);
  const bad = {
    space,
    externalId: "req:bad",
    text: "lacks every other required property",
  } as unknown as PrimitiveRequiredWrite;
  items.splice(4, 0, bad);
  const error = await sdk.primitiveRequired.upsert(items).catch((e: unknown) => e);
  assert.ok(error instanceof CDFError && error.kind === "partial", String(error));
  assert.deepEqual(
    error.failed.map((f) => f.id),
    [{ instanceType: "node", space, externalId: "req:bad" }],
  );
  assert.match(error.failed[0]?.reason ?? "", /CDF API error 400 .*required properties are missing/);
  assert.match(error.message, /^upsert: 1 item\(s\) failed, 9 succeeded; first: .*req:bad/);
  const result = error.result as UpsertResult;
  assert.ok(result instanceof UpsertResult);
  assert.equal(result.created.length, 9);
  const stored = await sdk.primitiveRequired.list({ space, limit: null });
  assert.deepEqual(
    stored.map((i) => i.externalId).sort(),
    items
      .filter((i) => i !== bad)
      .map((i) => i.externalId)
      .sort(),
  );
});

test("a chunk that keeps failing is reported item by item; the other chunks are kept", async () => {
  const writer = quickClient({ maxRetries: 1, maxWriteConcurrency: 1, maxDeleteConcurrency: 1 });
  const items = [...Array(1500).keys()].map((i) => ({
    space,
    externalId: `bulk:${String(i).padStart(4, "0")}`,
    int32: i,
  }));
  await faults.inject({ kind: "503", path: "/models/instances", after: 1, count: 100, retry_after: 0 });
  const error = await writer.primitiveNullable.upsert(items).catch((e: unknown) => e);
  assert.ok(error instanceof CDFError && error.kind === "partial", String(error));
  assert.equal(error.failed.length, 500);
  assert.deepEqual(
    error.failed.map((f) => f.id.externalId),
    items.slice(1000).map((i) => i.externalId),
  );
  assert.match(error.failed[0]?.reason ?? "", /503/);
  assert.equal((error.result as UpsertResult).items.length, 1000);
  await faults.clear();
  assert.equal((await sdk.primitiveNullable.aggregate("count", { space, externalIdPrefix: "bulk:" })).value, 1000);
  const reversed = items.map((i) => i.externalId).reverse();
  const retrieved = await writer.primitiveNullable.retrieve(reversed, { space });
  assert.deepEqual(
    retrieved.map((i) => i.externalId),
    reversed.filter((xid) => xid < "bulk:1000"),
    "1500 ids in two requests; the 1000 that exist, in the order asked",
  );

  await writer.primitiveNullable.upsert(items.slice(1000));
  await faults.inject({ kind: "503", path: "/models/instances/delete", after: 1, count: 100, retry_after: 0 });
  const deleteError = await writer.primitiveNullable
    .delete(
      items.map((i) => i.externalId),
      { space },
    )
    .catch((e: unknown) => e);
  assert.ok(deleteError instanceof CDFError && deleteError.kind === "partial", String(deleteError));
  assert.equal(deleteError.failed.length, 500);
  assert.equal(deleteError.failed[0]?.id.instanceType, "node");
  const deleted = deleteError.result as DeleteResult;
  assert.ok(deleted instanceof DeleteResult);
  assert.equal(deleted.deleted.length, 1000);
  await faults.clear();
  assert.equal((await sdk.primitiveNullable.aggregate("count", { space, externalIdPrefix: "bulk:" })).value, 500);
});
