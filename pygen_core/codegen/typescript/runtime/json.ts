/**
 * JSON that keeps integers beyond 2^53 exact.
 *
 * `JSON.parse` turns `9007199254740993` into `9007199254740992`. Two ways to parse:
 * - {@link parseJson} (exact): checks the text for a run of 16 digits that does not follow a decimal point;
 *   only then does it look at each such integer literal, skip the ones inside strings (found by walking the
 *   quotes before it), and rewrite those that are not safe integers into marked strings (`BIG_MARK +
 *   digits`). The exact decoders turn marked strings into `bigint` (int64 properties, JSON values,
 *   aggregate values) or `number` (float properties).
 * - {@link parseFast}: plain `JSON.parse`, for pages of instances. Their decoders check the values that
 *   could have lost digits (int64 properties, numbers inside JSON values) and throw {@link UNSAFE} when one
 *   is not a safe integer; the page is then parsed again with {@link parseJson} ({@link withExact}).
 *   Ordinary pages thus cost one `JSON.parse`, and no value is ever silently corrupted.
 * {@link stringifyJson} writes `bigint`s as their exact digits.
 */

/** Prefix of a marked big integer (a NUL cannot appear in an external id, and is rare in text). */
export const BIG_MARK = "\u0000bigint:";

const HINT = /(?<![\d.])\d{16}/;
// An integer literal of 16+ digits that is not part of another number (it may still be inside a string).
const CANDIDATES = /(?<![\w.+-])-?\d{16,}(?:\.\d+)?(?:[eE][+-]?\d+)?/g;

/** A parsed response: the value, how it was parsed, and the text (to parse again exactly). */
export interface Parsed {
  readonly value: unknown;
  /** Parsed by {@link parseJson}: big integers are marked strings, decode with the exact decoders. */
  readonly exact: boolean;
  readonly text: string;
}

/** Thrown by the fast decoders when a value may have lost digits (see {@link withExact}). */
export const UNSAFE: unique symbol = Symbol("unsafe integer");

/** Plain `JSON.parse` (see the module comment). */
export function parseFast(text: string): Parsed {
  return { value: JSON.parse(text) as unknown, exact: false, text };
}

/**
 * `decode(value, exact)` of a response: on a fast-parsed one first; if that throws {@link UNSAFE}, again on
 * the exactly parsed text. `exact` says which decoders to use.
 */
export function withExact<T>(parsed: Parsed, decode: (value: unknown, exact: boolean) => T): T {
  if (!parsed.exact) {
    try {
      return decode(parsed.value, false);
    } catch (error) {
      if (error !== UNSAFE) throw error;
    }
  }
  const exact = parsed.exact ? parsed : parseJson(parsed.text);
  return decode(exact.value, true);
}

/** Whether a JSON value holds an integer-valued number beyond 2^53 (it may have lost digits). */
export function hasUnsafe(value: unknown): boolean {
  if (typeof value === "number") return !Number.isSafeInteger(value) && Number.isInteger(value);
  if (typeof value !== "object" || value === null) return false;
  if (Array.isArray(value)) {
    for (const item of value) if (hasUnsafe(item)) return true;
    return false;
  }
  for (const key in value) if (hasUnsafe((value as Record<string, unknown>)[key])) return true;
  return false;
}

/** Whether the text between `from` and `to` ends inside a string, given the state at `from`. */
function stringStateAt(text: string, from: number, to: number, inString: boolean): boolean {
  let state = inString;
  for (let at = text.indexOf('"', from); at !== -1 && at < to; at = text.indexOf('"', at + 1)) {
    let backslashes = 0;
    while (text.charCodeAt(at - 1 - backslashes) === 92 /* \ */) backslashes += 1;
    if (backslashes % 2 === 0) state = !state;
  }
  return state;
}

/** Parse JSON text, keeping unsafe integers as marked strings (see the module comment). */
export function parseJson(text: string): Parsed {
  if (!HINT.test(text)) return { value: JSON.parse(text) as unknown, exact: true, text };
  const parts: string[] = [];
  let copied = 0;
  let scanned = 0;
  let inString = false;
  CANDIDATES.lastIndex = 0;
  for (let found = CANDIDATES.exec(text); found !== null; found = CANDIDATES.exec(text)) {
    const token = found[0];
    inString = stringStateAt(text, scanned, found.index, inString);
    scanned = found.index;
    if (inString || /[.eE]/.test(token) || Number.isSafeInteger(Number(token))) continue;
    parts.push(text.slice(copied, found.index), `"\\u0000bigint:${token}"`);
    copied = found.index + token.length;
  }
  if (!parts.length) return { value: JSON.parse(text) as unknown, exact: true, text };
  parts.push(text.slice(copied));
  return { value: JSON.parse(parts.join("")) as unknown, exact: true, text };
}

/** Whether `value` is a marked big integer. */
export function isBig(value: unknown): value is string {
  return typeof value === "string" && value.startsWith(BIG_MARK);
}

/** A marked big integer as a bigint. */
export function bigOf(marked: string): bigint {
  return BigInt(marked.slice(BIG_MARK.length));
}

/** Replace marked big integers inside a freshly parsed JSON value by bigints (in place; returns the value). */
export function unmarkDeep(value: unknown): unknown {
  if (typeof value === "string") return isBig(value) ? bigOf(value) : value;
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) {
      const item: unknown = value[i];
      if (typeof item === "object" || typeof item === "string") value[i] = unmarkDeep(item);
    }
    return value;
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const item = record[key];
    if (typeof item === "object" || typeof item === "string") record[key] = unmarkDeep(item);
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
