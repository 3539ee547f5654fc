/** The view sp_pygen_models:ConnectionItemG/1: read and write types, filter keywords, spec. */

import {
  type NodeId,
  type NodeRead,
  type NodeRef,
  type NodeWrite,
  TextProp,
  type ViewAPI,
  type ViewSpec,
} from "../_runtime/index.js";
import { type ConnectionEdgeA, type ConnectionEdgeAWrite, ConnectionEdgeAView } from "./connectionEdgeA.js";
import { type ConnectionItemF, type ConnectionItemFWrite, ConnectionItemFView } from "./connectionItemF.js";

/** ConnectionItemG (sp_pygen_models:ConnectionItemG/1), as read. */
export interface ConnectionItemG extends NodeRead {
  inwardsMultiProperty?: ConnectionEdgeA<NodeId | ConnectionItemF, NodeId>[];
  name?: string | null;
}

/** ConnectionItemG, to write (members left out are not sent; `null` clears). */
export interface ConnectionItemGWrite extends NodeWrite {
  /** The edges; set each one's `startNode` (the node it comes from). */
  inwardsMultiProperty?: ConnectionEdgeAWrite<ConnectionItemFWrite | NodeRef, NodeRef>[] | null;
  name?: string | null;
}

/** Filter keywords of ConnectionItemG. */
export interface ConnectionItemGFilters {
  name?: string | readonly string[];
  namePrefix?: string;
}

/** Members to sort, aggregate and group by. */
export type ConnectionItemGFields = "externalId" | "name";

/** Members full-text search can match. */
export type ConnectionItemGTextFields = "name";

export const ConnectionItemGView: ViewSpec = {
  view: { space: "sp_pygen_models", externalId: "ConnectionItemG", version: "1" },
  instanceType: "node",
  writable: true,
  nodeType: { space: "sp_pygen_models", externalId: "ConnectionItemG" },
  properties: {
    name: { id: "name", kind: "text" },
  },
  connections: {
    inwardsMultiProperty: {
      kind: "edge",
      edgeType: { space: "sp_pygen_models", externalId: "multiProperty" },
      direction: "inwards",
      target: () => ConnectionItemFView,
      edgeView: () => ConnectionEdgeAView,
    },
  },
  filters: {
    name: ["equals", "name"],
    namePrefix: ["prefix", "name"],
  },
};

/** Typed filter builders of ConnectionItemG. */
export const ConnectionItemGFilter = {
  name: new TextProp(ConnectionItemGView.view, "name"),
} as const;

/** The API of ConnectionItemG. */
export type ConnectionItemGAPI = ViewAPI<
  ConnectionItemG,
  ConnectionItemGWrite,
  ConnectionItemGFilters,
  ConnectionItemGFields,
  ConnectionItemGTextFields
>;
