import { AbortedError, AuthenticationError, ConnectionError, parseRetryAfter, TimeoutError, type Vendor, type VoiceApiError } from "./errors.js";
import { failedBeforeSending } from "./network-errors.js";
import type { SecretRegistry } from "./redact.js";
import {
  backoffDelay,
  resolveRetryOptions,
  retryableStatuses,
  sleep,
  type RequestKind,
  type RetryOptions,
} from "./retry-policy.js";

/** One attempt's request, rebuilt from a copy of the original so it can be sent again. */
export interface Attempt {
  url: string;
  method: string;
  headers: Headers;
  body: ArrayBuffer | undefined;
}

/** How a session puts its token on a request and learns about the server's verdict. */
export interface AuthHooks {
  /** The token to use now (may log in). */
  token(): Promise<string>;
  /** Puts the token on the attempt (a header, the body, the URL). */
  apply(attempt: Attempt, token: string): Attempt;
  /** The server refused `token` with 401. */
  rejected(token: string): Promise<void>;
  /** The server accepted `token` (any answer but 401). */
  accepted?(token: string): void;
}

/** Receives the facade's diagnostics; every text is already redacted. */
export interface Logger {
  debug?(message: string): void;
  warn?(message: string): void;
}

/** Options for {@link createTransport}. */
export interface TransportOptions {
  vendor: Vendor;
  secrets: SecretRegistry;
  /** Decides what repeating a request would risk, from its method and path relative to the base URL. */
  classify(method: string, path: string): RequestKind;
  /** Base URL of the API, to compute paths for `classify`. */
  baseUrl: string;
  fetch?: ((request: Request) => Promise<Response>) | undefined;
  retry?: RetryOptions | false | undefined;
  /** Time limit per attempt in milliseconds (until response headers arrive). */
  timeoutMs?: number | undefined;
  auth?: AuthHooks | undefined;
  logger?: Logger | undefined;
}

/**
 * Builds the `fetch` every facade client sends through: it copies the request once so it can be sent
 * again, adds the session's token, enforces time limits, refreshes a refused token once, retries what is
 * safe to retry with backoff and `Retry-After`, and turns transport failures into typed errors.
 */
export function createTransport(options: TransportOptions): (request: Request) => Promise<Response> {
  const retry = resolveRetryOptions(options.retry);
  // Node's fetch links a Request's signal to its internal copy only weakly (undici #4068): after a garbage
  // collection an abort can get lost. A signal passed in fetch's own options is held strongly, so the
  // default fetch gets it there. A custom fetch receives it on the Request, as the fetch contract says.
  const baseFetch: (request: Request, signal: AbortSignal | undefined) => Promise<Response> = options.fetch
    ? (request) => options.fetch!(request)
    : (request, signal) => globalThis.fetch(request, signal ? { signal } : undefined);
  const basePath = new URL(options.baseUrl).pathname.replace(/\/+$/, "");
  const { secrets, auth, vendor } = options;

  return async function transport(request: Request): Promise<Response> {
    const userSignal = request.signal;
    // Classifying needs the URL parsed; only a failure needs the answer, so work it out lazily.
    let kind: RequestKind | undefined;
    const kindOf = (): RequestKind => {
      if (kind === undefined) {
        const { pathname } = new URL(request.url);
        kind = options.classify(request.method, pathname.startsWith(basePath) ? pathname.slice(basePath.length) || "/" : pathname);
      }
      return kind;
    };
    // Fast path: a request without a body, a session or a client time limit can go out as it is the
    // first time; it is rebuilt only if it has to be sent again.
    let original: Request | undefined = request.body === null && !auth && options.timeoutMs === undefined ? request : undefined;
    // openapi-fetch does not clone bodies; keep our own copy before the first attempt.
    let attempt: Attempt = {
      url: request.url,
      method: request.method,
      headers: original ? request.headers : new Headers(request.headers),
      body: request.body === null ? undefined : await request.arrayBuffer(),
    };
    const label = () => `${request.method} ${secrets.redact(attempt.url)}`;
    let retries = 0;
    let refreshed = false;

    for (let attempts = 1; ; attempts++) {
      let token: string | undefined;
      if (auth) {
        token = await tokenOrAbort(auth, userSignal, { vendor, request: label(), attempts, secrets });
        secrets.add(token);
        try {
          attempt = auth.apply(attempt, token);
        } catch {
          // e.g. Headers.set refusing a token with a line break: its message would quote the token.
          throw new AuthenticationError({ vendor, message: `${label()}: the session's token cannot be sent (it holds characters a header or body cannot carry)`, request: label(), attempts });
        }
      }
      const limit = new TimeLimit(userSignal, options.timeoutMs);
      let response: Response;
      try {
        const outgoing =
          original ?? new Request(attempt.url, { method: attempt.method, headers: attempt.headers, body: attempt.body ?? null, signal: limit.signal });
        if (original) {
          original = undefined;
          attempt = { ...attempt, headers: new Headers(request.headers) };
        }
        response = await baseFetch(outgoing, limit.signal);
      } catch (cause) {
        limit.done();
        // The caller's abort or own deadline: nothing is left to retry in.
        if (userSignal?.aborted) throw stoppedByCaller(userSignal.reason, "", { vendor, request: label(), attempts, secrets });
        const timedOut = limit.timedOut();
        const neverSent = !timedOut && failedBeforeSending(cause);
        const Class = timedOut ? TimeoutError : ConnectionError;
        const what = timedOut ? `no answer within ${limit.ms} ms` : neverSent ? "could not connect" : "the connection failed";
        const mayRepeat = kindOf() === "safe" || neverSent;
        if (mayRepeat && retries < retry.maxRetries) {
          retries++;
          const delay = backoffDelay(retries, retry);
          options.logger?.debug?.(`${label()}: ${what}; retry ${retries} in ${Math.round(delay)} ms`);
          await sleepOrAbort(delay, userSignal, { vendor, request: label(), attempts, secrets });
          continue;
        }
        const note = !mayRepeat && kindOf() === "call-placing" ? " (not retried: the call may already have been placed)" : "";
        throw new Class({ vendor, message: `${label()}: ${what}${note}`, request: label(), attempts, cause: safeCause(cause, secrets) });
      }
      limit.done();

      answeredAfter.set(response, attempts);
      if (response.status === 401 && auth && token !== undefined) {
        await auth.rejected(token);
        // A 401 means the request was refused, so even a create can be repeated with a fresh token; a
        // call-placing request is still sent only once, as promised.
        if (!refreshed && kindOf() !== "call-placing") {
          refreshed = true;
          await response.body?.cancel();
          options.logger?.debug?.(`${label()}: token refused; logging in again`);
          continue;
        }
        return response;
      }
      if (auth && token !== undefined) auth.accepted?.(token);

      if (retryableStatuses.has(response.status) && retries < retry.maxRetries && kindOf() === "safe") {
        const retryAfter = parseRetryAfter(response.headers.get("retry-after"));
        if (retryAfter === undefined || retryAfter <= retry.maxRetryAfterMs) {
          retries++;
          const delay = retryAfter ?? backoffDelay(retries, retry);
          await response.body?.cancel();
          options.logger?.debug?.(`${label()}: HTTP ${response.status}; retry ${retries} in ${Math.round(delay)} ms`);
          await sleepOrAbort(delay, userSignal, { vendor, request: label(), attempts, secrets });
          continue;
        }
      }
      return response;
    }
  };
}

const isTimeoutReason = (reason: unknown) => (reason as { name?: string } | undefined)?.name === "TimeoutError";

/**
 * The signal an attempt is sent with: the caller's, joined with our own time limit when the client has
 * one. A class rather than closures: it is built for every attempt, so it should cost one allocation.
 */
class TimeLimit {
  readonly signal: AbortSignal | undefined;
  readonly #own: AbortController | undefined;
  readonly #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    user: AbortSignal | null,
    readonly ms: number | undefined,
  ) {
    if (ms === undefined) {
      this.signal = user ?? undefined;
      return;
    }
    const own = new AbortController();
    this.#own = own;
    this.#timer = setTimeout(() => own.abort(new DOMException("timed out", "TimeoutError")), ms);
    this.signal = user ? AbortSignal.any([user, own.signal]) : own.signal;
  }

  /** Our own time limit fired. */
  timedOut(): boolean {
    return !!this.#own?.signal.aborted;
  }

  done(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
  }
}

/** Who and what an error built outside the attempt loop's own scope refers to. */
interface ErrorContext {
  vendor: Vendor;
  request: string;
  attempts: number;
  secrets: SecretRegistry;
}

/**
 * The error for a request the caller stopped: a {@link TimeoutError} when its signal fired for a deadline
 * (`AbortSignal.timeout`), an {@link AbortedError} otherwise. `during` says what was going on, if not the
 * request itself ("while logging in").
 */
function stoppedByCaller(reason: unknown, during: string, { vendor, request, attempts, secrets }: ErrorContext): VoiceApiError {
  const init = { vendor, request, attempts, cause: safeCause(reason, secrets) };
  return isTimeoutReason(reason)
    ? new TimeoutError({ ...init, message: `${request}: the request's deadline passed${during ? ` ${during}` : " before an answer"}` })
    : new AbortedError({ ...init, message: `${request} was aborted by the caller${during ? ` ${during}` : ""}` });
}

/**
 * Waits for the session's token, but not past the caller's abort or deadline: a login that hangs must not
 * hold the caller hostage. The login itself goes on for the other requests sharing it.
 */
async function tokenOrAbort(auth: AuthHooks, signal: AbortSignal | null, context: ErrorContext): Promise<string> {
  const pending = auth.token();
  if (!signal) return pending;
  if (signal.aborted) {
    pending.catch(() => {});
    throw stoppedByCaller(signal.reason, "while logging in", context);
  }
  return new Promise<string>((resolve, reject) => {
    const onAbort = () => reject(stoppedByCaller(signal.reason, "while logging in", context));
    signal.addEventListener("abort", onAbort, { once: true });
    pending.then(
      (token) => {
        signal.removeEventListener("abort", onAbort);
        resolve(token);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

async function sleepOrAbort(ms: number, signal: AbortSignal | null, context: ErrorContext): Promise<void> {
  try {
    await sleep(ms, signal);
  } catch (reason) {
    throw stoppedByCaller(reason, "while waiting to retry", context);
  }
}

/** Keeps the class and message of a low-level failure but none of its attached objects (requests, sockets). */
function safeCause(cause: unknown, secrets: SecretRegistry): Error | undefined {
  if (!(cause instanceof Error)) return undefined;
  const copy = new Error(secrets.redact(cause.message));
  copy.name = cause.name;
  const code = (cause as { code?: unknown }).code ?? (cause.cause as { code?: unknown } | undefined)?.code;
  if (typeof code === "string") (copy as Error & { code?: string }).code = code;
  return copy;
}

/** How many attempts produced each response the transport returned (read by the error mapping). */
export const answeredAfter = new WeakMap<Response, number>();

