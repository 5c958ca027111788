import { invalidInput, type ValidationError } from "./errors.js";
import { isLogLevel, type Logger, type LogLevel } from "./logger.js";
import type { SecretRegistry } from "./redact.js";
import type { RetryOptions } from "./retry-policy.js";
import type { TokenStore } from "./token-store.js";
import type { OptionChecks } from "./vendor.js";

/** `"throw"`: failed requests throw a {@link VoiceApiError}. `"result"`: they return `{ error, response }` as openapi-fetch does. */
export type ErrorMode = "throw" | "result";

/** Options every facade client takes. */
export interface CommonClientOptions<Mode extends ErrorMode = ErrorMode> {
  /** Base URL of the API (a mock's URL in tests). */
  baseUrl?: string;
  /** The `fetch` to send with (defaults to the global one). It must honour `request.signal`. */
  fetch?: (request: Request) => Promise<Response>;
  /** Retry policy; `false` turns retries off. Default: 2 retries, 0.5 s doubling backoff with jitter. */
  retry?: RetryOptions | false;
  /** Time limit per attempt, in milliseconds, until the response headers arrive; a request may set its own. */
  timeoutMs?: number;
  /** `"throw"` (default): failed requests throw a typed error. `"result"`: openapi-fetch's `{ data, error, response }`. */
  errors?: Mode;
  /** Receives diagnostics (secrets redacted); defaults to the console. */
  logger?: Logger;
  /** What to log; defaults to the `CALLSPEC_LOG` environment variable, else everything for a `logger` passed in and `"warn"` for the console. */
  logLevel?: LogLevel;
  /**
   * Check every request body against the spec before sending it, not only those of operations that place
   * calls (always checked). Loads the generated validators on first use.
   */
  validateRequests?: boolean;
}

/** Options of clients that log in. */
export interface SessionClientOptions<Mode extends ErrorMode = ErrorMode> extends CommonClientOptions<Mode> {
  /** Where the login token is kept; share one across clients or processes to share one login. Default: in memory. */
  tokenStore?: TokenStore;
}

/** Options one request may add to openapi-fetch's own. */
export interface PerRequestOptions {
  /** Time limit for each attempt of this request, in milliseconds (overrides the client's). */
  timeoutMs?: number;
  /** Retries for this request (overrides the client's `retry.maxRetries`). */
  maxRetries?: number;
  /** Stops the request (an `AbortSignal.timeout(ms)` deadline is reported as a {@link TimeoutError}). */
  signal?: AbortSignal | null;
}

/** Longest delay `setTimeout` honours (a longer one fires at once). */
export const MAX_TIMER_MS = 2_147_483_647;

/** Checks the options shared by every client, before anything is sent. */
export function checkCommonOptions(vendor: string, options: SessionClientOptions): void {
  if (options.baseUrl !== undefined && !/^https?:$/.test(parsedProtocol(options.baseUrl)))
    throw invalidInput(vendor, "baseUrl", "must be an absolute http or https URL");
  if (options.fetch !== undefined && typeof options.fetch !== "function") throw invalidInput(vendor, "fetch", "must be a function");
  checkMethods(vendor, "logger", options.logger, ["debug", "info", "warn"], false);
  checkMethods(vendor, "tokenStore", options.tokenStore, ["get", "compareAndSet", "touch", "acquireLease", "releaseLease"], true);
  if (options.retry !== undefined && options.retry !== false && (options.retry === null || typeof options.retry !== "object")) {
    throw invalidInput(vendor, "retry", "must be an object or false");
  }
  checkTimeout(vendor, "timeoutMs", options.timeoutMs);
  if (options.errors !== undefined && options.errors !== "throw" && options.errors !== "result") {
    throw invalidInput(vendor, "errors", 'must be "throw" or "result"');
  }
  if (options.logLevel !== undefined && !isLogLevel(options.logLevel)) throw invalidInput(vendor, "logLevel", 'must be "debug", "info", "warn" or "off"');
  const retry = options.retry;
  if (retry) {
    for (const key of ["maxRetries", "baseDelayMs", "maxDelayMs", "maxRetryAfterMs"] as const) checkWhole(vendor, `retry.${key}`, retry[key]);
  }
}

/** Checks one request's own options. */
export function checkPerRequestOptions(vendor: string, options: PerRequestOptions): void {
  checkTimeout(vendor, "timeoutMs", options.timeoutMs);
  checkWhole(vendor, "maxRetries", options.maxRetries);
  const signal = options.signal as { aborted?: unknown; addEventListener?: unknown } | null | undefined;
  if (signal != null && !(typeof signal === "object" && typeof signal.aborted === "boolean" && typeof signal.addEventListener === "function")) {
    throw invalidInput(vendor, "signal", "must be an AbortSignal");
  }
}

function parsedProtocol(url: unknown): string {
  try {
    return new URL(String(url)).protocol;
  } catch {
    return "";
  }
}

/** An object whose named members are functions (all of them when `required`, else each one present). */
function checkMethods(vendor: string, name: string, value: unknown, methods: string[], required: boolean): void {
  if (value === undefined) return;
  const object = value as Record<string, unknown> | null;
  const bad = object === null || typeof object !== "object" || methods.some((m) => (required || object[m] !== undefined) && typeof object[m] !== "function");
  if (bad) throw invalidInput(vendor, name, `must be an object with ${required ? "" : "optional "}methods ${methods.join(", ")}`);
}

function checkTimeout(vendor: string, name: string, value: number | undefined): void {
  if (value !== undefined && !(Number.isFinite(value) && value > 0 && value <= MAX_TIMER_MS)) {
    throw invalidInput(vendor, name, `must be a positive number of milliseconds up to ${MAX_TIMER_MS}, got ${JSON.stringify(value)}`);
  }
}

function checkWhole(vendor: string, name: string, value: number | undefined): void {
  if (value !== undefined && !(Number.isInteger(value) && value >= 0 && value <= MAX_TIMER_MS)) {
    throw invalidInput(vendor, name, `must be a whole number from 0 to ${MAX_TIMER_MS}, got ${JSON.stringify(value)}`);
  }
}

/**
 * Characters no key, token or password may hold: controls, and the invisible ones (zero-width spaces and
 * joiners, bidirectional marks, the byte-order mark) that a copy and paste brings along unseen.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control and invisible characters is the point of this pattern
const invisible = /[\0-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]/;

/** The option checks a vendor definition uses; each refuses a value without ever echoing it. */
export function optionChecks(vendor: string, secrets: SecretRegistry, baseUrl: string): OptionChecks {
  const present = (name: string, value: unknown): string => {
    if (typeof value !== "string" || value.trim() === "") throw invalidInput(vendor, name, "must be a non-empty string");
    if (invisible.test(value)) throw invalidInput(vendor, name, "must not contain control or invisible characters");
    return value;
  };
  return {
    baseUrl,
    secrets,
    credential(name, value) {
      const text = present(name, value);
      // Keys travel in headers, which carry Latin-1 only; whitespace would split or be trimmed.
      if (/\s/.test(text)) throw invalidInput(vendor, name, "must not contain whitespace");
      if (/[^\x21-\x7e]/.test(text)) throw invalidInput(vendor, name, "must hold printable ASCII characters only");
      return text;
    },
    password: present,
    secret: (value) => secrets.add(value),
    invalid: (name, message): ValidationError => invalidInput(vendor, name, message),
  };
}
