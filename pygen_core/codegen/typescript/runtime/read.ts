/** Base shapes of the read objects the runtime builds (plain objects; generated interfaces extend these). */

import type { NodeId } from "./ids.js";

/** Metadata of every node read object; view properties are added as members by the generated interface. */
export interface NodeRead {
  instanceType: "node";
  space: string;
  externalId: string;
  version: number;
  createdTime: Date;
  lastUpdatedTime: Date;
  /** The node's type, if it has one. */
  nodeType: NodeId | null;
}

/**
 * Metadata of every edge read object. `S`/`E` say what `startNode`/`endNode` hold: ids, or (when an edge is
 * loaded as a connection with `retrieveConnections: "full"`) the read object of the node at the other end.
 */
export interface EdgeRead<S extends NodeId = NodeId, E extends NodeId = NodeId> {
  instanceType: "edge";
  space: string;
  externalId: string;
  version: number;
  createdTime: Date;
  lastUpdatedTime: Date;
  edgeType: NodeId;
  startNode: S;
  endNode: E;
}
