// Bounded concurrency (no emulator).
import assert from "node:assert/strict";
import { test } from "node:test";
import { Limiter, mapLimited } from "../omni-mini/dist/_runtime/concurrency.js";

test("a limiter never runs more than its limit at once, and results keep input order", async () => {
  const limiter = new Limiter(3);
  let active = 0;
  let peak = 0;
  const results = await mapLimited([...Array(20).keys()], limiter, async (i) => {
    active += 1;
    peak = Math.max(peak, active);
    await new Promise((resolve) => setTimeout(resolve, 5 + (i % 4) * 3));
    active -= 1;
    return i * 2;
  });
  assert.equal(peak, 3);
  assert.deepEqual(
    results,
    [...Array(20).keys()].map((i) => i * 2),
  );
});

test("a failing task is rethrown only after every other task settled", async () => {
  const finished: number[] = [];
  await assert.rejects(
    mapLimited([1, 2, 3, 4], new Limiter(2), async (i) => {
      await new Promise((resolve) => setTimeout(resolve, i * 5));
      if (i === 1) throw new Error("boom");
      finished.push(i);
      return i;
    }),
    /boom/,
  );
  assert.deepEqual(finished.sort(), [2, 3, 4]);
});
