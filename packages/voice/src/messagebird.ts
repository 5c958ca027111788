/**
 * MessageBird Voice Calling through the facade: a static access key, a pinned API version, typed errors,
 * safe retries, timeouts and pagination over the typed `@callspec/messagebird-voice` client.
 * @module
 */
import {
  createMessageBirdVoiceClient,
  MESSAGEBIRD_VOICE_API_VERSION,
  MESSAGEBIRD_VOICE_BASE_URL,
  type MessageBirdVoiceClient,
  type paths,
} from "@callspec/messagebird-voice";
import { checkCommonOptions, checkSecret, transportOptions, type CommonClientOptions } from "./core/client-options.js";
import { wrapClient, type ErrorHelpers } from "./core/client-wrapper.js";
import { invalidInput } from "./core/errors.js";
import { pageBody } from "./core/login.js";
import { paginate, type PaginateOptions } from "./core/paginate.js";
import { SecretRegistry } from "./core/redact.js";
import { createTransport } from "./core/transport.js";

export * from "./core/public.js";

/** Options for {@link createMessageBird}. */
export interface MessageBirdOptions extends CommonClientOptions {
  accessKey: string;
  /** `X-MessageBird-Version` (YYYYMMDD); pinned to the version the types describe by default. */
  apiVersion?: string;
}

type ListPath = {
  [P in keyof paths]: paths[P] extends {
    get: { responses: { 200: { content: { "application/json": { data: unknown[]; pagination?: unknown } } } } };
  }
    ? P
    : never;
}[keyof paths];

type ListItem<P extends ListPath> = paths[P]["get"]["responses"][200]["content"]["application/json"]["data"][number];
type ListParams<P extends ListPath> = paths[P]["get"]["parameters"];

type PathParams<P extends ListPath> = NonNullable<ListParams<P>["path"]>;

/**
 * Options for the `paginate` method of {@link MessageBirdVoice}. Lists under a parent resource
 * (`/calls/{callId}/legs`) require `path`, e.g. `{ path: { callId } }`.
 */
export type MessageBirdPaginateOptions<P extends ListPath> = PaginateOptions & {
  /** Items per page (default 10, the API's default). */
  perPage?: number;
} & ([PathParams<P>] extends [never] ? { path?: undefined } : { path: PathParams<P> });

/** The options argument: optional for top-level lists, required when the path has parameters. */
type PaginateArgs<P extends ListPath> = [PathParams<P>] extends [never]
  ? [options?: MessageBirdPaginateOptions<P>]
  : [options: MessageBirdPaginateOptions<P>];

/** The facade's MessageBird client: the typed openapi-fetch client plus pagination and error helpers. */
export type MessageBirdVoice = MessageBirdVoiceClient &
  ErrorHelpers & {
    /** Iterates over every item of a list (`/calls`, `/call-flows`, `/calls/{callId}/legs`, …), page by page. */
    paginate<P extends ListPath>(path: P, ...options: PaginateArgs<P>): AsyncGenerator<ListItem<P>, void, undefined>;
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
export function createMessageBird(options: MessageBirdOptions): MessageBirdVoice {
  if (options === null || typeof options !== "object") throw invalidInput("messagebird", "options", "must be an object");
  checkSecret("messagebird", "accessKey", options.accessKey);
  checkCommonOptions("messagebird", options);
  const apiVersion = options.apiVersion ?? MESSAGEBIRD_VOICE_API_VERSION;
  if (!/^\d{8}$/.test(apiVersion)) throw invalidInput("messagebird", "apiVersion", `must be YYYYMMDD, got ${JSON.stringify(apiVersion)}`);

  const secrets = new SecretRegistry();
  secrets.add(options.accessKey);
  const baseUrl = options.baseUrl ?? MESSAGEBIRD_VOICE_BASE_URL;
  const transport = createTransport(transportOptions("messagebird", options, secrets, baseUrl, { callPlacing: ["POST /calls"] }));
  const client = createMessageBirdVoiceClient({ accessKey: options.accessKey, apiVersion, baseUrl, fetch: transport });
  const voice = wrapClient(client, "messagebird", secrets, options.errors ?? "throw");

  return Object.assign(voice, {
    paginate(path: ListPath, paging: PaginateOptions & { perPage?: number; path?: object } = {}) {
      const perPage = paging.perPage ?? 10;
      if (!Number.isInteger(perPage) || perPage < 1) throw invalidInput("messagebird", "perPage", `must be a whole number ≥ 1, got ${JSON.stringify(perPage)}`);
      const get = client.GET as unknown as (p: string, init: object) => Promise<{ data?: ListBody; error?: unknown; response: Response }>;
      return paginate<unknown>(async (page) => {
        const data = pageBody("messagebird", await get(path, { params: { path: paging.path, query: { page, perPage } } }), voice.toError);
        const pageCount = data.pagination?.pageCount;
        const more = pageCount !== undefined ? page < pageCount : data.data.length >= perPage;
        return { items: data.data, more };
      }, paging);
    },
  }) as MessageBirdVoice;
}

interface ListBody {
  data: unknown[];
  pagination?: { pageCount?: number };
}
