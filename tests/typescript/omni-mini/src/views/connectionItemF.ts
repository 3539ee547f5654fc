/** The view sp_pygen_models:ConnectionItemF/1: read and write types, filter keywords, spec. */

import {
  DirectProp,
  type NodeId,
  type NodeRead,
  type NodeRef,
  type NodeWrite,
  TextProp,
  type ViewAPI,
  type ViewSpec,
} from "../_runtime/index.js";
import { type ConnectionEdgeA, type ConnectionEdgeAWrite, ConnectionEdgeAView } from "./connectionEdgeA.js";
import { type ConnectionItemD, type ConnectionItemDWrite, ConnectionItemDView } from "./connectionItemD.js";
import { type ConnectionItemE, type ConnectionItemEWrite, ConnectionItemEView } from "./connectionItemE.js";
import { type ConnectionItemG, type ConnectionItemGWrite, ConnectionItemGView } from "./connectionItemG.js";

/** ConnectionItemF (sp_pygen_models:ConnectionItemF/1), as read. */
export interface ConnectionItemF extends NodeRead {
  directList?: (NodeId | ConnectionItemD)[] | null;
  name?: string | null;
  outwardsMulti?: ConnectionEdgeA<NodeId, NodeId | ConnectionItemG>[];
  outwardsSingle?: ConnectionEdgeA<NodeId, NodeId | ConnectionItemE> | null;
}

/** ConnectionItemF, to write (members left out are not sent; `null` clears). */
export interface ConnectionItemFWrite extends NodeWrite {
  directList?: (ConnectionItemDWrite | NodeRef)[] | null;
  name?: string | null;
  /** The edges; set each one's `endNode` (the node it goes to). */
  outwardsMulti?: ConnectionEdgeAWrite<NodeRef, ConnectionItemGWrite | NodeRef>[] | null;
  /** The edge; set its `endNode` (the node it goes to). */
  outwardsSingle?: ConnectionEdgeAWrite<NodeRef, ConnectionItemEWrite | NodeRef> | null;
}

/** Filter keywords of ConnectionItemF. */
export interface ConnectionItemFFilters {
  directList?: NodeRef | readonly NodeRef[];
  name?: string | readonly string[];
  namePrefix?: string;
}

/** Members to sort, aggregate and group by. */
export type ConnectionItemFFields = "externalId" | "directList" | "name";

/** Members full-text search can match. */
export type ConnectionItemFTextFields = "name";

export const ConnectionItemFView: ViewSpec = {
  view: { space: "sp_pygen_models", externalId: "ConnectionItemF", version: "1" },
  instanceType: "node",
  writable: true,
  nodeType: { space: "sp_pygen_models", externalId: "ConnectionItemF" },
  properties: {
    directList: { id: "directList", kind: "direct", list: true, target: () => ConnectionItemDView },
    name: { id: "name", kind: "text" },
  },
  connections: {
    outwardsMulti: {
      kind: "edge",
      edgeType: { space: "sp_pygen_models", externalId: "multiProperty" },
      direction: "outwards",
      target: () => ConnectionItemGView,
      edgeView: () => ConnectionEdgeAView,
    },
    outwardsSingle: {
      kind: "edge",
      edgeType: { space: "sp_pygen_models", externalId: "singleProperty" },
      direction: "outwards",
      target: () => ConnectionItemEView,
      single: true,
      edgeView: () => ConnectionEdgeAView,
    },
  },
  filters: {
    directList: ["containsAny", "directList"],
    name: ["equals", "name"],
    namePrefix: ["prefix", "name"],
  },
};

/** Typed filter builders of ConnectionItemF. */
export const ConnectionItemFFilter = {
  directList: new DirectProp(ConnectionItemFView.view, "directList"),
  name: new TextProp(ConnectionItemFView.view, "name"),
} as const;

/** The API of ConnectionItemF. */
export type ConnectionItemFAPI = ViewAPI<
  ConnectionItemF,
  ConnectionItemFWrite,
  ConnectionItemFFilters,
  ConnectionItemFFields,
  ConnectionItemFTextFields
>;
