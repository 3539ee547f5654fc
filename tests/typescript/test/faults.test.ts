// Retries under injected faults (429 with Retry-After, 503, dropped connections), fast failure for
// unreachable hosts, timeouts, cancellation, gzip bodies and odd responses.
import assert from "node:assert/strict";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { after, afterEach, test } from "node:test";
import { gunzipSync } from "node:zlib";
import { CDFError, OmniMiniClient, Token } from "omni-mini";
import { faults, quickClient } from "./_env.js";

afterEach(async () => {
  await faults.clear();
});

const LIST = "/models/instances/list";
const isKind = (kind: string, pattern: RegExp) => (e: unknown) =>
  e instanceof CDFError && e.kind === kind && pattern.test(e.message);

test("429 with Retry-After: the wait is the server's, then the call succeeds", async () => {
  const sdk = quickClient({ backoffCapMs: 5000 });
  await sdk.primitiveNullable.list({ limit: 1 }); // token fetched outside the measurement
  await faults.inject({ kind: "429", path: LIST, count: 2, retry_after: 0.3 });
  const started = performance.now();
  const items = await sdk.primitiveNullable.list({
    limit: null,
    space: "sp_omni_instances",
    externalIdPrefix: "PrimitiveNullable:",
  });
  const elapsed = performance.now() - started;
  assert.equal(items.length, 5);
  assert.equal(await faults.count("429", LIST), 2);
  assert.equal(sdk.http.stats.retries, 2);
  assert.ok(elapsed >= 550, `Retry-After 0.3 s twice, waited only ${elapsed.toFixed(0)} ms`);
  assert.ok(Math.abs(sdk.http.stats.backoffMs - 600) < 1, String(sdk.http.stats.backoffMs));
});

test("503 and dropped connections are retried; the write lands once", async () => {
  const sdk = quickClient();
  await faults.inject({ kind: "503", path: "/models/instances", count: 2, retry_after: 0 });
  await faults.inject({ kind: "drop", path: "/models/instances", count: 2 });
  const xid = `faults:${Date.now()}`;
  const result = await sdk.primitiveNullable.upsert({ externalId: xid, text: "survived" });
  assert.equal(result.items.length, 1);
  assert.equal(await faults.count("503", "/models/instances"), 2);
  assert.equal(await faults.count("drop", "/models/instances"), 2);
  assert.equal(sdk.http.stats.retries, 4);
  const read = await sdk.primitiveNullable.retrieve(xid);
  assert.equal(read?.text, "survived");
  await faults.inject({ kind: "drop", path: "/models/instances/byids", count: 1 });
  assert.equal((await sdk.primitiveNullable.retrieve(xid))?.version, 1);
  await sdk.primitiveNullable.delete(xid);
});

test("when retries run out: the last API error (with request id), or a connection error", async () => {
  const sdk = quickClient({ maxRetries: 2 });
  await sdk.primitiveNullable.list({ limit: 1 });
  await faults.inject({ kind: "503", path: LIST, count: 10, retry_after: 0 });
  const error = await sdk.primitiveNullable.list().then(
    () => assert.fail("no error"),
    (e: unknown) => e,
  );
  assert.ok(error instanceof CDFError && error.kind === "api", String(error));
  assert.equal(error.status, 503);
  assert.match(error.requestId ?? "", /^\w+/);
  assert.match(error.message, new RegExp(`^POST ${LIST}: CDF API error 503 \\(request id ${error.requestId}\\)`));
  assert.ok(!error.message.includes("\n"));
  assert.equal(await faults.count("503", LIST), 3);
  await faults.clear();
  await faults.inject({ kind: "drop", path: LIST, count: 10 });
  await assert.rejects(sdk.primitiveNullable.list(), isKind("connection", /failed after 3 attempt\(s\)/));
});

test("an unreachable host fails within seconds, after a couple of quick retries", async () => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  const sdk = new OmniMiniClient({
    baseUrl: `http://127.0.0.1:${port}`,
    project: "p",
    credentials: new Token("a-static-token-value"),
  });
  const started = performance.now();
  await assert.rejects(sdk.primitiveNullable.list(), isKind("connection", /ECONNREFUSED/));
  const elapsed = performance.now() - started;
  assert.equal(sdk.http.stats.requests, 3, "one attempt and two quick retries, not the full budget of 10");
  assert.ok(elapsed < 3000, `took ${elapsed.toFixed(0)} ms`);

  const unknown = new OmniMiniClient({
    baseUrl: "http://pygen-no-such-host.invalid",
    project: "p",
    credentials: new Token("a-static-token-value"),
  });
  const begun = performance.now();
  await assert.rejects(unknown.primitiveNullable.list(), isKind("connection", /ENOTFOUND|EAI_AGAIN|getaddrinfo/));
  assert.ok(performance.now() - begun < 10_000);
  assert.ok(unknown.http.stats.requests <= 3);
});

interface Seen {
  headers: IncomingMessage["headers"];
  body: Buffer;
}

/** A local HTTP server answering with `respond`, recording what it receives. */
async function localServer(
  respond: (req: IncomingMessage, res: ServerResponse, seen: Seen[]) => void,
): Promise<{ url: string; seen: Seen[]; server: Server }> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      seen.push({ headers: req.headers, body: Buffer.concat(chunks) });
      respond(req, res, seen);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  after(() => {
    server.closeAllConnections();
    server.close();
  });
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, seen, server };
}

const TOKEN = "local-static-token-0123456789";

test("a server that never answers: each attempt times out, then a connection error", async () => {
  const { url, seen } = await localServer(() => undefined);
  const sdk = new OmniMiniClient({
    baseUrl: url,
    project: "p",
    credentials: new Token(TOKEN),
    timeoutMs: 150,
    maxRetries: 2,
    backoffCapMs: 10,
  });
  const started = performance.now();
  await assert.rejects(sdk.primitiveNullable.list(), isKind("connection", /timed out/));
  const elapsed = performance.now() - started;
  assert.equal(seen.length, 3);
  assert.ok(elapsed >= 400 && elapsed < 5000, `took ${elapsed.toFixed(0)} ms`);
});

test("request bodies of 1 KiB or more are gzipped (optional), with the CDF headers", async () => {
  const reply = JSON.stringify({ items: [] });
  const { url, seen } = await localServer((_req, res) =>
    res.writeHead(200, { "Content-Type": "application/json" }).end(reply),
  );
  const sdk = new OmniMiniClient({ baseUrl: url, project: "p", credentials: new Token(TOKEN), clientName: "my-app" });
  const items = [...Array(40).keys()].map((i) => ({ externalId: `gz-${i}`, text: "x".repeat(40) }));
  await sdk.primitiveNullable.upsert(items);
  const zipped = seen[0] ?? assert.fail("nothing sent");
  assert.equal(zipped.headers["content-encoding"], "gzip");
  const body = JSON.parse(gunzipSync(zipped.body).toString("utf8")) as {
    items: unknown[];
    autoCreateEndNodes: boolean;
  };
  assert.equal(body.items.length, 40);
  assert.equal(body.autoCreateEndNodes, true);
  assert.equal(zipped.headers["authorization"], `Bearer ${TOKEN}`);
  assert.equal(zipped.headers["cdf-version"], "20230101");
  assert.equal(zipped.headers["x-cdp-app"], "my-app");
  assert.match(String(zipped.headers["x-cdp-sdk"]), /^hatch-pygen-ts:/);
  await sdk.primitiveNullable.upsert({ externalId: "small" });
  assert.equal(seen[1]?.headers["content-encoding"], undefined, "small bodies go plain");
  const plain = new OmniMiniClient({ baseUrl: url, project: "p", credentials: new Token(TOKEN), gzip: false });
  await plain.primitiveNullable.upsert(items);
  assert.equal(seen[2]?.headers["content-encoding"], undefined);
  assert.equal((JSON.parse(seen[2]?.body.toString("utf8") ?? "") as { items: unknown[] }).items.length, 40);
});

test("odd responses: a non-JSON 200, a redirect, an HTML error page", async () => {
  const { url } = await localServer((req, res) => {
    if (req.url?.endsWith("/list")) res.writeHead(200, { "Content-Type": "text/html" }).end("<html>proxy login</html>");
    else if (req.url?.endsWith("/search")) res.writeHead(302, { Location: "https://elsewhere.example/" }).end();
    else res.writeHead(500, { "Content-Type": "text/html", "x-request-id": "rid-1" }).end("<h1>Internal\nError</h1>");
  });
  const sdk = new OmniMiniClient({ baseUrl: url, project: "p", credentials: new Token(TOKEN) });
  await assert.rejects(
    sdk.primitiveNullable.list(),
    isKind("response", /expected a JSON object in the response, got "<html>proxy login<\/html>"/),
  );
  await assert.rejects(
    sdk.primitiveNullable.search("x"),
    isKind("api", /unexpected redirect to https:\/\/elsewhere.example\/ \(check the base URL\)/),
  );
  const error = await sdk.primitiveNullable.aggregate("count").catch((e: unknown) => e);
  assert.ok(
    error instanceof CDFError && error.kind === "api" && error.status === 500 && error.requestId === "rid-1",
    String(error),
  );
  assert.match(error.message, /CDF API error 500 \(request id rid-1\): <h1>Internal Error<\/h1>/);
});

test("an AbortSignal cancels a call while it waits to retry", async () => {
  const sdk = quickClient({ backoffCapMs: 30_000 });
  await sdk.primitiveNullable.list({ limit: 1 });
  await faults.inject({ kind: "429", path: LIST, count: 5, retry_after: 20 });
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 200);
  const started = performance.now();
  await assert.rejects(
    sdk.primitiveNullable.list({ signal: controller.signal }),
    isKind("aborted", /aborted by the caller/),
  );
  assert.ok(performance.now() - started < 5000);
});

test("the token endpoint's 503 is retried too", async () => {
  await faults.inject({ kind: "503", path: "/oauth2/token", count: 1, retry_after: 0 });
  const sdk = quickClient();
  assert.equal((await sdk.primitiveNullable.list({ limit: 2 })).length, 2);
  assert.equal(await faults.count("503", "/oauth2/token"), 1);
});

test("bulk calls run their chunks concurrently, never more than the configured limit at once", async () => {
  let active = 0;
  let peak = 0;
  const { url, seen } = await localServer((req, res) => {
    active += 1;
    peak = Math.max(peak, active);
    setTimeout(() => {
      active -= 1;
      res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify({ items: [] }));
    }, 40);
  });
  const sdk = new OmniMiniClient({
    baseUrl: url,
    project: "p",
    credentials: new Token(TOKEN),
    maxWriteConcurrency: 3,
    maxDeleteConcurrency: 2,
  });
  await sdk.primitiveNullable.upsert([...Array(5500).keys()].map((i) => ({ externalId: `c${i}` })));
  assert.equal(seen.length, 6, "5500 items go in chunks of at most 1000");
  assert.equal(peak, 3);
  peak = 0;
  await sdk.primitiveNullable.delete([...Array(4200).keys()].map((i) => `c${i}`));
  assert.equal(seen.length, 11);
  assert.equal(peak, 2);
});
