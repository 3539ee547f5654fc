/** The runtime every generated TypeScript SDK stands on (copied into it as `src/_runtime/`). */

export { DEFAULT_LIMIT, ViewAPI } from "./api.js";
export { type ClientSettings, InstanceClient, type WriteOptions } from "./client.js";
export { ClientConfig, type ClientOptions, type Env } from "./config.js";
export { type Credentials, OAuthClientCredentials, type OAuthOptions, Token } from "./credentials.js";
export { CDFError, type ErrorKind, type FailedItem } from "./errors.js";
export {
  BoolProp,
  DateProp,
  DirectProp,
  Filter,
  type FilterJSON,
  JSONProp,
  ListProp,
  NumberProp,
  type PropertyRef,
  type RangeBounds,
  TextProp,
  TimestampProp,
} from "./filters.js";
export type { HTTPHooks, HTTPStats, RequestOptions } from "./http.js";
export type { EdgeId, InstanceId, InstanceType, NodeId, NodeRef, ViewId } from "./ids.js";
export type {
  AggregateOptions,
  Aggregation,
  CommonOptions,
  IterateOptions,
  ListOptions,
  RetrieveOptions,
  SearchOptions,
  SortDirection,
  UpsertOptions,
} from "./options.js";
export type { RetrieveConnections } from "./query.js";
export {
  type AggregateGroup,
  type AggregateResult,
  DeleteResult,
  type HistogramBucket,
  type InstanceResult,
  type Page,
  UpsertResult,
  type WriteStatus,
} from "./results.js";
export type {
  ConnectionSpec,
  EdgeConnectionSpec,
  FilterOp,
  FilterSpec,
  PropertyKind,
  PropertySpec,
  ReverseConnectionSpec,
  ViewSpec,
} from "./spec.js";
export type { DateString } from "./values.js";
export type { EdgeWrite, NodeWrite } from "./write.js";
export type { EdgeRead, NodeRead } from "./read.js";
