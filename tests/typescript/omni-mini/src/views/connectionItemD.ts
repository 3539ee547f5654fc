/** The view sp_pygen_models:ConnectionItemD/1: read and write types, filter keywords, spec. */

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
import { type ConnectionItemE, type ConnectionItemEWrite, ConnectionItemEView } from "./connectionItemE.js";

/** ConnectionItemD (sp_pygen_models:ConnectionItemD/1), as read. */
export interface ConnectionItemD extends NodeRead {
  directMulti?: (NodeId | ConnectionItemE)[] | null;
  directSingle?: NodeId | ConnectionItemE | null;
  name?: string | null;
  outwardsSingle?: NodeId | ConnectionItemE | null;
}

/** ConnectionItemD, to write (members left out are not sent; `null` clears). */
export interface ConnectionItemDWrite extends NodeWrite {
  directMulti?: (ConnectionItemEWrite | NodeRef)[] | null;
  directSingle?: ConnectionItemEWrite | NodeRef | null;
  name?: string | null;
  outwardsSingle?: ConnectionItemEWrite | NodeRef | null;
}

/** Filter keywords of ConnectionItemD. */
export interface ConnectionItemDFilters {
  directMulti?: NodeRef | readonly NodeRef[];
  directSingle?: NodeRef | readonly NodeRef[];
  name?: string | readonly string[];
  namePrefix?: string;
}

/** Members to sort, aggregate and group by. */
export type ConnectionItemDFields = "externalId" | "directMulti" | "directSingle" | "name";

/** Members full-text search can match. */
export type ConnectionItemDTextFields = "name";

export const ConnectionItemDView: ViewSpec = {
  view: { space: "sp_pygen_models", externalId: "ConnectionItemD", version: "1" },
  instanceType: "node",
  writable: true,
  nodeType: { space: "sp_pygen_models", externalId: "ConnectionItemD" },
  properties: {
    directMulti: { id: "directMulti", kind: "direct", list: true, target: () => ConnectionItemEView },
    directSingle: { id: "directSingle", kind: "direct", target: () => ConnectionItemEView },
    name: { id: "name", kind: "text" },
  },
  connections: {
    outwardsSingle: {
      kind: "edge",
      edgeType: { space: "sp_pygen_models", externalId: "bidirectionalSingle" },
      direction: "outwards",
      target: () => ConnectionItemEView,
      single: true,
    },
  },
  filters: {
    directMulti: ["containsAny", "directMulti"],
    directSingle: ["direct", "directSingle"],
    name: ["equals", "name"],
    namePrefix: ["prefix", "name"],
  },
};

/** Typed filter builders of ConnectionItemD. */
export const ConnectionItemDFilter = {
  directMulti: new DirectProp(ConnectionItemDView.view, "directMulti"),
  directSingle: new DirectProp(ConnectionItemDView.view, "directSingle"),
  name: new TextProp(ConnectionItemDView.view, "name"),
} as const;

/** The API of ConnectionItemD. */
export type ConnectionItemDAPI = ViewAPI<
  ConnectionItemD,
  ConnectionItemDWrite,
  ConnectionItemDFilters,
  ConnectionItemDFields,
  ConnectionItemDTextFields
>;
