/**
 * Errors of the receiving side: requests a vendor sends to the app (webhooks, callbacks, call-flow
 * fetches). They never quote a signing key, a token or the body they refused.
 */

/** Why a signed request was refused; each reason is its own value so a handler can log or count it. */
export type WebhookRefusal =
  | "missing_signature"
  | "malformed_signature"
  | "unsupported_algorithm"
  | "bad_signature"
  | "wrong_issuer"
  | "missing_claim"
  | "expired"
  | "not_yet_valid"
  | "url_mismatch"
  | "payload_mismatch"
  | "replayed";

/** Why a request's body could not be read. */
export type WebhookBodyFault = "too_large" | "unreadable" | "consumed";

/**
 * Base class of the receiving side's errors. `status` is the HTTP status a receiver should answer with
 * (the adapters in `@callspec/voice/webhooks` do so).
 */
export class WebhookError extends Error {
  // A getter, not a static block assigning the prototype: bundlers can then drop the class when unused.
  override get name(): string {
    return "WebhookError";
  }
  /** The HTTP status to answer the sender with. */
  readonly status: number;
  constructor(message: string, status: number, options?: { cause?: unknown }) {
    super(message, options);
    this.status = status;
  }
}

/** A signed request whose signature does not hold: answer 401, and do not act on it. */
export class WebhookVerificationError extends WebhookError {
  // A getter, not a static block assigning the prototype: bundlers can then drop the class when unused.
  override get name(): string {
    return "WebhookVerificationError";
  }
  /** Which check failed. */
  readonly reason: WebhookRefusal;
  constructor(reason: WebhookRefusal, message: string) {
    super(message, 401);
    this.reason = reason;
  }
}

/** The body could not be read: too large (413), broken off (400), or already parsed by a framework (500). */
export class WebhookBodyError extends WebhookError {
  // A getter, not a static block assigning the prototype: bundlers can then drop the class when unused.
  override get name(): string {
    return "WebhookBodyError";
  }
  readonly fault: WebhookBodyFault;
  constructor(fault: WebhookBodyFault, message: string, options?: { cause?: unknown }) {
    super(message, fault === "too_large" ? 413 : fault === "consumed" ? 500 : 400, options);
    this.fault = fault;
  }
}

/** One way a received payload differs from the spec's schema; never the value itself. */
export interface WebhookProblem {
  /** RFC 6901 JSON pointer of the value, `""` for the root. */
  pointer: string;
  /** The same place as a dotted path (`steps[0].action`), `(body)` for the root. */
  field: string;
  /** What the spec asks of it. */
  message: string;
}

/**
 * A verified (or unsigned) request whose query or body does not match the spec's schema for that
 * webhook. Pass `validate: false` to accept it anyway (a vendor may add members or event types first).
 */
export class WebhookPayloadError extends WebhookError {
  // A getter, not a static block assigning the prototype: bundlers can then drop the class when unused.
  override get name(): string {
    return "WebhookPayloadError";
  }
  /** The webhook's name in the spec's `x-webhooks`. */
  readonly webhook: string;
  /** Which part did not match. */
  readonly part: "query" | "body";
  readonly problems: readonly WebhookProblem[];
  constructor(webhook: string, part: "query" | "body", problems: readonly WebhookProblem[], options?: { cause?: unknown }) {
    const list = problems.map((p) => `${p.pointer || "/"} ${p.message}`).join("; ");
    super(`${webhook}: the ${part} does not match the spec: ${list}`, 400, options);
    this.webhook = webhook;
    this.part = part;
    this.problems = problems;
  }
}
