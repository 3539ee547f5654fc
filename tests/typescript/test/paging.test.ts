// Paging: list limits, iterate pages, resuming from a cursor, stopping early.
import assert from "node:assert/strict";
import { before, test } from "node:test";
import { CDFError, DEFAULT_LIMIT } from "omni-mini";
import { client, faults, makeSpace } from "./_env.js";

const sdk = client();
let space = "";
const COUNT = 57;

before(async () => {
  space = await makeSpace(sdk, "paging");
  await sdk.primitiveNullable.upsert(
    [...Array(COUNT).keys()].map((i) => ({ space, externalId: `pg:${String(i).padStart(3, "0")}`, int32: i })),
  );
});

test("list returns 25 by default, `limit` items, or all with null / -1", async () => {
  assert.equal(DEFAULT_LIMIT, 25);
  assert.equal((await sdk.primitiveNullable.list({ space })).length, 25);
  assert.equal((await sdk.primitiveNullable.list({ space, limit: 3 })).length, 3);
  assert.equal((await sdk.primitiveNullable.list({ space, limit: 0 })).length, 0);
  assert.equal((await sdk.primitiveNullable.list({ space, limit: null })).length, COUNT);
  assert.equal((await sdk.primitiveNullable.list({ space, limit: -1 })).length, COUNT);
});

test("iterate yields pages of chunkSize with a cursor; the last page has none", async () => {
  const sizes: number[] = [];
  const seen = new Set<string>();
  let last: string | null = "unset";
  for await (const page of sdk.primitiveNullable.iterate({ space, chunkSize: 10 })) {
    sizes.push(page.items.length);
    for (const item of page.items) seen.add(item.externalId);
    last = page.cursor;
  }
  assert.deepEqual(sizes, [10, 10, 10, 10, 10, 7]);
  assert.equal(seen.size, COUNT);
  assert.equal(last, null);
});

test("a page's cursor resumes the iteration later, in a new iterate call, with nothing lost or repeated", async () => {
  const first: string[] = [];
  let cursor: string | null = null;
  for await (const page of sdk.primitiveNullable.iterate({ space, chunkSize: 8 })) {
    first.push(...page.items.map((i) => i.externalId));
    cursor = page.cursor;
    if (first.length >= 16) break;
  }
  assert.ok(cursor !== null);
  const rest: string[] = [];
  for await (const page of sdk.primitiveNullable.iterate({ space, chunkSize: 8, cursor }))
    rest.push(...page.items.map((i) => i.externalId));
  assert.equal(first.length, 16);
  assert.equal(first.length + rest.length, COUNT);
  assert.equal(new Set([...first, ...rest]).size, COUNT);
});

test("iterate with a limit stops there, trimming the last page", async () => {
  const sizes: number[] = [];
  for await (const page of sdk.primitiveNullable.iterate({ space, chunkSize: 10, limit: 23 }))
    sizes.push(page.items.length);
  assert.deepEqual(sizes, [10, 10, 3]);
});

test("breaking out of iterate cancels the page fetched ahead without an unhandled rejection", async () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown): void => {
    unhandled.push(reason);
  };
  process.on("unhandledRejection", onUnhandled);
  try {
    for (let round = 0; round < 5; round += 1) {
      for await (const page of sdk.primitiveNullable.iterate({ space, chunkSize: 5 })) {
        assert.equal(page.items.length, 5);
        break;
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.deepEqual(unhandled, []);
  } finally {
    process.off("unhandledRejection", onUnhandled);
  }
});

test("a failing page ahead surfaces only when the caller asks for it", async () => {
  const quick = client();
  // The second page request fails with 503 until retries run out; the first page is still delivered.
  await faults.clear();
  await faults.inject({ kind: "503", path: "/models/instances/list", after: 1, count: 50, retry_after: 0 });
  try {
    const limited = (await import("omni-mini")).OmniMiniClient.fromEnv(undefined, { maxRetries: 1, backoffCapMs: 10 });
    const pages = limited.primitiveNullable.iterate({ space, chunkSize: 10 });
    const first = await pages.next();
    assert.equal(first.done, false);
    assert.equal(first.value?.items.length, 10);
    await assert.rejects(pages.next(), (e: unknown) => e instanceof Error && /503/.test(e.message));
  } finally {
    await faults.clear();
  }
  assert.equal((await quick.primitiveNullable.list({ space, limit: null })).length, COUNT);
});

test("a long iteration with a signal leaves no listeners behind; aborting stops it", async () => {
  const warnings: string[] = [];
  const onWarning = (warning: Error): void => {
    warnings.push(warning.name);
  };
  process.on("warning", onWarning);
  try {
    const controller = new AbortController();
    let pages = 0;
    for await (const page of sdk.primitiveNullable.iterate({ space, chunkSize: 2, signal: controller.signal }))
      pages += page.items.length ? 1 : 0;
    assert.equal(pages, Math.ceil(COUNT / 2));
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.deepEqual(warnings, []);
    const stopping = new AbortController();
    const seen: number[] = [];
    await assert.rejects(
      (async () => {
        for await (const page of sdk.primitiveNullable.iterate({ space, chunkSize: 5, signal: stopping.signal })) {
          seen.push(page.items.length);
          stopping.abort();
        }
      })(),
      (e: unknown) => e instanceof CDFError && e.kind === "aborted",
    );
    assert.deepEqual(seen, [5]);
  } finally {
    process.off("warning", onWarning);
  }
});
