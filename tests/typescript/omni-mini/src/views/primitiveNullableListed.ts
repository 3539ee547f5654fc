/** The view sp_pygen_models:PrimitiveNullableListed/1: read and write types, filter keywords, spec. */

import {
  type DateString,
  ListProp,
  type NodeRead,
  type NodeWrite,
  type ViewAPI,
  type ViewSpec,
} from "../_runtime/index.js";

/** PrimitiveNullableListed (sp_pygen_models:PrimitiveNullableListed/1), as read. */
export interface PrimitiveNullableListed extends NodeRead {
  boolean?: boolean[] | null;
  date?: DateString[] | null;
  float32?: number[] | null;
  float64?: number[] | null;
  int32?: number[] | null;
  int64?: bigint[] | null;
  json?: unknown[] | null;
  text?: string[] | null;
  timestamp?: Date[] | null;
}

/** PrimitiveNullableListed, to write (members left out are not sent; `null` clears). */
export interface PrimitiveNullableListedWrite extends NodeWrite {
  boolean?: boolean[] | null;
  date?: (DateString | Date)[] | null;
  float32?: number[] | null;
  float64?: number[] | null;
  int32?: number[] | null;
  int64?: (bigint | number)[] | null;
  json?: unknown[] | null;
  text?: string[] | null;
  timestamp?: (Date | string)[] | null;
}

/** Filter keywords of PrimitiveNullableListed. */
export interface PrimitiveNullableListedFilters {
  booleanExists?: boolean;
  dateExists?: boolean;
  float32Exists?: boolean;
  float64Exists?: boolean;
  int32Exists?: boolean;
  int64Exists?: boolean;
  jsonExists?: boolean;
  textExists?: boolean;
  timestampExists?: boolean;
}

/** Members to sort, aggregate and group by. */
export type PrimitiveNullableListedFields =
  "externalId" | "boolean" | "date" | "float32" | "float64" | "int32" | "int64" | "json" | "text" | "timestamp";

export const PrimitiveNullableListedView: ViewSpec = {
  view: { space: "sp_pygen_models", externalId: "PrimitiveNullableListed", version: "1" },
  instanceType: "node",
  writable: true,
  properties: {
    boolean: { id: "boolean", kind: "boolean", list: true },
    date: { id: "date", kind: "date", list: true },
    float32: { id: "float32", kind: "float32", list: true },
    float64: { id: "float64", kind: "float64", list: true },
    int32: { id: "int32", kind: "int32", list: true },
    int64: { id: "int64", kind: "int64", list: true },
    json: { id: "json", kind: "json", list: true },
    text: { id: "text", kind: "text", list: true },
    timestamp: { id: "timestamp", kind: "timestamp", list: true },
  },
  connections: {},
  filters: {
    booleanExists: ["exists", "boolean"],
    dateExists: ["exists", "date"],
    float32Exists: ["exists", "float32"],
    float64Exists: ["exists", "float64"],
    int32Exists: ["exists", "int32"],
    int64Exists: ["exists", "int64"],
    jsonExists: ["exists", "json"],
    textExists: ["exists", "text"],
    timestampExists: ["exists", "timestamp"],
  },
};

/** Typed filter builders of PrimitiveNullableListed. */
export const PrimitiveNullableListedFilter = {
  boolean: new ListProp<boolean>(PrimitiveNullableListedView.view, "boolean"),
  date: new ListProp<DateString>(PrimitiveNullableListedView.view, "date"),
  float32: new ListProp<number>(PrimitiveNullableListedView.view, "float32"),
  float64: new ListProp<number>(PrimitiveNullableListedView.view, "float64"),
  int32: new ListProp<number>(PrimitiveNullableListedView.view, "int32"),
  int64: new ListProp<bigint | number>(PrimitiveNullableListedView.view, "int64"),
  json: new ListProp<unknown>(PrimitiveNullableListedView.view, "json"),
  text: new ListProp<string>(PrimitiveNullableListedView.view, "text"),
  timestamp: new ListProp<Date | string>(PrimitiveNullableListedView.view, "timestamp"),
} as const;

/** The API of PrimitiveNullableListed. */
export type PrimitiveNullableListedAPI = ViewAPI<
  PrimitiveNullableListed,
  PrimitiveNullableListedWrite,
  PrimitiveNullableListedFilters,
  PrimitiveNullableListedFields,
  never
>;
