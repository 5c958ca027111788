import { MemoryTokenStore, type TokenState, type TokenStore } from "./token-store.js";

/** When a stored token must be replaced before use. */
export interface ExpiryPolicy {
  isExpired(state: TokenState, now: number): boolean;
}

/** Never expires (static access keys, non-expiring API keys). */
export const neverExpires: ExpiryPolicy = { isExpired: () => false };

/** Expires a fixed time after it was obtained, renewed `marginMs` early (ZaaS: 6 hours). */
export function absoluteExpiry(lifetimeMs: number, marginMs: number): ExpiryPolicy {
  return { isExpired: (state, now) => now >= state.obtainedAt + lifetimeMs - marginMs };
}

/** Expires after `idleMs` without use, renewed `marginMs` early (VoIPstudio user_token: 30 minutes). */
export function idleExpiry(idleMs: number, marginMs: number): ExpiryPolicy {
  return { isExpired: (state, now) => now >= state.lastUsedAt + idleMs - marginMs };
}

/** Shortest gap between two idle-timer writes to the store, in milliseconds. */
export const TOUCH_INTERVAL_MS = 5_000;

/** Options for {@link TokenSession}. */
export interface TokenSessionOptions {
  /** Obtains a fresh token (logs in). */
  login: () => Promise<string>;
  policy: ExpiryPolicy;
  /** Shared store; defaults to a new {@link MemoryTokenStore}. */
  store?: TokenStore;
  /** Key of this session in the store (e.g. `voipstudio:<email>`). */
  key: string;
  /** Clock, for tests. */
  now?: () => number;
  /** Told of every token obtained, so it can be kept out of messages. */
  onToken?: (token: string) => void;
  /**
   * When another process stored a token while this one was logging in, keep our own token instead of
   * adopting theirs. Needed where a login revokes earlier tokens (VoIPstudio API-token minting replaces
   * the token of the same name), so the other process's token may already be dead.
   */
  preferOwnToken?: boolean;
}

/**
 * Keeps one valid token for a client. Concurrent callers that find the token missing or expired share a
 * single login (single-flight), and a store's compare-and-set keeps processes sharing a store from
 * overwriting each other's fresh tokens.
 */
export class TokenSession {
  readonly #options: TokenSessionOptions;
  readonly #store: TokenStore;
  readonly #now: () => number;
  #pending: Promise<string> | undefined;
  #touched: { token: string; at: number } | undefined;

  constructor(options: TokenSessionOptions) {
    this.#options = options;
    this.#store = options.store ?? new MemoryTokenStore();
    this.#now = options.now ?? Date.now;
  }

  /** A valid token: the stored one, or a fresh one from a single shared login. */
  async getToken(): Promise<string> {
    const state = await this.#store.get(this.#options.key);
    if (state && !this.#options.policy.isExpired(state, this.#now())) return state.token;
    return this.#refresh(state);
  }

  /** Forgets `token` (after the server refused it), so the next {@link getToken} logs in again. */
  async invalidate(token: string): Promise<void> {
    const state = await this.#store.get(this.#options.key);
    if (state?.token === token) await this.#store.compareAndSet(this.#options.key, state, undefined);
  }

  /**
   * Records that `token` was just accepted by the server (idle timers restart on every request). Writes
   * reach the store at most once every {@link TOUCH_INTERVAL_MS}, so a shared store is not written on every
   * API call; expiry margins are far wider than that interval.
   */
  async touch(token: string): Promise<void> {
    const now = this.#now();
    if (this.#touched?.token === token && now - this.#touched.at < TOUCH_INTERVAL_MS) return;
    await this.#store.touch(this.#options.key, token, now);
    this.#touched = { token, at: now };
  }

  #refresh(stale: TokenState | undefined): Promise<string> {
    this.#pending ??= (async () => {
      try {
        const token = await this.#options.login();
        this.#options.onToken?.(token);
        const now = this.#now();
        const next: TokenState = { token, obtainedAt: now, lastUsedAt: now };
        if (await this.#store.compareAndSet(this.#options.key, stale, next)) return token;
        // Another process refreshed first: use its token if it is still good, else ours.
        const winner = await this.#store.get(this.#options.key);
        if (winner && !this.#options.preferOwnToken && !this.#options.policy.isExpired(winner, this.#now())) return winner.token;
        await this.#store.compareAndSet(this.#options.key, winner, next);
        return token;
      } finally {
        this.#pending = undefined;
      }
    })();
    return this.#pending;
  }
}
