/** Backoff, Retry-After and the classification of network errors. */

/** Full-jitter exponential backoff in ms: uniform in `[0, min(capMs, baseMs * 2^attempt)]`, attempt 0-based. */
export function backoffDelay(
  attempt: number,
  baseMs: number,
  capMs: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(attempt, 64));
  return random() * ceiling;
}

/**
 * Milliseconds from a `Retry-After` header: delay-seconds (`"2"`, `"0.5"`) or an HTTP date. `undefined` if
 * absent or unusable (negative, not a number, an unparsable date).
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (!text) return undefined;
  if (/^[+]?\d+(\.\d+)?$/.test(text)) {
    const seconds = Number(text);
    return Number.isFinite(seconds) ? seconds * 1000 : undefined;
  }
  if (/^-/.test(text) || /^[\d.eE+-]+$/.test(text)) return undefined;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The pause before retry `attempt`: the server's Retry-After beats jitter; both stop at `capMs`. */
export function retryDelay(
  attempt: number,
  retryAfterMs: number | undefined,
  baseMs: number,
  capMs: number,
  random: () => number = Math.random,
): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, capMs);
  return backoffDelay(attempt, baseMs, capMs, random);
}

/** Resolve after `ms` milliseconds (rejecting early with the signal's reason if it fires). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** How a failed `fetch` should be treated. */
export interface NetworkProblem {
  /** The connection was never made (refused, unknown host, unreachable): retry briefly, then give up. */
  readonly connect: boolean;
  /** Worth retrying with the full budget (timeouts, connections dropped mid-request). */
  readonly retryable: boolean;
  /** One line for the error message. */
  readonly reason: string;
}

const CONNECT_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EAI_FAIL",
  "EAI_NONAME",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EHOSTDOWN",
  "EADDRNOTAVAIL",
  "UND_ERR_CONNECT_TIMEOUT",
  "ETIMEDOUT",
  "CERT_HAS_EXPIRED",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "ERR_TLS_CERT_ALTNAME_INVALID",
]);
const DROP_CODES = new Set([
  "ECONNRESET",
  "EPIPE",
  "ECONNABORTED",
  "UND_ERR_SOCKET",
  "UND_ERR_CLOSED",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
]);

interface ErrorLike {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  cause?: unknown;
  errors?: unknown;
}

function codeOf(error: unknown, depth = 0): string | undefined {
  if (depth > 4 || typeof error !== "object" || error === null) return undefined;
  const e = error as ErrorLike;
  if (typeof e.code === "string" && e.code !== "ERR_INVALID_STATE") return e.code;
  if (Array.isArray(e.errors) && e.errors.length) return codeOf(e.errors[0], depth + 1);
  return codeOf(e.cause, depth + 1);
}

function messageOf(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 4 && typeof current === "object" && current !== null; depth += 1) {
    const e = current as ErrorLike;
    if (typeof e.message === "string" && e.message && !parts.includes(e.message)) parts.push(e.message);
    current = e.cause;
  }
  return parts.join(": ") || String(error);
}

/** Classify what `fetch` (or reading its body) threw; `timedOut` says our own timer aborted it. */
export function classifyNetworkError(error: unknown, timedOut: boolean): NetworkProblem {
  if (timedOut) return { connect: false, retryable: true, reason: "the request timed out" };
  const code = codeOf(error);
  const message = messageOf(error);
  const reason = code && !message.includes(code) ? `${message} (${code})` : message;
  if (code !== undefined && CONNECT_CODES.has(code)) return { connect: true, retryable: true, reason };
  if (code !== undefined && DROP_CODES.has(code)) return { connect: false, retryable: true, reason };
  if (/bad port|invalid url|unsupported protocol|not implemented/i.test(message)) {
    return { connect: false, retryable: false, reason };
  }
  if (/terminated|other side closed|socket hang up|network/i.test(message)) {
    return { connect: false, retryable: true, reason };
  }
  // Browsers say only "Failed to fetch": treat it like an unreachable host (a few quick retries).
  return { connect: true, retryable: true, reason };
}
