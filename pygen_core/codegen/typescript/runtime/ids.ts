/** Identifiers of views, nodes and edges, and how loose references become ids. */

import { CDFError } from "./errors.js";

/** `space:externalId/version` of a view. */
export interface ViewId {
  readonly space: string;
  readonly externalId: string;
  readonly version: string;
}

/** A node (read objects of node views are NodeIds too: they carry `space` and `externalId`). */
export interface NodeId {
  readonly space: string;
  readonly externalId: string;
}

/** An edge. */
export interface EdgeId {
  readonly space: string;
  readonly externalId: string;
}

export type InstanceType = "node" | "edge";

/** A node or an edge, with its instance type: what delete results and failures report. */
export interface InstanceId {
  readonly instanceType: InstanceType;
  readonly space: string;
  readonly externalId: string;
}

/** A node given loosely: a `NodeId` (or any object with `space` and `externalId`), or a bare external id
 * (in the SDK's default instance space, or the `space` option of the call). */
export type NodeRef = string | NodeId;

/** `"externalId/version"`: the key of a view's properties in a read instance. */
export function viewKey(view: ViewId): string {
  return `${view.externalId}/${view.version}`;
}

/** A filter/sort property reference `[space, "externalId/version", identifier]`. */
export function propertyRef(view: ViewId, identifier: string): string[] {
  return [view.space, viewKey(view), identifier];
}

/** The wire form of a view as a source reference. */
export function viewSource(view: ViewId): { type: "view"; space: string; externalId: string; version: string } {
  return { type: "view", space: view.space, externalId: view.externalId, version: view.version };
}

/** `space:externalId/version`. */
export function viewString(view: ViewId): string {
  return `${view.space}:${view.externalId}/${view.version}`;
}

function isIdLike(value: unknown): value is NodeId {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as { space?: unknown; externalId?: unknown };
  return typeof candidate.space === "string" && typeof candidate.externalId === "string";
}

/** `{space, externalId}` of a reference; a bare string needs `defaultSpace`. Extra keys are dropped. */
export function toNodeId(value: unknown, defaultSpace: string | null | undefined, what: string): NodeId {
  if (typeof value === "string") {
    if (!defaultSpace) {
      throw new CDFError(
        "argument",
        `${what}: ${JSON.stringify(value)} is a bare external id but there is no default instance space; ` +
          "pass {space, externalId}",
      );
    }
    return { space: defaultSpace, externalId: value };
  }
  if (isIdLike(value)) return { space: value.space, externalId: value.externalId };
  throw new CDFError("argument", `${what}: expected {space, externalId} or a string, got ${describe(value)}`);
}

/** A short description of a value's type for error messages (never its content). */
export function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (value instanceof Date) return "a Date";
  return typeof value === "object" ? "an object without string space/externalId" : `a ${typeof value}`;
}

/** `space:externalId`, for messages. */
export function idString(id: NodeId): string {
  return `${id.space}:${id.externalId}`;
}
