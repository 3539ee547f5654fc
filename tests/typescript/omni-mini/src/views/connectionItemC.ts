/** The view sp_pygen_models:ConnectionItemC/1 (read-only): read type, spec. */

import type { NodeId, NodeRead, ViewAPI, ViewSpec } from "../_runtime/index.js";
import { type ConnectionItemA, ConnectionItemAView } from "./connectionItemA.js";
import { type ConnectionItemB, ConnectionItemBView } from "./connectionItemB.js";

/** ConnectionItemC (sp_pygen_models:ConnectionItemC/1), as read. */
export interface ConnectionItemC extends NodeRead {
  connectionItemA?: (NodeId | ConnectionItemA)[];
  connectionItemB?: (NodeId | ConnectionItemB)[];
}

/** Filter keywords of ConnectionItemC (none: the view has no filterable properties). */
export type ConnectionItemCFilters = Record<never, never>;

/** Members to sort, aggregate and group by. */
export type ConnectionItemCFields = "externalId";

export const ConnectionItemCView: ViewSpec = {
  view: { space: "sp_pygen_models", externalId: "ConnectionItemC", version: "1" },
  instanceType: "node",
  writable: false,
  properties: {},
  connections: {
    connectionItemA: {
      kind: "edge",
      edgeType: { space: "sp_pygen_models", externalId: "unidirectional" },
      direction: "outwards",
      target: () => ConnectionItemAView,
    },
    connectionItemB: {
      kind: "edge",
      edgeType: { space: "sp_pygen_models", externalId: "unidirectional" },
      direction: "outwards",
      target: () => ConnectionItemBView,
    },
  },
  filters: {},
};

/** The API of ConnectionItemC (read-only: no upsert). */
export type ConnectionItemCAPI = ViewAPI<ConnectionItemC, never, ConnectionItemCFilters, ConnectionItemCFields, never>;
