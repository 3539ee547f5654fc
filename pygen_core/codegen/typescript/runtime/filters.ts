/** Composable DMS filters (`and`/`or`/`not` and every filter of the instances API) and typed property builders. */

import { CDFError } from "./errors.js";
import { type NodeId, type NodeRef, propertyRef, toNodeId, type ViewId, viewSource } from "./ids.js";
import { dateJson, type DateString, genericWire, timestampJson } from "./values.js";

/** A property reference: `["node" | "edge", attribute]`, `[space, "View/version", property]` or `[space, Container, property]`. */
export type PropertyRef = readonly string[];

/** The wire form of a filter: an object with exactly one key. */
export type FilterJSON = Record<string, unknown>;

/** Range bounds (at least one). */
export interface RangeBounds<T> {
  gt?: T;
  gte?: T;
  lt?: T;
  lte?: T;
}

/** A DMS filter. Build with the static factories or the typed property builders; combine with `and`/`or`/`not`. */
export abstract class Filter {
  /** The wire form, e.g. `{equals: {property: [...], value: ...}}`. */
  abstract dump(): FilterJSON;

  /** This filter and all of `others`. */
  and(...others: readonly Filter[]): Filter {
    return Filter.and(this, ...others);
  }

  /** This filter or any of `others`. */
  or(...others: readonly Filter[]): Filter {
    return Filter.or(this, ...others);
  }

  /** The negation of this filter. */
  not(): Filter {
    return Filter.not(this);
  }

  toJSON(): FilterJSON {
    return this.dump();
  }

  /** All of the filters (nested `and`s are flattened). */
  static and(...filters: readonly Filter[]): Filter {
    return new Logical("and", filters);
  }

  /** Any of the filters. */
  static or(...filters: readonly Filter[]): Filter {
    return new Logical("or", filters);
  }

  /** The negation of a filter. */
  static not(filter: Filter): Filter {
    return new Leaf("not", filter.dump());
  }

  /** `property == value` (Dates as ISO timestamps, node-like objects as `{space, externalId}`). */
  static equals(property: PropertyRef, value: unknown): Filter {
    return leaf("equals", { property: [...property], value: genericWire(value) });
  }

  /** `property` is one of `values`. */
  static in(property: PropertyRef, values: readonly unknown[]): Filter {
    return leaf("in", { property: [...property], values: values.map(genericWire) });
  }

  /** `property` within the bounds (at least one of gt, gte, lt, lte). */
  static range(property: PropertyRef, bounds: RangeBounds<unknown>): Filter {
    const body: Record<string, unknown> = { property: [...property] };
    for (const key of ["gt", "gte", "lt", "lte"] as const) {
      const value = bounds[key];
      if (value !== undefined && value !== null) body[key] = genericWire(value);
    }
    if (Object.keys(body).length === 1)
      throw new CDFError("argument", "a range filter needs at least one of gt, gte, lt, lte");
    return leaf("range", body);
  }

  /** `property` starts with `value` (a string, or a list prefix of a list property). */
  static prefix(property: PropertyRef, value: unknown): Filter {
    return leaf("prefix", { property: [...property], value: genericWire(value) });
  }

  /** `property` is set. */
  static exists(property: PropertyRef): Filter {
    return leaf("exists", { property: [...property] });
  }

  /** The list `property` contains at least one of `values`. */
  static containsAny(property: PropertyRef, values: readonly unknown[]): Filter {
    return leaf("containsAny", { property: [...property], values: values.map(genericWire) });
  }

  /** The list `property` contains every one of `values`. */
  static containsAll(property: PropertyRef, values: readonly unknown[]): Filter {
    return leaf("containsAll", { property: [...property], values: values.map(genericWire) });
  }

  /** Every instance. */
  static matchAll(): Filter {
    return leaf("matchAll", {});
  }

  /** Instances with data in every one of the views / containers (`{space, externalId}` = container). */
  static hasData(...sources: readonly (ViewId | NodeId)[]): Filter {
    return new Leaf(
      "hasData",
      sources.map((source) =>
        "version" in source && typeof source.version === "string"
          ? viewSource(source as ViewId)
          : { type: "container", space: source.space, externalId: source.externalId },
      ),
    );
  }

  /** `filter` holds for the node the direct relation `scope` points at. */
  static nested(scope: PropertyRef, filter: Filter): Filter {
    return leaf("nested", { scope: [...scope], filter: filter.dump() });
  }

  /** The range `[startProperty, endProperty]` overlaps the bounds. */
  static overlaps(startProperty: PropertyRef, endProperty: PropertyRef, bounds: RangeBounds<unknown>): Filter {
    const body: Record<string, unknown> = { startProperty: [...startProperty], endProperty: [...endProperty] };
    for (const key of ["gt", "gte", "lt", "lte"] as const) {
      const value = bounds[key];
      if (value !== undefined && value !== null) body[key] = genericWire(value);
    }
    return leaf("overlaps", body);
  }

  /** Exactly these instances. */
  static instanceReferences(ids: readonly NodeId[]): Filter {
    return new Leaf(
      "instanceReferences",
      ids.map((id) => ({ space: id.space, externalId: id.externalId })),
    );
  }

  /** Any filter given in its wire form (the escape hatch; unknown filter names pass through). */
  static raw(data: FilterJSON): Filter {
    if (typeof data !== "object" || data === null || Array.isArray(data) || Object.keys(data).length !== 1) {
      throw new CDFError("argument", "Filter.raw needs an object with exactly one key, e.g. {equals: {...}}");
    }
    return new Leaf(Object.keys(data)[0] as string, Object.values(data)[0]);
  }
}

class Leaf extends Filter {
  readonly #key: string;
  readonly #body: unknown;

  constructor(key: string, body: unknown) {
    super();
    this.#key = key;
    this.#body = body;
  }

  dump(): FilterJSON {
    return { [this.#key]: this.#body };
  }
}

function leaf(key: string, body: Record<string, unknown>): Filter {
  return new Leaf(key, body);
}

class Logical extends Filter {
  readonly key: "and" | "or";
  readonly filters: readonly Filter[];

  constructor(key: "and" | "or", filters: readonly Filter[]) {
    super();
    if (!filters.length) throw new CDFError("argument", `Filter.${key} needs at least one filter`);
    for (const item of filters) {
      if (!(item instanceof Filter)) throw new CDFError("argument", `Filter.${key}: every argument must be a Filter`);
    }
    this.key = key;
    this.filters = filters.flatMap((item) => (item instanceof Logical && item.key === key ? item.filters : [item]));
  }

  dump(): FilterJSON {
    return { [this.key]: this.filters.map((item) => item.dump()) };
  }
}

/** The AND of the given filters, leaving out `undefined` (undefined if none). */
export function andAll(...filters: readonly (Filter | undefined)[]): Filter | undefined {
  const present = filters.filter((item): item is Filter => item !== undefined);
  if (!present.length) return undefined;
  return present.length === 1 ? present[0] : Filter.and(...present);
}

/** A property of a view (or of the instance itself, owner `"node"`/`"edge"`). */
abstract class Prop {
  readonly ref: readonly string[];

  constructor(owner: ViewId | "node" | "edge", identifier: string) {
    this.ref = typeof owner === "string" ? [owner, identifier] : propertyRef(owner, identifier);
  }

  /** The property is set. */
  exists(): Filter {
    return Filter.exists(this.ref);
  }
}

/** Filters on a text (or enum: `TextProp<"a" | "b">`) property. */
export class TextProp<T extends string = string> extends Prop {
  equals(value: T): Filter {
    return Filter.equals(this.ref, value);
  }

  in(values: readonly T[]): Filter {
    return Filter.in(this.ref, values);
  }

  prefix(value: string): Filter {
    return Filter.prefix(this.ref, value);
  }
}

/** Filters on a boolean property. */
export class BoolProp extends Prop {
  equals(value: boolean): Filter {
    return Filter.equals(this.ref, value);
  }
}

/** Filters on a number property; `T` is `number` (int32, float) or `bigint | number` (int64). */
export class NumberProp<T extends number | bigint = number> extends Prop {
  equals(value: T): Filter {
    return Filter.equals(this.ref, value);
  }

  in(values: readonly T[]): Filter {
    return Filter.in(this.ref, values);
  }

  range(bounds: RangeBounds<T>): Filter {
    return Filter.range(this.ref, bounds);
  }
}

/** Filters on a timestamp property (`Date`s are sent with millisecond precision). */
export class TimestampProp extends Prop {
  equals(value: Date | string): Filter {
    return leaf("equals", { property: [...this.ref], value: timestampJson(value, "filter value") });
  }

  range(bounds: RangeBounds<Date | string>): Filter {
    return Filter.range(
      this.ref,
      mapBounds(bounds, (v) => timestampJson(v, "filter value")),
    );
  }
}

/** Filters on a date property (`Date`s become their UTC date). */
export class DateProp extends Prop {
  equals(value: DateString | Date): Filter {
    return leaf("equals", { property: [...this.ref], value: dateJson(value, "filter value") });
  }

  range(bounds: RangeBounds<DateString | Date>): Filter {
    return Filter.range(
      this.ref,
      mapBounds(bounds, (v) => dateJson(v, "filter value")),
    );
  }
}

/** Filters on a direct relation (single or list); node refs are `{space, externalId}`. */
export class DirectProp extends Prop {
  equals(value: NodeId): Filter {
    return Filter.equals(this.ref, this.#id(value));
  }

  in(values: readonly NodeId[]): Filter {
    return Filter.in(
      this.ref,
      values.map((v) => this.#id(v)),
    );
  }

  containsAny(values: readonly NodeId[]): Filter {
    return Filter.containsAny(
      this.ref,
      values.map((v) => this.#id(v)),
    );
  }

  containsAll(values: readonly NodeId[]): Filter {
    return Filter.containsAll(
      this.ref,
      values.map((v) => this.#id(v)),
    );
  }

  #id(value: NodeRef): NodeId {
    return toNodeId(value, null, `filter on ${this.ref.join(".")}`);
  }
}

/** A JSON property: only `exists` is filterable. */
export class JSONProp extends Prop {}

/** Filters on a list property. */
export class ListProp<T = unknown> extends Prop {
  containsAny(values: readonly T[]): Filter {
    return Filter.containsAny(this.ref, values);
  }

  containsAll(values: readonly T[]): Filter {
    return Filter.containsAll(this.ref, values);
  }
}

function mapBounds<T>(bounds: RangeBounds<T>, map: (value: T) => unknown): RangeBounds<unknown> {
  const out: RangeBounds<unknown> = {};
  for (const key of ["gt", "gte", "lt", "lte"] as const) {
    const value = bounds[key];
    if (value !== undefined) out[key] = map(value);
  }
  return out;
}
