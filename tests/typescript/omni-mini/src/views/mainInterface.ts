/** The view sp_pygen_models:MainInterface/1 (an interface): read and write types, filter keywords, spec. */

import { type NodeRead, type NodeWrite, TextProp, type ViewAPI, type ViewSpec } from "../_runtime/index.js";

/** MainInterface (sp_pygen_models:MainInterface/1), as read. */
export interface MainInterface extends NodeRead {
  mainValue?: string | null;
}

/** MainInterface, to write (members left out are not sent; `null` clears). */
export interface MainInterfaceWrite extends NodeWrite {
  mainValue?: string | null;
}

/** Filter keywords of MainInterface. */
export interface MainInterfaceFilters {
  mainValue?: string | readonly string[];
  mainValuePrefix?: string;
}

/** Members to sort, aggregate and group by. */
export type MainInterfaceFields = "externalId" | "mainValue";

/** Members full-text search can match. */
export type MainInterfaceTextFields = "mainValue";

export const MainInterfaceView: ViewSpec = {
  view: { space: "sp_pygen_models", externalId: "MainInterface", version: "1" },
  instanceType: "node",
  writable: true,
  properties: {
    mainValue: { id: "mainValue", kind: "text" },
  },
  connections: {},
  filters: {
    mainValue: ["equals", "mainValue"],
    mainValuePrefix: ["prefix", "mainValue"],
  },
};

/** Typed filter builders of MainInterface. */
export const MainInterfaceFilter = {
  mainValue: new TextProp(MainInterfaceView.view, "mainValue"),
} as const;

/** The API of MainInterface. */
export type MainInterfaceAPI = ViewAPI<
  MainInterface,
  MainInterfaceWrite,
  MainInterfaceFilters,
  MainInterfaceFields,
  MainInterfaceTextFields
>;
