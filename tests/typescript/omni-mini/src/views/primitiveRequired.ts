/** The view sp_pygen_models:PrimitiveRequired/1: read and write types, filter keywords, spec. */

import {
  BoolProp,
  DateProp,
  type DateString,
  JSONProp,
  type NodeRead,
  type NodeWrite,
  NumberProp,
  TextProp,
  TimestampProp,
  type ViewAPI,
  type ViewSpec,
} from "../_runtime/index.js";

/** PrimitiveRequired (sp_pygen_models:PrimitiveRequired/1), as read. */
export interface PrimitiveRequired extends NodeRead {
  boolean?: boolean | null;
  date?: DateString | null;
  float32?: number | null;
  float64?: number | null;
  int32?: number | null;
  int64?: bigint | null;
  json?: unknown;
  text?: string | null;
  timestamp?: Date | null;
}

/** PrimitiveRequired, to write: every property is required (reads stay tolerant: all optional). */
export interface PrimitiveRequiredWrite extends NodeWrite {
  boolean: boolean;
  date: DateString | Date;
  float32: number;
  float64: number;
  int32: number;
  int64: bigint | number;
  json: unknown;
  text: string;
  timestamp: Date | string;
}

/** Filter keywords of PrimitiveRequired. */
export interface PrimitiveRequiredFilters {
  boolean?: boolean;
  minDate?: DateString | Date;
  maxDate?: DateString | Date;
  minFloat32?: number;
  maxFloat32?: number;
  minFloat64?: number;
  maxFloat64?: number;
  minInt32?: number;
  maxInt32?: number;
  minInt64?: bigint | number;
  maxInt64?: bigint | number;
  jsonExists?: boolean;
  text?: string | readonly string[];
  textPrefix?: string;
  minTimestamp?: Date | string;
  maxTimestamp?: Date | string;
}

/** Members to sort, aggregate and group by. */
export type PrimitiveRequiredFields =
  "externalId" | "boolean" | "date" | "float32" | "float64" | "int32" | "int64" | "json" | "text" | "timestamp";

/** Members full-text search can match. */
export type PrimitiveRequiredTextFields = "text";

export const PrimitiveRequiredView: ViewSpec = {
  view: { space: "sp_pygen_models", externalId: "PrimitiveRequired", version: "1" },
  instanceType: "node",
  writable: true,
  properties: {
    boolean: { id: "boolean", kind: "boolean" },
    date: { id: "date", kind: "date" },
    float32: { id: "float32", kind: "float32" },
    float64: { id: "float64", kind: "float64" },
    int32: { id: "int32", kind: "int32" },
    int64: { id: "int64", kind: "int64" },
    json: { id: "json", kind: "json" },
    text: { id: "text", kind: "text" },
    timestamp: { id: "timestamp", kind: "timestamp" },
  },
  connections: {},
  filters: {
    boolean: ["equals", "boolean"],
    minDate: ["min", "date"],
    maxDate: ["max", "date"],
    minFloat32: ["min", "float32"],
    maxFloat32: ["max", "float32"],
    minFloat64: ["min", "float64"],
    maxFloat64: ["max", "float64"],
    minInt32: ["min", "int32"],
    maxInt32: ["max", "int32"],
    minInt64: ["min", "int64"],
    maxInt64: ["max", "int64"],
    jsonExists: ["exists", "json"],
    text: ["equals", "text"],
    textPrefix: ["prefix", "text"],
    minTimestamp: ["min", "timestamp"],
    maxTimestamp: ["max", "timestamp"],
  },
};

/** Typed filter builders of PrimitiveRequired. */
export const PrimitiveRequiredFilter = {
  boolean: new BoolProp(PrimitiveRequiredView.view, "boolean"),
  date: new DateProp(PrimitiveRequiredView.view, "date"),
  float32: new NumberProp(PrimitiveRequiredView.view, "float32"),
  float64: new NumberProp(PrimitiveRequiredView.view, "float64"),
  int32: new NumberProp(PrimitiveRequiredView.view, "int32"),
  int64: new NumberProp<bigint | number>(PrimitiveRequiredView.view, "int64"),
  json: new JSONProp(PrimitiveRequiredView.view, "json"),
  text: new TextProp(PrimitiveRequiredView.view, "text"),
  timestamp: new TimestampProp(PrimitiveRequiredView.view, "timestamp"),
} as const;

/** The API of PrimitiveRequired. */
export type PrimitiveRequiredAPI = ViewAPI<
  PrimitiveRequired,
  PrimitiveRequiredWrite,
  PrimitiveRequiredFilters,
  PrimitiveRequiredFields,
  PrimitiveRequiredTextFields
>;
