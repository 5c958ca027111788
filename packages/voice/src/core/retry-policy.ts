/** How the facade retries failed requests. */
export interface RetryOptions {
  /** Retries after the first attempt (default 2). `0` turns retries off. */
  maxRetries?: number;
  /** First backoff step in milliseconds (default 500); doubles each retry. */
  baseDelayMs?: number;
  /** Longest backoff in milliseconds (default 8 000). */
  maxDelayMs?: number;
  /** A `Retry-After` longer than this (default 60 000 ms) is not waited for: the error goes to the caller. */
  maxRetryAfterMs?: number;
}

/**
 * What repeating a request would risk:
 * - `safe`: reads and idempotent writes; retried on connection errors, timeouts, 408, 429 and 5xx;
 * - `unsafe`: creates and other non-idempotent writes; retried only when the request never left (and
 *   once after a 401, which proves the server refused it);
 * - `call-placing`: places a call, which costs money; retried only when no connection could be made, so
 *   it can never be sent twice.
 */
export type RequestKind = "safe" | "unsafe" | "call-placing";

export const retryableStatuses = new Set([408, 429, 500, 502, 503, 504]);

const idempotentMethods = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]);

/**
 * A request as a server may route it: method and path compared without case, repeated and trailing
 * slashes ignored, so `/Calls/` is known as `POST /calls` and gets the same protection.
 */
export function routeKey(method: string, path: string): string {
  return `${method.toUpperCase()} ${path
    .replace(/\/{2,}/g, "/")
    .replace(/(.)\/$/, "$1")
    .toLowerCase()}`;
}

/** A vendor's lists of special operations (`"POST /calls"`), keyed by {@link routeKey} once per client. */
export interface RouteTable {
  /** Route key → the operation's spec path template, as the vendor lists it. */
  callPlacing: Map<string, string>;
  safePosts: Set<string>;
  public: Set<string>;
}

export function routeTable(rules: { callPlacing: readonly string[]; safePosts?: readonly string[]; public?: readonly string[] }): RouteTable {
  const keyOf = (entry: string) => {
    const [method = "", path = ""] = entry.split(" ");
    return routeKey(method, path);
  };
  return {
    callPlacing: new Map(rules.callPlacing.map((entry) => [keyOf(entry), entry.slice(entry.indexOf(" ") + 1)])),
    safePosts: new Set((rules.safePosts ?? []).map(keyOf)),
    public: new Set((rules.public ?? []).map(keyOf)),
  };
}

/** Classifies a request from its method and its route key in the vendor's table. */
export function classifyRequest(method: string, key: string, routes: RouteTable): RequestKind {
  if (routes.callPlacing.has(key)) return "call-placing";
  if (idempotentMethods.has(method)) return "safe";
  if (routes.safePosts.has(key)) return "safe";
  return "unsafe";
}

/** Exponential backoff with "equal jitter": half the step fixed, half random, so retries spread out. */
export function backoffDelay(retry: number, options: Required<RetryOptions>): number {
  const step = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (retry - 1));
  return step / 2 + Math.random() * (step / 2);
}

export function resolveRetryOptions(options: RetryOptions | false | undefined): Required<RetryOptions> {
  const o = options === false ? { maxRetries: 0 } : (options ?? {});
  return {
    maxRetries: o.maxRetries ?? 2,
    baseDelayMs: o.baseDelayMs ?? 500,
    maxDelayMs: o.maxDelayMs ?? 8_000,
    maxRetryAfterMs: o.maxRetryAfterMs ?? 60_000,
  };
}

/** Waits, waking early (with the abort reason) when the signal fires. */
export function sleep(ms: number, signal?: AbortSignal | null): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
