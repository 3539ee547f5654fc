// Compile-time checks of the generated types: every `@ts-expect-error` below must be an error, or the build
// (tsc --strict) fails. The functions are type-checked only, never called.
import assert from "node:assert/strict";
import { test } from "node:test";
import type {
  CDFError,
  ConnectionItemE,
  ConnectionItemF,
  ConnectionItemG,
  NodeId,
  OmniMiniClient,
  Page,
  PrimitiveNullable,
  PrimitiveRequiredWrite,
} from "omni-mini";

export async function typedReads(sdk: OmniMiniClient): Promise<void> {
  const items: PrimitiveNullable[] = await sdk.primitiveNullable.list({
    minInt64: 2n ** 60n,
    textPrefix: "a",
    sortBy: "int64",
  });
  const first = items[0];
  const int64: bigint | null | undefined = first?.int64;
  const timestamp: Date | null | undefined = first?.timestamp;
  const date: string | null | undefined = first?.date;
  const json: unknown = first?.json;
  const one: PrimitiveNullable | undefined = await sdk.primitiveNullable.retrieve("x");
  const many: PrimitiveNullable[] = await sdk.primitiveNullable.retrieve(["x", { space: "s", externalId: "y" }]);
  for await (const page of sdk.primitiveNullable.iterate({ chunkSize: 10, cursor: null })) {
    const typed: Page<PrimitiveNullable> = page;
    void typed;
  }
  const f = (await sdk.connectionItemF.retrieve("f", { retrieveConnections: "full" })) as ConnectionItemF;
  const far: NodeId | ConnectionItemG | undefined = f.outwardsMulti?.[0]?.endNode;
  const e: ConnectionItemE | NodeId | null | undefined = f.outwardsSingle?.endNode;
  void [int64, timestamp, date, json, one, many, far, e];
}

export async function misuse(sdk: OmniMiniClient): Promise<void> {
  // @ts-expect-error: an unknown filter keyword
  await sdk.primitiveNullable.list({ txet: "x" });
  // @ts-expect-error: int64 bounds are bigint or number
  await sdk.primitiveNullable.list({ minInt64: "5" });
  // @ts-expect-error: sortBy takes the view's members only
  await sdk.primitiveNullable.list({ sortBy: "nope" });
  // @ts-expect-error: search matches text members only
  await sdk.primitiveNullable.search("x", { properties: "int32" });
  // @ts-expect-error: a read-only view has no write type
  await sdk.connectionItemC.upsert([{ externalId: "c" }]);
  // @ts-expect-error: required properties are required on write
  await sdk.primitiveRequired.upsert({ externalId: "r" });
  const write: PrimitiveRequiredWrite = {
    externalId: "r",
    boolean: true,
    date: "2024-01-01",
    float32: 1,
    float64: 1,
    int32: 1,
    int64: 1n,
    json: {},
    text: "t",
    timestamp: new Date(),
  };
  // @ts-expect-error: a timestamp is a Date or an ISO string
  write.timestamp = 5;
  // @ts-expect-error: edge filter keywords exist on edge views only
  await sdk.connectionItemD.list({ startNode: "x" });
  // @ts-expect-error: reverse relations cannot be written
  await sdk.connectionItemE.upsert({ externalId: "e", directReverseMulti: [] });
  const error = null as unknown as CDFError;
  // @ts-expect-error: kinds are a closed set
  if (error.kind === "timeout") return;
}

test("the type checks above compiled (this file exists only for them)", () => {
  assert.equal(typeof typedReads, "function");
  assert.equal(typeof misuse, "function");
});
