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

/** Classifies a request from its method, path and the vendor's lists of special POSTs. */
export function classifyRequest(method: string, path: string, vendorRules: { callPlacing: readonly string[]; safePosts?: readonly string[] }): RequestKind {
  const key = `${method.toUpperCase()} ${path}`;
  if (vendorRules.callPlacing.includes(key)) return "call-placing";
  if (idempotentMethods.has(method.toUpperCase())) return "safe";
  if (vendorRules.safePosts?.includes(key)) return "safe";
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
