// OAuth client credentials against the emulator's token endpoint: refresh before expiry, refresh once on
// 401, one token request for concurrent calls, static tokens, and no secret in any message.
import assert from "node:assert/strict";
import { afterEach, test } from "node:test";
import { CDFError, OAuthClientCredentials, OmniMiniClient, Token } from "omni-mini";
import { auth, env } from "./_env.js";

afterEach(async () => {
  await auth.setTokenTtl(3600);
});

function credentials(overrides: { leewaySeconds?: number; clientSecret?: string } = {}): OAuthClientCredentials {
  return new OAuthClientCredentials({
    tokenUrl: env.tokenUrl(),
    clientId: env.clientId(),
    clientSecret: overrides.clientSecret ?? env.clientSecret(),
    scopes: [`${env.url()}/.default`],
    ...(overrides.leewaySeconds !== undefined ? { leewaySeconds: overrides.leewaySeconds } : {}),
  });
}

const sdkWith = (creds: OAuthClientCredentials | Token) =>
  new OmniMiniClient({
    baseUrl: env.url(),
    project: env.project(),
    credentials: creds,
    backoffBaseMs: 10,
    backoffCapMs: 100,
  });

test("the token is refreshed before it expires (leeway), without a 401", async () => {
  await auth.setTokenTtl(3);
  const creds = credentials({ leewaySeconds: 2 });
  const sdk = sdkWith(creds);
  await sdk.primitiveNullable.list({ limit: 1 });
  await sdk.primitiveNullable.list({ limit: 1 });
  assert.equal(creds.fetchCount, 1, "a fresh token is reused");
  await new Promise((resolve) => setTimeout(resolve, 1200));
  await sdk.primitiveNullable.list({ limit: 1 });
  assert.equal(creds.fetchCount, 2, "refreshed inside the leeway");
  assert.equal(sdk.http.stats.tokenRefreshes, 0, "no request was rejected");
});

test("a 401 makes the client fetch a new token and retry once", async () => {
  const creds = credentials();
  const sdk = sdkWith(creds);
  await sdk.primitiveNullable.list({ limit: 1 });
  await auth.revokeAll();
  assert.equal((await sdk.primitiveNullable.list({ limit: 2 })).length, 2);
  assert.equal(sdk.http.stats.tokenRefreshes, 1);
  assert.equal(creds.fetchCount, 2);
});

test("concurrent first calls share one token request", async () => {
  const creds = credentials();
  const sdk = sdkWith(creds);
  const before = await auth.issued();
  const counts = await Promise.all([...Array(6).keys()].map(() => sdk.primitiveNullable.aggregate("count")));
  assert.ok(counts.every((c) => typeof c.value === "number" && c.value > 0));
  assert.equal(creds.fetchCount, 1);
  assert.equal((await auth.issued()) - before, 1);
});

test("a token that stays rejected is an auth error without the token in it", async () => {
  await auth.setTokenTtl(0);
  const token = await auth.token();
  const sdk = sdkWith(new Token(token));
  const error = await sdk.primitiveNullable.list().catch((e: unknown) => e);
  assert.ok(error instanceof CDFError && error.kind === "auth" && error.status === 401, String(error));
  assert.match(error.message, /CDF rejected the credentials \(401\)/);
  assert.ok(!error.message.includes(token));
  assert.ok(!JSON.stringify(error).includes(token));
});

test("a wrong client secret is an auth error that never shows the secret", async () => {
  const wrong = "definitely-not-the-secret-1234";
  const sdk = sdkWith(credentials({ clientSecret: wrong }));
  const error = await sdk.primitiveNullable.list().catch((e: unknown) => e);
  assert.ok(error instanceof CDFError && error.kind === "auth", String(error));
  assert.match(error.message, /token request to .* failed with HTTP 401/);
  assert.ok(!error.message.includes(wrong) && !error.message.includes(env.clientSecret()));
});

test("CDF_TOKEN: a static token from the environment", async () => {
  const token = await auth.token();
  const sdk = OmniMiniClient.fromEnv({ CDF_URL: env.url(), CDF_PROJECT: env.project(), CDF_TOKEN: token });
  assert.ok(sdk.config.credentials instanceof Token);
  assert.ok((await sdk.primitiveNullable.list({ limit: 1 })).length === 1);
});
