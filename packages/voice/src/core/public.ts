export {
  VoiceApiError,
  ValidationError,
  ApiStatusError,
  BadRequestError,
  AuthenticationError,
  PermissionError,
  NotFoundError,
  RateLimitError,
  ServerError,
  ConnectionError,
  TimeoutError,
  AbortedError,
  type VoiceApiErrorInit,
} from "./errors.js";
export { MemoryTokenStore, type TokenState, type TokenStore } from "./token-store.js";
export type { RetryOptions, RequestKind } from "./retry-policy.js";
export type { Logger, LogLevel } from "./logger.js";
export type { ErrorMode, CommonClientOptions, SessionClientOptions, PerRequestOptions } from "./options.js";
export type { Success, Outcome, VoiceMethods, VoiceMethod } from "./voice-client.js";
export { paginate, pagesOf, type Page, type PaginateOptions } from "./paginate.js";
