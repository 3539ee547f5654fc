/** Load the connections of read objects (direct, reverse direct, edges) with `/models/instances/query`. */

import { CDFError } from "./errors.js";
import type { HTTPClient } from "./http.js";
import { viewKey, viewSource, viewString } from "./ids.js";
import { compile, type CompiledSpec, type ViewSpec } from "./spec.js";
import { decodeInstance, hasViewData } from "./values.js";

/** What to load with read objects: nothing, ids of connected nodes, or the connected read objects. */
export type RetrieveConnections = "skip" | "identifier" | "full";

const CHILD_LIMIT = 10_000;
const MAX_ROUNDS = 1000;

type Raw = Record<string, unknown>;
type Item = Record<string, unknown>;

function keyOf(space: unknown, externalId: unknown): string | undefined {
  return typeof space === "string" && typeof externalId === "string" ? `${space}\u0000${externalId}` : undefined;
}

function refKey(ref: unknown): string | undefined {
  if (typeof ref !== "object" || ref === null) return undefined;
  const r = ref as { space?: unknown; externalId?: unknown };
  return keyOf(r.space, r.externalId);
}

function idOf(ref: unknown): { space: string; externalId: string } {
  const r = ref as { space: string; externalId: string };
  return { space: r.space, externalId: r.externalId };
}

function idsFilter(items: readonly Item[]): Raw {
  const bySpace = new Map<string, string[]>();
  for (const item of items) {
    const space = item["space"] as string;
    const list = bySpace.get(space) ?? [];
    if (!list.includes(item["externalId"] as string)) list.push(item["externalId"] as string);
    bySpace.set(space, list);
  }
  const parts = [...bySpace.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([space, xids]) => ({
      and: [
        { equals: { property: ["node", "space"], value: space } },
        { in: { property: ["node", "externalId"], values: xids } },
      ],
    }));
  return parts.length === 1 ? (parts[0] as Raw) : { or: parts };
}

/** Run the query, following every result set's cursor (re-reading its dependents) to the end. */
async function run(
  http: HTTPClient,
  withSets: Raw,
  select: Raw,
  what: string,
  signal: AbortSignal | undefined,
): Promise<Map<string, Raw[]>> {
  const children = new Map<string, string[]>();
  const parents = new Map<string, string>();
  for (const [name, expr] of Object.entries(withSets)) {
    const inner = Object.values(expr as Raw)[0] as { from?: string } | undefined;
    if (inner?.from !== undefined) {
      children.set(inner.from, [...(children.get(inner.from) ?? []), name]);
      parents.set(name, inner.from);
    }
  }
  const collected = new Map<string, Map<string, Raw>>(Object.keys(select).map((name) => [name, new Map()]));
  let cursors: Record<string, string> = {};
  let wanted = new Set(Object.keys(select));
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    const body: Raw = { with: withSets, select };
    if (Object.keys(cursors).length) body["cursors"] = cursors;
    const response = await http.post("/models/instances/query", body, { signal });
    const value = response.value as { items?: Record<string, unknown>; nextCursor?: Record<string, unknown> };
    const items = value.items ?? {};
    for (const name of wanted) {
      const found = items[name];
      if (found === undefined) continue;
      if (!Array.isArray(found)) throw new CDFError("response", `${what}: result set ${name} is not a list`);
      const into = collected.get(name);
      for (const item of found as Raw[]) {
        const key = `${String(item["instanceType"])}\u0000${String(item["space"])}\u0000${String(item["externalId"])}`;
        if (into !== undefined && !into.has(key)) into.set(key, item);
      }
    }
    const next: Record<string, string> = {};
    for (const [name, cursor] of Object.entries(value.nextCursor ?? {})) {
      if (typeof cursor === "string" && cursor && name !== "root" && wanted.has(name)) next[name] = cursor;
    }
    const paging = new Set(Object.keys(next));
    cursors = {};
    for (const [name, cursor] of Object.entries(next)) {
      // A set whose ancestor is paged restarts with that ancestor's next page.
      let parent = parents.get(name);
      let underPaged = false;
      while (parent !== undefined) {
        if (paging.has(parent)) underPaged = true;
        parent = parents.get(parent);
      }
      if (!underPaged) cursors[name] = cursor;
    }
    if (!Object.keys(cursors).length) {
      const sets = new Map<string, Raw[]>();
      for (const [name, found] of collected) sets.set(name, [...found.values()]);
      return sets;
    }
    wanted = new Set();
    const stack = Object.keys(cursors);
    for (let name = stack.pop(); name !== undefined; name = stack.pop()) {
      if (name in select && !wanted.has(name)) {
        wanted.add(name);
        stack.push(...(children.get(name) ?? []));
      }
    }
  }
  throw new CDFError("response", `${what}: too many pages`);
}

// Query responses are parsed exactly (HTTPClient's default), so their instances use the exact decoders.
function decodedByKey(spec: ViewSpec, raws: readonly Raw[], what: string): Map<string, Item> {
  const compiled = compile(spec);
  const out = new Map<string, Item>();
  for (const raw of raws) {
    const key = keyOf(raw["space"], raw["externalId"]);
    if (key !== undefined && hasViewData(compiled, raw)) out.set(key, decodeInstance(compiled, raw, true, what));
  }
  return out;
}

/** Fill the connection members of `items` (read objects of `compiled`'s view) in place. */
export async function loadConnections(
  http: HTTPClient,
  compiled: CompiledSpec,
  items: readonly Item[],
  mode: RetrieveConnections,
  signal: AbortSignal | undefined,
): Promise<void> {
  if (mode === "skip" || !items.length) return;
  const spec = compiled.spec;
  const full = mode === "full";
  const what = `connections of ${viewString(spec.view)}`;
  const withSets: Raw = { root: { nodes: { filter: idsFilter(items) }, limit: items.length } };
  const select: Raw = {};
  const plan: (() => void)[] = [];
  let index = 0;
  const directs = compiled.properties.filter((property) => property.kind === "direct" && property.target !== undefined);
  const members = [...directs.map((p) => [p.member, p] as const), ...compiled.connections].sort(([a], [b]) =>
    a < b ? -1 : a > b ? 1 : 0,
  );
  let results = new Map<string, Raw[]>();
  for (const [member, entry] of members) {
    const set = `c${index}`;
    index += 1;
    if ("id" in entry) {
      if (!full || entry.target === undefined) continue;
      const target = entry.target();
      withSets[set] = {
        nodes: {
          from: "root",
          through: { source: viewSource(spec.view), identifier: entry.id },
          direction: "outwards",
        },
        limit: CHILD_LIMIT,
      };
      select[set] = { sources: [{ source: viewSource(target.view), properties: ["*"] }] };
      plan.push(() => {
        const objects = decodedByKey(target, results.get(set) ?? [], what);
        for (const item of items) {
          const value = item[member];
          if (Array.isArray(value)) item[member] = value.map((ref: unknown) => objects.get(refKey(ref) ?? "") ?? ref);
          else if (value !== null && value !== undefined) item[member] = objects.get(refKey(value) ?? "") ?? value;
        }
      });
    } else if (entry.kind === "reverse") {
      const through = entry.through;
      const sources: Raw[] = [{ source: viewSource(through), properties: ["*"] }];
      const target = entry.target();
      if (full && viewString(target.view) !== viewString(through))
        sources.push({ source: viewSource(target.view), properties: ["*"] });
      withSets[set] = {
        nodes: {
          from: "root",
          through: { source: viewSource(through), identifier: entry.identifier },
          direction: "inwards",
        },
        limit: CHILD_LIMIT,
      };
      select[set] = { sources };
      plan.push(() => {
        const found = results.get(set) ?? [];
        const objects = full ? decodedByKey(target, found, what) : new Map<string, Item>();
        const pointing = new Map<string, unknown[]>();
        const throughKey = viewKey(through);
        for (const raw of found) {
          const props = (raw["properties"] as Record<string, Record<string, Raw>> | undefined)?.[through.space]?.[
            throughKey
          ];
          const value = props?.[entry.identifier];
          const key = keyOf(raw["space"], raw["externalId"]);
          if (key === undefined) continue;
          const source = objects.get(key) ?? idOf(raw);
          for (const ref of Array.isArray(value) ? value : [value]) {
            const to = refKey(ref);
            if (to === undefined) continue;
            const list = pointing.get(to);
            if (list === undefined) pointing.set(to, [source]);
            else list.push(source);
          }
        }
        for (const item of items) {
          const sources = pointing.get(keyOf(item["space"], item["externalId"]) ?? "") ?? [];
          item[member] = entry.single ? (sources[0] ?? null) : sources;
        }
      });
    } else {
      const conn = entry;
      withSets[set] = {
        edges: {
          from: "root",
          direction: conn.direction,
          maxDistance: 1,
          filter: {
            equals: {
              property: ["edge", "type"],
              value: { space: conn.edgeType.space, externalId: conn.edgeType.externalId },
            },
          },
        },
        limit: CHILD_LIMIT,
      };
      const edgeSpec = conn.edgeView?.();
      select[set] = edgeSpec ? { sources: [{ source: viewSource(edgeSpec.view), properties: ["*"] }] } : {};
      const target = conn.target();
      if (full) {
        withSets[`${set}n`] = { nodes: { from: set }, limit: CHILD_LIMIT };
        select[`${set}n`] = { sources: [{ source: viewSource(target.view), properties: ["*"] }] };
      }
      plan.push(() => {
        const objects = full ? decodedByKey(target, results.get(`${set}n`) ?? [], what) : new Map<string, Item>();
        const outwards = conn.direction === "outwards";
        const edgeCompiled = edgeSpec ? compile(edgeSpec) : undefined;
        const byRoot = new Map<string, unknown[]>();
        for (const edge of results.get(set) ?? []) {
          const mine = refKey(edge[outwards ? "startNode" : "endNode"]);
          const otherRef = edge[outwards ? "endNode" : "startNode"];
          const otherKey = refKey(otherRef);
          if (mine === undefined || otherKey === undefined) continue;
          const other = objects.get(otherKey) ?? idOf(otherRef);
          let value: unknown = other;
          if (edgeCompiled !== undefined) {
            const decoded = decodeInstance(edgeCompiled, edge, true, what);
            decoded[outwards ? "endNode" : "startNode"] = other;
            value = decoded;
          }
          const list = byRoot.get(mine);
          if (list === undefined) byRoot.set(mine, [value]);
          else list.push(value);
        }
        for (const item of items) {
          const values = byRoot.get(keyOf(item["space"], item["externalId"]) ?? "") ?? [];
          item[member] = conn.single ? (values[0] ?? null) : values;
        }
      });
    }
  }
  if (Object.keys(select).length) results = await run(http, withSets, select, what, signal);
  for (const fill of plan) fill();
}
