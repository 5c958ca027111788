/** A token and what its expiry policy needs to know about it. */
export interface TokenState {
  token: string;
  /** When it was obtained (ms since the epoch). */
  obtainedAt: number;
  /** When it was last used successfully (ms since the epoch), for idle expiry. */
  lastUsedAt: number;
}

/**
 * Where sessions keep their tokens. The in-memory default serves one process; implement this over Redis,
 * a database row or a file lock to let a fleet of processes share one login. `compareAndSet` is what makes
 * that safe: a process writes its new token only if nobody replaced the old one meanwhile.
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
}

/** The default {@link TokenStore}: a Map in this process. */
export class MemoryTokenStore implements TokenStore {
  readonly #states = new Map<string, TokenState>();

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
}
