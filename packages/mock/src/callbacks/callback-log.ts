import type { DeliveredCallback } from "./types.js";

/** The callbacks one mock sent, oldest first, and a way to wait until none is in flight. */
export class CallbackLog {
  readonly #entries: DeliveredCallback[] = [];
  readonly #running = new Set<Promise<void>>();

  /** Appends an entry (the dispatcher does this). */
  add(entry: DeliveredCallback): void {
    this.#entries.push(entry);
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

  /** Resolves once every placed call's callbacks are done (sent, failed or refused). */
  async idle(): Promise<DeliveredCallback[]> {
    while (this.#running.size) await Promise.allSettled([...this.#running]);
    return this.all();
  }

  /** Forgets every entry (between tests); callbacks in flight still log theirs. */
  clear(): void {
    this.#entries.length = 0;
  }
}
