// Write objects → upsert items: nested writes, edges, defaults, conflicts, value encoding (no emulator).
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  CDFError,
  ConnectionEdgeAView,
  ConnectionItemAView,
  type ConnectionItemAWrite,
  ConnectionItemCView,
  ConnectionItemEView,
  ConnectionItemFView,
  type ConnectionItemFWrite,
  PrimitiveNullableView,
  type PrimitiveNullableWrite,
} from "omni-mini";
import { flatten } from "../omni-mini/dist/_runtime/write.js";

const SP = "sp_omni_instances";
const isArg = (pattern: RegExp) => (e: unknown) =>
  e instanceof CDFError && e.kind === "argument" && pattern.test(e.message);

test("values in wire form: timestamps with ms in UTC, dates, bigints, JSON; only present members are sent", () => {
  const typed: PrimitiveNullableWrite = { externalId: "p1" };
  const item = {
    ...typed,
    timestamp: new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 678)),
    date: new Date(Date.UTC(2024, 4, 19)),
    int64: 9007199254740993n,
    json: { nested: [1, "a"] },
    text: null,
    float32: undefined, // JavaScript callers may pass undefined: it is left out like a missing member
  };
  const [wire, ...rest] = flatten(PrimitiveNullableView, [item], SP);
  assert.equal(rest.length, 0);
  assert.deepEqual(wire, {
    instanceType: "node",
    space: SP,
    externalId: "p1",
    sources: [
      {
        source: { type: "view", space: "sp_pygen_models", externalId: "PrimitiveNullable", version: "1" },
        properties: {
          date: "2024-05-19",
          int64: 9007199254740993n,
          json: { nested: [1, "a"] },
          text: null,
          timestamp: "2024-01-02T03:04:05.678Z",
        },
      },
    ],
  });
});

test("nested write objects are written as their target view, each once; plain edges get derived ids", () => {
  const c = { space: SP, externalId: "c1" };
  const b1 = { externalId: "b1", name: "B one" };
  const a: ConnectionItemAWrite = {
    externalId: "a1",
    name: "A",
    otherDirect: c,
    selfDirect: "a0",
    outwards: [b1, "b2", b1],
  };
  const items = flatten(ConnectionItemAView, [a], SP);
  const keys = items.map((i) => `${String(i["instanceType"])}:${String(i["externalId"])}`);
  assert.deepEqual(keys.sort(), ["edge:a1:bidirectional:b1", "edge:a1:bidirectional:b2", "node:a1", "node:b1"]);
  const node = items.find((i) => i["externalId"] === "a1") as Record<string, unknown>;
  assert.deepEqual(node["type"], { space: "sp_pygen_models", externalId: "ConnectionItemA" });
  const props = (node["sources"] as { properties: Record<string, unknown> }[])[0]?.properties;
  assert.deepEqual(props, { name: "A", otherDirect: c, selfDirect: { space: SP, externalId: "a0" } });
  const b = items.find((i) => i["externalId"] === "b1") as Record<string, unknown>;
  assert.deepEqual(b["type"], { space: "sp_pygen_models", externalId: "ConnectionItemB" });
  const edge = items.find((i) => i["externalId"] === "a1:bidirectional:b2") as Record<string, unknown>;
  assert.deepEqual(edge, {
    instanceType: "edge",
    space: SP,
    externalId: "a1:bidirectional:b2",
    type: { space: "sp_pygen_models", externalId: "bidirectional" },
    startNode: { space: SP, externalId: "a1" },
    endNode: { space: SP, externalId: "b2" },
  });
});

test("edges with properties: the owner fills the start node; the other end may be a nested write", () => {
  const f: ConnectionItemFWrite = {
    externalId: "f1",
    outwardsMulti: [
      { endNode: { externalId: "g1", name: "G" }, name: "edge one", startTime: new Date(Date.UTC(2024, 0, 1)) },
    ],
    outwardsSingle: { endNode: "e1", externalId: "custom-edge" },
  };
  const items = flatten(ConnectionItemFView, [f], SP);
  const byId = new Map(items.map((i) => [String(i["externalId"]), i]));
  assert.deepEqual([...byId.keys()].sort(), ["custom-edge", "f1", "f1:multiProperty:g1", "g1"]);
  const multi = byId.get("f1:multiProperty:g1") as Record<string, unknown>;
  assert.deepEqual(multi["startNode"], { space: SP, externalId: "f1" });
  assert.deepEqual(multi["endNode"], { space: SP, externalId: "g1" });
  assert.deepEqual(multi["sources"], [
    {
      source: { type: "view", space: "sp_pygen_models", externalId: "ConnectionEdgeA", version: "1" },
      properties: { name: "edge one", startTime: "2024-01-01T00:00:00.000Z" },
    },
  ]);
  assert.deepEqual((byId.get("custom-edge") as Record<string, unknown>)["type"], {
    space: "sp_pygen_models",
    externalId: "singleProperty",
  });
});

test("an edge view's own upsert needs type and both ends", () => {
  assert.throws(
    () => flatten(ConnectionEdgeAView, [{ name: "x", startNode: "a" }], SP),
    isArg(/edgeType, startNode and endNode/),
  );
  const [edge] = flatten(
    ConnectionEdgeAView,
    [{ edgeType: { space: "sp", externalId: "t" }, startNode: "a", endNode: { space: "o", externalId: "b" } }],
    SP,
  );
  assert.equal((edge as Record<string, unknown>)["externalId"], "a:t:b");
});

test("nodeType: the view's default, overridable, or none with null", () => {
  const [withDefault] = flatten(ConnectionItemAView, [{ externalId: "x" }], SP);
  assert.deepEqual((withDefault as Record<string, unknown>)["type"], {
    space: "sp_pygen_models",
    externalId: "ConnectionItemA",
  });
  const [none] = flatten(ConnectionItemAView, [{ externalId: "x", nodeType: null }], SP);
  assert.equal((none as Record<string, unknown>)["type"], undefined);
  const [noView] = flatten(PrimitiveNullableView, [{ externalId: "x" }], SP);
  assert.equal((noView as Record<string, unknown>)["type"], undefined);
});

test("mistakes are one-line argument errors naming the item and member", () => {
  assert.throws(
    () => flatten(PrimitiveNullableView, [{ externalId: "p", txet: "typo" }], SP),
    isArg(/node sp_omni_instances:p: "txet" is not a property/),
  );
  assert.throws(
    () => flatten(ConnectionItemEView, [{ externalId: "e", directReverseMulti: [] }], SP),
    isArg(/reverse relation \(read-only\)/),
  );
  assert.throws(() => flatten(ConnectionItemCView, [{ externalId: "c" }], SP), isArg(/read-only/));
  assert.throws(() => flatten(PrimitiveNullableView, [{ externalId: "p" }], null), isArg(/no default instance space/));
  assert.throws(
    () => flatten(PrimitiveNullableView, [{ externalId: "" }], SP),
    isArg(/externalId must be a non-empty string/),
  );
  assert.throws(() => flatten(PrimitiveNullableView, ["p1"], SP), isArg(/item 0 is a string/));
  assert.throws(
    () => flatten(PrimitiveNullableView, [{ externalId: "p", int64: 2 ** 60 }], SP),
    isArg(/pass a bigint/),
  );
  assert.throws(
    () => flatten(ConnectionItemEView, [{ externalId: "e", directNoSource: { externalId: "x", name: "a write" } }], SP),
    isArg(/no target view/),
  );
  assert.throws(
    () =>
      flatten(
        PrimitiveNullableView,
        [
          { externalId: "same", text: "a" },
          { externalId: "same", text: "b" },
        ],
        SP,
      ),
    isArg(/node sp_omni_instances:same is given twice with different content/),
  );
});

test("the same object (or an equal one) reached twice is written once; cycles terminate", () => {
  const a: ConnectionItemAWrite = { externalId: "a", name: "A" };
  a.selfDirect = a;
  const items = flatten(
    ConnectionItemAView,
    [a, { externalId: "a", name: "A", selfDirect: { space: SP, externalId: "a" } }],
    SP,
  );
  assert.equal(items.length, 1);
});
