/** Options of the per-view methods, and the filter their keywords make (see the spec's `filters`). */

import type { WriteOptions } from "./client.js";
import { CDFError } from "./errors.js";
import { andAll, Filter } from "./filters.js";
import { toNodeId } from "./ids.js";
import type { RetrieveConnections } from "./query.js";
import type { CompiledSpec, FilterOp } from "./spec.js";
import { toWire } from "./values.js";

export type SortDirection = "ascending" | "descending";
export type Aggregation = "count" | "sum" | "avg" | "min" | "max";

/** Options every query method takes besides the view's filter keywords. */
export interface CommonOptions {
  /** External ids starting with this. */
  externalIdPrefix?: string;
  /** Only instances in this space (or these spaces). */
  space?: string | readonly string[];
  /** Any further filter, AND-ed with the keywords. */
  filter?: Filter;
  /** Cancels the call (rejects with a `CDFError` of kind `aborted`). */
  signal?: AbortSignal;
}

/** `list` options: filter keywords `F`, plus limit (default 25; `null` or -1: all), sort and connections. */
export type ListOptions<F, Fields extends string> = F &
  CommonOptions & {
    limit?: number | null;
    sortBy?: Fields;
    direction?: SortDirection;
    retrieveConnections?: RetrieveConnections;
  };

/** `iterate` options: pages of `chunkSize` (1..1000, default 1000) up to `limit` items, from `cursor`. */
export type IterateOptions<F> = F &
  CommonOptions & {
    chunkSize?: number;
    limit?: number | null;
    cursor?: string | null;
    retrieveConnections?: RetrieveConnections;
  };

/** `search` options: which text properties to match (default all) and the limit (1..1000, default 25). */
export type SearchOptions<F, Text extends string> = F &
  CommonOptions & {
    properties?: Text | readonly Text[];
    limit?: number;
  };

/** `aggregate` options: the property (needed except for count), grouping, a search query, group limit. */
export type AggregateOptions<F, Fields extends string> = F &
  CommonOptions & {
    property?: Fields;
    groupBy?: Fields | readonly Fields[];
    query?: string;
    limit?: number;
  };

/** `retrieve` options. */
export interface RetrieveOptions {
  /** Space of bare external ids (default: the SDK's default instance space). */
  space?: string;
  retrieveConnections?: RetrieveConnections;
  signal?: AbortSignal;
}

/** `upsert` options: `replace` resets the properties a write object leaves out. */
export interface UpsertOptions extends WriteOptions {
  replace?: boolean;
}

const COMMON_OPTIONS = ["externalIdPrefix", "space", "filter", "signal"];
/** The options each method accepts besides the view's filter keywords. */
export const ALLOWED = {
  list: new Set([...COMMON_OPTIONS, "limit", "sortBy", "direction", "retrieveConnections"]),
  iterate: new Set([...COMMON_OPTIONS, "chunkSize", "limit", "cursor", "retrieveConnections"]),
  search: new Set([...COMMON_OPTIONS, "properties", "limit"]),
  aggregate: new Set([...COMMON_OPTIONS, "property", "groupBy", "query", "limit"]),
  histogram: new Set(COMMON_OPTIONS),
};

export type Options = Readonly<Record<string, unknown>>;

function has(obj: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(obj, key);
}

/** The filter of the keywords in `opts` (in spec order, so equal options give equal requests). */
export function keywordFilter(
  compiled: CompiledSpec,
  defaultSpace: string | null,
  opts: Options,
  allowed: ReadonlySet<string>,
  method: string,
): Filter | undefined {
  if (typeof opts !== "object" || opts === null) throw new CDFError("argument", `${method}: options must be an object`);
  const filters = compiled.spec.filters;
  for (const key of Object.keys(opts)) {
    if (opts[key] !== undefined && !allowed.has(key) && !has(filters, key)) {
      throw new CDFError(
        "argument",
        `${method} ${compiled.spec.view.externalId}: unknown option ${JSON.stringify(key)}`,
      );
    }
  }
  const parts: (Filter | { gte?: unknown; lte?: unknown; member: string })[] = [];
  const ranges = new Map<string, { gte?: unknown; lte?: unknown; member: string }>();
  const itype = compiled.spec.instanceType;
  for (const [keyword, entry] of Object.entries(filters)) {
    const value = opts[keyword];
    if (value === undefined || value === null) continue;
    const where = `${method} ${compiled.spec.view.externalId}: ${keyword}`;
    if (entry[0] === "startNode" || entry[0] === "endNode") {
      parts.push(refs(["edge", entry[0]], value, defaultSpace, where, false));
      continue;
    }
    const [op, member] = entry as readonly [FilterOp, string];
    const property = compiled.byMember.get(member);
    if (property === undefined)
      throw new CDFError("config", `${where}: the spec names no property ${JSON.stringify(member)}`);
    const ref = [compiled.spec.view.space, compiled.key, property.id];
    switch (op) {
      case "equals":
        parts.push(
          Array.isArray(value)
            ? Filter.in(
                ref,
                value.map((v: unknown) => toWire(property.kind, v, where)),
              )
            : Filter.equals(ref, toWire(property.kind, value, where)),
        );
        break;
      case "prefix":
        parts.push(Filter.prefix(ref, value));
        break;
      case "min":
      case "max": {
        let range = ranges.get(member);
        if (range === undefined) {
          range = { member };
          ranges.set(member, range);
          parts.push(range);
        }
        range[op === "min" ? "gte" : "lte"] = toWire(property.kind, value, where);
        break;
      }
      case "exists":
        if (typeof value !== "boolean") throw new CDFError("argument", `${where}: expected true or false`);
        parts.push(value ? Filter.exists(ref) : Filter.not(Filter.exists(ref)));
        break;
      case "direct":
        parts.push(refs(ref, value, defaultSpace, where, false));
        break;
      case "containsAny":
        parts.push(refs(ref, value, defaultSpace, where, true));
        break;
    }
  }
  const built = parts.map((part) =>
    part instanceof Filter
      ? part
      : Filter.range([compiled.spec.view.space, compiled.key, compiled.byMember.get(part.member)?.id ?? part.member], {
          ...(part.gte !== undefined ? { gte: part.gte } : {}),
          ...(part.lte !== undefined ? { lte: part.lte } : {}),
        }),
  );
  const xid = opts["externalIdPrefix"];
  if (xid !== undefined) {
    if (typeof xid !== "string") throw new CDFError("argument", `${method}: externalIdPrefix must be a string`);
    built.push(Filter.prefix([itype, "externalId"], xid));
  }
  const space = opts["space"];
  if (space !== undefined) {
    if (typeof space === "string") built.push(Filter.equals([itype, "space"], space));
    else if (Array.isArray(space) && space.every((s) => typeof s === "string"))
      built.push(Filter.in([itype, "space"], space));
    else throw new CDFError("argument", `${method}: space must be a string or an array of strings`);
  }
  const extra = opts["filter"];
  if (extra !== undefined) {
    if (!(extra instanceof Filter)) throw new CDFError("argument", `${method}: filter must be a Filter`);
    built.push(extra);
  }
  return andAll(...built);
}

function refs(
  ref: readonly string[],
  value: unknown,
  defaultSpace: string | null,
  where: string,
  listed: boolean,
): Filter {
  const single = !Array.isArray(value);
  const ids = (single ? [value] : (value as unknown[])).map((v) => toNodeId(v, defaultSpace, where));
  if (listed) return Filter.containsAny(ref, ids);
  return single ? Filter.equals(ref, ids[0]) : Filter.in(ref, ids);
}
