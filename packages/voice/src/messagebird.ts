/**
 * MessageBird Voice Calling through the facade: a static access key, a pinned API version, typed errors,
 * safe retries, timeouts and pagination over the typed `@callspec/messagebird-voice` spec.
 * @module
 */
import { MESSAGEBIRD_VOICE_API_VERSION, MESSAGEBIRD_VOICE_BASE_URL, MESSAGEBIRD_VOICE_DOWNLOADS, type paths } from "@callspec/messagebird-voice";
import { envelopeReader } from "./core/answer-errors.js";
import type { CommonClientOptions, ErrorMode } from "./core/options.js";
import type { Page, PaginateOptions } from "./core/paginate.js";
import type { VendorDefinition } from "./core/vendor.js";
import { createVoiceClient, type VoiceMethods } from "./core/voice-client.js";

export * from "./core/public.js";

/** Options for {@link createMessageBird}. */
export interface MessageBirdOptions<Mode extends ErrorMode = "throw"> extends CommonClientOptions<Mode> {
  accessKey: string;
  /** `X-MessageBird-Version` (YYYYMMDD); pinned to the version the types describe by default. */
  apiVersion?: string;
}

/** Paths of lists: a GET answering `{ data: [...], pagination }`, and not a single resource (`/calls/{callId}`). */
export type MessageBirdListPath = {
  [P in keyof paths]: P extends `${string}}`
    ? never
    : paths[P] extends { get: { responses: { 200: { content: { "application/json": { data: unknown[]; pagination?: unknown } } } } } }
      ? P
      : never;
}[keyof paths];

/** The item type of a list, e.g. `MessageBirdListItem<"/calls">`. */
export type MessageBirdListItem<P extends MessageBirdListPath> = paths[P]["get"]["responses"][200]["content"]["application/json"]["data"][number];

type PathParams<P extends MessageBirdListPath> = NonNullable<paths[P]["get"]["parameters"]["path"]>;

/**
 * Options for `paginate` and `pages` of {@link MessageBirdVoice}. Lists under a parent resource
 * (`/calls/{callId}/legs`) require `path`, e.g. `{ path: { callId } }`.
 */
export type MessageBirdPaginateOptions<P extends MessageBirdListPath> = PaginateOptions & {
  /** Items per page (default 10, the API's default). */
  perPage?: number;
} & ([PathParams<P>] extends [never] ? { path?: undefined } : { path: PathParams<P> });

/** The options argument: optional for top-level lists, required when the path has parameters. */
type PaginateArgs<P extends MessageBirdListPath> = [PathParams<P>] extends [never]
  ? [options?: MessageBirdPaginateOptions<P>]
  : [options: MessageBirdPaginateOptions<P>];

/** The facade's MessageBird client: typed methods, pagination and error helpers. */
export type MessageBirdVoice<Mode extends ErrorMode = "throw"> = VoiceMethods<paths, Mode> & {
  /** Iterates over every item of a list (`/calls`, `/call-flows`, `/calls/{callId}/legs`, …), page by page. */
  paginate<P extends MessageBirdListPath>(path: P, ...options: PaginateArgs<P>): AsyncGenerator<MessageBirdListItem<P>, void, undefined>;
  /** The pages of a list, each with the API's `total` and `pageCount`. */
  pages<P extends MessageBirdListPath>(path: P, ...options: PaginateArgs<P>): AsyncGenerator<Page<MessageBirdListItem<P>>, void, undefined>;
};

interface ListBody {
  data?: unknown;
  pagination?: { totalCount?: number; pageCount?: number };
}

/** What is MessageBird's: [MessageBird Voice Calling API reference, via specs/messagebird-voice/openapi.yaml]. */
export const messagebirdVendor: VendorDefinition<MessageBirdOptions<ErrorMode>> = {
  id: "messagebird",
  name: "MessageBird",
  defaultBaseUrl: MESSAGEBIRD_VOICE_BASE_URL,
  auth(options, check) {
    const apiVersion = options.apiVersion ?? MESSAGEBIRD_VOICE_API_VERSION;
    const credential = check.credential("accessKey", options.accessKey);
    if (!/^\d{8}$/.test(apiVersion)) throw check.invalid("apiVersion", `must be YYYYMMDD, got ${JSON.stringify(apiVersion)}`);
    return { kind: "static", credential };
  },
  placement: { in: "header", name: "Authorization", prefix: "AccessKey " },
  headers: (options) => ({ "X-MessageBird-Version": options.apiVersion ?? MESSAGEBIRD_VOICE_API_VERSION }),
  downloads: MESSAGEBIRD_VOICE_DOWNLOADS,
  callPlacing: ["POST /calls"],
  // A webhook's `token`: php-rest-api calls it the events' signing secret (no other source says which key
  // signs Voice events); credential-like either way, so it is redacted.
  secretFields: ["accessKey", "access_key", "token", "signingKey"],
  readErrors: envelopeReader({ listKey: "errors", codeKeys: ["code"], messageKeys: ["description", "message"] }),
  pagination: {
    pageParam: "page",
    sizeParam: "perPage",
    defaultSize: 10,
    readPage(body) {
      const b = body as ListBody | undefined;
      if (!b || !Array.isArray(b.data)) return undefined;
      return { items: b.data, total: b.pagination?.totalCount, pageCount: b.pagination?.pageCount };
    },
  },
  validators: () => import("@callspec/messagebird-voice/validators"),
};

/**
 * Creates a MessageBird Voice client with production behaviour.
 *
 * @example
 * ```ts
 * const mb = createMessageBird({ accessKey: process.env.MESSAGEBIRD_ACCESS_KEY! });
 * for await (const call of mb.paginate("/calls", { perPage: 50 })) console.log(call.id, call.status);
 * ```
 */
export function createMessageBird<Mode extends ErrorMode = "throw">(options: MessageBirdOptions<Mode>): MessageBirdVoice<Mode> {
  return createVoiceClient(messagebirdVendor, options) as unknown as MessageBirdVoice<Mode>;
}

export type { paths };
export {
  MESSAGEBIRD_SIGNATURE,
  messagebirdWebhooks,
  verifyMessageBirdWebhook,
  receiveMessageBirdWebhook,
  createMessageBirdTestSignature,
  type MessageBirdVerifyOptions,
  type MessageBirdReceiveOptions,
  type MessageBirdWebhook,
  type MessageBirdWebhookName,
} from "./messagebird/webhooks.js";
