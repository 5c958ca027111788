/**
 * Receiving what MessageBird sends: call-flow fetches, record-step results and webhook events, each
 * signed with a `MessageBird-Signature-JWT` header.
 *
 * The scheme, from MessageBird's SDKs (go-rest-api `signature_jwt`, messagebird-nodejs
 * `lib/webhook-signature-jwt.js`, php-rest-api and python-rest-api request validators): an HMAC JWT
 * (HS256/384/512) keyed with the account's signing key (not the access key), issuer `MessageBird`,
 * with `url_hash` (SHA-256 of the URL as sent) and `payload_hash` (SHA-256 of the body, present
 * exactly when there is one). The Node SDK tolerates 5 s of clock difference; so does this.
 */
import type { webhooks } from "@callspec/messagebird-voice";
import { type ReceivedWebhook, type ReceiveOptions, receiveWebhook, type WebhookVendor } from "../core/webhooks/receive.js";
import { signTestRequest, type TestSignatureInput } from "../core/webhooks/sign-jwt.js";
import { type JwtSignatureScheme, type VerifyOptions, verifySignedRequest } from "../core/webhooks/signed-request.js";
import type { WebhookBody, WebhookQuery } from "../core/webhooks/types.js";

/** How MessageBird signs the requests it sends. */
export const MESSAGEBIRD_SIGNATURE: JwtSignatureScheme = /* @__PURE__ */ Object.freeze({
  header: "MessageBird-Signature-JWT",
  algorithms: /* @__PURE__ */ Object.freeze(["HS256", "HS384", "HS512"] as const),
  issuer: "MessageBird",
  urlHashClaim: "url_hash",
  payloadHashClaim: "payload_hash",
  clockToleranceSeconds: 5,
});

/** MessageBird's side of the receiving code: its signature and the validators generated from its spec. */
export const messagebirdWebhooks: WebhookVendor = {
  signature: MESSAGEBIRD_SIGNATURE,
  validators: () => import("@callspec/messagebird-voice/validators"),
};

/** Options of {@link verifyMessageBirdWebhook}: the signing key, and how to find the public URL. */
export type MessageBirdVerifyOptions = VerifyOptions;

/**
 * Verifies a request MessageBird signed. Resolves with the body's bytes exactly as received (empty when
 * there was none); rejects with a `WebhookVerificationError` whose `reason` names the failed check
 * (`missing_signature`, `bad_signature`, `unsupported_algorithm`, `expired`, `not_yet_valid`,
 * `url_mismatch`, `payload_mismatch`, `replayed`, …) or a `WebhookBodyError` (`too_large`, …).
 *
 * @example
 * ```ts
 * const body = await verifyMessageBirdWebhook(request, { signingKey: process.env.MESSAGEBIRD_SIGNING_KEY! });
 * ```
 */
export async function verifyMessageBirdWebhook(request: Request, options: MessageBirdVerifyOptions): Promise<Uint8Array> {
  return (await verifySignedRequest(request, MESSAGEBIRD_SIGNATURE, options)).body;
}

/** The names of MessageBird's webhooks in the spec (`callFlowFetch`, `recordingFinished`, …). */
export type MessageBirdWebhookName = keyof webhooks & string;

/** Options of {@link receiveMessageBirdWebhook}: verification, plus `validate: false` to skip the schema check. */
export type MessageBirdReceiveOptions = ReceiveOptions & MessageBirdVerifyOptions;

/** A verified MessageBird request, its query and body typed from the spec. */
export type MessageBirdWebhook<N extends MessageBirdWebhookName> = ReceivedWebhook<WebhookQuery<webhooks, N>, WebhookBody<webhooks, N>>;

/**
 * Verifies, parses and validates one of MessageBird's webhooks against the spec: a call-flow fetch's
 * query (`callID`, `source`, `destination`), a record step's `onFinish` body, an event.
 * A query or body the spec does not describe is a `WebhookPayloadError` with each problem's JSON pointer.
 *
 * @example
 * ```ts
 * const { query } = await receiveMessageBirdWebhook(request, "callFlowFetch", { signingKey });
 * ```
 */
export function receiveMessageBirdWebhook<N extends MessageBirdWebhookName>(
  request: Request,
  name: N,
  options: MessageBirdReceiveOptions,
): Promise<MessageBirdWebhook<N>> {
  return receiveWebhook(messagebirdWebhooks, request, name, options);
}

/**
 * A `MessageBird-Signature-JWT` value for a request, signed as MessageBird signs: for the app's own
 * tests of its receivers, with the signing key it configured for them (never the production key in a
 * test fixture).
 *
 * @example
 * ```ts
 * const url = "http://localhost:3000/call-flow?callID=c-1&source=31612345678&destination=31201234567";
 * const signature = await createMessageBirdTestSignature({ url, signingKey: "test-signing-key" });
 * await fetch(url, { headers: { "MessageBird-Signature-JWT": signature } });
 * ```
 */
export function createMessageBirdTestSignature(input: TestSignatureInput): Promise<string> {
  return signTestRequest(MESSAGEBIRD_SIGNATURE, input);
}
