/** Base of generated clients: the HTTP client, concurrency limits, chunked upsert/delete with per-item outcomes. */

import { mapLimited, Limiter } from "./concurrency.js";
import { ClientConfig, type ClientOptions, type Env } from "./config.js";
import { CDFError, type FailedItem } from "./errors.js";
import { HTTPClient, type HTTPHooks } from "./http.js";
import type { InstanceId } from "./ids.js";
import {
  DeleteResult,
  instanceIdOf,
  instanceResult,
  partialFailure,
  responseItems,
  type InstanceResult,
  UpsertResult,
} from "./results.js";

/** Items per upsert/delete/byids request (CDF's limit). */
export const CHUNK = 1000;
const SPLITTABLE = new Set([400, 404, 409, 422]);

/** Options of an {@link InstanceClient} besides its config. */
export interface ClientSettings {
  /** Space of nodes given by bare external id, and of new nodes that name none. */
  defaultSpace?: string | null;
  /** Test hooks of the HTTP client. */
  hooks?: HTTPHooks;
}

/** The options of a write call. */
export interface WriteOptions {
  signal?: AbortSignal;
}

type WireItem = Record<string, unknown>;

/** Base of a generated client: one per CDF project; cheap to create, nothing to close. */
export class InstanceClient {
  readonly config: ClientConfig;
  readonly defaultSpace: string | null;
  readonly http: HTTPClient;
  readonly limiters: { readonly read: Limiter; readonly write: Limiter; readonly delete: Limiter };

  constructor(config: ClientConfig | ClientOptions, settings: ClientSettings = {}) {
    this.config = config instanceof ClientConfig ? config : new ClientConfig(config);
    this.defaultSpace = settings.defaultSpace ?? null;
    this.http = new HTTPClient(this.config, settings.hooks ?? {});
    this.limiters = {
      read: new Limiter(this.config.maxReadConcurrency),
      write: new Limiter(this.config.maxWriteConcurrency),
      delete: new Limiter(this.config.maxDeleteConcurrency),
    };
  }

  /** A client configured from the `CDF_*` / `IDP_*` environment variables (see `ClientConfig.fromEnv`). */
  static fromEnv<C>(
    this: new (config: ClientConfig) => C,
    env?: Env,
    overrides?: Parameters<typeof ClientConfig.fromEnv>[1],
  ): C {
    return new this(ClientConfig.fromEnv(env, overrides));
  }

  toJSON(): Record<string, unknown> {
    return { project: this.config.project, baseUrl: this.config.baseUrl, defaultSpace: this.defaultSpace };
  }

  /** Upsert wire items (chunked, concurrent); throws a `partial` CDFError listing the failed items. */
  async upsertItems(items: readonly WireItem[], replace: boolean, options: WriteOptions = {}): Promise<UpsertResult> {
    const extra = { autoCreateStartNodes: true, autoCreateEndNodes: true, replace };
    const send = async (part: readonly WireItem[]): Promise<InstanceResult[]> => {
      const response = await this.http.post("/models/instances", { items: part, ...extra }, { signal: options.signal });
      return responseItems(response.value, "upsert").map(instanceResult);
    };
    const result = new UpsertResult();
    const failed: FailedItem[] = [];
    for (const [ok, bad] of await mapLimited(chunks(items), this.limiters.write, (chunk) =>
      this.#bisect(chunk, send),
    )) {
      result.items.push(...ok);
      failed.push(...bad);
    }
    if (failed.length) throw partialFailure("upsert", failed, result, result.items.length);
    return result;
  }

  /** Delete instances (chunked, concurrent); throws a `partial` CDFError listing the failed items. */
  async deleteIds(ids: readonly InstanceId[], options: WriteOptions = {}): Promise<DeleteResult> {
    const unique = new Map<string, InstanceId>();
    for (const id of ids) unique.set(`${id.instanceType}\u0000${id.space}\u0000${id.externalId}`, id);
    const wire = [...unique.values()].map((id) => ({
      instanceType: id.instanceType,
      space: id.space,
      externalId: id.externalId,
    }));
    const send = async (part: readonly WireItem[]): Promise<InstanceId[]> => {
      const response = await this.http.post("/models/instances/delete", { items: part }, { signal: options.signal });
      return responseItems(response.value, "delete").map(instanceIdOf);
    };
    const result = new DeleteResult();
    const failed: FailedItem[] = [];
    for (const [ok, bad] of await mapLimited(chunks(wire), this.limiters.delete, (chunk) =>
      this.#bisect(chunk, send),
    )) {
      result.deleted.push(...ok);
      failed.push(...bad);
    }
    if (failed.length) throw partialFailure("delete", failed, result, result.deleted.length);
    return result;
  }

  /** Delete nodes and edges of any view, given as `{instanceType, space, externalId}`. */
  async delete(ids: InstanceId | readonly InstanceId[], options: WriteOptions = {}): Promise<DeleteResult> {
    const list: readonly unknown[] = Array.isArray(ids) ? ids : [ids];
    for (const id of list) {
      const candidate = id as Partial<InstanceId> | null;
      if (
        typeof candidate !== "object" ||
        candidate === null ||
        (candidate.instanceType !== "node" && candidate.instanceType !== "edge") ||
        typeof candidate.space !== "string" ||
        typeof candidate.externalId !== "string"
      ) {
        throw new CDFError("argument", "delete: every id must be {instanceType: 'node' | 'edge', space, externalId}");
      }
    }
    return this.deleteIds(list as readonly InstanceId[], options);
  }

  /** Send `chunk`; when CDF rejects an item, split the chunk to find exactly which items fail. */
  async #bisect<O>(
    chunk: readonly WireItem[],
    send: (part: readonly WireItem[]) => Promise<O[]>,
  ): Promise<[O[], FailedItem[]]> {
    try {
      return [await send(chunk), []];
    } catch (error) {
      if (!(error instanceof CDFError) || error.kind === "aborted") throw error;
      if (error.kind === "api" && error.status !== undefined && SPLITTABLE.has(error.status) && chunk.length > 1) {
        const middle = Math.floor(chunk.length / 2);
        const left = await this.#bisect(chunk.slice(0, middle), send);
        const right = await this.#bisect(chunk.slice(middle), send);
        return [
          [...left[0], ...right[0]],
          [...left[1], ...right[1]],
        ];
      }
      return [[], chunk.map((item) => ({ id: instanceIdOf(item), reason: error.message }))];
    }
  }
}

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}
