/** Client configuration: where CDF is, who we are, how hard to retry, how much to run at once. */

import { type Credentials, OAuthClientCredentials, Token } from "./credentials.js";
import { CDFError } from "./errors.js";

/** Options of {@link ClientConfig}; give `baseUrl` or `cluster`. */
export interface ClientOptions {
  /** `https://westeurope-1.cognitedata.com` (the server only, no `/api/v1/...`). */
  baseUrl?: string;
  /** `westeurope-1` → `https://westeurope-1.cognitedata.com`. */
  cluster?: string;
  project: string;
  credentials: Credentials;
  /** Sent as `x-cdp-app` (default `"pygen"`). */
  clientName?: string;
  /** Sent in `x-cdp-sdk: hatch-pygen-ts:<sdkVersion>` (default `"unknown"`). */
  sdkVersion?: string;
  /** Per attempt, response body included (default 30 000). */
  timeoutMs?: number;
  /** Retries after 429/502/503/504, timeouts and dropped connections (default 10; 0 disables retries). */
  maxRetries?: number;
  /** Retries when the host cannot be reached at all (refused, unknown host; default 2, quick). */
  maxConnectRetries?: number;
  /** Backoff before retry n (0-based) is uniform in [0, min(backoffCapMs, backoffBaseMs * 2^n)]. */
  backoffBaseMs?: number;
  backoffCapMs?: number;
  /** Concurrent requests of one bulk call, per kind (defaults 2, 2, 1). */
  maxReadConcurrency?: number;
  maxWriteConcurrency?: number;
  maxDeleteConcurrency?: number;
  /** gzip request bodies of 1 KiB or more (default true; needs `CompressionStream`, else sent plain). */
  gzip?: boolean;
}

/** Environment variables, e.g. `process.env`. */
export type Env = Readonly<Record<string, string | undefined>>;

const CLUSTER_RE = /^[A-Za-z0-9][A-Za-z0-9.-]*$/;
const ENTRA_TOKEN_URL = "https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token";

function parseHttpUrl(url: string): URL | undefined {
  try {
    const parsed = new URL(url);
    return (parsed.protocol === "http:" || parsed.protocol === "https:") && parsed.host ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function urlProblem(url: string): string | undefined {
  const parsed = parseHttpUrl(url);
  if (parsed === undefined)
    return `must be an http(s) URL like https://api.cognitedata.com (got ${JSON.stringify(url)})`;
  if (parsed.search || parsed.hash) return `must not have a query or fragment (got ${JSON.stringify(url)})`;
  if (parsed.pathname.includes("/api/v1"))
    return `must be the server only, without /api/v1/... (got ${JSON.stringify(url)})`;
  return undefined;
}

function checkNumber(name: string, value: number, minimum: number, exclusive = false): number {
  const ok = typeof value === "number" && !Number.isNaN(value) && (exclusive ? value > minimum : value >= minimum);
  if (!ok)
    throw new CDFError(
      "config",
      `ClientConfig: ${name} must be a number ${exclusive ? ">" : ">="} ${minimum} (got ${String(value)})`,
    );
  return value;
}

function checkInt(name: string, value: number, minimum: number): number {
  if (!Number.isInteger(value) || value < minimum) {
    throw new CDFError("config", `ClientConfig: ${name} must be an integer >= ${minimum} (got ${String(value)})`);
  }
  return value;
}

function processEnv(): Env {
  const proc = (globalThis as { process?: { env?: Env } }).process;
  return proc?.env ?? {};
}

/** Validated, immutable settings of a client. */
export class ClientConfig {
  readonly baseUrl: string;
  readonly project: string;
  readonly credentials: Credentials;
  readonly clientName: string;
  readonly sdkVersion: string;
  readonly timeoutMs: number;
  readonly maxRetries: number;
  readonly maxConnectRetries: number;
  readonly backoffBaseMs: number;
  readonly backoffCapMs: number;
  readonly maxReadConcurrency: number;
  readonly maxWriteConcurrency: number;
  readonly maxDeleteConcurrency: number;
  readonly gzip: boolean;

  constructor(options: ClientOptions) {
    let baseUrl = options.baseUrl;
    const cluster = options.cluster;
    if (baseUrl === undefined) {
      if (cluster === undefined) throw new CDFError("config", "ClientConfig: give baseUrl or cluster");
      if (!CLUSTER_RE.test(cluster)) {
        throw new CDFError(
          "config",
          `ClientConfig: cluster must look like 'westeurope-1' (got ${JSON.stringify(cluster)})`,
        );
      }
      baseUrl = `https://${cluster}.cognitedata.com`;
    } else if (cluster !== undefined && baseUrl.replace(/\/+$/, "") !== `https://${cluster}.cognitedata.com`) {
      throw new CDFError("config", "ClientConfig: give baseUrl or cluster, not both");
    }
    const problem = urlProblem(baseUrl);
    if (problem) throw new CDFError("config", `ClientConfig: baseUrl ${problem}`);
    const project: unknown = options.project;
    if (typeof project !== "string" || !project || /[/?#\s]/.test(project)) {
      throw new CDFError(
        "config",
        `ClientConfig: project must be a non-empty name without '/' or spaces (got ${JSON.stringify(project)})`,
      );
    }
    const credentials: unknown = options.credentials;
    if (
      typeof credentials !== "object" ||
      credentials === null ||
      typeof (credentials as Partial<Credentials>).authorization !== "function"
    ) {
      throw new CDFError(
        "config",
        "ClientConfig: credentials must be a Token, OAuthClientCredentials or another Credentials",
      );
    }
    const clientName = options.clientName ?? "pygen";
    const sdkVersion = options.sdkVersion ?? "unknown";
    for (const [name, value] of [
      ["clientName", clientName],
      ["sdkVersion", sdkVersion],
    ] as const) {
      if (typeof value !== "string" || !value || /[^\x20-\x7e]/.test(value)) {
        throw new CDFError("config", `ClientConfig: ${name} must be a non-empty printable ASCII string`);
      }
    }
    this.baseUrl = baseUrl.replace(/\/+$/, "");
    this.project = project;
    this.credentials = options.credentials;
    this.clientName = clientName;
    this.sdkVersion = sdkVersion;
    this.timeoutMs = checkNumber("timeoutMs", options.timeoutMs ?? 30_000, 0, true);
    this.maxRetries = checkInt("maxRetries", options.maxRetries ?? 10, 0);
    this.maxConnectRetries = checkInt("maxConnectRetries", options.maxConnectRetries ?? 2, 0);
    this.backoffBaseMs = checkNumber("backoffBaseMs", options.backoffBaseMs ?? 500, 0);
    this.backoffCapMs = checkNumber("backoffCapMs", options.backoffCapMs ?? 30_000, 0);
    this.maxReadConcurrency = checkInt("maxReadConcurrency", options.maxReadConcurrency ?? 2, 1);
    this.maxWriteConcurrency = checkInt("maxWriteConcurrency", options.maxWriteConcurrency ?? 2, 1);
    this.maxDeleteConcurrency = checkInt("maxDeleteConcurrency", options.maxDeleteConcurrency ?? 1, 1);
    this.gzip = options.gzip ?? true;
    Object.freeze(this);
  }

  /** `{baseUrl}/api/v1/projects/{project}`: the prefix of every request path. */
  get apiUrl(): string {
    return `${this.baseUrl}/api/v1/projects/${encodeURIComponent(this.project)}`;
  }

  /** The settings without secrets (credentials shown by kind only). */
  toJSON(): Record<string, unknown> {
    const { credentials, ...rest } = this;
    return { ...rest, credentials: credentials.constructor.name };
  }

  /**
   * A config from the cognite-toolkit variables (`process.env` by default): `CDF_PROJECT` plus `CDF_CLUSTER`
   * or `CDF_URL`; then `CDF_TOKEN`, or `IDP_CLIENT_ID`, `IDP_CLIENT_SECRET` and `IDP_TOKEN_URL` /
   * `IDP_TENANT_ID` (Entra ID), optional `IDP_SCOPES` (comma or space separated) and `IDP_AUDIENCE`.
   * `overrides` are the other {@link ClientOptions}.
   */
  static fromEnv(
    env?: Env,
    overrides: Omit<ClientOptions, "baseUrl" | "cluster" | "project" | "credentials"> = {},
  ): ClientConfig {
    const source = env ?? processEnv();
    const get = (name: string): string | undefined => {
      const value = source[name];
      return typeof value === "string" && value.trim() ? value.trim() : undefined;
    };
    const missing: string[] = [];
    const project = get("CDF_PROJECT");
    if (project === undefined) missing.push("CDF_PROJECT");
    const url = get("CDF_URL");
    const cluster = get("CDF_CLUSTER");
    let scopeBase = "";
    if (url !== undefined) {
      const problem = urlProblem(url);
      if (problem) throw new CDFError("config", `environment variable CDF_URL ${problem}`);
      scopeBase = new URL(url).origin;
    } else if (cluster !== undefined) {
      if (!CLUSTER_RE.test(cluster)) {
        throw new CDFError(
          "config",
          `environment variable CDF_CLUSTER must look like 'westeurope-1' (got ${JSON.stringify(cluster)})`,
        );
      }
      scopeBase = `https://${cluster}.cognitedata.com`;
    } else {
      missing.push("CDF_CLUSTER (or CDF_URL)");
    }
    let credentials: Credentials | undefined;
    const staticToken = get("CDF_TOKEN");
    if (staticToken !== undefined) {
      credentials = new Token(staticToken);
    } else {
      const clientId = get("IDP_CLIENT_ID");
      const clientSecret = get("IDP_CLIENT_SECRET");
      let tokenUrl = get("IDP_TOKEN_URL");
      const tenant = get("IDP_TENANT_ID");
      if (clientId === undefined) missing.push("IDP_CLIENT_ID");
      if (clientSecret === undefined) missing.push("IDP_CLIENT_SECRET");
      if (tokenUrl === undefined && tenant !== undefined)
        tokenUrl = ENTRA_TOKEN_URL.replace("{tenant}", encodeURIComponent(tenant));
      if (tokenUrl === undefined) missing.push("IDP_TOKEN_URL (or IDP_TENANT_ID)");
      const scopesText = get("IDP_SCOPES");
      const scopes = scopesText ? scopesText.split(/[\s,]+/).filter(Boolean) : [`${scopeBase}/.default`];
      const audience = get("IDP_AUDIENCE");
      if (!missing.length && clientId && clientSecret && tokenUrl) {
        if (parseHttpUrl(tokenUrl) === undefined) {
          throw new CDFError(
            "config",
            `environment variable IDP_TOKEN_URL must be an http(s) URL (got ${JSON.stringify(tokenUrl)})`,
          );
        }
        credentials = new OAuthClientCredentials({
          tokenUrl,
          clientId,
          clientSecret,
          scopes,
          ...(audience ? { extraParams: { audience } } : {}),
        });
      }
    }
    if (missing.length || credentials === undefined || project === undefined) {
      const hint = missing.some((m) => m.startsWith("IDP_")) ? " (set CDF_TOKEN, or the IDP_* client credentials)" : "";
      throw new CDFError("config", `missing environment variable(s): ${missing.join(", ")}${hint}`);
    }
    return new ClientConfig({
      ...overrides,
      ...(url !== undefined ? { baseUrl: url } : cluster !== undefined ? { cluster } : {}),
      project,
      credentials,
    });
  }
}
