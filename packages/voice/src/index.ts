/**
 * `@callspec/voice`: the shared core of the facade (typed errors, token stores, pagination). The vendor
 * clients live in `@callspec/voice/messagebird`, `@callspec/voice/voipstudio` and `@callspec/voice/zaas`.
 * @module
 */
export * from "./core/public.js";
export {
  TokenSession,
  TOUCH_INTERVAL_MS,
  absoluteExpiry,
  idleExpiry,
  neverExpires,
  type ExpiryPolicy,
  type TokenSessionOptions,
} from "./core/token-session.js";
