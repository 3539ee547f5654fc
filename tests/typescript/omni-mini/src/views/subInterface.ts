/** The view sp_pygen_models:SubInterface/1 (implements MainInterface): read and write types, filter keywords, spec. */

import { type NodeRead, type NodeWrite, TextProp, type ViewAPI, type ViewSpec } from "../_runtime/index.js";

/** SubInterface (sp_pygen_models:SubInterface/1), as read. */
export interface SubInterface extends NodeRead {
  mainValue?: string | null;
  subValue?: string | null;
}

/** SubInterface, to write (members left out are not sent; `null` clears). */
export interface SubInterfaceWrite extends NodeWrite {
  mainValue?: string | null;
  subValue?: string | null;
}

/** Filter keywords of SubInterface. */
export interface SubInterfaceFilters {
  mainValue?: string | readonly string[];
  mainValuePrefix?: string;
  subValue?: string | readonly string[];
  subValuePrefix?: string;
}

/** Members to sort, aggregate and group by. */
export type SubInterfaceFields = "externalId" | "mainValue" | "subValue";

/** Members full-text search can match. */
export type SubInterfaceTextFields = "mainValue" | "subValue";

export const SubInterfaceView: ViewSpec = {
  view: { space: "sp_pygen_models", externalId: "SubInterface", version: "1" },
  instanceType: "node",
  writable: true,
  properties: {
    mainValue: { id: "mainValue", kind: "text" },
    subValue: { id: "subValue", kind: "text" },
  },
  connections: {},
  filters: {
    mainValue: ["equals", "mainValue"],
    mainValuePrefix: ["prefix", "mainValue"],
    subValue: ["equals", "subValue"],
    subValuePrefix: ["prefix", "subValue"],
  },
};

/** Typed filter builders of SubInterface. */
export const SubInterfaceFilter = {
  mainValue: new TextProp(SubInterfaceView.view, "mainValue"),
  subValue: new TextProp(SubInterfaceView.view, "subValue"),
} as const;

/** The API of SubInterface. */
export type SubInterfaceAPI = ViewAPI<
  SubInterface,
  SubInterfaceWrite,
  SubInterfaceFilters,
  SubInterfaceFields,
  SubInterfaceTextFields
>;
