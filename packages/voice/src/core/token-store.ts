/** A token and what its expiry policy needs to know about it. */
export interface TokenState {
  token: string;
  /** When it was obtained (ms since the epoch). */
  obtainedAt: number;
  /** When it was last used successfully (ms since the epoch), for idle expiry. */
  lastUsedAt: number;
}

/**
 * Where sessions keep their tokens. The in-memory default serves one process; implement it over Redis, a
 * database row or a file to let a fleet of processes share one login:
 * - `compareAndSet` writes a new token only if nobody replaced the old one meanwhile;
 * - the lease makes N clients sharing the store log in once: only the holder logs in, the others wait for
 *   the token it stores. A holder that dies releases the lease by expiry. On Redis:
 *   `SET lease:<key> <holder> NX PX <ttlMs>` to acquire, and a compare-then-`DEL` script to release.
 */
export interface TokenStore {
  get(key: string): Promise<TokenState | undefined>;
  /**
   * Replaces the state for `key` only if it still equals `expected` (compare by `token`; `undefined` means
   * "no token stored"). Returns whether it was replaced.
   */
  compareAndSet(key: string, expected: TokenState | undefined, next: TokenState | undefined): Promise<boolean>;
  /** Records a successful use, for idle expiry; may be a no-op or rate-limited in shared stores. */
  touch(key: string, token: string, at: number): Promise<void>;
  /**
   * Takes the login lease for `key` for `ttlMs` if nobody holds it (or its holder's time ran out).
   * Returns whether `holder` now holds it.
   */
  acquireLease(key: string, holder: string, ttlMs: number): Promise<boolean>;
  /** Gives the lease back, if `holder` still holds it. */
  releaseLease(key: string, holder: string): Promise<void>;
}

/** The default {@link TokenStore}: Maps in this process. */
export class MemoryTokenStore implements TokenStore {
  readonly #states = new Map<string, TokenState>();
  readonly #leases = new Map<string, { holder: string; until: number }>();
  readonly #now: () => number;

  /** @param options.now - clock for lease expiry (tests). */
  constructor(options: { now?: () => number } = {}) {
    this.#now = options.now ?? Date.now;
  }

  async get(key: string): Promise<TokenState | undefined> {
    return this.#states.get(key);
  }

  async compareAndSet(key: string, expected: TokenState | undefined, next: TokenState | undefined): Promise<boolean> {
    if (this.#states.get(key)?.token !== expected?.token) return false;
    if (next) this.#states.set(key, next);
    else this.#states.delete(key);
    return true;
  }

  async touch(key: string, token: string, at: number): Promise<void> {
    const state = this.#states.get(key);
    if (state?.token === token && at > state.lastUsedAt) state.lastUsedAt = at;
  }

  async acquireLease(key: string, holder: string, ttlMs: number): Promise<boolean> {
    const lease = this.#leases.get(key);
    const now = this.#now();
    if (lease && lease.holder !== holder && lease.until > now) return false;
    this.#leases.set(key, { holder, until: now + ttlMs });
    return true;
  }

  async releaseLease(key: string, holder: string): Promise<void> {
    if (this.#leases.get(key)?.holder === holder) this.#leases.delete(key);
  }
}
