/** The runtime's one error class; every message is one line and free of secrets. */

import type { InstanceId } from "./ids.js";

const MAX_MESSAGE_CHARS = 500;
const MIN_SECRET_CHARS = 8;

/**
 * What went wrong:
 * - `api`: CDF answered with an error status (`status`, `code`, `missing`, `duplicated`, `requestId`);
 * - `auth`: the token endpoint refused the credentials, or CDF kept answering 401;
 * - `connection`: the server could not be reached, timed out or broke the connection (after retries);
 * - `response`: a 2xx response that is not what the API documents;
 * - `config`: bad or missing configuration (a constructor option or an environment variable);
 * - `argument`: a bad argument to an SDK method;
 * - `partial`: some items of a bulk write failed (`failed`), the others succeeded (`result`);
 * - `aborted`: the caller's `AbortSignal` fired.
 */
export type ErrorKind = "api" | "auth" | "connection" | "response" | "config" | "argument" | "partial" | "aborted";

/** One instance a bulk write could not apply, with the reason CDF gave. */
export interface FailedItem {
  readonly id: InstanceId;
  readonly reason: string;
}

/** Fields of a {@link CDFError} besides its kind and message. */
export interface CDFErrorDetails {
  status?: number | undefined;
  code?: number | undefined;
  requestId?: string | undefined;
  missing?: readonly unknown[] | undefined;
  duplicated?: readonly unknown[] | undefined;
  extra?: Readonly<Record<string, unknown>> | undefined;
  failed?: readonly FailedItem[] | undefined;
  result?: unknown;
}

/** Every error the runtime throws. `kind` says which sort it is; the message is one line with no secrets. */
export class CDFError extends Error {
  override readonly name = "CDFError";
  readonly kind: ErrorKind;
  /** The HTTP status, when CDF answered. */
  readonly status: number | undefined;
  /** `error.code` of CDF's error body. */
  readonly code: number | undefined;
  /** The `x-request-id` of the failed response (give it to Cognite support). */
  readonly requestId: string | undefined;
  /** Identifiers CDF reported as missing. */
  readonly missing: readonly unknown[];
  /** Identifiers CDF reported as duplicated. */
  readonly duplicated: readonly unknown[];
  /** Other keys of CDF's error body (`isAutoRetryable`, ...). */
  readonly extra: Readonly<Record<string, unknown>>;
  /** `partial` only: the items that failed, each with its reason. */
  readonly failed: readonly FailedItem[];
  /** `partial` only: what succeeded (an `UpsertResult` or a `DeleteResult`). */
  readonly result: unknown;

  constructor(kind: ErrorKind, message: string, details: CDFErrorDetails = {}) {
    super(oneLine(message));
    this.kind = kind;
    this.status = details.status;
    this.code = details.code;
    this.requestId = details.requestId;
    this.missing = details.missing ?? [];
    this.duplicated = details.duplicated ?? [];
    this.extra = details.extra ?? {};
    this.failed = details.failed ?? [];
    this.result = details.result;
  }
}

/** Collapse whitespace (newlines included) and cut `text` to `limit` characters. */
export function oneLine(text: string, limit: number = MAX_MESSAGE_CHARS): string {
  const flat = text.split(/\s+/).filter(Boolean).join(" ");
  return flat.length <= limit ? flat : `${flat.slice(0, limit - 3)}...`;
}

/** Replace every secret (8 characters or longer, longest first) in `text` with `***`. */
export function redact(text: string, secrets: readonly string[]): string {
  const unique = [...new Set(secrets.filter((s) => s.length >= MIN_SECRET_CHARS))].sort((a, b) => b.length - a.length);
  let out = text;
  for (const secret of unique) out = out.split(secret).join("***");
  return out;
}

function preview(items: readonly unknown[], shown = 3): string {
  const text = items
    .slice(0, shown)
    .map((item) => safeJson(item))
    .join(", ");
  const more = items.length > shown ? ` and ${items.length - shown} more` : "";
  return oneLine(text, 200) + more;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? v.toString() : v)) ?? String(value);
  } catch {
    return String(value);
  }
}

/** The one-line message of an API error: status, request id, CDF's message, missing/duplicated previews. */
export function apiErrorMessage(
  status: number,
  message: string,
  requestId: string | undefined,
  missing: readonly unknown[],
  duplicated: readonly unknown[],
): string {
  let text = `CDF API error ${status}`;
  if (requestId) text += ` (request id ${requestId})`;
  text += `: ${oneLine(message) || "<no message>"}`;
  if (missing.length) text += `; missing ${missing.length}: ${preview(missing)}`;
  if (duplicated.length) text += `; duplicated ${duplicated.length}: ${preview(duplicated)}`;
  return text;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A {@link CDFError} of kind `api` from an error response; non-JSON or odd bodies become the message. */
export function parseApiError(
  status: number,
  body: string,
  requestId: string | undefined,
  secrets: readonly string[],
  where = "",
): CDFError {
  let payload: unknown;
  try {
    payload = body.trim() ? JSON.parse(body) : undefined;
  } catch {
    payload = undefined;
  }
  const prefix = where ? `${where}: ` : "";
  const error = isRecord(payload) ? payload["error"] : undefined;
  if (!isRecord(error)) {
    const message = body.trim() ? oneLine(body, 300) : `HTTP ${status} with an empty body`;
    return new CDFError("api", redact(prefix + apiErrorMessage(status, message, requestId, [], []), secrets), {
      status,
      requestId,
    });
  }
  const rawCode = error["code"];
  const code = typeof rawCode === "number" && Number.isInteger(rawCode) ? rawCode : undefined;
  const rawMessage = error["message"];
  const message = typeof rawMessage === "string" ? rawMessage : safeJson(rawMessage);
  const missing = Array.isArray(error["missing"]) ? (error["missing"] as unknown[]) : [];
  const duplicated = Array.isArray(error["duplicated"]) ? (error["duplicated"] as unknown[]) : [];
  const extra: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(error)) {
    if (!["code", "message", "missing", "duplicated"].includes(key)) extra[key] = value;
  }
  const text = redact(prefix + apiErrorMessage(status, message, requestId, missing, duplicated), secrets);
  return new CDFError("api", text, { status, code, requestId, missing, duplicated, extra });
}
