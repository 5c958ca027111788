/**
 * `@callspec/voice`: the shared core of the facade (typed errors, token stores, sessions, pagination, and
 * the generic client factory a vendor definition plugs into). The vendor clients live in
 * `@callspec/voice/messagebird`, `@callspec/voice/voipstudio` and `@callspec/voice/zaas`.
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
export { createVoiceClient, type VoiceClientRuntime, type AnyPaths } from "./core/voice-client.js";
export { sessionPlan } from "./core/session-plan.js";
export { envelopeReader } from "./core/answer-errors.js";
export { VERSION } from "./core/user-agent.js";
export type {
  VendorDefinition,
  AuthPlan,
  SessionSpec,
  CredentialPlacement,
  LoginContext,
  LoginAnswer,
  OptionChecks,
  PaginationDefinition,
  BodyValidators,
} from "./core/vendor.js";
