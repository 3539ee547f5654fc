// int64 values beyond 2^53 are read as exact bigints, written and filtered exactly.
import assert from "node:assert/strict";
import { before, test } from "node:test";
import { PrimitiveNullableFilter as PN } from "omni-mini";
import { client, makeSpace } from "./_env.js";

const sdk = client();
let space = "";
const MAX = 9223372036854775807n;
const MIN = -9223372036854775808n;
const JUST_UNSAFE = 9007199254740993n; // 2^53 + 1: Number() would make it ...992

before(async () => {
  space = await makeSpace(sdk, "int64");
  await sdk.primitiveNullable.upsert([
    { space, externalId: "big:max", int64: MAX, json: { nested: [MAX, 1.5, "9223372036854775807"] } },
    { space, externalId: "big:min", int64: MIN },
    { space, externalId: "big:unsafe", int64: JUST_UNSAFE, float64: 12345678901234567890 },
    { space, externalId: "big:small", int64: 42 },
  ]);
  await sdk.primitiveNullableListed.upsert({ space, externalId: "big:list", int64: [MAX, -1n, JUST_UNSAFE] });
});

test("reads give exact bigints, small values too; JSON keeps its big integers; floats stay numbers", async () => {
  const items = await sdk.primitiveNullable.list({ space, limit: null, sortBy: "int64" });
  assert.deepEqual(
    items.map((i) => [i.externalId, i.int64]),
    [
      ["big:min", MIN],
      ["big:small", 42n],
      ["big:unsafe", JUST_UNSAFE],
      ["big:max", MAX],
    ],
  );
  const max = items.find((i) => i.externalId === "big:max");
  assert.deepEqual(max?.json, { nested: [MAX, 1.5, "9223372036854775807"] });
  assert.equal(items.find((i) => i.externalId === "big:unsafe")?.float64, 12345678901234567890);
  const listed = await sdk.primitiveNullableListed.retrieve("big:list", { space });
  assert.deepEqual(listed?.int64, [MAX, -1n, JUST_UNSAFE]);
});

test("filters and aggregates with values beyond 2^53 are exact", async () => {
  const ids = async (options: Record<string, unknown>) =>
    (await sdk.primitiveNullable.list({ space, limit: null, ...options })).map((i) => i.externalId).sort();
  assert.deepEqual(await ids({ minInt64: JUST_UNSAFE }), ["big:max", "big:unsafe"]);
  assert.deepEqual(await ids({ minInt64: JUST_UNSAFE + 1n }), ["big:max"]);
  assert.deepEqual(await ids({ filter: PN.int64.equals(JUST_UNSAFE) }), ["big:unsafe"]);
  assert.deepEqual(await ids({ filter: PN.int64.equals(JUST_UNSAFE - 1n) }), []);
  assert.deepEqual(await ids({ maxInt64: MIN }), ["big:min"]);
  const top = await sdk.primitiveNullable.aggregate("max", { property: "int64", space });
  assert.equal(top.value, MAX);
  const low = await sdk.primitiveNullable.aggregate("min", { property: "int64", space });
  assert.equal(low.value, MIN);
});
