/**
 * The per-view spec table generated code provides (see README.md), and what the runtime derives from it
 * once per view: member ↔ property id maps and the value decoders.
 */

import { CDFError } from "./errors.js";
import type { InstanceType, NodeId, ViewId } from "./ids.js";
import { BIG_MARK, bigOf, hasUnsafe, isBig, UNSAFE, unmarkDeep } from "./json.js";

/** DMS property types as the runtime handles them. */
export type PropertyKind =
  | "text"
  | "boolean"
  | "int32"
  | "int64"
  | "float32"
  | "float64"
  | "timestamp"
  | "date"
  | "json"
  | "direct"
  | "enum"
  | "timeseries"
  | "file"
  | "sequence";

/** A mapped property: its CDF identifier, type and list-ness; direct relations may name a target view. */
export interface PropertySpec {
  readonly id: string;
  readonly kind: PropertyKind;
  readonly list?: boolean;
  /** Direct relations: the spec of the source view (a thunk, so modules may refer to each other). */
  readonly target?: () => ViewSpec;
}

/** Edges of `edgeType` leaving (`outwards`) or reaching (`inwards`) the node. */
export interface EdgeConnectionSpec {
  readonly kind: "edge";
  readonly edgeType: NodeId;
  readonly direction: "outwards" | "inwards";
  readonly target: () => ViewSpec;
  readonly single?: boolean;
  /** The edge's own view when the edges carry properties. */
  readonly edgeView?: () => ViewSpec;
}

/** Nodes of `through` whose direct relation `identifier` points at this node (read-only). */
export interface ReverseConnectionSpec {
  readonly kind: "reverse";
  readonly through: ViewId;
  readonly identifier: string;
  readonly target: () => ViewSpec;
  readonly single?: boolean;
}

export type ConnectionSpec = EdgeConnectionSpec | ReverseConnectionSpec;

/**
 * What a filter keyword of `list`/`iterate`/`search`/`aggregate`/`histogram` does with its value:
 * `equals` (a scalar → equals, an array → in), `prefix`, `min`/`max` (range gte/lte), `exists` (true →
 * exists, false → not exists), `direct` (node refs → equals/in), `containsAny` (node refs of a list relation),
 * each on the named member; `startNode`/`endNode` filter an edge view's endpoints.
 */
export type FilterOp = "equals" | "prefix" | "min" | "max" | "exists" | "direct" | "containsAny";
export type FilterSpec = readonly [op: FilterOp, member: string] | readonly [op: "startNode" | "endNode"];

/** Everything the runtime needs to know about one view; generated once per view. */
export interface ViewSpec {
  readonly view: ViewId;
  readonly instanceType: InstanceType;
  /** False for views CDF marks read-only: their API cannot upsert. */
  readonly writable: boolean;
  /** The node type written by default (views whose filter is `equals(["node", "type"], ...)`). */
  readonly nodeType?: NodeId;
  /** camelCase member → mapped property (direct relations included). */
  readonly properties: Readonly<Record<string, PropertySpec>>;
  /** camelCase member → edge or reverse direct relation. */
  readonly connections: Readonly<Record<string, ConnectionSpec>>;
  /** filter keyword → what it filters. */
  readonly filters: Readonly<Record<string, FilterSpec>>;
}

type Decoder = ((value: unknown) => unknown) | null;

/** One mapped property, ready for decoding. */
export interface CompiledProperty {
  readonly member: string;
  readonly id: string;
  readonly kind: PropertyKind;
  readonly list: boolean;
  /** Decoder of fast-parsed values (null: keep the value); throws UNSAFE when digits may be lost. */
  readonly decode: Decoder;
  /** Decoder of exactly parsed values (marked big integers). */
  readonly decodeExact: Decoder;
  readonly target: (() => ViewSpec) | undefined;
}

/** What the runtime derives from a {@link ViewSpec} (once per spec). */
export interface CompiledSpec {
  readonly spec: ViewSpec;
  readonly key: string;
  readonly properties: readonly CompiledProperty[];
  /** The properties whose fast decoder is not the identity. */
  readonly converted: readonly CompiledProperty[];
  /** Every member is named as its property: read objects can copy the property bag as it is. */
  readonly sameNames: boolean;
  readonly byMember: ReadonlyMap<string, CompiledProperty>;
  readonly byId: ReadonlyMap<string, CompiledProperty>;
  readonly connections: readonly (readonly [string, ConnectionSpec])[];
}

const unsafe = (): never => {
  throw UNSAFE;
};
const toDate = (value: unknown): unknown =>
  typeof value === "string" || typeof value === "number" ? new Date(value) : value;
const toBigInt = (value: unknown): unknown => {
  if (typeof value === "number") return Number.isSafeInteger(value) ? BigInt(value) : unsafe();
  if (typeof value === "string" && /^-?\d+$/.test(value)) return BigInt(value);
  return value;
};
const toBigIntExact = (value: unknown): unknown => {
  if (typeof value === "number" && Number.isInteger(value)) return BigInt(value);
  if (isBig(value)) return bigOf(value);
  if (typeof value === "string" && /^-?\d+$/.test(value)) return BigInt(value);
  return value;
};
const checkJson = (value: unknown): unknown => (typeof value !== "string" && hasUnsafe(value) ? unsafe() : value);
const bigToNumber = (value: unknown): unknown => (isBig(value) ? Number(value.slice(BIG_MARK.length)) : value);

function scalarDecoders(kind: PropertyKind): [Decoder, Decoder] {
  switch (kind) {
    case "timestamp":
      return [toDate, toDate];
    case "int64":
      return [toBigInt, toBigIntExact];
    case "float32":
    case "float64":
    case "int32":
      return [null, bigToNumber];
    case "json":
      return [checkJson, unmarkDeep];
    default:
      return [null, null];
  }
}

function listOf(decode: Decoder): Decoder {
  if (decode === null) return null;
  return (value: unknown) =>
    Array.isArray(value) ? value.map((item: unknown) => (item === null ? item : decode(item))) : decode(value);
}

const compiled = new WeakMap<ViewSpec, CompiledSpec>();

/** The compiled form of `spec` (cached). */
export function compile(spec: ViewSpec): CompiledSpec {
  let found = compiled.get(spec);
  if (found !== undefined) return found;
  const properties: CompiledProperty[] = [];
  const byMember = new Map<string, CompiledProperty>();
  const byId = new Map<string, CompiledProperty>();
  for (const [member, property] of Object.entries(spec.properties)) {
    const list = property.list === true;
    const [decode, decodeExact] = scalarDecoders(property.kind);
    const entry: CompiledProperty = {
      member,
      id: property.id,
      kind: property.kind,
      list,
      decode: list && property.kind !== "json" ? listOf(decode) : decode,
      decodeExact: list && property.kind !== "json" ? listOf(decodeExact) : decodeExact,
      target: property.target,
    };
    properties.push(entry);
    byMember.set(member, entry);
    byId.set(property.id, entry);
  }
  found = {
    spec,
    key: `${spec.view.externalId}/${spec.view.version}`,
    properties,
    converted: properties.filter((property) => property.decode !== null),
    sameNames: properties.every((property) => property.member === property.id),
    byMember,
    byId,
    connections: Object.entries(spec.connections),
  };
  compiled.set(spec, found);
  return found;
}

/** The CDF identifier of a member (or of a property id given as is); `externalId` and friends pass. */
export function propertyIdOf(compiledSpec: CompiledSpec, name: string, what: string): string {
  const byMember = compiledSpec.byMember.get(name);
  if (byMember !== undefined) return byMember.id;
  if (compiledSpec.byId.has(name)) return name;
  const view = compiledSpec.spec.view;
  throw new CDFError("argument", `${what}: the view ${view.externalId} has no property ${JSON.stringify(name)}`);
}
