/** Write objects (plain objects typed by the generated `<View>Write` interfaces) → deduplicated DMS upsert items. */

import { CDFError } from "./errors.js";
import { describe, idString, type NodeId, type NodeRef, toNodeId, viewSource, viewString } from "./ids.js";
import { stringifyJson } from "./json.js";
import { compile, type EdgeConnectionSpec, type ViewSpec } from "./spec.js";
import { toWire } from "./values.js";

/** Base of generated node write interfaces. Only members that are present (not `undefined`) are sent; `null` clears. */
export interface NodeWrite {
  /** Defaults to the SDK's default instance space. */
  space?: string;
  externalId: string;
  /** Fail unless the stored version is lower (0: create only). */
  existingVersion?: number;
  /** The node type; defaults to the view's (`null`: none). */
  nodeType?: NodeId | null;
}

/** Base of generated edge write interfaces; start/end/type/space are filled from the owning node when nested. */
export interface EdgeWrite<S = NodeRef, E = NodeRef> {
  /** Defaults to the owning node's space (or the start node's). */
  space?: string;
  /** Defaults to `{start externalId}:{type externalId}:{end externalId}`. */
  externalId?: string;
  existingVersion?: number;
  edgeType?: NodeId;
  startNode?: S;
  endNode?: E;
}

type WireItem = Record<string, unknown>;

const NODE_BASE = new Set(["space", "externalId", "existingVersion", "nodeType"]);
const EDGE_BASE = new Set(["space", "externalId", "existingVersion", "edgeType", "startNode", "endNode"]);

interface Task {
  readonly spec: ViewSpec | null;
  readonly obj: Record<string, unknown>;
  readonly owner?: NodeId;
  readonly conn?: EdgeConnectionSpec;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

function present(obj: Record<string, unknown>): string[] {
  return Object.keys(obj).filter((key) => obj[key] !== undefined);
}

/** Plain id objects (`{space?, externalId}` only) and read objects (`instanceType`) are references, not writes. */
function isReference(value: Record<string, unknown>): boolean {
  return "instanceType" in value || present(value).every((key) => key === "space" || key === "externalId");
}

class Flattener {
  readonly items = new Map<string, WireItem>();
  readonly texts = new Map<string, string>();
  readonly origin = new Map<string, unknown>();
  readonly stack: Task[] = [];

  constructor(readonly defaultSpace: string | null) {}

  run(spec: ViewSpec, roots: readonly unknown[]): WireItem[] {
    const view = viewString(spec.view);
    if (!spec.writable) throw new CDFError("argument", `upsert: the view ${view} is read-only`);
    roots.forEach((root, index) => {
      if (!isObject(root))
        throw new CDFError("argument", `upsert ${view}: item ${index} is ${describe(root)}, not a write object`);
      this.stack.push({ spec, obj: root });
      for (let task = this.stack.pop(); task !== undefined; task = this.stack.pop()) {
        if (task.spec !== null && task.spec.instanceType === "node") this.node(task.spec, task.obj);
        else this.edge(task.spec, task.obj, task.owner, task.conn);
      }
    });
    return [...this.items.values()];
  }

  /** The id of a node reference; a nested write object of `target` is queued for writing too. */
  ref(value: unknown, target: ViewSpec | undefined, what: string): NodeId {
    if (!isObject(value) || isReference(value)) {
      if (isObject(value) && !("instanceType" in value) && value["space"] === undefined) {
        return toNodeId(value["externalId"], this.defaultSpace, what);
      }
      return toNodeId(value, this.defaultSpace, what);
    }
    if (target === undefined) {
      throw new CDFError(
        "argument",
        `${what}: the relation has no target view, so only ids can be given ({space, externalId})`,
      );
    }
    if (!target.writable)
      throw new CDFError("argument", `${what}: the target view ${viewString(target.view)} is read-only; give an id`);
    const id = this.nodeId(value, what);
    this.stack.push({ spec: target, obj: value });
    return id;
  }

  nodeId(obj: Record<string, unknown>, what: string): NodeId {
    const externalId = obj["externalId"];
    if (typeof externalId !== "string" || !externalId)
      throw new CDFError("argument", `${what}: externalId must be a non-empty string`);
    const space = obj["space"] ?? this.defaultSpace;
    if (typeof space !== "string" || !space) {
      throw new CDFError(
        "argument",
        `${what}: ${JSON.stringify(externalId)} has no space and the SDK has no default instance space`,
      );
    }
    return { space, externalId };
  }

  /** The `properties` of `obj` for `spec` (in spec order), checking every present member is known. */
  properties(
    spec: ViewSpec,
    obj: Record<string, unknown>,
    base: ReadonlySet<string>,
    what: string,
  ): Record<string, unknown> {
    const compiled = compile(spec);
    for (const key of present(obj)) {
      if (base.has(key) || compiled.byMember.has(key)) continue;
      const conn = spec.connections[key];
      if (conn?.kind === "edge" && spec.instanceType === "node") continue;
      const reason =
        conn?.kind === "reverse"
          ? "is a reverse relation (read-only)"
          : `is not a property of ${viewString(spec.view)}`;
      throw new CDFError("argument", `${what}: ${JSON.stringify(key)} ${reason}`);
    }
    const props: Record<string, unknown> = {};
    for (const property of compiled.properties) {
      const value = obj[property.member];
      if (value === undefined) continue;
      const where = `${what}.${property.member}`;
      if (property.kind !== "direct" || value === null) {
        props[property.id] = toWire(property.kind, value, where);
        continue;
      }
      const target = property.target?.();
      if (property.list) {
        if (!Array.isArray(value)) throw new CDFError("argument", `${where}: expected an array of node references`);
        props[property.id] = value.map((item: unknown) => this.ref(item, target, where));
      } else {
        props[property.id] = this.ref(value, target, where);
      }
    }
    return props;
  }

  /** Whether `key` is planned already; a different write object with the same id and other content is an error. */
  seen(key: string, obj: unknown): boolean {
    return this.origin.has(key) && this.origin.get(key) === obj;
  }

  add(key: string, obj: unknown, item: WireItem, label: string): void {
    const text = stringifyJson(item);
    const before = this.texts.get(key);
    if (before !== undefined && before !== text) {
      throw new CDFError("argument", `upsert: ${label} is given twice with different content; pass it once`);
    }
    if (before === undefined) {
      this.items.set(key, item);
      this.texts.set(key, text);
      this.origin.set(key, obj);
    }
  }

  node(spec: ViewSpec, obj: Record<string, unknown>): void {
    const what = `upsert ${spec.view.externalId}`;
    const id = this.nodeId(obj, what);
    const key = `node\u0000${id.space}\u0000${id.externalId}`;
    if (this.seen(key, obj)) return;
    this.origin.set(key, obj);
    const label = `node ${idString(id)}`;
    const item: WireItem = { instanceType: "node", space: id.space, externalId: id.externalId };
    const nodeType = obj["nodeType"] === undefined ? spec.nodeType : obj["nodeType"];
    if (nodeType !== null && nodeType !== undefined) item["type"] = toNodeId(nodeType, null, `${label}.nodeType`);
    if (obj["existingVersion"] !== undefined) item["existingVersion"] = obj["existingVersion"];
    item["sources"] = [{ source: viewSource(spec.view), properties: this.properties(spec, obj, NODE_BASE, label) }];
    this.add(key, obj, item, label);
    for (const [member, conn] of compile(spec).connections) {
      if (conn.kind !== "edge") continue;
      const value = obj[member];
      if (value === undefined || value === null) continue;
      if (!conn.single && !Array.isArray(value))
        throw new CDFError("argument", `${label}.${member}: expected an array`);
      const others: readonly unknown[] = conn.single ? [value] : (value as unknown[]);
      for (const other of others) {
        const where = `${label}.${member}`;
        if (
          conn.edgeView !== undefined &&
          isObject(other) &&
          ("startNode" in other || "endNode" in other || "edgeType" in other)
        ) {
          this.stack.push({ spec: conn.edgeView(), obj: other, owner: id, conn });
        } else {
          this.plainEdge(id, conn, this.ref(other, conn.target(), where));
        }
      }
    }
  }

  plainEdge(me: NodeId, conn: EdgeConnectionSpec, other: NodeId): void {
    const [start, end] = conn.direction === "outwards" ? [me, other] : [other, me];
    const externalId = `${start.externalId}:${conn.edgeType.externalId}:${end.externalId}`;
    const key = `edge\u0000${me.space}\u0000${externalId}`;
    if (this.items.has(key)) return;
    const item: WireItem = {
      instanceType: "edge",
      space: me.space,
      externalId,
      type: { space: conn.edgeType.space, externalId: conn.edgeType.externalId },
      startNode: start,
      endNode: end,
    };
    this.add(key, item, item, `edge ${me.space}:${externalId}`);
  }

  edge(
    spec: ViewSpec | null,
    obj: Record<string, unknown>,
    owner: NodeId | undefined,
    conn: EdgeConnectionSpec | undefined,
  ): void {
    const rawType = obj["edgeType"] ?? conn?.edgeType;
    let startRaw = obj["startNode"];
    let endRaw = obj["endNode"];
    if (owner !== undefined && conn !== undefined) {
      if (conn.direction === "outwards") startRaw ??= owner;
      else endRaw ??= owner;
    }
    const label = `edge ${typeof obj["externalId"] === "string" ? obj["externalId"] : "<new edge>"}`;
    if (
      rawType === undefined ||
      startRaw === undefined ||
      startRaw === null ||
      endRaw === undefined ||
      endRaw === null
    ) {
      throw new CDFError("argument", `upsert: ${label}: edgeType, startNode and endNode must all be set`);
    }
    const edgeType = toNodeId(rawType, null, `${label}.edgeType`);
    const target = conn?.target();
    const start = this.ref(startRaw, conn?.direction === "inwards" ? target : undefined, `${label}.startNode`);
    const end = this.ref(endRaw, conn?.direction === "outwards" ? target : undefined, `${label}.endNode`);
    const space = (obj["space"] as string | undefined) ?? owner?.space ?? start.space;
    const externalId =
      (obj["externalId"] as string | undefined) ?? `${start.externalId}:${edgeType.externalId}:${end.externalId}`;
    if (typeof space !== "string" || typeof externalId !== "string" || !externalId) {
      throw new CDFError("argument", `upsert: ${label}: space and externalId must be strings`);
    }
    const key = `edge\u0000${space}\u0000${externalId}`;
    if (this.seen(key, obj)) return;
    this.origin.set(key, obj);
    const item: WireItem = { instanceType: "edge", space, externalId, type: edgeType, startNode: start, endNode: end };
    if (obj["existingVersion"] !== undefined) item["existingVersion"] = obj["existingVersion"];
    if (spec !== null) {
      item["sources"] = [
        {
          source: viewSource(spec.view),
          properties: this.properties(spec, obj, EDGE_BASE, `edge ${space}:${externalId}`),
        },
      ];
    }
    this.add(key, obj, item, `edge ${space}:${externalId}`);
  }
}

/**
 * Every node and edge reachable from `items` (write objects of `spec`'s view) as upsert items, each once:
 * nested write objects in direct relations and edges are written too, as their target view.
 */
export function flatten(spec: ViewSpec, items: readonly unknown[], defaultSpace: string | null): WireItem[] {
  return new Flattener(defaultSpace).run(spec, items);
}
