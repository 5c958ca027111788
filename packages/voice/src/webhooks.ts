/**
 * The receiving side shared by every vendor: adapters that serve a web-standard `Request` handler from
 * `node:http`, Express and Fastify with the raw body intact, the errors receivers throw, a replay
 * store, and how a public URL is rebuilt behind a proxy. Each vendor's receivers live in its own entry
 * (`@callspec/voice/messagebird`: `verifyMessageBirdWebhook`, `receiveMessageBirdWebhook`;
 * `@callspec/voice/voipstudio`: `receiveVoipstudioWebhook`).
 * @module
 */
export {
  WebhookError,
  WebhookVerificationError,
  WebhookBodyError,
  WebhookPayloadError,
  type WebhookRefusal,
  type WebhookBodyFault,
  type WebhookProblem,
} from "./core/webhooks/errors.js";
export { createMemoryReplayStore, type ReplayStore, type ReplayClaim, type MemoryReplayStoreOptions } from "./core/webhooks/replay.js";
export { publicUrlOf, type PublicUrlOptions } from "./core/webhooks/received-url.js";
export { readRawBody, DEFAULT_BODY_LIMIT_BYTES } from "./core/webhooks/raw-body.js";
export {
  nodeHandler,
  toWebRequest,
  readNodeBody,
  sendWebResponse,
  type WebhookHandler,
  type AdapterOptions,
  type IncomingLike,
  type ServerResponseLike,
} from "./core/webhooks/node-adapters.js";
export { expressHandler, type ExpressRequestLike } from "./core/webhooks/express.js";
export { fastifyHandler, acceptRawBodies, type FastifyRequestLike, type FastifyReplyLike, type FastifyScopeLike } from "./core/webhooks/fastify.js";
export type { JwtSignatureScheme, VerifyOptions, VerifiedRequest } from "./core/webhooks/signed-request.js";
export type { ReceiveOptions, ReceivedWebhook } from "./core/webhooks/receive.js";
export type { TestSignatureInput } from "./core/webhooks/sign-jwt.js";
export type { HmacAlgorithm } from "./core/webhooks/hmac-jwt.js";
export type { WebhookQuery, WebhookBody, WebhookAnswer } from "./core/webhooks/types.js";
