/** The view sp_pygen_models:ConnectionItemE/1: read and write types, filter keywords, spec. */

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
import { type ConnectionItemF, type ConnectionItemFWrite, ConnectionItemFView } from "./connectionItemF.js";

/** ConnectionItemE (sp_pygen_models:ConnectionItemE/1), as read. */
export interface ConnectionItemE extends NodeRead {
  directListNoSource?: NodeId[] | null;
  directNoSource?: NodeId | null;
  /** Read-only: the ConnectionItemD nodes whose directMulti points here. */
  directReverseMulti?: (NodeId | ConnectionItemD)[];
  /** Read-only: the ConnectionItemD node whose directSingle points here. */
  directReverseSingle?: NodeId | ConnectionItemD | null;
  inwardsSingle?: NodeId | ConnectionItemD | null;
  inwardsSingleProperty?: ConnectionEdgeA<NodeId | ConnectionItemF, NodeId> | null;
  name?: string | null;
}

/** ConnectionItemE, to write (members left out are not sent; `null` clears). */
export interface ConnectionItemEWrite extends NodeWrite {
  directListNoSource?: NodeRef[] | null;
  directNoSource?: NodeRef | null;
  inwardsSingle?: ConnectionItemDWrite | NodeRef | null;
  /** The edge; set its `startNode` (the node it comes from). */
  inwardsSingleProperty?: ConnectionEdgeAWrite<ConnectionItemFWrite | NodeRef, NodeRef> | null;
  name?: string | null;
}

/** Filter keywords of ConnectionItemE. */
export interface ConnectionItemEFilters {
  directListNoSource?: NodeRef | readonly NodeRef[];
  directNoSource?: NodeRef | readonly NodeRef[];
  name?: string | readonly string[];
  namePrefix?: string;
}

/** Members to sort, aggregate and group by. */
export type ConnectionItemEFields = "externalId" | "directListNoSource" | "directNoSource" | "name";

/** Members full-text search can match. */
export type ConnectionItemETextFields = "name";

export const ConnectionItemEView: ViewSpec = {
  view: { space: "sp_pygen_models", externalId: "ConnectionItemE", version: "1" },
  instanceType: "node",
  writable: true,
  nodeType: { space: "sp_pygen_models", externalId: "ConnectionItemE" },
  properties: {
    directListNoSource: { id: "directListNoSource", kind: "direct", list: true },
    directNoSource: { id: "directNoSource", kind: "direct" },
    name: { id: "name", kind: "text" },
  },
  connections: {
    directReverseMulti: {
      kind: "reverse",
      through: { space: "sp_pygen_models", externalId: "ConnectionItemD", version: "1" },
      identifier: "directMulti",
      target: () => ConnectionItemDView,
    },
    directReverseSingle: {
      kind: "reverse",
      through: { space: "sp_pygen_models", externalId: "ConnectionItemD", version: "1" },
      identifier: "directSingle",
      target: () => ConnectionItemDView,
      single: true,
    },
    inwardsSingle: {
      kind: "edge",
      edgeType: { space: "sp_pygen_models", externalId: "bidirectionalSingle" },
      direction: "inwards",
      target: () => ConnectionItemDView,
      single: true,
    },
    inwardsSingleProperty: {
      kind: "edge",
      edgeType: { space: "sp_pygen_models", externalId: "multiProperty" },
      direction: "inwards",
      target: () => ConnectionItemFView,
      single: true,
      edgeView: () => ConnectionEdgeAView,
    },
  },
  filters: {
    directListNoSource: ["containsAny", "directListNoSource"],
    directNoSource: ["direct", "directNoSource"],
    name: ["equals", "name"],
    namePrefix: ["prefix", "name"],
  },
};

/** Typed filter builders of ConnectionItemE. */
export const ConnectionItemEFilter = {
  directListNoSource: new DirectProp(ConnectionItemEView.view, "directListNoSource"),
  directNoSource: new DirectProp(ConnectionItemEView.view, "directNoSource"),
  name: new TextProp(ConnectionItemEView.view, "name"),
} as const;

/** The API of ConnectionItemE. */
export type ConnectionItemEAPI = ViewAPI<
  ConnectionItemE,
  ConnectionItemEWrite,
  ConnectionItemEFilters,
  ConnectionItemEFields,
  ConnectionItemETextFields
>;
