import type { SecretRegistry } from "./redact.js";

/** Which API an error came from. */
export type Vendor = "messagebird" | "voipstudio" | "zaas";

/** Everything known about a failed request, for {@link VoiceApiError}. */
export interface VoiceApiErrorInit {
  vendor: Vendor;
  message: string;
  /** HTTP status, when the server answered. */
  status?: number | undefined;
  /** Vendor error codes (MessageBird `errors[].code`, VoIPstudio `errors[].code`, ...). */
  codes?: (string | number)[];
  /** Vendor error messages, redacted. */
  messages?: string[];
  /** The parsed error body, redacted. */
  body?: unknown;
  /** The raw response, when there is one (its body may already be read). */
  response?: Response | undefined;
  /** The request (`METHOD url`, or the URL alone where only the answer is known), secrets redacted. */
  request?: string | undefined;
  /** A local input problem: the parameter that was wrong. */
  param?: string | undefined;
  /** Milliseconds the server asked us to wait (Retry-After). */
  retryAfterMs?: number | undefined;
  /** How many attempts were made. */
  attempts?: number | undefined;
  cause?: unknown;
}

/**
 * Base class of every error the facade throws or returns. It carries the vendor, the HTTP status, the
 * vendor's own codes and messages, and the raw response; it never carries a secret.
 */
export class VoiceApiError extends Error {
  // Names are literals, on the prototype: a minifier renames classes, and `err.name` must still say what failed.
  static {
    this.prototype.name = "VoiceApiError";
  }
  readonly vendor: Vendor;
  readonly status: number | undefined;
  readonly codes: readonly (string | number)[];
  readonly messages: readonly string[];
  readonly body: unknown;
  readonly request: string | undefined;
  readonly attempts: number | undefined;
  declare readonly response: Response | undefined;

  constructor(init: VoiceApiErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.vendor = init.vendor;
    this.status = init.status;
    this.codes = init.codes ?? [];
    this.messages = init.messages ?? [];
    this.body = init.body;
    this.request = init.request;
    this.attempts = init.attempts;
    // Not enumerable: keeps logs and JSON small, and a Response is no data to serialise.
    Object.defineProperty(this, "response", { value: init.response, enumerable: false });
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
      request: this.request,
      attempts: this.attempts,
    };
  }
}

/** 401: the credentials or token were refused (after one refresh, where the client can refresh). */
export class AuthenticationError extends VoiceApiError {
  static {
    this.prototype.name = "AuthenticationError";
  }
}
/** 403: the credentials are valid but not allowed to do this. */
export class PermissionError extends VoiceApiError {
  static {
    this.prototype.name = "PermissionError";
  }
}
/** 404: no such resource. */
export class NotFoundError extends VoiceApiError {
  static {
    this.prototype.name = "NotFoundError";
  }
}
/**
 * The request was invalid: refused by the server (400, 412, 422, …) or, with `status` undefined, caught
 * locally before any request was sent; `param` then names the bad option or parameter.
 */
export class ValidationError extends VoiceApiError {
  static {
    this.prototype.name = "ValidationError";
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
/** 429: too many requests; `retryAfterMs` says how long the server asked to wait. */
export class RateLimitError extends VoiceApiError {
  static {
    this.prototype.name = "RateLimitError";
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
/** 5xx, or a success answer whose body could not be read (an HTML page, malformed JSON). */
export class ServerError extends VoiceApiError {
  static {
    this.prototype.name = "ServerError";
  }
}
/** The server could not be reached, or the connection broke before an answer arrived. */
export class ConnectionError extends VoiceApiError {
  static {
    this.prototype.name = "ConnectionError";
  }
}
/** No answer within the client's or the request's time limit. */
export class TimeoutError extends VoiceApiError {
  static {
    this.prototype.name = "TimeoutError";
  }
}
/** The caller aborted the request through its own `AbortSignal` (never raised for timeouts). */
export class AbortedError extends VoiceApiError {
  static {
    this.prototype.name = "AbortedError";
  }
}

/** Picks the error class for an HTTP status. */
export function errorClassFor(status: number): typeof VoiceApiError {
  if (status === 401) return AuthenticationError;
  if (status === 403) return PermissionError;
  if (status === 404) return NotFoundError;
  if (status === 429) return RateLimitError;
  if (status >= 500) return ServerError;
  if (status === 408) return TimeoutError;
  return ValidationError;
}

/** Reads vendor codes and messages out of any of the three vendors' error bodies. */
export function readVendorErrors(body: unknown): { codes: (string | number)[]; messages: string[] } {
  const codes: (string | number)[] = [];
  const messages: string[] = [];
  const visit = (value: unknown) => {
    if (value === null || typeof value !== "object") return;
    const o = value as Record<string, unknown>;
    for (const key of ["code", "error_code"]) {
      const c = o[key];
      if (typeof c === "number" || (typeof c === "string" && c !== "")) codes.push(c);
    }
    for (const key of ["message", "description", "error"]) {
      const m = o[key];
      if (typeof m === "string" && m !== "") messages.push(m);
    }
  };
  if (Array.isArray(body)) body.forEach(visit);
  else if (body && typeof body === "object") {
    visit(body);
    const list = (body as { errors?: unknown }).errors;
    if (Array.isArray(list)) list.forEach(visit);
  } else if (typeof body === "string" && body.trim() !== "") {
    const text = body.trim();
    // An HTML error page from a proxy or load balancer says nothing useful in its markup.
    messages.push(text.startsWith("<") ? "an HTML page instead of JSON" : text.slice(0, 200));
  }
  return { codes, messages };
}

/** Parses a `Retry-After` header (seconds or an HTTP date) into milliseconds. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Builds the typed error for an HTTP answer whose body has already been parsed (or read as text). */
export function errorFromResponse(
  vendor: Vendor,
  response: Response,
  body: unknown,
  secrets: SecretRegistry,
  request: string | undefined,
  attempts?: number,
): VoiceApiError {
  const safeBody = secrets.redactValue(body);
  const { codes, messages } = readVendorErrors(safeBody);
  const Class = errorClassFor(response.status);
  const detail = messages.length ? `: ${messages.join("; ")}` : "";
  return new Class({
    vendor,
    status: response.status,
    message: secrets.redact(`${vendorName[vendor]} answered HTTP ${response.status}${detail}${request ? ` (${request})` : ""}`),
    codes,
    messages,
    body: safeBody,
    response,
    request,
    retryAfterMs: parseRetryAfter(response.headers.get("retry-after")),
    attempts,
  });
}

const vendorName: Record<Vendor, string> = { messagebird: "MessageBird", voipstudio: "VoIPstudio", zaas: "ZaaS" };

/** A local input problem, found before any request was sent. */
export function invalidInput(vendor: Vendor, param: string, message: string): ValidationError {
  return new ValidationError({ vendor, param, message: `${param}: ${message}` });
}
