/** JSON over `fetch` to `{baseUrl}/api/v1/projects/{project}`: auth, optional gzip, timeouts and retries. */

import type { ClientConfig } from "./config.js";
import { CDFError, oneLine, parseApiError, redact } from "./errors.js";
import { type Parsed, parseFast, parseJson, stringifyJson } from "./json.js";
import { classifyNetworkError, parseRetryAfter, retryDelay, sleep } from "./retry.js";

export const API_VERSION = "20230101";
/** Statuses retried with the full budget (others only when CDF flags them auto-retryable). */
export const RETRY_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);
const GZIP_MIN_BYTES = 1024;

/** Counters of one {@link HTTPClient}. */
export interface HTTPStats {
  /** Attempts sent (retries included). */
  requests: number;
  /** Attempts repeated after a retryable status or a network error. */
  retries: number;
  /** Attempts repeated with a fresh token after a 401. */
  tokenRefreshes: number;
  /** Total time waited between retries. */
  backoffMs: number;
}

/** Test hooks: how to wait and where the jitter comes from. */
export interface HTTPHooks {
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
}

/** Per-request options. */
export interface RequestOptions {
  /** Query parameters (`undefined` values are left out). */
  params?: Readonly<Record<string, string | number | boolean | undefined>>;
  /** Cancels the request, its retries and their waits (the call rejects with a `CDFError` of kind `aborted`). */
  signal?: AbortSignal | undefined;
  /** Parse with plain `JSON.parse` (`parseFast`): for pages of instances decoded through `withExact`. */
  fast?: boolean;
}

/** 429/502/503/504, or an error CDF flags as auto-retryable (header or `error.isAutoRetryable` in the body). */
export function isRetryable(status: number, autoRetryHeader: string | null, body: string): boolean {
  if (RETRY_STATUSES.has(status)) return true;
  if (status < 400) return false;
  if (autoRetryHeader?.trim().toLowerCase() === "true") return true;
  if (!body.includes("isAutoRetryable")) return false;
  try {
    const parsed = JSON.parse(body) as { error?: { isAutoRetryable?: unknown } };
    return parsed.error?.isAutoRetryable === true;
  } catch {
    return false;
  }
}

async function gzip(text: string): Promise<ArrayBuffer> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream("gzip"));
  return new Response(stream).arrayBuffer();
}

/** JSON requests to one CDF project; share one instance (it holds no connection state of its own). */
export class HTTPClient {
  readonly config: ClientConfig;
  readonly stats: HTTPStats = { requests: 0, retries: 0, tokenRefreshes: 0, backoffMs: 0 };
  readonly #sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly #random: () => number;

  constructor(config: ClientConfig, hooks: HTTPHooks = {}) {
    this.config = config;
    this.#sleep = hooks.sleep ?? sleep;
    this.#random = hooks.random ?? Math.random;
  }

  /** GET `path` (e.g. `"/models/views"`) and return the decoded JSON object. */
  get(path: string, options: RequestOptions = {}): Promise<Parsed> {
    return this.#request("GET", path, undefined, options);
  }

  /** POST `body` as JSON to `path` and return the decoded JSON object. */
  post(path: string, body: unknown, options: RequestOptions = {}): Promise<Parsed> {
    return this.#request("POST", path, body, options);
  }

  #secrets(): string[] {
    return this.config.credentials.secrets();
  }

  #clean(message: string): string {
    return redact(oneLine(message), this.#secrets());
  }

  async #encode(method: string, path: string, body: unknown): Promise<[BodyInit, boolean]> {
    let text: string;
    try {
      text = stringifyJson(body);
    } catch (error) {
      throw new CDFError("argument", `${method} ${path}: the request body is not valid JSON: ${String(error)}`);
    }
    if (this.config.gzip && text.length >= GZIP_MIN_BYTES && typeof CompressionStream === "function") {
      return [await gzip(text), true];
    }
    return [text, false];
  }

  async #request(method: "GET" | "POST", path: string, body: unknown, options: RequestOptions): Promise<Parsed> {
    if (!path.startsWith("/"))
      throw new CDFError("argument", `request path must start with '/' (got ${JSON.stringify(path)})`);
    const config = this.config;
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(options.params ?? {}))
      if (value !== undefined) query.set(key, String(value));
    const search = query.toString();
    const url = config.apiUrl + path + (search ? `?${search}` : "");
    const headers: Record<string, string> = {
      Accept: "application/json",
      "cdf-version": API_VERSION,
      "x-cdp-sdk": `hatch-pygen-ts:${config.sdkVersion}`,
      "x-cdp-app": config.clientName,
    };
    let payload: BodyInit | undefined;
    if (method === "POST") {
      const [encoded, zipped] = await this.#encode(method, path, body);
      payload = encoded;
      headers["Content-Type"] = "application/json";
      if (zipped) headers["Content-Encoding"] = "gzip";
    }
    const signal = options.signal;
    let attempt = 0;
    let connectAttempt = 0;
    let refreshed = false;
    const aborted = (): CDFError => new CDFError("aborted", `${method} ${path}: aborted by the caller`);
    for (;;) {
      if (signal?.aborted) throw aborted();
      const authorization = await config.credentials.authorization();
      this.stats.requests += 1;
      const controller = new AbortController();
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, config.timeoutMs);
      const onAbort = (): void => controller.abort();
      signal?.addEventListener("abort", onAbort, { once: true });
      let response: Response;
      let text: string;
      try {
        const init: RequestInit = {
          method,
          headers: { ...headers, Authorization: authorization },
          signal: controller.signal,
          redirect: "manual",
        };
        if (payload !== undefined) init.body = payload;
        response = await fetch(url, init);
        text = await response.text();
      } catch (error) {
        if (signal?.aborted) throw aborted();
        const problem = classifyNetworkError(error, timedOut);
        if (problem.connect && connectAttempt < config.maxConnectRetries) {
          connectAttempt += 1;
          await this.#pause(Math.min(250 * connectAttempt, config.backoffCapMs), signal, aborted);
          continue;
        }
        if (!problem.connect && problem.retryable && attempt < config.maxRetries) {
          await this.#pause(
            retryDelay(attempt, undefined, config.backoffBaseMs, config.backoffCapMs, this.#random),
            signal,
            aborted,
          );
          attempt += 1;
          continue;
        }
        const tries = attempt + connectAttempt + 1;
        throw new CDFError(
          "connection",
          this.#clean(`${method} ${url} failed after ${tries} attempt(s): ${problem.reason}`),
        );
      } finally {
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
      }
      const status = response.status;
      const requestId = response.headers.get("x-request-id") ?? undefined;
      if (status === 401 && !refreshed && config.credentials.invalidate(authorization)) {
        refreshed = true;
        this.stats.tokenRefreshes += 1;
        continue;
      }
      if (isRetryable(status, response.headers.get("cdf-is-auto-retryable"), text) && attempt < config.maxRetries) {
        const retryAfter = parseRetryAfter(response.headers.get("retry-after"));
        await this.#pause(
          retryDelay(attempt, retryAfter, config.backoffBaseMs, config.backoffCapMs, this.#random),
          signal,
          aborted,
        );
        attempt += 1;
        continue;
      }
      if (status === 401) {
        const error = parseApiError(status, text, requestId, this.#secrets());
        throw new CDFError(
          "auth",
          this.#clean(`${method} ${path}: CDF rejected the credentials (401): ${error.message}`),
          {
            status,
            requestId,
          },
        );
      }
      if (status === 0 || (status >= 300 && status < 400)) {
        const location = response.headers.get("location") ?? "<no location>";
        throw new CDFError(
          "api",
          this.#clean(`${method} ${path}: unexpected redirect to ${location} (check the base URL)`),
          {
            status,
            requestId,
          },
        );
      }
      if (status < 200 || status >= 300)
        throw parseApiError(status, text, requestId, this.#secrets(), `${method} ${path}`);
      return this.#decode(method, path, status, text, requestId, options.fast === true);
    }
  }

  #decode(
    method: string,
    path: string,
    status: number,
    text: string,
    requestId: string | undefined,
    fast: boolean,
  ): Parsed {
    if (!text.trim()) return { value: {}, exact: true, text };
    let parsed: Parsed | undefined;
    try {
      parsed = fast ? parseFast(text) : parseJson(text);
    } catch {
      parsed = undefined;
    }
    if (
      parsed === undefined ||
      typeof parsed.value !== "object" ||
      parsed.value === null ||
      Array.isArray(parsed.value)
    ) {
      throw new CDFError(
        "response",
        this.#clean(
          `${method} ${path}: expected a JSON object in the response, got ${JSON.stringify(oneLine(text, 120))}`,
        ),
        { status, requestId },
      );
    }
    return parsed;
  }

  async #pause(ms: number, signal: AbortSignal | undefined, aborted: () => CDFError): Promise<void> {
    this.stats.retries += 1;
    this.stats.backoffMs += ms;
    try {
      await this.#sleep(ms, signal);
    } catch {
      throw aborted();
    }
  }
}
