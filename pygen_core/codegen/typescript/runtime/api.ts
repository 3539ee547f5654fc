/** The per-view API: list, iterate, retrieve, search, aggregate, histogram, upsert and delete. */

import type { InstanceClient, WriteOptions } from "./client.js";
import { CHUNK } from "./client.js";
import { mapLimited } from "./concurrency.js";
import { CDFError } from "./errors.js";
import { andAll, Filter } from "./filters.js";
import { type InstanceId, type NodeId, type NodeRef, toNodeId, viewSource, viewString } from "./ids.js";
import {
  ALLOWED,
  type AggregateOptions,
  type Aggregation,
  type CommonOptions,
  type IterateOptions,
  keywordFilter,
  type ListOptions,
  type Options,
  type RetrieveOptions,
  type SearchOptions,
  type UpsertOptions,
} from "./options.js";
import { bigOf, isBig, type Parsed, unmarkDeep, withExact } from "./json.js";
import { loadConnections, type RetrieveConnections } from "./query.js";
import {
  type AggregateGroup,
  type AggregateResult,
  type DeleteResult,
  type HistogramBucket,
  type Page,
  responseItems,
  type UpsertResult,
} from "./results.js";
import { compile, type CompiledSpec, propertyIdOf, type ViewSpec } from "./spec.js";
import { decodeInstance, hasViewData } from "./values.js";
import { flatten } from "./write.js";

/** How many items `list` returns when no `limit` is given. */
export const DEFAULT_LIMIT = 25;
const PAGE = 1000;
const SEARCH_MAX = 1000;
const LIST_PATH = "/models/instances/list";

const META = new Set(["externalId", "space", "version", "createdTime", "lastUpdatedTime"]);
const AGGREGATIONS = new Set(["count", "sum", "avg", "min", "max"]);

/** A controller aborted with `signal`, and a function that stops listening to `signal` (call it when done). */
function linked(signal: AbortSignal | undefined): [AbortController, () => void] {
  const controller = new AbortController();
  if (signal === undefined) return [controller, () => undefined];
  if (signal.aborted) controller.abort();
  const onAbort = (): void => controller.abort();
  signal.addEventListener("abort", onAbort, { once: true });
  return [controller, () => signal.removeEventListener("abort", onAbort)];
}

/**
 * The API of one view. Generated code binds its types: `T` read objects, `W` write objects (`never` for
 * read-only views), `F` filter keywords, `Fields` sortable/aggregatable members, `Text` searchable members.
 */
export class ViewAPI<T, W, F, Fields extends string, Text extends string = never> {
  readonly client: InstanceClient;
  readonly spec: ViewSpec;
  #compiled: CompiledSpec | undefined;

  constructor(client: InstanceClient, spec: ViewSpec) {
    this.client = client;
    this.spec = spec;
  }

  get #c(): CompiledSpec {
    this.#compiled ??= compile(this.spec);
    return this.#compiled;
  }

  toJSON(): Record<string, unknown> {
    return { view: viewString(this.spec.view) };
  }

  /** Items matching the filter keywords, sorted by `sortBy`; `limit` defaults to 25 (`null` or -1: all). */
  async list(options: ListOptions<F, Fields> = {} as ListOptions<F, Fields>): Promise<T[]> {
    const opts = options as Options;
    const flt = keywordFilter(this.#c, this.client.defaultSpace, opts, ALLOWED.list, "list");
    const sort = this.#sort(opts["sortBy"], opts["direction"]);
    const limit = opts["limit"] === undefined ? DEFAULT_LIMIT : (opts["limit"] as number | null);
    const out: T[] = [];
    for await (const page of this.#pages(
      flt,
      PAGE,
      limit,
      null,
      sort,
      this.#mode(opts),
      opts["signal"] as AbortSignal | undefined,
    )) {
      for (const item of page.items) out.push(item);
    }
    return out;
  }

  /**
   * Pages of matching items, fetched one ahead while you work on the current one. Each page's `cursor`
   * resumes the iteration later: `iterate({...sameFilters, cursor})`.
   */
  async *iterate(options: IterateOptions<F> = {} as IterateOptions<F>): AsyncGenerator<Page<T>, void, undefined> {
    const opts = options as Options;
    const flt = keywordFilter(this.#c, this.client.defaultSpace, opts, ALLOWED.iterate, "iterate");
    const chunkSize = opts["chunkSize"] === undefined ? PAGE : (opts["chunkSize"] as number);
    if (!Number.isInteger(chunkSize) || chunkSize < 1 || chunkSize > PAGE) {
      throw new CDFError(
        "argument",
        `iterate: chunkSize must be an integer between 1 and ${PAGE} (got ${String(chunkSize)})`,
      );
    }
    const limit = (opts["limit"] as number | null | undefined) ?? null;
    const cursor = (opts["cursor"] as string | null | undefined) ?? null;
    yield* this.#pages(
      flt,
      chunkSize,
      limit,
      cursor,
      undefined,
      this.#mode(opts),
      opts["signal"] as AbortSignal | undefined,
    );
  }

  /** One item by id (undefined if missing), or several (missing ones left out, order kept). */
  retrieve(id: NodeRef, options?: RetrieveOptions): Promise<T | undefined>;
  retrieve(ids: readonly NodeRef[], options?: RetrieveOptions): Promise<T[]>;
  async retrieve(ids: NodeRef | readonly NodeRef[], options: RetrieveOptions = {}): Promise<T | T[] | undefined> {
    const single = !Array.isArray(ids);
    const list: readonly unknown[] = single ? [ids] : (ids as readonly unknown[]);
    const what = `retrieve ${viewString(this.spec.view)}`;
    const defaultSpace = options.space ?? this.client.defaultSpace;
    const unique = new Map<string, NodeId>();
    for (const value of list) {
      const id = toNodeId(value, defaultSpace, what);
      unique.set(`${id.space}\u0000${id.externalId}`, id);
    }
    const itype = this.spec.instanceType;
    const chunks: NodeId[][] = [];
    const all = [...unique.values()];
    for (let i = 0; i < all.length; i += CHUNK) chunks.push(all.slice(i, i + CHUNK));
    const found = new Map<string, Record<string, unknown>>();
    const pages = await mapLimited(chunks, this.client.limiters.read, async (chunk) => {
      const body = {
        items: chunk.map((id) => ({ instanceType: itype, space: id.space, externalId: id.externalId })),
        sources: [{ source: viewSource(this.spec.view) }],
      };
      return this.client.http.post("/models/instances/byids", body, { signal: options.signal, fast: true });
    });
    for (const parsed of pages) {
      const decoded = withExact(parsed, (value, exact) =>
        responseItems(value, what)
          .filter((raw) => (raw["instanceType"] ?? itype) === itype && hasViewData(this.#c, raw))
          .map((raw) => decodeInstance(this.#c, raw, exact, what)),
      );
      for (const item of decoded) found.set(`${String(item["space"])}\u0000${String(item["externalId"])}`, item);
    }
    const ordered = [...unique.keys()].flatMap((key) => {
      const item = found.get(key);
      return item === undefined ? [] : [item];
    });
    await this.#connections(ordered, options.retrieveConnections ?? "skip", options.signal);
    if (single) return ordered[0] as T | undefined;
    return ordered as unknown as T[];
  }

  /** Full-text search in the view's text properties (all, or `properties`), narrowed by filter keywords. */
  async search(query?: string, options: SearchOptions<F, Text> = {} as SearchOptions<F, Text>): Promise<T[]> {
    const opts = options as Options;
    const flt = keywordFilter(this.#c, this.client.defaultSpace, opts, ALLOWED.search, "search");
    const limit = (opts["limit"] as number | undefined) ?? DEFAULT_LIMIT;
    if (!Number.isInteger(limit) || limit < 1 || limit > SEARCH_MAX) {
      throw new CDFError(
        "argument",
        `search: limit must be an integer between 1 and ${SEARCH_MAX} (got ${String(limit)})`,
      );
    }
    const body: Record<string, unknown> = {
      view: viewSource(this.spec.view),
      instanceType: this.spec.instanceType,
      limit,
    };
    if (query !== undefined) body["query"] = query;
    const properties = opts["properties"] as string | readonly string[] | undefined;
    if (properties !== undefined) {
      body["properties"] = (typeof properties === "string" ? [properties] : properties).map((name) =>
        propertyIdOf(this.#c, name, "search"),
      );
    }
    if (flt !== undefined) body["filter"] = flt.dump();
    const what = `search ${viewString(this.spec.view)}`;
    const parsed = await this.client.http.post("/models/instances/search", body, {
      signal: opts["signal"] as AbortSignal | undefined,
      fast: true,
    });
    return this.#decodeAll(parsed, what);
  }

  /** `count` (of `property`, default externalId), `sum`, `avg`, `min` or `max` of a property, optionally grouped. */
  async aggregate(
    aggregation: Aggregation,
    options: AggregateOptions<F, Fields> = {} as AggregateOptions<F, Fields>,
  ): Promise<AggregateResult> {
    const opts = options as Options;
    if (!AGGREGATIONS.has(aggregation)) {
      throw new CDFError(
        "argument",
        `aggregate must be one of count, sum, avg, min, max (got ${JSON.stringify(aggregation)})`,
      );
    }
    const flt = keywordFilter(this.#c, this.client.defaultSpace, opts, ALLOWED.aggregate, "aggregate");
    const property = opts["property"] as string | undefined;
    if (property === undefined && aggregation !== "count")
      throw new CDFError("argument", `aggregate ${aggregation} needs a property`);
    const propertyId =
      property === undefined || property === "externalId" ? "externalId" : propertyIdOf(this.#c, property, "aggregate");
    const body = this.#aggregateBody(
      flt,
      opts["query"] as string | undefined,
      (opts["limit"] as number | undefined) ?? DEFAULT_LIMIT,
    );
    body["aggregates"] = [{ [aggregation]: { property: propertyId } }];
    const groupBy = opts["groupBy"] as string | readonly string[] | undefined;
    const groupIds =
      groupBy === undefined
        ? []
        : (typeof groupBy === "string" ? [groupBy] : groupBy).map((name) => propertyIdOf(this.#c, name, "aggregate"));
    if (groupIds.length) body["groupBy"] = groupIds;
    const parsed = await this.client.http.post("/models/instances/aggregate", body, {
      signal: opts["signal"] as AbortSignal | undefined,
    });
    const groups: AggregateGroup[] = [];
    for (const item of responseItems(parsed.value, `aggregate ${viewString(this.spec.view)}`)) {
      const values = item["aggregates"];
      const first =
        Array.isArray(values) && typeof values[0] === "object" && values[0] !== null
          ? (values[0] as Record<string, unknown>)
          : {};
      const group =
        typeof item["group"] === "object" && item["group"] !== null ? (item["group"] as Record<string, unknown>) : {};
      groups.push({ group: unmarkDeep(group) as Record<string, unknown>, value: aggregateValue(first["value"]) });
    }
    let value: number | bigint | null = groupIds.length || !groups.length ? null : (groups[0]?.value ?? null);
    if (value === null && !groupIds.length && aggregation === "count") value = 0;
    return { aggregate: aggregation, property, value, groups: groupIds.length ? groups : [] };
  }

  /** Bucket counts of a number property in steps of `interval`. */
  async histogram(
    property: Fields,
    interval: number,
    options: F & CommonOptions = {} as F & CommonOptions,
  ): Promise<HistogramBucket[]> {
    const opts = options as Options;
    if (!(typeof interval === "number" && interval > 0))
      throw new CDFError("argument", `histogram interval must be positive (got ${String(interval)})`);
    const flt = keywordFilter(this.#c, this.client.defaultSpace, opts, ALLOWED.histogram, "histogram");
    const body = this.#aggregateBody(flt, undefined, undefined);
    body["aggregates"] = [{ histogram: { property: propertyIdOf(this.#c, property, "histogram"), interval } }];
    const what = `histogram ${viewString(this.spec.view)}`;
    const parsed = await this.client.http.post("/models/instances/aggregate", body, {
      signal: opts["signal"] as AbortSignal | undefined,
    });
    const buckets: HistogramBucket[] = [];
    for (const item of responseItems(parsed.value, what)) {
      const aggregates = Array.isArray(item["aggregates"]) ? (item["aggregates"] as Record<string, unknown>[]) : [];
      for (const aggregate of aggregates) {
        const list = Array.isArray(aggregate["buckets"]) ? (aggregate["buckets"] as Record<string, unknown>[]) : [];
        for (const bucket of list) {
          const start = Number(bucket["start"]);
          const count = Number(bucket["count"]);
          if (Number.isNaN(start) || Number.isNaN(count))
            throw new CDFError("response", `${what}: unexpected bucket in the response`);
          buckets.push({ start, count });
        }
      }
    }
    return buckets;
  }

  /**
   * Create or update items (and every nested write object: direct relations and edges, each instance once).
   * Only members that are present are sent; `replace: true` resets the others. A failure of some items
   * throws a `CDFError` of kind `partial` whose `failed` lists them and whose `result` holds the rest.
   */
  async upsert(items: W | readonly W[], options: UpsertOptions = {}): Promise<UpsertResult> {
    const roots: readonly unknown[] = Array.isArray(items) ? items : [items];
    const wire = flatten(this.spec, roots, this.client.defaultSpace);
    const writeOptions: WriteOptions = options.signal ? { signal: options.signal } : {};
    return this.client.upsertItems(wire, options.replace ?? false, writeOptions);
  }

  /** Delete items by id (bare external ids: in `space` or the default space); ids that did not exist are ignored. */
  async delete(
    ids: NodeRef | readonly NodeRef[],
    options: WriteOptions & { space?: string } = {},
  ): Promise<DeleteResult> {
    const list: readonly unknown[] = Array.isArray(ids) ? ids : [ids];
    const defaultSpace = options.space ?? this.client.defaultSpace;
    const instanceIds: InstanceId[] = list.map((value) => ({
      instanceType: this.spec.instanceType,
      ...toNodeId(value, defaultSpace, `delete ${viewString(this.spec.view)}`),
    }));
    const writeOptions: WriteOptions = options.signal ? { signal: options.signal } : {};
    return this.client.deleteIds(instanceIds, writeOptions);
  }

  // ---------------------------------------------------------------------------------------- internals

  #mode(opts: Options): RetrieveConnections {
    const mode = opts["retrieveConnections"] ?? "skip";
    if (mode !== "skip" && mode !== "identifier" && mode !== "full") {
      throw new CDFError(
        "argument",
        `retrieveConnections must be "skip", "identifier" or "full" (got ${JSON.stringify(mode)})`,
      );
    }
    return mode;
  }

  #decodeAll(parsed: Parsed, what: string): T[] {
    const compiled = this.#c;
    return withExact(parsed, (value, exact) => {
      const raws = responseItems(value, what);
      const out = new Array<T>(raws.length);
      for (let i = 0; i < raws.length; i += 1) out[i] = decodeInstance(compiled, raws[i], exact, what) as unknown as T;
      return out;
    });
  }

  async #connections(
    items: readonly Record<string, unknown>[],
    mode: RetrieveConnections,
    signal: AbortSignal | undefined,
  ): Promise<void> {
    if (mode === "skip" || this.spec.instanceType !== "node") return;
    for (let i = 0; i < items.length; i += PAGE) {
      await loadConnections(this.client.http, this.#c, items.slice(i, i + PAGE), mode, signal);
    }
  }

  #aggregateBody(
    flt: Filter | undefined,
    query: string | undefined,
    limit: number | undefined,
  ): Record<string, unknown> {
    const body: Record<string, unknown> = { view: viewSource(this.spec.view), instanceType: this.spec.instanceType };
    if (flt !== undefined) body["filter"] = flt.dump();
    if (query !== undefined) body["query"] = query;
    if (limit !== undefined) body["limit"] = limit;
    return body;
  }

  #sort(sortBy: unknown, direction: unknown): Record<string, unknown>[] | undefined {
    if (sortBy === undefined) return undefined;
    if (typeof sortBy !== "string") throw new CDFError("argument", "list: sortBy must be a member name");
    if (direction !== undefined && direction !== "ascending" && direction !== "descending") {
      throw new CDFError(
        "argument",
        `list: direction must be "ascending" or "descending" (got ${JSON.stringify(direction)})`,
      );
    }
    const itype = this.spec.instanceType;
    const property = META.has(sortBy)
      ? [itype, sortBy]
      : [this.spec.view.space, this.#c.key, propertyIdOf(this.#c, sortBy, "list sortBy")];
    return [{ property, direction: direction ?? "ascending" }];
  }

  async *#pages(
    flt: Filter | undefined,
    chunkSize: number,
    limit: number | null,
    startCursor: string | null,
    sort: Record<string, unknown>[] | undefined,
    mode: RetrieveConnections,
    signal: AbortSignal | undefined,
  ): AsyncGenerator<Page<T>, void, undefined> {
    if (limit !== null && !Number.isInteger(limit))
      throw new CDFError("argument", `limit must be an integer or null (got ${String(limit)})`);
    let remaining = limit === null || limit < 0 ? null : limit;
    const base: Record<string, unknown> = {
      instanceType: this.spec.instanceType,
      sources: [{ source: viewSource(this.spec.view) }],
      filter: (andAll(Filter.hasData(this.spec.view), flt) as Filter).dump(),
    };
    if (sort !== undefined) base["sort"] = sort;
    const what = `list ${viewString(this.spec.view)}`;
    const http = this.client.http;
    const request = (cursor: string | null, size: number, controller?: AbortController): Promise<Parsed> =>
      http.post(LIST_PATH, cursor ? { ...base, limit: size, cursor } : { ...base, limit: size }, {
        signal: controller ? controller.signal : signal,
        fast: true,
      });
    const seen = new Set<string>();
    let cursor = startCursor;
    let ahead: { cursor: string; size: number; controller: AbortController; response: Promise<Parsed> } | undefined;
    try {
      while (remaining === null || remaining > 0) {
        const size = remaining === null ? chunkSize : Math.min(chunkSize, remaining);
        let parsed: Parsed;
        if (ahead !== undefined && ahead.cursor === cursor && ahead.size === size) {
          parsed = await ahead.response;
        } else {
          ahead?.controller.abort();
          parsed = await request(cursor, size);
        }
        ahead = undefined;
        const rawCursor = (parsed.value as { nextCursor?: unknown }).nextCursor;
        const next = typeof rawCursor === "string" && rawCursor ? rawCursor : null;
        const items = this.#decodeAll(parsed, what);
        const left = remaining === null ? null : remaining - items.length;
        if (next !== null && items.length && !seen.has(next) && next !== cursor && (left === null || left > 0)) {
          const [controller, release] = linked(signal);
          const nextSize = left === null ? chunkSize : Math.min(chunkSize, left);
          const response = request(next, nextSize, controller);
          // Awaited (and its error surfaced) only if the caller asks for the next page.
          response.then(release, release).catch(() => undefined);
          ahead = { cursor: next, size: nextSize, controller, response };
        }
        await this.#connections(items as unknown as Record<string, unknown>[], mode, signal);
        remaining = left;
        yield { items, cursor: next };
        if (next === null || !items.length) return;
        if (seen.has(next))
          throw new CDFError("response", `${what}: the server returned the same cursor twice; stopping`);
        seen.add(next);
        cursor = next;
      }
    } finally {
      ahead?.controller.abort();
    }
  }
}

function aggregateValue(value: unknown): number | bigint | null {
  if (typeof value === "number") return value;
  if (isBig(value)) return bigOf(value);
  return null;
}
