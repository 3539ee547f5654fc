// The filter builder: every DMS filter, composition, and the typed property builders (no emulator).
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  CDFError,
  ConnectionEdgeAFilter,
  ConnectionItemDFilter,
  Filter,
  PrimitiveNullableFilter as PN,
  PrimitiveNullableListedFilter as PNL,
} from "omni-mini";

const ref = (prop: string, view = "PrimitiveNullable/1") => ["sp_pygen_models", view, prop];

test("every leaf filter of the instances API has its wire form", () => {
  const p = ["sp", "V/1", "x"];
  assert.deepEqual(Filter.equals(p, "a").dump(), { equals: { property: p, value: "a" } });
  assert.deepEqual(Filter.in(p, [1, 2]).dump(), { in: { property: p, values: [1, 2] } });
  assert.deepEqual(Filter.range(p, { gt: 1, lte: 5 }).dump(), { range: { property: p, gt: 1, lte: 5 } });
  assert.deepEqual(Filter.prefix(p, "ab").dump(), { prefix: { property: p, value: "ab" } });
  assert.deepEqual(Filter.exists(p).dump(), { exists: { property: p } });
  assert.deepEqual(Filter.containsAny(p, ["a"]).dump(), { containsAny: { property: p, values: ["a"] } });
  assert.deepEqual(Filter.containsAll(p, ["a", "b"]).dump(), { containsAll: { property: p, values: ["a", "b"] } });
  assert.deepEqual(Filter.matchAll().dump(), { matchAll: {} });
  assert.deepEqual(
    Filter.hasData({ space: "sp", externalId: "V", version: "1" }, { space: "sp", externalId: "C" }).dump(),
    {
      hasData: [
        { type: "view", space: "sp", externalId: "V", version: "1" },
        { type: "container", space: "sp", externalId: "C" },
      ],
    },
  );
  assert.deepEqual(Filter.nested(p, Filter.equals(["sp", "W/1", "name"], "n")).dump(), {
    nested: { scope: p, filter: { equals: { property: ["sp", "W/1", "name"], value: "n" } } },
  });
  assert.deepEqual(Filter.overlaps(["sp", "V/1", "s"], ["sp", "V/1", "e"], { gte: 1, lt: 9 }).dump(), {
    overlaps: { startProperty: ["sp", "V/1", "s"], endProperty: ["sp", "V/1", "e"], gte: 1, lt: 9 },
  });
  assert.deepEqual(Filter.instanceReferences([{ space: "s", externalId: "x" }]).dump(), {
    instanceReferences: [{ space: "s", externalId: "x" }],
  });
  assert.deepEqual(Filter.raw({ someFutureFilter: { a: 1 } }).dump(), { someFutureFilter: { a: 1 } });
});

test("and/or flatten, not wraps, and values are converted", () => {
  const a = Filter.equals(["node", "externalId"], "a");
  const b = Filter.exists(["node", "type"]);
  const c = Filter.prefix(["node", "space"], "s");
  assert.deepEqual(a.and(b).and(c).dump(), { and: [a.dump(), b.dump(), c.dump()] });
  assert.deepEqual(Filter.or(a, Filter.or(b, c)).dump(), { or: [a.dump(), b.dump(), c.dump()] });
  assert.deepEqual(a.or(b).and(c).dump(), { and: [{ or: [a.dump(), b.dump()] }, c.dump()] });
  assert.deepEqual(a.not().dump(), { not: a.dump() });
  assert.deepEqual(Filter.equals(["n"], new Date(Date.UTC(2024, 4, 1, 2, 3, 4, 5))).dump(), {
    equals: { property: ["n"], value: "2024-05-01T02:03:04.005Z" },
  });
  const readObject = { instanceType: "node", space: "s", externalId: "x", version: 3 };
  assert.deepEqual(Filter.equals(["d"], readObject).dump(), {
    equals: { property: ["d"], value: { space: "s", externalId: "x" } },
  });
  assert.deepEqual(JSON.parse(JSON.stringify({ filter: a })), { filter: a.dump() });
});

test("bad filters fail with CDFError naming the problem", () => {
  assert.throws(
    () => Filter.range(["x"], {}),
    (e: unknown) => e instanceof CDFError && e.kind === "argument" && /at least one/.test(e.message),
  );
  assert.throws(() => Filter.raw({ a: 1, b: 2 }), CDFError);
  assert.throws(() => Filter.and(), CDFError);
  assert.throws(() => Filter.and({} as Filter), CDFError);
});

test("typed builders use the view's property references and each type's value form", () => {
  assert.deepEqual(PN.text.prefix("Po").dump(), { prefix: { property: ref("text"), value: "Po" } });
  assert.deepEqual(PN.text.in(["a", "b"]).dump(), { in: { property: ref("text"), values: ["a", "b"] } });
  assert.deepEqual(PN.boolean.equals(false).dump(), { equals: { property: ref("boolean"), value: false } });
  assert.deepEqual(PN.int64.range({ gte: 9007199254740993n }).dump(), {
    range: { property: ref("int64"), gte: 9007199254740993n },
  });
  assert.deepEqual(PN.float32.range({ gt: 0.5, lt: 2 }).dump(), {
    range: { property: ref("float32"), gt: 0.5, lt: 2 },
  });
  assert.deepEqual(PN.timestamp.range({ gte: new Date(Date.UTC(2024, 0, 1)) }).dump(), {
    range: { property: ref("timestamp"), gte: "2024-01-01T00:00:00.000Z" },
  });
  assert.deepEqual(PN.date.range({ lte: new Date(Date.UTC(2024, 4, 15, 23, 59)) }).dump(), {
    range: { property: ref("date"), lte: "2024-05-15" },
  });
  assert.deepEqual(PN.date.equals("2024-05-14").dump(), { equals: { property: ref("date"), value: "2024-05-14" } });
  assert.deepEqual(PN.json.exists().not().dump(), { not: { exists: { property: ref("json") } } });
  assert.deepEqual(PNL.text.containsAll(["a", "b"]).dump(), {
    containsAll: { property: ref("text", "PrimitiveNullableListed/1"), values: ["a", "b"] },
  });
  const e1 = { space: "sp_omni_instances", externalId: "e1" };
  assert.deepEqual(ConnectionItemDFilter.directMulti.containsAny([e1]).dump(), {
    containsAny: { property: ref("directMulti", "ConnectionItemD/1"), values: [e1] },
  });
  assert.deepEqual(ConnectionItemDFilter.directSingle.equals({ ...e1, extra: 1 } as never).dump(), {
    equals: { property: ref("directSingle", "ConnectionItemD/1"), value: e1 },
  });
  assert.deepEqual(ConnectionEdgeAFilter.name.exists().dump(), {
    exists: { property: ref("name", "ConnectionEdgeA/1") },
  });
  assert.throws(
    () => ConnectionItemDFilter.directSingle.equals("bare" as never),
    (e: unknown) => e instanceof CDFError && /bare external id/.test(e.message),
  );
  assert.throws(
    () => PN.timestamp.equals(new Date("nope")),
    (e: unknown) => e instanceof CDFError && /invalid Date/.test(e.message),
  );
});
