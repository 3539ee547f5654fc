/** The view sp_pygen_models:ConnectionItemA/1: read and write types, filter keywords, spec. */

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
import { type ConnectionItemB, type ConnectionItemBWrite, ConnectionItemBView } from "./connectionItemB.js";
import { type ConnectionItemC, ConnectionItemCView } from "./connectionItemC.js";

/** ConnectionItemA (sp_pygen_models:ConnectionItemA/1), as read. */
export interface ConnectionItemA extends NodeRead {
  name?: string | null;
  otherDirect?: NodeId | ConnectionItemC | null;
  outwards?: (NodeId | ConnectionItemB)[];
  selfDirect?: NodeId | ConnectionItemA | null;
}

/** ConnectionItemA, to write (members left out are not sent; `null` clears). */
export interface ConnectionItemAWrite extends NodeWrite {
  name?: string | null;
  otherDirect?: NodeRef | null;
  outwards?: (ConnectionItemBWrite | NodeRef)[] | null;
  selfDirect?: ConnectionItemAWrite | NodeRef | null;
}

/** Filter keywords of ConnectionItemA. */
export interface ConnectionItemAFilters {
  name?: string | readonly string[];
  namePrefix?: string;
  otherDirect?: NodeRef | readonly NodeRef[];
  selfDirect?: NodeRef | readonly NodeRef[];
}

/** Members to sort, aggregate and group by. */
export type ConnectionItemAFields = "externalId" | "name" | "otherDirect" | "selfDirect";

/** Members full-text search can match. */
export type ConnectionItemATextFields = "name";

export const ConnectionItemAView: ViewSpec = {
  view: { space: "sp_pygen_models", externalId: "ConnectionItemA", version: "1" },
  instanceType: "node",
  writable: true,
  nodeType: { space: "sp_pygen_models", externalId: "ConnectionItemA" },
  properties: {
    name: { id: "name", kind: "text" },
    otherDirect: { id: "otherDirect", kind: "direct", target: () => ConnectionItemCView },
    selfDirect: { id: "selfDirect", kind: "direct", target: () => ConnectionItemAView },
  },
  connections: {
    outwards: {
      kind: "edge",
      edgeType: { space: "sp_pygen_models", externalId: "bidirectional" },
      direction: "outwards",
      target: () => ConnectionItemBView,
    },
  },
  filters: {
    name: ["equals", "name"],
    namePrefix: ["prefix", "name"],
    otherDirect: ["direct", "otherDirect"],
    selfDirect: ["direct", "selfDirect"],
  },
};

/** Typed filter builders of ConnectionItemA. */
export const ConnectionItemAFilter = {
  name: new TextProp(ConnectionItemAView.view, "name"),
  otherDirect: new DirectProp(ConnectionItemAView.view, "otherDirect"),
  selfDirect: new DirectProp(ConnectionItemAView.view, "selfDirect"),
} as const;

/** The API of ConnectionItemA. */
export type ConnectionItemAAPI = ViewAPI<
  ConnectionItemA,
  ConnectionItemAWrite,
  ConnectionItemAFilters,
  ConnectionItemAFields,
  ConnectionItemATextFields
>;
