import { AuthenticationError, errorFromResponse, ServerError, type Vendor, type VoiceApiError } from "./errors.js";
import type { SecretRegistry } from "./redact.js";

/**
 * The typed error for a login (or token-minting) answer that produced no usable token: the server's own
 * error when it refused, an AuthenticationError when it said yes without a token.
 */
export function loginFailure(vendor: Vendor, response: Response, body: unknown, secrets: SecretRegistry, request: string): VoiceApiError {
  if (response.ok) return new AuthenticationError({ vendor, status: response.status, message: `${request} answered without a token`, response, request });
  return errorFromResponse(vendor, response, body, secrets, request);
}

/**
 * Refuses a token the server issued that could never be sent (empty, or with whitespace or control
 * characters, which headers and the vendors' token fields cannot carry), before a session stores it and
 * every request fails on it until it expires. The message never quotes the token.
 */
export function checkIssuedToken(vendor: Vendor, token: unknown, request: string): string {
  if (typeof token !== "string" || token === "" || /[\s\0-\x1f\x7f]/.test(token)) {
    throw new AuthenticationError({ vendor, message: `${request} returned a token that cannot be used (empty, or with whitespace or control characters)`, request });
  }
  return token;
}

/** The page of a list answer, or the typed error: a success without a body is the server's fault. */
export function pageBody<T>(
  vendor: Vendor,
  result: { data?: T; error?: unknown; response: Response },
  toError: (r: { error?: unknown; response: Response }) => VoiceApiError | undefined,
): T {
  const error = toError(result);
  if (error) throw error;
  if (result.data === undefined) {
    throw new ServerError({ vendor, status: result.response.status, message: `${vendor} answered HTTP ${result.response.status} without a body`, response: result.response });
  }
  return result.data;
}
