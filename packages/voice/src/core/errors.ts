/** Everything known about a failed request, for {@link VoiceApiError}. */
export interface VoiceApiErrorInit {
  /** Which vendor's client raised it: the id of its definition (`"acme"`, …). */
  vendor: string;
  message: string;
  /** HTTP status, when the server answered. */
  status?: number | undefined;
  /** Vendor error codes read from the vendor's error envelope. */
  codes?: (string | number)[];
  /** Vendor error messages, redacted. */
  messages?: string[];
  /** The parsed error body, redacted. */
  body?: unknown;
  /** The answer's headers, redacted (never the raw `Response`: it holds the unredacted request). */
  headers?: Record<string, string> | undefined;
  /** HTTP method of the request. */
  method?: string | undefined;
  /** URL of the request, secrets redacted. */
  url?: string | undefined;
  /** The vendor's id for the request, where it sends one. */
  requestId?: string | undefined;
  /** A local input problem: the parameter or body field that was wrong. */
  param?: string | undefined;
  /** Milliseconds the server asked us to wait (Retry-After). */
  retryAfterMs?: number | undefined;
  /** How many attempts were made. */
  attempts?: number | undefined;
  cause?: unknown;
}

/**
 * Base class of every error the facade throws or returns. Its subclasses form one tree:
 *
 * - {@link ValidationError}: bad input found locally, before anything was sent (a filter builder's `FilterError` too);
 * - {@link ApiStatusError}: the server answered with an error status (`BadRequestError`, `NotFoundError`, …);
 * - {@link ConnectionError}: no answer came (could not connect, the connection broke), with
 *   {@link TimeoutError} as the case where none came in time;
 * - {@link AbortedError}: the caller's own signal stopped the request.
 *
 * It never carries a secret: messages, bodies, headers and URLs are redacted in every encoding.
 */
export class VoiceApiError extends Error {
  // Names are literals, on the prototype: a minifier renames classes, and `err.name` must still say what failed.
  static {
    VoiceApiError.prototype.name = "VoiceApiError";
  }
  readonly vendor: string;
  readonly status: number | undefined;
  readonly codes: readonly (string | number)[];
  readonly messages: readonly string[];
  readonly body: unknown;
  readonly headers: Readonly<Record<string, string>> | undefined;
  readonly method: string | undefined;
  readonly url: string | undefined;
  readonly requestId: string | undefined;
  readonly attempts: number | undefined;

  constructor(init: VoiceApiErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.vendor = init.vendor;
    this.status = init.status;
    this.codes = init.codes ?? [];
    this.messages = init.messages ?? [];
    this.body = init.body;
    this.headers = init.headers;
    this.method = init.method;
    this.url = init.url;
    this.requestId = init.requestId;
    this.attempts = init.attempts;
  }

  /** `METHOD url` of the failed request (secrets redacted), when known. */
  get request(): string | undefined {
    return this.method && this.url ? `${this.method} ${this.url}` : this.url;
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      message: this.message,
      vendor: this.vendor,
      status: this.status,
      codes: this.codes,
      messages: this.messages,
      body: this.body,
      method: this.method,
      url: this.url,
      requestId: this.requestId,
      attempts: this.attempts,
    };
  }
}

/** Bad input caught locally, before any request was sent; `param` names the option, parameter or body field. */
export class ValidationError extends VoiceApiError {
  static {
    ValidationError.prototype.name = "ValidationError";
  }
  readonly param: string | undefined;
  constructor(init: VoiceApiErrorInit) {
    super(init);
    this.param = init.param;
  }
  override toJSON() {
    return { ...super.toJSON(), param: this.param };
  }
}

/** The server answered with an error status; `status`, `codes`, `messages` and `body` say what it said. */
export class ApiStatusError extends VoiceApiError {
  static {
    ApiStatusError.prototype.name = "ApiStatusError";
  }
  declare readonly status: number;
}
/** 400, 409, 412, 422 and other 4xx without a class of their own: the server refused the request as invalid. */
export class BadRequestError extends ApiStatusError {
  static {
    BadRequestError.prototype.name = "BadRequestError";
  }
}
/** 401, or a login that produced no usable token: the credentials or token were refused. */
export class AuthenticationError extends ApiStatusError {
  static {
    AuthenticationError.prototype.name = "AuthenticationError";
  }
}
/** 403: the credentials are valid but not allowed to do this. */
export class PermissionError extends ApiStatusError {
  static {
    PermissionError.prototype.name = "PermissionError";
  }
}
/** 404: no such resource. */
export class NotFoundError extends ApiStatusError {
  static {
    NotFoundError.prototype.name = "NotFoundError";
  }
}
/** 429: too many requests; `retryAfterMs` says how long the server asked to wait. */
export class RateLimitError extends ApiStatusError {
  static {
    RateLimitError.prototype.name = "RateLimitError";
  }
  readonly retryAfterMs: number | undefined;
  constructor(init: VoiceApiErrorInit) {
    super(init);
    this.retryAfterMs = init.retryAfterMs;
  }
  override toJSON() {
    return { ...super.toJSON(), retryAfterMs: this.retryAfterMs };
  }
}
/** 5xx, or a success answer whose body could not be read (an HTML page, malformed JSON, no body). */
export class ServerError extends ApiStatusError {
  static {
    ServerError.prototype.name = "ServerError";
  }
}
/** No answer: the server could not be reached, or the connection broke before the answer was complete. */
export class ConnectionError extends VoiceApiError {
  static {
    ConnectionError.prototype.name = "ConnectionError";
  }
}
/**
 * No answer within the client's or the request's time limit. A kind of {@link ConnectionError} (as in
 * Stainless-generated SDKs): to the caller both mean "no answer", and code that retries or reports one
 * should handle the other.
 */
export class TimeoutError extends ConnectionError {
  static {
    TimeoutError.prototype.name = "TimeoutError";
  }
}
/**
 * The caller stopped the request through its own `AbortSignal`. Not a {@link ConnectionError}: nothing
 * went wrong, and retrying what the caller cancelled would be a bug.
 */
export class AbortedError extends VoiceApiError {
  static {
    AbortedError.prototype.name = "AbortedError";
  }
}

/** Picks the error class for an HTTP error status. */
export function errorClassFor(status: number): typeof ApiStatusError {
  if (status === 401) return AuthenticationError;
  if (status === 403) return PermissionError;
  if (status === 404) return NotFoundError;
  if (status === 429) return RateLimitError;
  if (status >= 500) return ServerError;
  if (status === 408 || status < 400) return ApiStatusError;
  return BadRequestError;
}

/** Parses a `Retry-After` header (seconds or an HTTP date) into milliseconds. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** A local input problem, found before any request was sent. */
export function invalidInput(vendor: string, param: string, message: string): ValidationError {
  return new ValidationError({ vendor, param, message: `${param}: ${message}` });
}
