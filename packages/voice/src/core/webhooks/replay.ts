/** Replay protection: a signed request's unique id (`jti`) is accepted once. */

/** When a claim is made: the token's expiry (it need not be kept longer) and the verifier's clock. */
export interface ReplayClaim {
  expiresAt: Date;
  now: Date;
}

/**
 * Where the ids of accepted requests are kept. Several app instances need a shared one, e.g. Redis
 * `SET <id> 1 NX EXAT <expiresAt>` (a fresh key means first sight).
 */
export interface ReplayStore {
  /** Records `id`; resolves `false` when it was recorded before, i.e. the request is a replay. */
  claim(id: string, when: ReplayClaim): boolean | Promise<boolean>;
}

/** Options for {@link createMemoryReplayStore}. */
export interface MemoryReplayStoreOptions {
  /** Most ids kept at once; the oldest go first beyond it (default 100 000). */
  maxEntries?: number;
}

/**
 * A replay store in this process's memory, for a single instance. Ids are forgotten once their token
 * has expired, since an expired token is refused anyway. Past `maxEntries` unexpired ids, the oldest
 * are forgotten first (and could be replayed within their minute): size it above the peak number of
 * requests per token lifetime.
 */
export function createMemoryReplayStore(options: MemoryReplayStoreOptions = {}): ReplayStore {
  const maxEntries = options.maxEntries ?? 100_000;
  if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new TypeError("maxEntries must be a positive integer");
  const expiries = new Map<string, number>();
  return {
    claim(id, { expiresAt, now }) {
      forgetExpired(expiries, now.getTime());
      const known = expiries.get(id);
      if (known !== undefined) return false;
      expiries.set(id, expiresAt.getTime());
      while (expiries.size > maxEntries) {
        const oldest = expiries.keys().next().value;
        if (oldest === undefined) break;
        expiries.delete(oldest);
      }
      return true;
    },
  };
}

/** Ids arrive in roughly expiry order (tokens share one lifetime), so the scan stops at the first live one. */
function forgetExpired(expiries: Map<string, number>, now: number): void {
  for (const [id, expiry] of expiries) {
    if (expiry >= now) break;
    expiries.delete(id);
  }
}
