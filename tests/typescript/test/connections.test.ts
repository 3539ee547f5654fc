// Connections loaded with retrieve/list/iterate: direct, reverse direct, edges, edges with properties.
import assert from "node:assert/strict";
import { before, test } from "node:test";
import type {
  ConnectionItemA,
  ConnectionItemB,
  ConnectionItemD,
  ConnectionItemE,
  ConnectionItemF,
  ConnectionItemG,
  NodeId,
} from "omni-mini";
import { client, makeSpace, sorted } from "./_env.js";

const sdk = client();
let space = "";
const T0 = Date.UTC(2024, 5, 1);
const xid = (value: { externalId: string } | null | undefined) => value?.externalId;
const xids = (values: readonly { externalId: string }[] | null | undefined) =>
  sorted((values ?? []).map((v) => v.externalId));
const isRead = (value: unknown) =>
  typeof value === "object" && value !== null && "instanceType" in value && "createdTime" in value;
const id = (externalId: string): NodeId => ({ space, externalId });

before(async () => {
  space = await makeSpace(sdk, "conn");
  await sdk.connectionItemA.upsert({
    space,
    externalId: "a1",
    name: "A one",
    selfDirect: { space, externalId: "a2", name: "A two" },
    outwards: [
      { space, externalId: "b1", name: "B one", selfEdge: [{ space, externalId: "b2", name: "B two" }] },
      id("b2"),
    ],
  });
  await sdk.connectionItemD.upsert([
    {
      space,
      externalId: "d1",
      name: "D one",
      directSingle: {
        space,
        externalId: "e1",
        name: "E one",
        directNoSource: id("anything"),
        directListNoSource: [id("x1"), id("x2")],
      },
      directMulti: [id("e1"), { space, externalId: "e2", name: "E two" }],
      outwardsSingle: { space, externalId: "e3", name: "E three" },
    },
    { space, externalId: "d2", name: "D two", directMulti: [id("e1")] },
  ]);
  await sdk.connectionItemF.upsert({
    space,
    externalId: "f1",
    name: "F one",
    directList: [id("d1")],
    outwardsMulti: [
      {
        endNode: { space, externalId: "g1", name: "G one" },
        name: "m1",
        startTime: new Date(T0),
        endTime: new Date(T0 + 1000),
      },
      { endNode: { space, externalId: "g2", name: "G two" }, name: "m2" },
    ],
    outwardsSingle: { endNode: id("e1"), name: "s1" },
  });
  await sdk.connectionItemE.upsert({
    space,
    externalId: "e4",
    name: "E four",
    inwardsSingleProperty: { startNode: { space, externalId: "f2", name: "F two" }, name: "into e4" },
  });
});

test("retrieveConnections: skip leaves connections out; identifier gives ids; full gives read objects", async () => {
  const skipped = (await sdk.connectionItemA.retrieve("a1", { space })) as ConnectionItemA;
  assert.equal(skipped.outwards, undefined);
  assert.deepEqual(skipped.selfDirect, id("a2"));

  const ids = (await sdk.connectionItemA.retrieve("a1", {
    space,
    retrieveConnections: "identifier",
  })) as ConnectionItemA;
  assert.deepEqual(ids.selfDirect, id("a2"));
  assert.deepEqual(
    [...(ids.outwards ?? [])].sort((x, y) => x.externalId.localeCompare(y.externalId)),
    [id("b1"), id("b2")],
  );
  assert.ok(!isRead(ids.outwards?.[0]));

  const full = (await sdk.connectionItemA.retrieve("a1", { space, retrieveConnections: "full" })) as ConnectionItemA;
  const selfDirect = full.selfDirect as ConnectionItemA;
  assert.ok(isRead(selfDirect));
  assert.equal(selfDirect.name, "A two");
  const outwards = (full.outwards ?? []) as ConnectionItemB[];
  assert.deepEqual(sorted(outwards.map((b) => b.name ?? "")), ["B one", "B two"]);
  assert.ok(outwards.every(isRead));
});

test("edges both ways: inwards edges and reflexive edges of one type", async () => {
  const b2 = (await sdk.connectionItemB.retrieve("b2", { space, retrieveConnections: "full" })) as ConnectionItemB;
  assert.deepEqual(xids(b2.inwards as ConnectionItemA[]), ["a1"]);
  assert.equal((b2.inwards?.[0] as ConnectionItemA).name, "A one");
  assert.deepEqual(b2.selfEdge, []);
  const b1 = (await sdk.connectionItemB.retrieve("b1", {
    space,
    retrieveConnections: "identifier",
  })) as ConnectionItemB;
  assert.deepEqual(b1.selfEdge, [id("b2")]);
});

test("direct relations (single and list) and a single edge, listed with full connections", async () => {
  const ds = await sdk.connectionItemD.list({ space, retrieveConnections: "full", sortBy: "externalId" });
  assert.deepEqual(
    ds.map((d) => d.externalId),
    ["d1", "d2"],
  );
  const d1 = ds[0] as ConnectionItemD;
  const single = d1.directSingle as ConnectionItemE;
  assert.equal(single.name, "E one");
  assert.deepEqual(single.directNoSource, id("anything"), "a relation without a target view stays an id");
  assert.deepEqual(single.directListNoSource, [id("x1"), id("x2")]);
  assert.deepEqual(
    (d1.directMulti as ConnectionItemE[]).map((e) => e.name),
    ["E one", "E two"],
  );
  assert.equal((d1.outwardsSingle as ConnectionItemE).name, "E three");
  const d2 = ds[1] as ConnectionItemD;
  assert.equal(d2.outwardsSingle, null);
  assert.equal(d2.directSingle, undefined);
});

test("reverse direct relations, multi and single", async () => {
  const [e1, e2, e3] = await sdk.connectionItemE.retrieve(["e1", "e2", "e3"], { space, retrieveConnections: "full" });
  assert.deepEqual(xids((e1 as ConnectionItemE).directReverseMulti as ConnectionItemD[]), ["d1", "d2"]);
  assert.ok(((e1 as ConnectionItemE).directReverseMulti ?? []).every(isRead));
  assert.equal(xid((e1 as ConnectionItemE).directReverseSingle), "d1");
  assert.equal(((e1 as ConnectionItemE).directReverseSingle as ConnectionItemD).name, "D one");
  assert.deepEqual(xids((e2 as ConnectionItemE).directReverseMulti), ["d1"]);
  assert.equal((e2 as ConnectionItemE).directReverseSingle, null);
  assert.equal(((e3 as ConnectionItemE).inwardsSingle as ConnectionItemD).name, "D one");
  const ids = (await sdk.connectionItemE.retrieve("e1", {
    space,
    retrieveConnections: "identifier",
  })) as ConnectionItemE;
  assert.deepEqual(ids.directReverseSingle, id("d1"));
});

test("edges with properties: edge objects whose far end is the connected node", async () => {
  const f1 = (await sdk.connectionItemF.retrieve("f1", { space, retrieveConnections: "full" })) as ConnectionItemF;
  const multi = [...(f1.outwardsMulti ?? [])].sort((x, y) => (x.name ?? "").localeCompare(y.name ?? ""));
  assert.deepEqual(
    multi.map((edge) => edge.name),
    ["m1", "m2"],
  );
  const m1 = multi[0] ?? assert.fail("no m1");
  assert.equal(m1.instanceType, "edge");
  assert.equal(m1.startTime?.getTime(), T0);
  assert.equal(m1.endTime?.getTime(), T0 + 1000);
  assert.deepEqual(m1.startNode, id("f1"));
  assert.equal((m1.endNode as ConnectionItemG).name, "G one");
  assert.deepEqual(m1.edgeType, { space: "sp_pygen_models", externalId: "multiProperty" });
  const single = f1.outwardsSingle ?? assert.fail("no outwardsSingle");
  assert.equal(single.name, "s1");
  assert.equal((single.endNode as ConnectionItemE).name, "E one");
  assert.equal((f1.directList?.[0] as ConnectionItemD).name, "D one");

  const g1 = (await sdk.connectionItemG.retrieve("g1", { space, retrieveConnections: "full" })) as ConnectionItemG;
  assert.deepEqual(
    g1.inwardsMultiProperty?.map((edge) => edge.name),
    ["m1"],
  );
  assert.equal((g1.inwardsMultiProperty?.[0]?.startNode as ConnectionItemF).name, "F one");

  const e4 = (await sdk.connectionItemE.retrieve("e4", {
    space,
    retrieveConnections: "identifier",
  })) as ConnectionItemE;
  assert.equal(e4.inwardsSingleProperty?.name, "into e4");
  assert.deepEqual(e4.inwardsSingleProperty?.startNode, id("f2"));
});

test("iterate loads connections page by page", async () => {
  const names: string[] = [];
  for await (const page of sdk.connectionItemE.iterate({ space, chunkSize: 2, retrieveConnections: "full" })) {
    for (const e of page.items) {
      names.push(`${e.externalId}<-${xids(e.directReverseMulti).join("+")}`);
    }
  }
  assert.deepEqual(sorted(names), ["e1<-d1+d2", "e2<-d1", "e3<-", "e4<-"]);
});
