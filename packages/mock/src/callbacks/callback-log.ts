import type { DeliveredCallback } from "./types.js";

/** The callbacks one mock sent, oldest first, and a way to wait until none is in flight. */
export class CallbackLog {
  readonly #entries: DeliveredCallback[] = [];
  readonly #running = new Set<Promise<void>>();
  #generation = 0;

  /** Which {@link clear} the log is at; a plan run keeps the one it started in. */
  get generation(): number {
    return this.#generation;
  }

  /**
   * Appends an entry (the dispatcher does this), unless the log was cleared since its call was placed: a slow
   * callback of one test must not show up in the next one's log.
   */
  add(entry: DeliveredCallback, generation = this.#generation): void {
    if (generation === this.#generation) this.#entries.push(entry);
  }

  /** Keeps `run` in flight until it settles, so {@link idle} waits for it. */
  track(run: Promise<void>): void {
    const tracked = run.finally(() => this.#running.delete(tracked));
    this.#running.add(tracked);
  }

  /** A copy of every entry. */
  all(): DeliveredCallback[] {
    return this.#entries.map((e) => ({ ...e }));
  }

  /**
   * Resolves once every placed call's callbacks are done (sent, failed or refused), or after `maxWaitMs`
   * with what is logged by then (a receiver that never answers must not hang the caller).
   */
  async idle(maxWaitMs = Number.POSITIVE_INFINITY): Promise<DeliveredCallback[]> {
    const deadline = Date.now() + maxWaitMs;
    while (this.#running.size && Date.now() < deadline) {
      const left = deadline - Date.now();
      const pause = Number.isFinite(left) ? [new Promise((r) => setTimeout(r, left).unref())] : [];
      await Promise.race([Promise.allSettled([...this.#running]), ...pause]);
    }
    return this.all();
  }

  /** Forgets every entry (between tests); callbacks still in flight from before are not logged. */
  clear(): void {
    this.#entries.length = 0;
    this.#generation++;
  }
}
