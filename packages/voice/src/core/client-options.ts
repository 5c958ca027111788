import type { ErrorMode } from "./client-wrapper.js";
import type { RetryOptions } from "./retry-policy.js";
import type { TokenStore } from "./token-store.js";
import type { Logger, TransportOptions } from "./transport.js";

/** Options every facade client takes. */
export interface CommonClientOptions {
  /** Base URL of the API (a mock's URL in tests). */
  baseUrl?: string;
  /** The `fetch` to send with (defaults to the global one). */
  fetch?: (request: Request) => Promise<Response>;
  /** Retry policy; `false` turns retries off. Default: 2 retries, 0.5 s doubling backoff with jitter. */
  retry?: RetryOptions | false;
  /**
   * Time limit per attempt, in milliseconds, until the response headers arrive. For one request, pass
   * `signal: AbortSignal.timeout(ms)`: it is reported as a {@link TimeoutError}, a plain abort as an
   * {@link AbortedError}.
   */
  timeoutMs?: number;
  /** `"throw"` (default): failed requests throw a typed error. `"result"`: openapi-fetch's `{ data, error, response }`. */
  errors?: ErrorMode;
  /** Receives retry and refresh diagnostics (secrets redacted). */
  logger?: Logger;
}

/** Options of clients that log in. */
export interface SessionClientOptions extends CommonClientOptions {
  /** Where the login token is kept; share one across processes to share logins. Default: in memory. */
  tokenStore?: TokenStore;
}

import { invalidInput, type Vendor } from "./errors.js";
import type { SecretRegistry } from "./redact.js";
import { classifyRequest } from "./retry-policy.js";

/** Longest delay `setTimeout` honours (a longer one fires at once). */
const MAX_TIMER_MS = 2_147_483_647;

/** Checks the options shared by every client, before anything is sent. */
export function checkCommonOptions(vendor: Vendor, options: CommonClientOptions): void {
  if (options.baseUrl !== undefined) {
    try {
      new URL(options.baseUrl);
    } catch {
      throw invalidInput(vendor, "baseUrl", "must be an absolute URL");
    }
  }
  if (options.timeoutMs !== undefined && !(Number.isFinite(options.timeoutMs) && options.timeoutMs > 0 && options.timeoutMs <= MAX_TIMER_MS)) {
    throw invalidInput(vendor, "timeoutMs", `must be a positive number of milliseconds up to ${MAX_TIMER_MS}, got ${JSON.stringify(options.timeoutMs)}`);
  }
  if (options.errors !== undefined && options.errors !== "throw" && options.errors !== "result") {
    throw invalidInput(vendor, "errors", 'must be "throw" or "result"');
  }
  const retry = options.retry;
  if (retry) {
    for (const key of ["maxRetries", "baseDelayMs", "maxDelayMs", "maxRetryAfterMs"] as const) {
      const v = retry[key];
      if (v !== undefined && !(Number.isInteger(v) && v >= 0 && v <= MAX_TIMER_MS)) {
        throw invalidInput(vendor, `retry.${key}`, `must be a whole number from 0 to ${MAX_TIMER_MS}, got ${JSON.stringify(v)}`);
      }
    }
  }
}

/**
 * Checks a required secret option without ever echoing its value. Keys and tokens travel in headers, so
 * they may not contain whitespace; passwords travel in JSON bodies and may.
 */
export function checkSecret(vendor: Vendor, name: string, value: unknown, kind: "credential" | "password" = "credential"): asserts value is string {
  if (typeof value !== "string" || value.trim() === "") throw invalidInput(vendor, name, "must be a non-empty string");
  if (/[\0-\x1f]/.test(value)) throw invalidInput(vendor, name, "must not contain control characters");
  if (kind === "credential" && /\s/.test(value)) throw invalidInput(vendor, name, "must not contain whitespace");
}

/** The transport settings a client derives from its options and its vendor's call-placing and safe-POST lists. */
export function transportOptions(
  vendor: Vendor,
  options: CommonClientOptions,
  secrets: SecretRegistry,
  baseUrl: string,
  rules: { callPlacing: readonly string[]; safePosts?: readonly string[] },
): TransportOptions {
  return {
    vendor,
    secrets,
    baseUrl,
    fetch: options.fetch,
    retry: options.retry,
    timeoutMs: options.timeoutMs,
    logger: options.logger,
    classify: (method, path) => classifyRequest(method, path, rules),
  };
}
