/**
 * Values between TypeScript and DMS JSON.
 *
 * Read: timestamps → `Date`; dates stay `"YYYY-MM-DD"` strings ({@link DateString}: a calendar date has no
 * time zone, a `Date` would shift it); int64 → `bigint` (exact beyond 2^53); JSON → its parsed value
 * (`unknown`; integers beyond 2^53 inside it become `bigint`); direct relations → `{space, externalId}`.
 * Write and filter values: `Date` or ISO string for timestamps; `DateString` or `Date` (its UTC date) for
 * dates; `bigint` or `number` for int64.
 */

import { CDFError } from "./errors.js";
import type { NodeId } from "./ids.js";
import type { CompiledSpec, PropertyKind } from "./spec.js";

/** A calendar date, `"YYYY-MM-DD"` (how DMS `date` properties read and write). */
export type DateString = string;

/** Timestamps are sent with millisecond precision, in UTC. */
export function timestampJson(value: unknown, what: string): unknown {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new CDFError("argument", `${what}: invalid Date`);
    return value.toISOString();
  }
  return value;
}

/** A `Date` becomes its UTC calendar date. */
export function dateJson(value: unknown, what: string): unknown {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new CDFError("argument", `${what}: invalid Date`);
    return value.toISOString().slice(0, 10);
  }
  return value;
}

/** A scalar (or list) value of `kind` in wire form; direct relations are handled by the callers. */
export function toWire(kind: PropertyKind, value: unknown, what: string): unknown {
  if (value === null || value === undefined) return value;
  if (Array.isArray(value)) return value.map((item: unknown) => toWire(kind, item, what));
  switch (kind) {
    case "timestamp":
      return timestampJson(value, what);
    case "date":
      return dateJson(value, what);
    case "int64":
      if (typeof value === "number" && !Number.isSafeInteger(value)) {
        throw new CDFError(
          "argument",
          `${what}: ${value} is not a safe integer; pass a bigint for int64 values beyond 2^53`,
        );
      }
      return value;
    default:
      return value;
  }
}

/** Generic filter values: Dates as ISO timestamps, node-like objects as `{space, externalId}`. */
export function genericWire(value: unknown): unknown {
  if (value instanceof Date) return timestampJson(value, "filter value");
  if (Array.isArray(value)) return value.map(genericWire);
  if (typeof value === "object" && value !== null) {
    const candidate = value as Partial<NodeId> & { instanceType?: unknown };
    if (typeof candidate.space === "string" && typeof candidate.externalId === "string") {
      return { space: candidate.space, externalId: candidate.externalId };
    }
  }
  return value;
}

interface RawInstance {
  instanceType?: unknown;
  space?: unknown;
  externalId?: unknown;
  version?: unknown;
  createdTime?: unknown;
  lastUpdatedTime?: unknown;
  deletedTime?: unknown;
  type?: unknown;
  startNode?: unknown;
  endNode?: unknown;
  properties?: Record<string, Record<string, Record<string, unknown>> | undefined>;
}

const metaNumber = (value: unknown): number =>
  typeof value === "number" ? value : Number(String(value ?? 0).replace("\u0000bigint:", ""));

/**
 * A read object of `compiled`'s view from a raw DMS instance: metadata, then every mapped property the
 * instance has (absent properties stay absent: a node lacking a required property still reads). `exact`
 * says the raw instance comes from {@link parseJson} (marked big integers); otherwise a value that may have
 * lost digits throws `UNSAFE` (see `withExact`).
 */
export function decodeInstance(
  compiled: CompiledSpec,
  raw: unknown,
  exact: boolean,
  what: string,
): Record<string, unknown> {
  if (typeof raw !== "object" || raw === null)
    throw new CDFError("response", `${what}: a response item is not an object`);
  const item = raw as RawInstance;
  if (typeof item.space !== "string" || typeof item.externalId !== "string") {
    throw new CDFError("response", `${what}: a response item has no string space/externalId`);
  }
  const edge = compiled.spec.instanceType === "edge";
  const version = exact ? metaNumber(item.version) : (item.version ?? 0);
  const out: Record<string, unknown> = {
    instanceType: edge ? "edge" : "node",
    space: item.space,
    externalId: item.externalId,
    version,
    createdTime: new Date(exact ? metaNumber(item.createdTime) : ((item.createdTime as number | undefined) ?? 0)),
    lastUpdatedTime: new Date(
      exact ? metaNumber(item.lastUpdatedTime) : ((item.lastUpdatedTime as number | undefined) ?? 0),
    ),
  };
  const type = item.type ?? null;
  if (edge) {
    out["edgeType"] = type;
    out["startNode"] = item.startNode ?? null;
    out["endNode"] = item.endNode ?? null;
  } else {
    out["nodeType"] = type;
  }
  const props = item.properties?.[compiled.spec.view.space]?.[compiled.key];
  if (props === undefined) return out;
  if (!exact && compiled.sameNames) {
    // The common case: copy the property bag in one go, then convert the few typed values.
    Object.assign(out, props);
    for (const property of compiled.converted) {
      const value = out[property.member];
      if (value !== undefined && value !== null)
        out[property.member] = (property.decode as (value: unknown) => unknown)(value);
    }
    const shadowed =
      out["version"] !== version ||
      out["instanceType"] !== (edge ? "edge" : "node") ||
      (edge
        ? out["edgeType"] !== type ||
          out["startNode"] !== (item.startNode ?? null) ||
          out["endNode"] !== (item.endNode ?? null)
        : out["nodeType"] !== type);
    if (shadowed) {
      // A property the spec does not know shadowed a metadata member: keep the metadata.
      return decodeInstance({ ...compiled, sameNames: false }, raw, exact, what);
    }
    return out;
  }
  for (const property of compiled.properties) {
    const value = props[property.id];
    if (value === undefined) continue;
    const decode = exact ? property.decodeExact : property.decode;
    out[property.member] = value === null || decode === null ? value : decode(value);
  }
  return out;
}

/** Whether a raw instance has data in `compiled`'s view. */
export function hasViewData(compiled: CompiledSpec, raw: unknown): boolean {
  const item = raw as RawInstance;
  return item.properties?.[compiled.spec.view.space]?.[compiled.key] !== undefined;
}
