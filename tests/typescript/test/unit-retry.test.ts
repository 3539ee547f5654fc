// Backoff, Retry-After parsing and the classification of network errors (no emulator).
import assert from "node:assert/strict";
import { createServer } from "node:net";
import { test } from "node:test";
import { backoffDelay, classifyNetworkError, parseRetryAfter, retryDelay } from "../omni-mini/dist/_runtime/retry.js";
import { isRetryable } from "../omni-mini/dist/_runtime/http.js";

test("full-jitter backoff stays within [0, min(cap, base * 2^attempt)]", () => {
  assert.equal(
    backoffDelay(0, 500, 30_000, () => 1),
    500,
  );
  assert.equal(
    backoffDelay(3, 500, 30_000, () => 1),
    4000,
  );
  assert.equal(
    backoffDelay(10, 500, 30_000, () => 1),
    30_000,
  );
  assert.equal(
    backoffDelay(200, 500, 30_000, () => 1),
    30_000,
  );
  assert.equal(
    backoffDelay(5, 500, 30_000, () => 0),
    0,
  );
  assert.equal(
    backoffDelay(2, 500, 30_000, () => 0.5),
    1000,
  );
  for (let attempt = 0; attempt < 12; attempt += 1) {
    const delay = backoffDelay(attempt, 100, 5000);
    assert.ok(delay >= 0 && delay <= Math.min(5000, 100 * 2 ** attempt), `attempt ${attempt}: ${delay}`);
  }
});

test("Retry-After: delay-seconds, HTTP dates, and garbage", () => {
  assert.equal(parseRetryAfter("2"), 2000);
  assert.equal(parseRetryAfter(" 0.5 "), 500);
  assert.equal(parseRetryAfter("0"), 0);
  assert.equal(parseRetryAfter("+3"), 3000);
  const now = Date.parse("2024-01-01T00:00:00Z");
  assert.equal(parseRetryAfter("Mon, 01 Jan 2024 00:00:07 GMT", now), 7000);
  assert.equal(parseRetryAfter("Sun, 31 Dec 2023 23:59:00 GMT", now), 0, "a past date means now");
  assert.equal(parseRetryAfter(undefined), undefined);
  assert.equal(parseRetryAfter(null), undefined);
  assert.equal(parseRetryAfter(""), undefined);
  assert.equal(parseRetryAfter("-1"), undefined);
  assert.equal(parseRetryAfter("1e3"), undefined);
  assert.equal(parseRetryAfter("soon"), undefined);
});

test("the server's Retry-After beats jitter, and both stop at the cap", () => {
  assert.equal(
    retryDelay(0, 1500, 500, 30_000, () => 1),
    1500,
  );
  assert.equal(
    retryDelay(0, 90_000, 500, 30_000, () => 1),
    30_000,
  );
  assert.equal(
    retryDelay(4, undefined, 500, 30_000, () => 1),
    8000,
  );
  assert.equal(
    retryDelay(4, undefined, 500, 2000, () => 1),
    2000,
  );
});

test("retryable statuses: 429/502/503/504 and errors CDF flags auto-retryable", () => {
  for (const status of [429, 502, 503, 504]) assert.ok(isRetryable(status, null, ""), String(status));
  for (const status of [200, 400, 401, 404, 409, 500]) assert.ok(!isRetryable(status, null, "{}"), String(status));
  assert.ok(isRetryable(500, "true", ""));
  assert.ok(isRetryable(500, null, '{"error": {"code": 500, "message": "x", "isAutoRetryable": true}}'));
  assert.ok(
    !isRetryable(500, null, '{"error": {"code": 500, "message": "isAutoRetryable", "isAutoRetryable": false}}'),
  );
  assert.ok(!isRetryable(200, "true", ""));
});

function undiciError(code: string, message: string): TypeError {
  return new TypeError("fetch failed", { cause: Object.assign(new Error(message), { code }) });
}

test("network errors: unreachable hosts fail fast, dropped connections and timeouts keep their retries", () => {
  assert.deepEqual(
    [classifyNetworkError(undiciError("ECONNREFUSED", "connect ECONNREFUSED 127.0.0.1:9"), false).connect, true],
    [true, true],
  );
  assert.ok(classifyNetworkError(undiciError("ENOTFOUND", "getaddrinfo ENOTFOUND x.invalid"), false).connect);
  const dropped = classifyNetworkError(undiciError("UND_ERR_SOCKET", "other side closed"), false);
  assert.ok(!dropped.connect && dropped.retryable);
  const reset = classifyNetworkError(undiciError("ECONNRESET", "read ECONNRESET"), false);
  assert.ok(!reset.connect && reset.retryable);
  const timeout = classifyNetworkError(new DOMException("aborted", "AbortError"), true);
  assert.ok(!timeout.connect && timeout.retryable);
  assert.match(timeout.reason, /timed out/);
  const happyEyeballs = new TypeError("fetch failed", {
    cause: Object.assign(
      new AggregateError([Object.assign(new Error("connect ECONNREFUSED ::1:9"), { code: "ECONNREFUSED" })]),
      {},
    ),
  });
  assert.ok(classifyNetworkError(happyEyeballs, false).connect);
  const badPort = classifyNetworkError(new TypeError("fetch failed", { cause: new Error("bad port") }), false);
  assert.ok(!badPort.retryable && !badPort.connect);
});

test("a real refused connection is classified as unreachable", async () => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  const error = await fetch(`http://127.0.0.1:${port}/`).then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.ok(error !== undefined, "the closed port answered");
  const problem = classifyNetworkError(error, false);
  assert.ok(problem.connect, problem.reason);
  assert.match(problem.reason, /ECONNREFUSED/);
});
