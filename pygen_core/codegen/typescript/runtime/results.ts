/** Results of writes and aggregations. */

import { CDFError, type FailedItem, oneLine } from "./errors.js";
import type { InstanceId } from "./ids.js";

export type WriteStatus = "created" | "updated" | "unchanged";

/** The outcome of one upserted instance. */
export interface InstanceResult {
  readonly id: InstanceId;
  readonly version: number;
  readonly status: WriteStatus;
}

/** Per-item outcome of an upsert. */
export class UpsertResult {
  readonly items: InstanceResult[] = [];

  /** Ids of instances that did not exist before. */
  get created(): InstanceId[] {
    return this.#with("created");
  }

  /** Ids of existing instances that changed. */
  get updated(): InstanceId[] {
    return this.#with("updated");
  }

  /** Ids of instances whose stored state already matched. */
  get unchanged(): InstanceId[] {
    return this.#with("unchanged");
  }

  #with(status: WriteStatus): InstanceId[] {
    return this.items.filter((item) => item.status === status).map((item) => item.id);
  }
}

/** Ids deleted by a delete call (ids that did not exist are not listed). */
export class DeleteResult {
  readonly deleted: InstanceId[] = [];
}

/** One group of a grouped aggregation (values beyond 2^53 come as bigint). */
export interface AggregateGroup {
  readonly group: Readonly<Record<string, unknown>>;
  readonly value: number | bigint | null;
}

/** An aggregation: `value` without `groupBy`, else one entry per group in `groups`. */
export interface AggregateResult {
  readonly aggregate: string;
  readonly property: string | undefined;
  readonly value: number | bigint | null;
  readonly groups: readonly AggregateGroup[];
}

/** Instances whose value is in `[start, start + interval)`. */
export interface HistogramBucket {
  readonly start: number;
  readonly count: number;
}

/** A page of a listing; pass `cursor` to `iterate({cursor})` to resume after it (null: no more pages). */
export interface Page<T> {
  readonly items: T[];
  readonly cursor: string | null;
}

/** The `items` of a response, checked to be a list of objects. */
export function responseItems(value: unknown, what: string): Record<string, unknown>[] {
  const items = (value as { items?: unknown }).items ?? [];
  if (
    !Array.isArray(items) ||
    !items.every((item) => typeof item === "object" && item !== null && !Array.isArray(item))
  ) {
    throw new CDFError("response", `${what}: the response's items is not a list of objects`);
  }
  return items as Record<string, unknown>[];
}

/** The id of a wire item `{instanceType, space, externalId}`. */
export function instanceIdOf(item: Record<string, unknown>): InstanceId {
  const space = item["space"];
  const externalId = item["externalId"];
  if (typeof space !== "string" || typeof externalId !== "string") {
    throw new CDFError("response", `a response item has no space/externalId: ${oneLine(JSON.stringify(item), 120)}`);
  }
  return { instanceType: item["instanceType"] === "edge" ? "edge" : "node", space, externalId };
}

/** The outcome of one item of an upsert response. */
export function instanceResult(item: Record<string, unknown>): InstanceResult {
  let status: WriteStatus;
  if (item["wasModified"] === false) status = "unchanged";
  else if (item["createdTime"] !== undefined && item["createdTime"] === item["lastUpdatedTime"]) status = "created";
  else status = "updated";
  const version = Number(item["version"] ?? 0);
  return { id: instanceIdOf(item), version, status };
}

/** The error thrown when some items of a bulk write failed: `failed` item by item, `result` what succeeded. */
export function partialFailure(
  operation: string,
  failed: readonly FailedItem[],
  result: UpsertResult | DeleteResult,
  succeeded: number,
): CDFError {
  const first = failed[0];
  const detail = first ? `; first: ${first.id.space}:${first.id.externalId}: ${oneLine(first.reason, 200)}` : "";
  return new CDFError("partial", `${operation}: ${failed.length} item(s) failed, ${succeeded} succeeded${detail}`, {
    failed,
    result,
  });
}
