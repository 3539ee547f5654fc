/**
 * JSON that keeps integers beyond 2^53 exact.
 *
 * `JSON.parse` turns `9007199254740993` into `9007199254740992`. {@link parseJson} first checks the text for
 * a run of 16 digits (cheap; ordinary pages have none, their epoch-ms timestamps have 13 digits) and only
 * then rewrites each integer literal outside strings that is not a safe integer into a marked string
 * (`BIG_MARK + digits`). The value decoders turn marked strings into `bigint` (int64 properties, JSON
 * values, aggregate values) or `number` (float properties). {@link stringifyJson} writes `bigint`s as
 * their exact digits.
 */

/** Prefix of a marked big integer (a NUL cannot appear in an external id, and is rare in text). */
export const BIG_MARK = "\u0000bigint:";

const HINT = /\d{16}/;
// A whole JSON string (skipped), or an integer literal of 16+ digits that is not part of another number.
const TOKENS = /"(?:[^"\\]|\\.)*"|(?<![\w.+-])-?\d{16,}(?:\.\d+)?(?:[eE][+-]?\d+)?/g;

/** The parsed value, and whether it holds marked big integers (then decoders must look for them). */
export interface Parsed {
  readonly value: unknown;
  readonly big: boolean;
}

/** Parse JSON text, keeping unsafe integers as marked strings (see the module comment). */
export function parseJson(text: string): Parsed {
  if (!HINT.test(text)) return { value: JSON.parse(text) as unknown, big: false };
  let big = false;
  const rewritten = text.replace(TOKENS, (token) => {
    if (token.charCodeAt(0) === 34 /* " */ || /[.eE]/.test(token)) return token;
    if (Number.isSafeInteger(Number(token))) return token;
    big = true;
    return `"\\u0000bigint:${token}"`;
  });
  return { value: JSON.parse(rewritten) as unknown, big };
}

/** Whether `value` is a marked big integer. */
export function isBig(value: unknown): value is string {
  return typeof value === "string" && value.startsWith(BIG_MARK);
}

/** A marked big integer as a bigint. */
export function bigOf(marked: string): bigint {
  return BigInt(marked.slice(BIG_MARK.length));
}

/** Replace marked big integers anywhere inside a JSON value by bigints (a copy where anything changed). */
export function unmarkDeep(value: unknown): unknown {
  if (typeof value === "string") return isBig(value) ? bigOf(value) : value;
  if (Array.isArray(value)) return value.map(unmarkDeep);
  if (typeof value === "object" && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = unmarkDeep(item);
    return out;
  }
  return value;
}

const BIG_OUT = /"\\u0000bigint:(-?\d+)"/g;

/** `JSON.stringify` that writes bigints as exact integer literals (and Dates as ISO strings, as usual). */
export function stringifyJson(value: unknown): string {
  let big = false;
  const text = JSON.stringify(value, (_key, item: unknown) => {
    if (typeof item === "bigint") {
      big = true;
      return BIG_MARK + item.toString();
    }
    return item;
  });
  if (text === undefined) throw new TypeError("value is not JSON-serialisable");
  return big ? text.replace(BIG_OUT, "$1") : text;
}
