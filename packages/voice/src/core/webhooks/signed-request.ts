/**
 * Verifying a request signed with a JWT in a header, whose claims bind it to the URL it was sent to
 * and to its body. The scheme's facts (header, algorithms, issuer, claim names, leeway) are a vendor's
 * data; the checks are the same for any vendor that signs this way.
 */
import { constantTimeEqual, sha256Hex } from "./digest.js";
import { WebhookVerificationError } from "./errors.js";
import { type HmacAlgorithm, verifyHmacJwt } from "./hmac-jwt.js";
import { checkBodyLimit, DEFAULT_BODY_LIMIT_BYTES, readRawBody } from "./raw-body.js";
import { type PublicUrlOptions, publicUrlOf } from "./received-url.js";
import type { ReplayStore } from "./replay.js";

/** How a vendor signs: one definition per vendor. */
export interface JwtSignatureScheme {
  /** The request header that carries the token. */
  header: string;
  algorithms: readonly HmacAlgorithm[];
  /** The `iss` claim every token carries. */
  issuer: string;
  /** The claim holding the hex SHA-256 of the URL as sent. */
  urlHashClaim: string;
  /** The claim holding the hex SHA-256 of the body; present exactly when there is a body. */
  payloadHashClaim: string;
  /** Seconds of clock difference tolerated on `nbf` and `exp` unless the receiver says otherwise. */
  clockToleranceSeconds: number;
}

/** Options of a signed request's verification. */
export interface VerifyOptions extends PublicUrlOptions {
  /** The signing key (as text; its UTF-8 bytes key the HMAC). Never logged or quoted in errors. */
  signingKey: string;
  /** The clock, for tests: seconds since the epoch, or a Date. Default: now. */
  now?: number | Date;
  /** Leeway on `nbf`/`exp`, in seconds. */
  clockToleranceSeconds?: number;
  /** Refuses a token id seen before; without one, replays within the token's lifetime are not detected. */
  replayStore?: ReplayStore;
  /** Largest body accepted, in bytes (default 1 MiB). */
  bodyLimitBytes?: number;
  /**
   * Check the `url_hash` claim (default `true`). Turn it off only when the public URL cannot be rebuilt;
   * the signature then no longer ties the request to your endpoint.
   */
  checkUrl?: boolean;
}

/** What a verified request carries. */
export interface VerifiedRequest {
  /** The body exactly as it arrived (empty when there was none). */
  body: Uint8Array;
  /** The URL the signature was checked against. */
  url: string;
  /** The token's claims. */
  claims: Readonly<Record<string, unknown>>;
}

/**
 * Verifies `request` under `scheme`. Resolves with the raw body; rejects with a
 * {@link WebhookVerificationError} whose `reason` says which check failed, or a `WebhookBodyError`.
 * The cheap checks come first: a forged or stale token is refused before its body is read.
 */
export async function verifySignedRequest(request: Request, scheme: JwtSignatureScheme, options: VerifyOptions): Promise<VerifiedRequest> {
  checkOptions(options);
  const token = request.headers.get(scheme.header);
  if (token === null || token.trim() === "") throw new WebhookVerificationError("missing_signature", `the request has no ${scheme.header} header`);
  const { claims } = await verifyHmacJwt(token.trim(), options.signingKey, scheme.algorithms);
  const now = clockOf(options.now);
  const expiresAt = checkTimes(claims, now, options.clockToleranceSeconds ?? scheme.clockToleranceSeconds);
  if (claims.iss !== scheme.issuer) throw new WebhookVerificationError("wrong_issuer", `the token's issuer is not ${scheme.issuer}`);
  const jti = claims.jti;
  if (typeof jti !== "string" || jti === "") throw missingClaim("jti");
  const body = await readRawBody(request, options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES);
  const url = publicUrlOf(request, options);
  if (options.checkUrl !== false) await checkUrlHash(claims[scheme.urlHashClaim], url, scheme.urlHashClaim);
  await checkPayloadHash(claims[scheme.payloadHashClaim], body, scheme.payloadHashClaim);
  if (options.replayStore && !(await options.replayStore.claim(jti, { expiresAt, now: new Date(now * 1000) }))) {
    throw new WebhookVerificationError("replayed", "this request was received before (its token id was seen already)");
  }
  return { body, url, claims };
}

function checkOptions(options: VerifyOptions): void {
  if (typeof options?.signingKey !== "string" || options.signingKey === "")
    throw new TypeError("signingKey must be a non-empty string (the account's signing key)");
  if (options.now !== undefined && !Number.isFinite(options.now instanceof Date ? options.now.getTime() : options.now))
    throw new TypeError("now must be seconds since the epoch or a valid Date");
  // Date.now() passed as `now` would make every token look expired, silently.
  if (typeof options.now === "number" && options.now > 1e11) throw new TypeError("now is in seconds since the epoch, not milliseconds (or pass a Date)");
  const tolerance = options.clockToleranceSeconds;
  if (tolerance !== undefined && !(Number.isFinite(tolerance) && tolerance >= 0)) throw new TypeError("clockToleranceSeconds must be a number of seconds ≥ 0");
  if (options.bodyLimitBytes !== undefined) checkBodyLimit(options.bodyLimitBytes);
}

/** Seconds since the epoch. */
function clockOf(now: number | Date | undefined): number {
  if (now === undefined) return Date.now() / 1000;
  return now instanceof Date ? now.getTime() / 1000 : now;
}

/** `exp` is required (a token without one would never stop working); `nbf` is checked when present. */
function checkTimes(claims: Record<string, unknown>, now: number, tolerance: number): Date {
  const { exp, nbf } = claims;
  if (typeof exp !== "number" || !Number.isFinite(exp)) throw missingClaim("exp");
  if (nbf !== undefined && (typeof nbf !== "number" || !Number.isFinite(nbf))) throw missingClaim("nbf");
  if (typeof nbf === "number" && nbf > now + tolerance)
    throw new WebhookVerificationError("not_yet_valid", "the token is not valid yet (nbf is in the future): check the server's clock");
  if (exp <= now - tolerance) throw new WebhookVerificationError("expired", "the token has expired (exp is in the past)");
  // Kept within what a Date can hold: a replay store is given a real time even for an absurd `exp`.
  return new Date(Math.min((exp + tolerance) * 1000, 8.64e15));
}

async function checkUrlHash(claimed: unknown, url: string, claim: string): Promise<void> {
  if (typeof claimed !== "string") throw missingClaim(claim);
  if (!constantTimeEqual(claimed.toLowerCase(), await sha256Hex(url))) {
    // Only the origin is named: the path or query may hold a secret of the app's own.
    const origin = URL.canParse(url) ? new URL(url).origin : "(not a URL)";
    throw new WebhookVerificationError(
      "url_mismatch",
      `the token was issued for another URL than the one received (at ${origin}); behind a proxy, set publicUrl or trustForwardedHeaders`,
    );
  }
}

async function checkPayloadHash(claimed: unknown, body: Uint8Array, claim: string): Promise<void> {
  if (claimed === undefined) {
    if (body.byteLength > 0) throw new WebhookVerificationError("payload_mismatch", "the request has a body, but the token covers none");
    return;
  }
  if (typeof claimed !== "string") throw missingClaim(claim);
  if (body.byteLength === 0) throw new WebhookVerificationError("payload_mismatch", "the token covers a body, but the request has none");
  if (!constantTimeEqual(claimed.toLowerCase(), await sha256Hex(body)))
    throw new WebhookVerificationError("payload_mismatch", "the body is not the one the token covers");
}

function missingClaim(name: string): WebhookVerificationError {
  return new WebhookVerificationError("missing_claim", `the token has no usable ${name} claim`);
}
