import openapiFetch, { type Client, type Middleware } from "openapi-fetch";
import type { components, operations, paths, webhooks } from "./generated/schema.js";

export type { components, operations, paths, webhooks };

// Under `require`, esbuild's Node-style interop hands over openapi-fetch's whole CJS exports object as the
// default import (its own `default` member is the function); under `import` it is the function itself.
const createClient = (openapiFetch as unknown as { default?: typeof openapiFetch }).default ?? openapiFetch;

/** Every component schema of the spec, by name: `Schemas["CallCreateRequest"]`, … */
export type Schemas = components["schemas"];

/** Where the API lives. */
export const ZAAS_VOICE_BASE_URL = "https://api.flexcontact.com.br/Voice";

/** How long a ZaaS token lives at most, in milliseconds (6 hours). */
export const ZAAS_TOKEN_LIFETIME_MS = 6 * 60 * 60 * 1000;

/** Supplies the current token; called once per request, so a session can refresh it. */
export type ZaasTokenProvider = () => string | Promise<string>;

type JsonBody<Op> = Op extends { requestBody: { content: { "application/json": infer B } } } ? B : never;

/** A request body as callers write it: the client adds `token`, and `codCampaign` when configured. */
export type TokenFreeBody<B> = B extends { token: unknown } ? Omit<B, "token" | "codCampaign"> & Partial<Pick<B, Extract<keyof B, "codCampaign">>> : B;

type TokenFreeOperation<Op> = [JsonBody<Op>] extends [never]
  ? Op
  : Omit<Op, "requestBody"> & { requestBody: { content: { "application/json": TokenFreeBody<JsonBody<Op>> } } };

/** The spec's paths with `token` (and `codCampaign`) taken out of the request bodies. */
export type ZaasVoicePaths = {
  [P in keyof paths]: { [M in keyof paths[P]]: M extends "post" | "put" | "patch" ? TokenFreeOperation<paths[P][M]> : paths[P][M] };
};

/** The openapi-fetch client for the ZaaS Voice API; bodies never repeat the token. */
export type ZaasVoiceClient = Client<ZaasVoicePaths>;

/** Options for {@link createZaasVoiceClient}. */
export interface ZaasVoiceClientOptions {
  /**
   * The token from `POST /Login` (valid for at most 6 hours), or a function returning the current one.
   * Leave it out only to call `/Login`: any other request then fails before it is sent.
   */
  token?: string | ZaasTokenProvider;
  /** Campaign code added to every body that does not set its own `codCampaign`. */
  codCampaign?: string;
  /** Base URL; defaults to {@link ZAAS_VOICE_BASE_URL}. Point it at a mock in tests. */
  baseUrl?: string;
  /** A `fetch` implementation (defaults to the global one). */
  fetch?: (request: Request) => Promise<Response>;
  /** Extra headers sent with every request. */
  headers?: Record<string, string>;
}

const loginPath = "/Login";

/**
 * Creates a typed client for the ZaaS / FlexContact Voice API.
 *
 * ZaaS authenticates in the payload: the token must be the first member of every POST body (except Login's)
 * and must be in the URL of every GET. This client does both, so callers never pass the token themselves:
 * `voice.POST("/Call/Status", { body: { _id } })` sends `{"token":"…","codCampaign":"…","_id":"…"}`.
 *
 * @example
 * ```ts
 * const login = await createZaasVoiceClient().POST("/Login", { body: { login, password } });
 * const voice = createZaasVoiceClient({ token: login.data!.token, codCampaign: "0" });
 * const [server] = (await voice.POST("/Call/Server", { body: {} })).data ?? [];
 * ```
 */
export function createZaasVoiceClient(options: ZaasVoiceClientOptions = {}): ZaasVoiceClient {
  if (options === null || typeof options !== "object") {
    throw new TypeError("createZaasVoiceClient: options must be an object");
  }
  const { token, codCampaign, baseUrl = ZAAS_VOICE_BASE_URL } = options;
  if (token !== undefined && typeof token !== "function") checkToken(token);
  if (codCampaign !== undefined && (typeof codCampaign !== "string" || codCampaign === "")) {
    throw new TypeError("createZaasVoiceClient: `codCampaign` must be a non-empty string");
  }
  try {
    new URL(baseUrl);
  } catch {
    throw new TypeError("createZaasVoiceClient: `baseUrl` must be an absolute URL");
  }
  const client = createClient<ZaasVoicePaths>({
    baseUrl: baseUrl.replace(/\/+$/, ""),
    ...(options.headers ? { headers: options.headers } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  client.use(tokenInPayload(token, codCampaign));
  return client;
}

function checkToken(token: unknown): asserts token is string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point of this check
  if (typeof token !== "string" || token.trim() === "" || /[\s\0-\x1f]/.test(token)) {
    throw new TypeError("createZaasVoiceClient: `token` must be a non-empty string without whitespace");
  }
}

function tokenInPayload(token: string | ZaasTokenProvider | undefined, codCampaign: string | undefined): Middleware {
  const currentToken = async (what: string): Promise<string> => {
    if (token === undefined) {
      throw new TypeError(`createZaasVoiceClient: ${what} needs a token; create the client with \`token\` (only /Login works without one)`);
    }
    const value = typeof token === "function" ? await token() : token;
    checkToken(value);
    return value;
  };

  return {
    async onRequest({ request, schemaPath }) {
      if (schemaPath === loginPath) return undefined;
      const what = `${request.method} ${schemaPath}`;
      if (request.method === "GET" || request.method === "HEAD") {
        const url = new URL(request.url);
        if (!url.searchParams.has("token")) url.searchParams.set("token", await currentToken(what));
        return new Request(url, request);
      }
      const text = request.body === null ? "" : await request.clone().text();
      let body: unknown;
      try {
        body = text === "" ? {} : JSON.parse(text);
      } catch {
        throw new TypeError(`createZaasVoiceClient: ${what} needs a JSON object body`);
      }
      if (body === null || typeof body !== "object" || Array.isArray(body)) {
        throw new TypeError(`createZaasVoiceClient: ${what} needs a JSON object body`);
      }
      const { token: _ignored, codCampaign: ownCampaign, ...rest } = body as Record<string, unknown>;
      const campaign = ownCampaign ?? codCampaign;
      if (campaign === undefined) {
        throw new TypeError(`createZaasVoiceClient: ${what} needs a codCampaign; set it on the client or in the body`);
      }
      // The token must be the first member: ZaaS reads it from there.
      const ordered = JSON.stringify({ token: await currentToken(what), codCampaign: campaign, ...rest });
      const headers = new Headers(request.headers);
      headers.set("Content-Type", "application/json");
      return new Request(request.url, { method: request.method, headers, body: ordered, signal: request.signal });
    },
  };
}
