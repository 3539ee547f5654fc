/** Bounded concurrency: at most `limit` tasks of one kind run at once. */

/** A counting semaphore for async tasks. */
export class Limiter {
  readonly limit: number;
  #active = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(limit: number) {
    this.limit = Math.max(1, Math.floor(limit));
  }

  /** Run `task` when a slot is free. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#active >= this.limit) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    this.#active += 1;
    try {
      return await task();
    } finally {
      this.#active -= 1;
      this.#waiting.shift()?.();
    }
  }
}

/** `fn` over every item, at most `limiter.limit` at a time; results in input order. Every task settles
 * before this returns (the first failure is rethrown only then, so nothing runs on unobserved). */
export async function mapLimited<I, O>(
  items: readonly I[],
  limiter: Limiter,
  fn: (item: I) => Promise<O>,
): Promise<O[]> {
  if (items.length === 1) return [await fn(items[0] as I)];
  const settled = await Promise.allSettled(items.map((item) => limiter.run(() => fn(item))));
  const out: O[] = [];
  for (const result of settled) {
    if (result.status === "rejected") throw result.reason;
    out.push(result.value);
  }
  return out;
}
