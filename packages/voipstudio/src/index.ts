import openapiFetch, { type Client, type Middleware } from "openapi-fetch";
import type { components, operations, paths, webhooks } from "./generated/schema.js";

export type { components, operations, paths, webhooks };

// Under `require`, esbuild's Node-style interop hands over openapi-fetch's whole CJS exports object as the
// default import (its own `default` member is the function); under `import` it is the function itself.
const createClient = (openapiFetch as unknown as { default?: typeof openapiFetch }).default ?? openapiFetch;

/** Every component schema of the spec, by name: `Schemas["Cdr"]`, `Schemas["CallCreate"]`, … */
export type Schemas = components["schemas"];

/** The openapi-fetch client for the VoIPstudio REST API. */
export type VoipstudioClient = Client<paths>;

/** Where the API lives (v1.2; v1.1 answers the same requests). */
export const VOIPSTUDIO_BASE_URL = "https://l7api.com/v1.2/voipstudio";

/** Largest `limit` a collection accepts. */
export const VOIPSTUDIO_MAX_LIMIT = 5000;

/** Options for {@link createVoipstudioClient}. */
export interface VoipstudioClientOptions {
  /**
   * A `user_token` from `POST /login` (expires after 30 minutes without requests) or a long-lived API key
   * from `POST /apitokens` or the dashboard. Leave it out only to call `POST /login` and `POST /login2fa`:
   * any other request then fails before it is sent.
   */
  token?: string;
  /**
   * Send the token as HTTP Basic `user_id:token` (how VoIPstudio's own connectors authenticate) instead of
   * the `X-Auth-Token` header. Needs {@link VoipstudioClientOptions.userId}.
   */
  authMethod?: "header" | "basic";
  /** The numeric user id that owns the token; required with `authMethod: "basic"`. */
  userId?: number | string;
  /** Base URL; defaults to {@link VOIPSTUDIO_BASE_URL}. Point it at a mock in tests. */
  baseUrl?: string;
  /** A `fetch` implementation (defaults to the global one). */
  fetch?: (request: Request) => Promise<Response>;
  /** Extra headers sent with every request. */
  headers?: Record<string, string>;
}

const publicPaths = ["/login", "/login2fa"];

/**
 * Creates a typed client for the VoIPstudio REST API.
 *
 * Collections take `page`, `limit` (1–5000), `sort`/`dir`, `group_by`, `include`, `fields` and `filter`,
 * where `filter` is the JSON text the API expects, e.g.
 * `JSON.stringify([{ property: "calldate", operator: "gt", value: "2018-09-01 00:00:00" }])`.
 * Recordings, voicemails (`.mp3`) and faxes and invoices (`.pdf`) are bytes: read them with
 * `parseAs: "arrayBuffer"`.
 *
 * @example
 * ```ts
 * const vs = createVoipstudioClient({ token: process.env.VOIPSTUDIO_API_KEY! });
 * const { data } = await vs.GET("/cdrs", { params: { query: { limit: 100, sort: "calldate", dir: "DESC" } } });
 * ```
 */
export function createVoipstudioClient(options: VoipstudioClientOptions = {}): VoipstudioClient {
  if (options === null || typeof options !== "object") {
    throw new TypeError("createVoipstudioClient: options must be an object");
  }
  const { token, authMethod = "header", userId, baseUrl = VOIPSTUDIO_BASE_URL } = options;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point of this check
  if (token !== undefined && (typeof token !== "string" || token.trim() === "" || /[\s\0-\x1f]/.test(token))) {
    throw new TypeError("createVoipstudioClient: `token` must be a non-empty string without whitespace");
  }
  if (authMethod !== "header" && authMethod !== "basic") {
    throw new TypeError('createVoipstudioClient: `authMethod` must be "header" or "basic"');
  }
  if (authMethod === "basic" && (userId === undefined || !/^\d+$/.test(String(userId)))) {
    throw new TypeError('createVoipstudioClient: `authMethod: "basic"` needs a numeric `userId`');
  }
  try {
    new URL(baseUrl);
  } catch {
    throw new TypeError("createVoipstudioClient: `baseUrl` must be an absolute URL");
  }

  const auth: Record<string, string> =
    token === undefined ? {} : authMethod === "basic" ? { Authorization: `Basic ${btoa(`${userId}:${token}`)}` } : { "X-Auth-Token": token };

  const client = createClient<paths>({
    // openapi-fetch joins baseUrl and path as strings; a trailing slash would double up.
    baseUrl: baseUrl.replace(/\/+$/, ""),
    headers: { ...options.headers, ...auth },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  if (token === undefined) client.use(requireTokenOutsideLogin(baseUrl));
  return client;
}

function requireTokenOutsideLogin(baseUrl: string): Middleware {
  const prefix = new URL(baseUrl).pathname.replace(/\/+$/, "");
  return {
    onRequest({ request }) {
      const path = new URL(request.url).pathname.slice(prefix.length);
      if (!publicPaths.includes(path)) {
        throw new TypeError(
          `createVoipstudioClient: ${request.method} ${path} needs a token; create the client with \`token\` (only /login and /login2fa work without one)`,
        );
      }
      return undefined;
    },
  };
}
