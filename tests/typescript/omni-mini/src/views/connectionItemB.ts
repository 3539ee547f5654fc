/** The view sp_pygen_models:ConnectionItemB/1: read and write types, filter keywords, spec. */

import {
  type NodeId,
  type NodeRead,
  type NodeRef,
  type NodeWrite,
  TextProp,
  type ViewAPI,
  type ViewSpec,
} from "../_runtime/index.js";
import { type ConnectionItemA, type ConnectionItemAWrite, ConnectionItemAView } from "./connectionItemA.js";

/** ConnectionItemB (sp_pygen_models:ConnectionItemB/1), as read. */
export interface ConnectionItemB extends NodeRead {
  inwards?: (NodeId | ConnectionItemA)[];
  name?: string | null;
  selfEdge?: (NodeId | ConnectionItemB)[];
}

/** ConnectionItemB, to write (members left out are not sent; `null` clears). */
export interface ConnectionItemBWrite extends NodeWrite {
  inwards?: (ConnectionItemAWrite | NodeRef)[] | null;
  name?: string | null;
  selfEdge?: (ConnectionItemBWrite | NodeRef)[] | null;
}

/** Filter keywords of ConnectionItemB. */
export interface ConnectionItemBFilters {
  name?: string | readonly string[];
  namePrefix?: string;
}

/** Members to sort, aggregate and group by. */
export type ConnectionItemBFields = "externalId" | "name";

/** Members full-text search can match. */
export type ConnectionItemBTextFields = "name";

export const ConnectionItemBView: ViewSpec = {
  view: { space: "sp_pygen_models", externalId: "ConnectionItemB", version: "1" },
  instanceType: "node",
  writable: true,
  nodeType: { space: "sp_pygen_models", externalId: "ConnectionItemB" },
  properties: {
    name: { id: "name", kind: "text" },
  },
  connections: {
    inwards: {
      kind: "edge",
      edgeType: { space: "sp_pygen_models", externalId: "bidirectional" },
      direction: "inwards",
      target: () => ConnectionItemAView,
    },
    selfEdge: {
      kind: "edge",
      edgeType: { space: "sp_pygen_models", externalId: "reflexive" },
      direction: "outwards",
      target: () => ConnectionItemBView,
    },
  },
  filters: {
    name: ["equals", "name"],
    namePrefix: ["prefix", "name"],
  },
};

/** Typed filter builders of ConnectionItemB. */
export const ConnectionItemBFilter = {
  name: new TextProp(ConnectionItemBView.view, "name"),
} as const;

/** The API of ConnectionItemB. */
export type ConnectionItemBAPI = ViewAPI<
  ConnectionItemB,
  ConnectionItemBWrite,
  ConnectionItemBFilters,
  ConnectionItemBFields,
  ConnectionItemBTextFields
>;
