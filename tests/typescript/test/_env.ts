// Shared helpers of the emulator tests: the client, the control server of test_node.py, the seed oracle.
import { readFileSync } from "node:fs";
import { OmniMiniClient } from "omni-mini";

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run these tests through tests/typescript/test_node.py (pytest)`);
  return value;
}

/** A client configured from the environment test_node.py exports (OAuth client credentials). */
export function client(): OmniMiniClient {
  return OmniMiniClient.fromEnv();
}

/** A client with retries made quick (the emulator's Retry-After is honoured up to backoffCapMs). */
export function quickClient(overrides: Record<string, number | boolean> = {}): OmniMiniClient {
  return OmniMiniClient.fromEnv(undefined, { backoffBaseMs: 10, backoffCapMs: 200, ...overrides });
}

async function call(method: "GET" | "POST", path: string, body?: unknown): Promise<Record<string, unknown>> {
  const init: RequestInit = { method, headers: { "Content-Type": "application/json" } };
  if (body !== undefined) init.body = JSON.stringify(body);
  const response = await fetch(required("PYGEN_CONTROL_URL") + path, init);
  const payload = (await response.json()) as Record<string, unknown>;
  if (!response.ok) throw new Error(`control ${method} ${path}: ${JSON.stringify(payload)}`);
  return payload;
}

export interface FaultRule {
  kind: "429" | "503" | "drop";
  path?: string;
  method?: string;
  count?: number;
  rate?: number;
  retry_after?: number;
  after?: number;
}

/** `emu.faults` of the running emulator. */
export const faults = {
  inject: (rule: FaultRule) => call("POST", "/faults", rule),
  clear: () => call("POST", "/faults/clear"),
  count: async (kind?: string, path?: string): Promise<number> => {
    const query = new URLSearchParams();
    if (kind) query.set("kind", kind);
    if (path) query.set("path", path);
    return (await call("GET", `/faults/count?${query.toString()}`))["count"] as number;
  },
};

/** `emu.auth` of the running emulator. */
export const auth = {
  setTokenTtl: (seconds: number) => call("POST", "/auth", { token_ttl: seconds }),
  revokeAll: () => call("POST", "/auth/revoke"),
  issued: async (): Promise<number> => (await call("GET", "/auth"))["issued"] as number,
  token: async (): Promise<string> => (await call("POST", "/token"))["token"] as string,
};

export const env = {
  url: () => required("CDF_URL"),
  project: () => required("CDF_PROJECT"),
  clientId: () => required("IDP_CLIENT_ID"),
  clientSecret: () => required("IDP_CLIENT_SECRET"),
  tokenUrl: () => required("IDP_TOKEN_URL"),
};

export interface SeedInstance {
  instanceType: string;
  space: string;
  externalId: string;
  properties?: Record<string, Record<string, Record<string, unknown>>>;
}

/**
 * The seeded instances (Omni.instances.json): the independent oracle of the read tests. Integers of 16+
 * digits (the file has int64 values beyond 2^53) are read as their digit strings, not through the runtime.
 */
export function seed(): SeedInstance[] {
  const text = readFileSync(required("PYGEN_SEED_FILE"), "utf8").replace(/(:\s*)(-?\d{16,})(\s*[,}\]])/g, '$1"$2"$3');
  return JSON.parse(text) as SeedInstance[];
}

/** externalId → properties of the seeded nodes with data in `view` (of sp_pygen_models, version 1). */
export function seeded(view: string): Map<string, Record<string, unknown>> {
  const out = new Map<string, Record<string, unknown>>();
  for (const node of seed()) {
    const props = node.properties?.["sp_pygen_models"]?.[`${view}/1`];
    if (props !== undefined) out.set(node.externalId, props);
  }
  return out;
}

/** A new instance space unique to this run and test file, so files never see each other's data. */
export async function makeSpace(sdk: OmniMiniClient, tag: string): Promise<string> {
  const space = `sp_ts_${tag}_${Date.now().toString(36)}`;
  await sdk.http.post("/models/spaces", { items: [{ space }] });
  return space;
}

export function sorted(values: Iterable<string>): string[] {
  return [...values].sort();
}
