/** Credentials: a static token, or OAuth2 client credentials with a cached token refreshed before expiry. */

import { CDFError, oneLine, redact } from "./errors.js";
import { backoffDelay, classifyNetworkError, sleep } from "./retry.js";

/** Supplies the `Authorization` header of each request. */
export interface Credentials {
  /** The header value, e.g. `"Bearer <token>"`; fetches or refreshes a token when needed. */
  authorization(): Promise<string>;
  /** Forget `header` after CDF rejected it; true if a fresh one can be obtained (then the request is retried). */
  invalidate(header: string): boolean;
  /** Strings that must never appear in a message. */
  secrets(): string[];
}

/** A static bearer token (e.g. `CDF_TOKEN`); it cannot be refreshed. */
export class Token implements Credentials {
  readonly #token: string;

  constructor(token: string) {
    if (typeof token !== "string" || !token.trim())
      throw new CDFError("config", "Token: token must be a non-empty string");
    this.#token = token.trim();
  }

  authorization(): Promise<string> {
    return Promise.resolve(`Bearer ${this.#token}`);
  }

  invalidate(): boolean {
    return false;
  }

  secrets(): string[] {
    return [this.#token];
  }

  toJSON(): string {
    return "Token(***)";
  }
}

/** Options of {@link OAuthClientCredentials}. */
export interface OAuthOptions {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  scopes: string | readonly string[];
  /** Extra form fields of the token request (e.g. `{audience: "..."}`). */
  extraParams?: Readonly<Record<string, string>>;
  /** Refresh when fewer than this many seconds of the token's lifetime remain (default 30). */
  leewaySeconds?: number;
  /** Per-request timeout of the token request (default 30 000 ms). */
  timeoutMs?: number;
  /** Retries of the token request on 429/5xx and dropped connections (default 3). */
  maxRetries?: number;
  /** Milliseconds since the epoch (for tests). */
  now?: () => number;
}

const TOKEN_RETRY_STATUSES = new Set([429, 500, 502, 503, 504]);

/**
 * OAuth2 client-credentials flow: a form-encoded POST to `tokenUrl`. The token is cached and refreshed once
 * (concurrent requests share one token request) when fewer than `leewaySeconds` of its lifetime remain,
 * and after CDF answers 401.
 */
export class OAuthClientCredentials implements Credentials {
  readonly tokenUrl: string;
  readonly clientId: string;
  readonly scopes: readonly string[];
  /** How many tokens were fetched so far. */
  fetchCount = 0;
  readonly #secret: string;
  readonly #extra: Readonly<Record<string, string>>;
  readonly #leewayMs: number;
  readonly #timeoutMs: number;
  readonly #maxRetries: number;
  readonly #now: () => number;
  #token: string | null = null;
  #expiresAt = 0;
  #pending: Promise<string> | null = null;

  constructor(options: OAuthOptions) {
    for (const name of ["tokenUrl", "clientId", "clientSecret"] as const) {
      const value: unknown = options[name];
      if (typeof value !== "string" || !value.trim()) {
        throw new CDFError("config", `OAuthClientCredentials: ${name} must be a non-empty string`);
      }
    }
    if (!/^https?:\/\//.test(options.tokenUrl)) {
      throw new CDFError(
        "config",
        `OAuthClientCredentials: tokenUrl must be an http(s) URL (got ${JSON.stringify(options.tokenUrl)})`,
      );
    }
    const scopes = typeof options.scopes === "string" ? [options.scopes] : [...options.scopes];
    if (!scopes.length || !scopes.every((s) => typeof s === "string" && s)) {
      throw new CDFError("config", "OAuthClientCredentials: scopes must be a non-empty list of strings");
    }
    const leeway = options.leewaySeconds ?? 30;
    const timeout = options.timeoutMs ?? 30_000;
    const retries = options.maxRetries ?? 3;
    if (!(leeway >= 0) || !(timeout > 0) || !(Number.isInteger(retries) && retries >= 0)) {
      throw new CDFError("config", "OAuthClientCredentials: leewaySeconds and maxRetries must be >= 0, timeoutMs > 0");
    }
    this.tokenUrl = options.tokenUrl;
    this.clientId = options.clientId;
    this.scopes = scopes;
    this.#secret = options.clientSecret;
    this.#extra = { ...(options.extraParams ?? {}) };
    this.#leewayMs = leeway * 1000;
    this.#timeoutMs = timeout;
    this.#maxRetries = retries;
    this.#now = options.now ?? Date.now;
  }

  toJSON(): Record<string, unknown> {
    return { tokenUrl: this.tokenUrl, clientId: this.clientId, clientSecret: "***", scopes: this.scopes };
  }

  secrets(): string[] {
    return this.#token ? [this.#secret, this.#token] : [this.#secret];
  }

  authorization(): Promise<string> {
    if (this.#token !== null && this.#now() < this.#expiresAt - this.#leewayMs) {
      return Promise.resolve(`Bearer ${this.#token}`);
    }
    if (this.#pending === null) {
      this.#pending = this.#fetchToken().finally(() => {
        this.#pending = null;
      });
    }
    return this.#pending;
  }

  invalidate(header: string): boolean {
    if (this.#token !== null && header === `Bearer ${this.#token}`) this.#token = null;
    return true;
  }

  async #fetchToken(): Promise<string> {
    const form = new URLSearchParams({
      grant_type: "client_credentials",
      client_id: this.clientId,
      client_secret: this.#secret,
      scope: this.scopes.join(" "),
      ...this.#extra,
    });
    const where = `token request to ${this.tokenUrl} (client id ${JSON.stringify(this.clientId)})`;
    let attempt = 0;
    let connectAttempt = 0;
    for (;;) {
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), this.#timeoutMs);
      let status: number;
      let text: string;
      try {
        const response = await fetch(this.tokenUrl, {
          method: "POST",
          headers: { Accept: "application/json", "Content-Type": "application/x-www-form-urlencoded" },
          body: form.toString(),
          signal: controller.signal,
          redirect: "manual",
        });
        status = response.status;
        text = await response.text();
      } catch (error) {
        const problem = classifyNetworkError(error, controller.signal.aborted);
        const retryable = problem.connect ? connectAttempt < 2 : problem.retryable && attempt < this.#maxRetries;
        if (retryable) {
          if (problem.connect) connectAttempt += 1;
          else attempt += 1;
          await sleep(backoffDelay(attempt, 200, 2_000));
          continue;
        }
        throw new CDFError(
          "connection",
          this.#clean(`cannot reach the token endpoint ${this.tokenUrl}: ${problem.reason}`),
        );
      } finally {
        clearTimeout(timer);
      }
      if (TOKEN_RETRY_STATUSES.has(status) && attempt < this.#maxRetries) {
        attempt += 1;
        await sleep(backoffDelay(attempt, 200, 5_000));
        continue;
      }
      const [token, lifetimeSeconds] = this.#parse(status, text, where);
      this.fetchCount += 1;
      this.#token = token;
      this.#expiresAt = this.#now() + lifetimeSeconds * 1000;
      return `Bearer ${token}`;
    }
  }

  #parse(status: number, text: string, where: string): [string, number] {
    let payload: unknown;
    try {
      payload = JSON.parse(text);
    } catch {
      payload = undefined;
    }
    const body =
      typeof payload === "object" && payload !== null && !Array.isArray(payload)
        ? (payload as Record<string, unknown>)
        : null;
    if (status >= 300 || body === null) {
      const detail = body !== null ? idpDetail(body) : oneLine(text, 200);
      throw new CDFError("auth", this.#clean(`${where} failed with HTTP ${status}: ${detail || "<empty body>"}`), {
        status,
      });
    }
    if ("error" in body) throw new CDFError("auth", this.#clean(`${where} failed: ${idpDetail(body)}`), { status });
    const token = body["access_token"];
    if (typeof token !== "string" || !token)
      throw new CDFError("auth", this.#clean(`${where}: the response has no access_token`));
    const expiresIn = body["expires_in"];
    const lifetime = expiresIn === undefined || expiresIn === null ? Number.POSITIVE_INFINITY : Number(expiresIn);
    if (Number.isNaN(lifetime)) throw new CDFError("auth", this.#clean(`${where}: expires_in is not a number`));
    return [token, lifetime];
  }

  #clean(message: string): string {
    return redact(oneLine(message), this.secrets());
  }
}

function idpDetail(body: Record<string, unknown>): string {
  const parts = [body["error"], body["error_description"]].filter(
    (part) => part !== undefined && part !== null && part !== "",
  );
  return oneLine(parts.map((part) => (typeof part === "string" ? part : JSON.stringify(part))).join(": "), 300);
}
