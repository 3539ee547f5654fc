// The one error class: what CDF's error responses become.
import assert from "node:assert/strict";
import { test } from "node:test";
import { CDFError, Filter } from "omni-mini";
import { client } from "./_env.js";

const sdk = client();

test("a 400 becomes CDFError(kind api) with status, code, request id and CDF's message on one line", async () => {
  const bad = Filter.raw({ equals: { property: ["sp_pygen_models", "PrimitiveNullable/1", "nope"], value: 1 } });
  const error = await sdk.primitiveNullable.list({ filter: bad }).catch((e: unknown) => e);
  assert.ok(error instanceof CDFError, String(error));
  assert.ok(error instanceof Error);
  assert.equal(error.name, "CDFError");
  assert.equal(error.kind, "api");
  assert.equal(error.status, 400);
  assert.equal(error.code, 400);
  assert.match(error.requestId ?? "", /^[0-9a-f]{8,}$/);
  assert.equal(
    error.message,
    `POST /models/instances/list: CDF API error 400 (request id ${error.requestId}): filter.and[1].equals.property: sp_pygen_models:PrimitiveNullable/1 has no property 'nope'`,
  );
  assert.deepEqual([error.missing, error.duplicated, error.failed], [[], [], []]);
});

test("duplicated items are listed on the error", async () => {
  const item = { instanceType: "node", space: "sp_omni_instances", externalId: "dup" };
  const error = await sdk.http.post("/models/instances", { items: [item, item] }).catch((e: unknown) => e);
  assert.ok(error instanceof CDFError && error.kind === "api" && error.status === 400, String(error));
  assert.deepEqual(error.duplicated, [item]);
  assert.match(
    error.message,
    /; duplicated 1: \{"instanceType":"node","space":"sp_omni_instances","externalId":"dup"\}$/,
  );
});

test("an unknown path is a 404 API error", async () => {
  const error = await sdk.http.get("/models/nothing-here").catch((e: unknown) => e);
  assert.ok(error instanceof CDFError && error.kind === "api" && error.status === 404, String(error));
});
