import { ConnectionError, errorFromResponse, ServerError, type Vendor, type VoiceApiError } from "./errors.js";
import { isBrokenBody } from "./network-errors.js";
import { answeredAfter } from "./transport.js";
import type { SecretRegistry } from "./redact.js";

/** `"throw"`: failed requests throw a {@link VoiceApiError}. `"result"`: they return `{ error, response }` as openapi-fetch does. */
export type ErrorMode = "throw" | "result";

const methods = ["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE", "request"] as const;

interface FetchResult {
  data?: unknown;
  error?: unknown;
  response: Response;
}

/** Extras every facade client has on top of the openapi-fetch methods. */
export interface ErrorHelpers {
  /** The typed error for a result-style answer, or undefined when it succeeded. */
  toError(result: { error?: unknown; response: Response }): VoiceApiError | undefined;
}

/**
 * Wraps the request methods of an openapi-fetch client in place: unreadable success bodies (an HTML page,
 * malformed JSON) become a {@link ServerError}, and in `"throw"` mode an error answer becomes the typed
 * error for its status. The client keeps its exact types.
 */
export function wrapClient<C extends object>(
  client: C,
  vendor: Vendor,
  secrets: SecretRegistry,
  mode: ErrorMode,
  /** Checks a request's options before anything is serialised or sent (throws to refuse it). */
  check?: (method: string, path: string, init: unknown) => void,
): C & ErrorHelpers {
  const label = (response: Response) => `${response.url ? secrets.redact(response.url) : ""}`;
  const toError = (result: { error?: unknown; response: Response }) =>
    result.error === undefined && result.response.ok
      ? undefined
      : errorFromResponse(vendor, result.response, result.error, secrets, label(result.response), answeredAfter.get(result.response));

  for (const method of methods) {
    const original = (client as Record<string, unknown>)[method] as ((...args: unknown[]) => Promise<FetchResult>) | undefined;
    if (typeof original !== "function") continue;
    (client as Record<string, unknown>)[method] = async (...args: unknown[]) => {
      // `request(method, path, init)` takes the method first; the named methods take `(path, init)`.
      const at = method === "request" ? 1 : 0;
      const path = args[at];
      if (check) check(method, String(path), args[at + 1]);
      let result: FetchResult;
      try {
        result = await original.apply(client, args);
      } catch (error) {
        if (error instanceof SyntaxError) {
          // V8 quotes the start of the bad text in its message; keep none of it, it could be a token.
          throw new ServerError({ vendor, message: `${method} ${String(path)}: the answer was not valid JSON`, cause: new SyntaxError("invalid JSON") });
        }
        if (isBrokenBody(error)) {
          throw new ConnectionError({ vendor, message: `${method} ${String(path)}: the connection broke while the answer was being read`, cause: new Error("terminated") });
        }
        throw error;
      }
      // An error answer with an empty body leaves `error` undefined in openapi-fetch: judge by the status.
      if (mode === "throw" && (result.error !== undefined || !result.response.ok)) throw toError(result);
      return result;
    };
  }
  return Object.assign(client, { toError });
}
