// Raw DMS instances → read objects (no emulator).
import assert from "node:assert/strict";
import { test } from "node:test";
import { ConnectionEdgeAView, PrimitiveNullableListedView, PrimitiveNullableView, type ViewSpec } from "omni-mini";
import { parseJson, UNSAFE } from "../omni-mini/dist/_runtime/json.js";
import { compile } from "../omni-mini/dist/_runtime/spec.js";
import { decodeInstance } from "../omni-mini/dist/_runtime/values.js";

const node = (props: Record<string, unknown> | undefined, extra: Record<string, unknown> = {}) => ({
  instanceType: "node",
  space: "s",
  externalId: "x",
  version: 3,
  createdTime: 1700000000000,
  lastUpdatedTime: 1700000001000,
  ...(props ? { properties: { sp_pygen_models: { "PrimitiveNullable/1": props } } } : {}),
  ...extra,
});

test("metadata and typed values; absent properties stay absent (tolerant reads)", () => {
  const out = decodeInstance(
    compile(PrimitiveNullableView),
    node({
      text: "t",
      int64: 5,
      timestamp: "2024-01-02T03:04:05.006+00:00",
      date: "2024-01-02",
      json: { a: 1 },
      float64: null,
    }),
    false,
    "test",
  );
  assert.deepEqual(out, {
    instanceType: "node",
    space: "s",
    externalId: "x",
    version: 3,
    createdTime: new Date(1700000000000),
    lastUpdatedTime: new Date(1700000001000),
    nodeType: null,
    text: "t",
    int64: 5n,
    timestamp: new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 6)),
    date: "2024-01-02",
    json: { a: 1 },
    float64: null,
  });
  const bare = decodeInstance(
    compile(PrimitiveNullableView),
    node(undefined, { type: { space: "t", externalId: "T" } }),
    false,
    "test",
  );
  assert.deepEqual(Object.keys(bare), [
    "instanceType",
    "space",
    "externalId",
    "version",
    "createdTime",
    "lastUpdatedTime",
    "nodeType",
  ]);
  assert.deepEqual(bare["nodeType"], { space: "t", externalId: "T" });
});

test("fast decoding refuses values that may have lost digits", () => {
  const compiled = compile(PrimitiveNullableView);
  assert.throws(
    () => decodeInstance(compiled, node({ int64: 2 ** 60 }), false, "test"),
    (e: unknown) => e === UNSAFE,
  );
  assert.throws(
    () => decodeInstance(compiled, node({ json: { deep: [2 ** 55] } }), false, "test"),
    (e: unknown) => e === UNSAFE,
  );
  assert.equal(
    decodeInstance(compiled, node({ float64: 2 ** 60 }), false, "test")["float64"],
    2 ** 60,
    "floats may be big",
  );
  const exact = parseJson(
    '{"properties": {"sp_pygen_models": {"PrimitiveNullable/1": {"int64": 1152921504606846977, "float64": 12345678901234567890, "json": [1152921504606846977]}}}, "space": "s", "externalId": "x", "version": 1, "createdTime": 0, "lastUpdatedTime": 0}',
  );
  const out = decodeInstance(compiled, exact.value, true, "test");
  assert.equal(out["int64"], 1152921504606846977n);
  assert.equal(out["float64"], 12345678901234567890);
  assert.deepEqual(out["json"], [1152921504606846977n]);
});

test("lists decode element-wise and keep nulls", () => {
  const raw = {
    ...node(undefined),
    properties: {
      sp_pygen_models: {
        "PrimitiveNullableListed/1": { int64: [1, null, 3], timestamp: ["2024-01-01T00:00:00.000+00:00"], text: ["a"] },
      },
    },
  };
  const out = decodeInstance(compile(PrimitiveNullableListedView), raw, false, "test");
  assert.deepEqual(out["int64"], [1n, null, 3n]);
  assert.deepEqual(out["timestamp"], [new Date(Date.UTC(2024, 0, 1))]);
  assert.deepEqual(out["text"], ["a"]);
});

test("a property the spec does not know never shadows metadata", () => {
  const out = decodeInstance(
    compile(PrimitiveNullableView),
    node({ text: "t", version: 99, instanceType: "edge", newer: 1 }),
    false,
    "test",
  );
  assert.equal(out["version"], 3);
  assert.equal(out["instanceType"], "node");
  assert.equal(out["text"], "t");
});

test("members named differently from their properties, and edges", () => {
  const renamed: ViewSpec = {
    ...PrimitiveNullableView,
    properties: { label: { id: "text", kind: "text" }, when: { id: "timestamp", kind: "timestamp" } },
  };
  const out = decodeInstance(
    compile(renamed),
    node({ text: "t", timestamp: "2024-01-01T00:00:00.000+00:00", int32: 1 }),
    false,
    "test",
  );
  assert.equal(out["label"], "t");
  assert.deepEqual(out["when"], new Date(Date.UTC(2024, 0, 1)));
  assert.equal(out["text"], undefined);
  assert.equal(out["int32"], undefined, "only the spec's properties when names differ");
  const edge = decodeInstance(
    compile(ConnectionEdgeAView),
    {
      instanceType: "edge",
      space: "s",
      externalId: "e",
      version: 1,
      createdTime: 0,
      lastUpdatedTime: 0,
      type: { space: "t", externalId: "T" },
      startNode: { space: "s", externalId: "a" },
      endNode: { space: "s", externalId: "b" },
      properties: {
        sp_pygen_models: { "ConnectionEdgeA/1": { name: "n", startTime: "2024-01-01T00:00:00.000+00:00" } },
      },
    },
    false,
    "test",
  );
  assert.deepEqual(
    [edge["instanceType"], edge["edgeType"], edge["startNode"], edge["endNode"], edge["name"]],
    ["edge", { space: "t", externalId: "T" }, { space: "s", externalId: "a" }, { space: "s", externalId: "b" }, "n"],
  );
  assert.ok(edge["startTime"] instanceof Date);
});

test("items without space/externalId are response errors", () => {
  assert.throws(
    () => decodeInstance(compile(PrimitiveNullableView), { externalId: "x" }, false, "list X"),
    /list X: a response item has no string space\/externalId/,
  );
  assert.throws(() => decodeInstance(compile(PrimitiveNullableView), 5, false, "list X"), /not an object/);
});
