/** The edge view sp_pygen_models:ConnectionEdgeA/1: read and write types, filter keywords, spec. */

import {
  type EdgeRead,
  type EdgeWrite,
  type NodeId,
  type NodeRef,
  TextProp,
  TimestampProp,
  type ViewAPI,
  type ViewSpec,
} from "../_runtime/index.js";

/** ConnectionEdgeA (sp_pygen_models:ConnectionEdgeA/1), as read; `S`/`E` are what its end points hold. */
export interface ConnectionEdgeA<S extends NodeId = NodeId, E extends NodeId = NodeId> extends EdgeRead<S, E> {
  endTime?: Date | null;
  name?: string | null;
  startTime?: Date | null;
}

/** ConnectionEdgeA, to write (members left out are not sent; `null` clears). */
export interface ConnectionEdgeAWrite<S = NodeRef, E = NodeRef> extends EdgeWrite<S, E> {
  endTime?: Date | string | null;
  name?: string | null;
  startTime?: Date | string | null;
}

/** Filter keywords of ConnectionEdgeA. */
export interface ConnectionEdgeAFilters {
  minEndTime?: Date | string;
  maxEndTime?: Date | string;
  name?: string | readonly string[];
  namePrefix?: string;
  minStartTime?: Date | string;
  maxStartTime?: Date | string;
  startNode?: NodeRef | readonly NodeRef[];
  endNode?: NodeRef | readonly NodeRef[];
}

/** Members to sort, aggregate and group by. */
export type ConnectionEdgeAFields = "externalId" | "endTime" | "name" | "startTime";

/** Members full-text search can match. */
export type ConnectionEdgeATextFields = "name";

export const ConnectionEdgeAView: ViewSpec = {
  view: { space: "sp_pygen_models", externalId: "ConnectionEdgeA", version: "1" },
  instanceType: "edge",
  writable: true,
  properties: {
    endTime: { id: "endTime", kind: "timestamp" },
    name: { id: "name", kind: "text" },
    startTime: { id: "startTime", kind: "timestamp" },
  },
  connections: {},
  filters: {
    minEndTime: ["min", "endTime"],
    maxEndTime: ["max", "endTime"],
    name: ["equals", "name"],
    namePrefix: ["prefix", "name"],
    minStartTime: ["min", "startTime"],
    maxStartTime: ["max", "startTime"],
    startNode: ["startNode"],
    endNode: ["endNode"],
  },
};

/** Typed filter builders of ConnectionEdgeA. */
export const ConnectionEdgeAFilter = {
  endTime: new TimestampProp(ConnectionEdgeAView.view, "endTime"),
  name: new TextProp(ConnectionEdgeAView.view, "name"),
  startTime: new TimestampProp(ConnectionEdgeAView.view, "startTime"),
} as const;

/** The API of ConnectionEdgeA. */
export type ConnectionEdgeAAPI = ViewAPI<
  ConnectionEdgeA,
  ConnectionEdgeAWrite,
  ConnectionEdgeAFilters,
  ConnectionEdgeAFields,
  ConnectionEdgeATextFields
>;
