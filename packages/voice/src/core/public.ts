export {
  VoiceApiError,
  AuthenticationError,
  PermissionError,
  NotFoundError,
  ValidationError,
  RateLimitError,
  ServerError,
  ConnectionError,
  TimeoutError,
  AbortedError,
  type Vendor,
  type VoiceApiErrorInit,
} from "./errors.js";
export { MemoryTokenStore, type TokenState, type TokenStore } from "./token-store.js";
export type { RetryOptions, RequestKind } from "./retry-policy.js";
export type { Logger } from "./transport.js";
export type { ErrorMode, ErrorHelpers } from "./client-wrapper.js";
export type { CommonClientOptions, SessionClientOptions } from "./client-options.js";
export { paginate, type Page, type PaginateOptions } from "./paginate.js";
