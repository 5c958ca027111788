import { errorFromAnswer } from "./answer-errors.js";
import { AuthenticationError } from "./errors.js";
import type { ClientCore, FetchResult, InternalCall } from "./client.js";
import type { LoginAnswer, LoginContext } from "./vendor.js";

type Call = (core: ClientCore, method: string, path: string, init: Record<string, unknown>, internal: InternalCall) => Promise<unknown>;

/**
 * What a vendor's login code gets: requests through the client's own pipeline (without the session's
 * token, so a login never waits for itself), and the checks every login needs.
 */
export function loginContext(core: ClientCore, call: Call): LoginContext {
  const vendor = core.def.id;
  return {
    async send(method, path, init = {}) {
      const params = { ...(init.query ? { query: init.query } : {}), ...(init.pathParams ? { path: init.pathParams } : {}) };
      const internal: InternalCall = { mode: "result", queryPrepared: true, credential: init.token === undefined ? "none" : { token: init.token } };
      const result = (await call(core, method, path, { body: init.body, params }, internal)) as FetchResult;
      const request = { method: method.toUpperCase(), url: core.secrets.redact(result.response.url || path) };
      return {
        status: result.response.status,
        ok: result.response.ok && result.error === undefined,
        body: result.data ?? result.error,
        toError: () => errorFromAnswer(core.answers, result.response, result.error, request),
      } satisfies LoginAnswer;
    },
    secret: (value) => core.secrets.add(value),
    tokenFrom(answer, path, request) {
      if (!answer.ok) throw answer.toError();
      const token = path.reduce<unknown>(
        (at, member) => (at !== null && typeof at === "object" ? (at as Record<string, unknown>)[member] : undefined),
        answer.body,
      );
      if (!token) {
        throw new AuthenticationError({ vendor, status: answer.status, message: `${request} answered without a token` });
      }
      // A token that could never be sent (empty, whitespace, controls) would fail every request until it
      // expires: refuse it before a session stores it. The message never quotes it.
      // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point of this check
      if (typeof token !== "string" || token === "" || /[\s\0-\x1f\x7f]/.test(token)) {
        throw new AuthenticationError({ vendor, message: `${request} returned a token that cannot be used (empty, or with whitespace or control characters)` });
      }
      core.secrets.add(token);
      return token;
    },
    authenticationFailed: (message, status) => new AuthenticationError({ vendor, status, message }),
  };
}
