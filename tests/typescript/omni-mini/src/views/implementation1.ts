/** The view sp_pygen_models:Implementation1/1 (implements SubInterface and MainInterface): read and write types, filter keywords, spec. */

import { type NodeRead, type NodeWrite, TextProp, type ViewAPI, type ViewSpec } from "../_runtime/index.js";

/** Implementation1 (sp_pygen_models:Implementation1/1), as read. */
export interface Implementation1 extends NodeRead {
  mainValue?: string | null;
  subValue?: string | null;
  value1?: string | null;
  value2?: string | null;
}

/** Implementation1, to write (members left out are not sent; `null` clears). */
export interface Implementation1Write extends NodeWrite {
  mainValue?: string | null;
  subValue?: string | null;
  value1?: string | null;
  value2: string;
}

/** Filter keywords of Implementation1. */
export interface Implementation1Filters {
  mainValue?: string | readonly string[];
  mainValuePrefix?: string;
  subValue?: string | readonly string[];
  subValuePrefix?: string;
  value1?: string | readonly string[];
  value1Prefix?: string;
  value2?: string | readonly string[];
  value2Prefix?: string;
}

/** Members to sort, aggregate and group by. */
export type Implementation1Fields = "externalId" | "mainValue" | "subValue" | "value1" | "value2";

/** Members full-text search can match. */
export type Implementation1TextFields = "mainValue" | "subValue" | "value1" | "value2";

export const Implementation1View: ViewSpec = {
  view: { space: "sp_pygen_models", externalId: "Implementation1", version: "1" },
  instanceType: "node",
  writable: true,
  nodeType: { space: "sp_pygen_models", externalId: "Implementation1" },
  properties: {
    mainValue: { id: "mainValue", kind: "text" },
    subValue: { id: "subValue", kind: "text" },
    value1: { id: "value1", kind: "text" },
    value2: { id: "value2", kind: "text" },
  },
  connections: {},
  filters: {
    mainValue: ["equals", "mainValue"],
    mainValuePrefix: ["prefix", "mainValue"],
    subValue: ["equals", "subValue"],
    subValuePrefix: ["prefix", "subValue"],
    value1: ["equals", "value1"],
    value1Prefix: ["prefix", "value1"],
    value2: ["equals", "value2"],
    value2Prefix: ["prefix", "value2"],
  },
};

/** Typed filter builders of Implementation1. */
export const Implementation1Filter = {
  mainValue: new TextProp(Implementation1View.view, "mainValue"),
  subValue: new TextProp(Implementation1View.view, "subValue"),
  value1: new TextProp(Implementation1View.view, "value1"),
  value2: new TextProp(Implementation1View.view, "value2"),
} as const;

/** The API of Implementation1. */
export type Implementation1API = ViewAPI<
  Implementation1,
  Implementation1Write,
  Implementation1Filters,
  Implementation1Fields,
  Implementation1TextFields
>;
