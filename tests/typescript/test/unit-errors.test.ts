// CDFError from error bodies, and secrets kept out of messages (no emulator).
import assert from "node:assert/strict";
import { test } from "node:test";
import { oneLine, parseApiError, redact } from "../omni-mini/dist/_runtime/errors.js";

test("CDF's error body: code, message, missing, duplicated and extra keys", () => {
  const body = JSON.stringify({
    error: {
      code: 400,
      message: "Bad\nthings",
      missing: [
        { space: "s", externalId: "a" },
        { space: "s", externalId: "b" },
      ],
      isAutoRetryable: false,
    },
  });
  const error = parseApiError(400, body, "rid", [], "POST /x");
  assert.equal(error.kind, "api");
  assert.equal(error.code, 400);
  assert.equal(error.requestId, "rid");
  assert.equal(error.missing.length, 2);
  assert.deepEqual(error.extra, { isAutoRetryable: false });
  assert.equal(
    error.message,
    'POST /x: CDF API error 400 (request id rid): Bad things; missing 2: {"space":"s","externalId":"a"}, {"space":"s","externalId":"b"}',
  );
});

test("non-JSON and empty bodies become the message", () => {
  assert.match(
    parseApiError(502, "<html>Bad gateway</html>", undefined, []).message,
    /^CDF API error 502: <html>Bad gateway<\/html>$/,
  );
  assert.match(parseApiError(500, "", undefined, []).message, /HTTP 500 with an empty body/);
  assert.equal(parseApiError(400, '{"error": {"code": "x", "message": 5}}', undefined, []).code, undefined);
});

test("secrets (8+ characters) are replaced wherever they appear", () => {
  const secret = "super-secret-token-value";
  const error = parseApiError(
    400,
    JSON.stringify({ error: { code: 400, message: `token ${secret} is odd` } }),
    undefined,
    [secret, "short"],
  );
  assert.ok(!error.message.includes(secret));
  assert.match(error.message, /token \*\*\* is odd/);
  assert.equal(redact("a short word", ["short"]), "a short word");
  assert.equal(redact("xx abcdefghij yy abcdefghijkl", ["abcdefghij", "abcdefghijkl"]), "xx *** yy ***");
  assert.equal(oneLine("a\n  b\tc"), "a b c");
  assert.equal(oneLine("x".repeat(600)).length, 500);
});
