// ClientConfig validation and fromEnv, credentials, and secrets kept out of every message (no emulator).
import assert from "node:assert/strict";
import { test } from "node:test";
import { CDFError, ClientConfig, OAuthClientCredentials, OmniMiniClient, Token } from "omni-mini";

const SECRET = "s3cr3t-client-secret-value";
const isConfig = (pattern: RegExp) => (e: unknown) =>
  e instanceof CDFError && e.kind === "config" && pattern.test(e.message);

test("fromEnv with client credentials and an Entra tenant", () => {
  const config = ClientConfig.fromEnv({
    CDF_CLUSTER: "westeurope-1",
    CDF_PROJECT: "acme",
    IDP_CLIENT_ID: "cid",
    IDP_CLIENT_SECRET: SECRET,
    IDP_TENANT_ID: "tenant-1",
  });
  assert.equal(config.baseUrl, "https://westeurope-1.cognitedata.com");
  assert.equal(config.apiUrl, "https://westeurope-1.cognitedata.com/api/v1/projects/acme");
  assert.ok(config.credentials instanceof OAuthClientCredentials);
  const credentials = config.credentials as OAuthClientCredentials;
  assert.equal(credentials.tokenUrl, "https://login.microsoftonline.com/tenant-1/oauth2/v2.0/token");
  assert.deepEqual(credentials.scopes, ["https://westeurope-1.cognitedata.com/.default"]);
  assert.ok(!JSON.stringify(config).includes(SECRET));
  assert.ok(!JSON.stringify(credentials).includes(SECRET));
});

test("fromEnv: CDF_URL, IDP_TOKEN_URL, IDP_SCOPES (comma or space separated), overrides", () => {
  const config = ClientConfig.fromEnv(
    {
      CDF_URL: "http://127.0.0.1:8080/",
      CDF_PROJECT: "p",
      IDP_CLIENT_ID: "cid",
      IDP_CLIENT_SECRET: SECRET,
      IDP_TOKEN_URL: "http://127.0.0.1:8080/oauth2/token",
      IDP_SCOPES: "a/.default, b/.default c",
    },
    { maxRetries: 3, timeoutMs: 500 },
  );
  assert.equal(config.baseUrl, "http://127.0.0.1:8080");
  assert.deepEqual((config.credentials as OAuthClientCredentials).scopes, ["a/.default", "b/.default", "c"]);
  assert.equal(config.maxRetries, 3);
  assert.equal(config.timeoutMs, 500);
});

test("fromEnv: CDF_TOKEN wins over client credentials; the client's fromEnv binds the subclass", () => {
  const env = { CDF_CLUSTER: "api", CDF_PROJECT: "p", CDF_TOKEN: "tok-1234567890", IDP_CLIENT_ID: "x" };
  assert.ok(ClientConfig.fromEnv(env).credentials instanceof Token);
  const sdk = OmniMiniClient.fromEnv(env);
  assert.ok(sdk instanceof OmniMiniClient);
  assert.equal(sdk.defaultSpace, "sp_omni_instances");
  assert.ok(!JSON.stringify(sdk).includes("tok-1234567890"));
});

test("fromEnv names every missing variable on one line", () => {
  assert.throws(
    () => ClientConfig.fromEnv({}),
    isConfig(
      /^missing environment variable\(s\): CDF_PROJECT, CDF_CLUSTER \(or CDF_URL\), IDP_CLIENT_ID, IDP_CLIENT_SECRET, IDP_TOKEN_URL \(or IDP_TENANT_ID\) \(set CDF_TOKEN/,
    ),
  );
  assert.throws(() => ClientConfig.fromEnv({ CDF_CLUSTER: "x", CDF_TOKEN: "t" }), isConfig(/CDF_PROJECT$/));
  assert.throws(
    () => ClientConfig.fromEnv({ CDF_URL: "ftp://x", CDF_PROJECT: "p", CDF_TOKEN: "t" }),
    isConfig(/CDF_URL must be an http/),
  );
  assert.throws(
    () => ClientConfig.fromEnv({ CDF_URL: "https://x/api/v1/projects/p", CDF_PROJECT: "p", CDF_TOKEN: "t" }),
    isConfig(/server only/),
  );
  assert.throws(
    () => ClientConfig.fromEnv({ CDF_CLUSTER: "bad cluster!", CDF_PROJECT: "p", CDF_TOKEN: "t" }),
    isConfig(/CDF_CLUSTER/),
  );
});

test("ClientConfig rejects bad options with the option's name", () => {
  const credentials = new Token("abcdefgh-token");
  assert.throws(() => new ClientConfig({ project: "p", credentials }), isConfig(/give baseUrl or cluster/));
  assert.throws(() => new ClientConfig({ cluster: "c", project: "a/b", credentials }), isConfig(/project/));
  assert.throws(
    () => new ClientConfig({ cluster: "c", project: "p", credentials, maxRetries: -1 }),
    isConfig(/maxRetries/),
  );
  assert.throws(
    () => new ClientConfig({ cluster: "c", project: "p", credentials, timeoutMs: 0 }),
    isConfig(/timeoutMs/),
  );
  assert.throws(
    () => new ClientConfig({ cluster: "c", project: "p", credentials, maxWriteConcurrency: 0 }),
    isConfig(/maxWriteConcurrency/),
  );
  assert.throws(
    () => new ClientConfig({ cluster: "c", project: "p", credentials: {} as never }),
    isConfig(/credentials/),
  );
  assert.throws(() => new Token("  "), isConfig(/token/));
  assert.throws(
    () => new OAuthClientCredentials({ tokenUrl: "x", clientId: "c", clientSecret: SECRET, scopes: ["s"] }),
    isConfig(/tokenUrl/),
  );
  assert.throws(
    () => new OAuthClientCredentials({ tokenUrl: "https://x", clientId: "c", clientSecret: SECRET, scopes: [] }),
    isConfig(/scopes/),
  );
  const config = new ClientConfig({ cluster: "c", project: "p", credentials });
  assert.equal(config.maxRetries, 10);
  assert.equal(config.maxDeleteConcurrency, 1);
  assert.ok(Object.isFrozen(config));
});
