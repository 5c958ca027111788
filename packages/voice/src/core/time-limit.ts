/**
 * The signal an attempt is sent with: the caller's, joined with the attempt's own time limit when there is
 * one. A class rather than closures: one is built for every attempt, so it should cost one allocation.
 */
export class TimeLimit {
  readonly signal: AbortSignal | undefined;
  readonly #own: AbortController | undefined;
  readonly #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    user: AbortSignal | undefined,
    readonly ms: number | undefined,
  ) {
    if (ms === undefined) {
      this.signal = user;
      return;
    }
    const own = new AbortController();
    this.#own = own;
    this.#timer = setTimeout(() => own.abort(new DOMException("timed out", "TimeoutError")), ms);
    this.signal = user ? AbortSignal.any([user, own.signal]) : own.signal;
  }

  /** The attempt's own time limit fired. */
  timedOut(): boolean {
    return !!this.#own?.signal.aborted;
  }

  done(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
  }
}
