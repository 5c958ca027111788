import { MemoryTokenStore, type TokenState, type TokenStore } from "./token-store.js";

/** When a stored token must be replaced before use. */
export interface ExpiryPolicy {
  isExpired(state: TokenState, now: number): boolean;
}

/** Never expires (static access keys, non-expiring API keys). */
export const neverExpires: ExpiryPolicy = { isExpired: () => false };

/** Expires a fixed time after it was obtained, renewed `marginMs` early (a token valid for N hours). */
export function absoluteExpiry(lifetimeMs: number, marginMs: number): ExpiryPolicy {
  return { isExpired: (state, now) => now >= state.obtainedAt + lifetimeMs - marginMs };
}

/** Expires after `idleMs` without use, renewed `marginMs` early (a session token that dies after N idle minutes). */
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
  /** Key of this session in the store (e.g. `<vendor>:<base URL>:<account>`). */
  key: string;
  /** Clock, for tests. */
  now?: () => number;
  /** Told of every token obtained, so it can be kept out of messages. */
  onToken?: (token: string) => void;
  /**
   * When another process stored a token while this one was logging in, keep our own token instead of
   * adopting theirs. Needed where a login revokes earlier tokens (minting an API token that replaces the
   * one of the same name), so the other process's token may already be dead.
   */
  preferOwnToken?: boolean;
  /** How long one login may hold the store's lease before others may log in instead (default 30 s). */
  leaseMs?: number;
}

/** Longest pause between two looks at the store while another client logs in. */
const MAX_POLL_MS = 250;

/**
 * Keeps one valid token for a client. Concurrent callers of one client share a single login
 * (single-flight); clients sharing a store share one too, through the store's lease: the holder logs in,
 * the others wait for the token it stores. Compare-and-set keeps clients from overwriting each other's
 * fresh tokens.
 */
export class TokenSession {
  readonly #options: TokenSessionOptions;
  readonly #store: TokenStore;
  readonly #now: () => number;
  readonly #holder = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
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
    if (this.#usable(state)) return state.token;
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

  #usable(state: TokenState | undefined): state is TokenState {
    return !!state && !this.#options.policy.isExpired(state, this.#now());
  }

  /** A usable token stored after `stale` was: a new token, or the same one issued again (a server may do that). */
  #replaces(state: TokenState | undefined, stale: TokenState | undefined): state is TokenState {
    return this.#usable(state) && (!stale || state.token !== stale.token || state.obtainedAt > stale.obtainedAt);
  }

  #refresh(stale: TokenState | undefined): Promise<string> {
    this.#pending ??= this.#underLease(stale).finally(() => {
      this.#pending = undefined;
    });
    return this.#pending;
  }

  /** Logs in while holding the store's lease, or waits for the token of whoever holds it. */
  async #underLease(stale: TokenState | undefined): Promise<string> {
    const { key } = this.#options;
    for (let pause = 20; ; pause = Math.min(pause * 2, MAX_POLL_MS)) {
      const leaseMs = this.#options.leaseMs ?? 30_000;
      if (await this.#store.acquireLease(key, this.#holder, leaseMs)) {
        // A login may outlast one lease (a two-factor prompt): renew it while this holder is alive.
        const renew = setInterval(() => this.#store.acquireLease(key, this.#holder, leaseMs).catch(() => {}), leaseMs / 2);
        (renew as { unref?: () => void }).unref?.();
        try {
          return await this.#loginAndStore(stale);
        } finally {
          clearInterval(renew);
          await this.#store.releaseLease(key, this.#holder);
        }
      }
      await new Promise((r) => setTimeout(r, pause));
      const state = await this.#store.get(key);
      if (this.#replaces(state, stale)) return state.token;
    }
  }

  async #loginAndStore(stale: TokenState | undefined): Promise<string> {
    const { key } = this.#options;
    // Whoever held the lease before us may have stored a fresh token just now.
    const current = await this.#store.get(key);
    if (this.#replaces(current, stale)) return current.token;
    const token = await this.#options.login();
    this.#options.onToken?.(token);
    const now = this.#now();
    const next: TokenState = { token, obtainedAt: now, lastUsedAt: now };
    if (await this.#store.compareAndSet(key, current, next)) return token;
    // Another process stored a token meanwhile (its lease ran out, or it shares no lease): use it while it
    // is good, unless our login revoked it.
    const winner = await this.#store.get(key);
    if (!this.#options.preferOwnToken && this.#usable(winner)) return winner.token;
    await this.#store.compareAndSet(key, winner, next);
    return token;
  }
}
