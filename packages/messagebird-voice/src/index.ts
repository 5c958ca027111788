import openapiFetch, { type Client, type Middleware } from "openapi-fetch";
import type { components, operations, paths, webhooks } from "./generated/schema.js";

export type { components, operations, paths, webhooks };

// Under `require`, esbuild's Node-style interop hands over openapi-fetch's whole CJS exports object as the
// default import (its own `default` member is the function); under `import` it is the function itself.
const createClient = (openapiFetch as unknown as { default?: typeof openapiFetch }).default ?? openapiFetch;

/** Every component schema of the spec, by name: `Schemas["Call"]`, `Schemas["CallFlowWrite"]`, … */
export type Schemas = components["schemas"];

/** The openapi-fetch client for the MessageBird Voice Calling API. */
export type MessageBirdVoiceClient = Client<paths>;

/** Where the API lives. */
export const MESSAGEBIRD_VOICE_BASE_URL = "https://voice.messagebird.com";

/**
 * The API version this package was generated against. Requests send it in `X-MessageBird-Version` so a new
 * server-side version never changes what your code receives until you upgrade on purpose.
 */
export const MESSAGEBIRD_VOICE_API_VERSION = "20170314";

/** Options for {@link createMessageBirdVoiceClient}. */
export interface MessageBirdVoiceClientOptions {
  /** Your access key (test keys begin with `test_`; live keys have no prefix). Sent as `Authorization: AccessKey <key>`. */
  accessKey: string;
  /** Base URL; defaults to {@link MESSAGEBIRD_VOICE_BASE_URL}. Point it at a mock in tests. */
  baseUrl?: string;
  /**
   * Dated API version (`YYYYMMDD`) sent as `X-MessageBird-Version`. Defaults to
   * {@link MESSAGEBIRD_VOICE_API_VERSION}; pass `null` to send none and get the server's latest.
   */
  apiVersion?: string | null;
  /** A `fetch` implementation (defaults to the global one); useful for proxies, retries and tests. */
  fetch?: (request: Request) => Promise<Response>;
  /** Extra headers sent with every request (for example a `User-Agent`). */
  headers?: Record<string, string>;
}

// Media types of the download endpoints. Prism and the real API both refuse `Accept: application/json`
// on them, so the client asks for the right type unless the caller chose one.
/** The downloads among the API's paths, by suffix, and the `Accept` each must be asked with (audio, transcription text). */
export const MESSAGEBIRD_VOICE_DOWNLOADS: readonly (readonly [suffix: string, accept: string])[] = [
  [".wav", "audio/wav"],
  [".txt", "text/plain"],
];

/**
 * Creates a typed client for the MessageBird Voice Calling API.
 *
 * Options are checked before any request is made: a missing access key or a malformed version throws a
 * `TypeError` that names the option (never its value).
 *
 * Downloads (`….wav`, `….txt`) must be read with `parseAs: "arrayBuffer"` (or `"blob"`, `"stream"`) and
 * `parseAs: "text"`, so audio bytes are never decoded as JSON or text.
 *
 * @example
 * ```ts
 * const voice = createMessageBirdVoiceClient({ accessKey: process.env.MESSAGEBIRD_ACCESS_KEY! });
 * const { data, error } = await voice.GET("/calls/{callId}", { params: { path: { callId } } });
 * const wav = await voice.GET("/recordings/{recordingId}.wav", {
 *   params: { path: { recordingId } },
 *   parseAs: "arrayBuffer",
 * });
 * ```
 */
export function createMessageBirdVoiceClient(options: MessageBirdVoiceClientOptions): MessageBirdVoiceClient {
  if (options === null || typeof options !== "object") {
    throw new TypeError("createMessageBirdVoiceClient: options must be an object with an accessKey");
  }
  const { accessKey, baseUrl = MESSAGEBIRD_VOICE_BASE_URL, apiVersion = MESSAGEBIRD_VOICE_API_VERSION } = options;
  if (typeof accessKey !== "string" || accessKey.trim() === "") {
    throw new TypeError("createMessageBirdVoiceClient: `accessKey` must be a non-empty string");
  }
  if (/\s/.test(accessKey)) {
    throw new TypeError("createMessageBirdVoiceClient: `accessKey` must not contain whitespace");
  }
  if (apiVersion !== null && !/^\d{8}$/.test(String(apiVersion))) {
    throw new TypeError("createMessageBirdVoiceClient: `apiVersion` must be a date in the form YYYYMMDD, or null");
  }
  try {
    new URL(baseUrl);
  } catch {
    throw new TypeError("createMessageBirdVoiceClient: `baseUrl` must be an absolute URL");
  }

  const client = createClient<paths>({
    baseUrl,
    headers: {
      ...options.headers,
      Authorization: `AccessKey ${accessKey}`,
      ...(apiVersion !== null ? { "X-MessageBird-Version": apiVersion } : {}),
    },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  client.use(acceptDownloads);
  return client;
}

const acceptDownloads: Middleware = {
  onRequest({ request }) {
    const path = new URL(request.url).pathname;
    const match = MESSAGEBIRD_VOICE_DOWNLOADS.find(([suffix]) => path.endsWith(suffix));
    if (!match) return undefined;
    const accept = request.headers.get("Accept");
    if (accept && accept !== "application/json" && accept !== "*/*") return undefined;
    request.headers.set("Accept", match[1]);
    return request;
  },
};
