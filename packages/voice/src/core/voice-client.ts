import type { FetchResponse, MaybeOptionalInit } from "openapi-fetch";
import type { HttpMethod, MediaType, PathsWithMethod, RequiredKeysOf } from "openapi-typescript-helpers";
import { call, setUpClient, toError } from "./client.js";
import type { VoiceApiError } from "./errors.js";
import { listItems, listPages, type ListOptions } from "./lists.js";
import type { ErrorMode, PerRequestOptions, SessionClientOptions } from "./options.js";
import type { TokenSession } from "./token-session.js";
import type { VendorDefinition } from "./vendor.js";

/** The shape openapi-typescript gives a spec's `paths`. */
export type AnyPaths = object;

/** The operation object of method `M` of a path item. */
// biome-ignore lint/suspicious/noExplicitAny: the constraint openapi-fetch puts on an operation object, spelt as it spells it
type OpOf<Item, M extends HttpMethod> = Item extends { [K in M]: infer O } ? (O extends Record<string | number, any> ? O : never) : never;

/** A request's options: openapi-fetch's for the operation, plus {@link PerRequestOptions}. */
type Args<Init> =
  RequiredKeysOf<Init> extends never ? [(Init & PerRequestOptions & { [key: string]: unknown })?] : [Init & PerRequestOptions & { [key: string]: unknown }];

/** A successful call in `"throw"` mode: `data` is always there, with the raw response and the vendor's request id. */
export type Success<R> = R extends { data: infer D; error?: never } ? { data: D; response: Response; requestId: string | undefined } : never;

/** What a call resolves to in each error mode. */
export type Outcome<R, Mode extends ErrorMode> = Mode extends "result" ? R & { requestId: string | undefined } : Success<R>;

/** One HTTP method of a facade client, typed from the vendor's `paths`. */
export type VoiceMethod<Paths extends AnyPaths, M extends HttpMethod, Mode extends ErrorMode> = <
  P extends PathsWithMethod<Paths, M>,
  I extends MaybeOptionalInit<Record<M, OpOf<Paths[P], M>>, M>,
>(
  url: P,
  ...init: Args<I>
) => Promise<Outcome<FetchResponse<OpOf<Paths[P], M>, I, MediaType>, Mode>>;

/**
 * What every facade client has: openapi-fetch's methods, typed from the vendor's spec, that send through
 * the facade's pipeline, throw (or return) typed errors, and take per-request options.
 */
export interface VoiceMethods<Paths extends AnyPaths, Mode extends ErrorMode> {
  GET: VoiceMethod<Paths, "get", Mode>;
  PUT: VoiceMethod<Paths, "put", Mode>;
  POST: VoiceMethod<Paths, "post", Mode>;
  DELETE: VoiceMethod<Paths, "delete", Mode>;
  OPTIONS: VoiceMethod<Paths, "options", Mode>;
  HEAD: VoiceMethod<Paths, "head", Mode>;
  PATCH: VoiceMethod<Paths, "patch", Mode>;
  TRACE: VoiceMethod<Paths, "trace", Mode>;
  /** Any method by name: `request("get", "/cdrs", init)`. */
  request<M extends HttpMethod, P extends PathsWithMethod<Paths, M>, I extends MaybeOptionalInit<Record<M, OpOf<Paths[P], M>>, M>>(
    method: M,
    url: P,
    ...init: Args<I>
  ): Promise<Outcome<FetchResponse<OpOf<Paths[P], M>, I, MediaType>, Mode>>;
  /** The typed error for a result-style answer, or undefined when it succeeded. */
  toError(result: { error?: unknown; response: Response }): VoiceApiError | undefined;
}

/** The untyped runtime shape {@link createVoiceClient} builds; each vendor entry gives it its types. */
export interface VoiceClientRuntime {
  [method: string]: unknown;
  toError(result: { error?: unknown; response: Response }): VoiceApiError | undefined;
  /** The login session, for clients that log in. */
  readonly session: TokenSession | undefined;
  paginate?(path: string, options?: ListOptions): AsyncGenerator<unknown, void, undefined>;
  pages?(path: string, options?: ListOptions): AsyncGenerator<unknown, void, undefined>;
}

const methods = ["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"] as const;

/**
 * The one client factory: a facade client for any vendor, from that vendor's {@link VendorDefinition}.
 * Options are checked (and secrets registered) here, before anything is sent.
 */
export function createVoiceClient<O extends object>(def: VendorDefinition<O>, options: O & SessionClientOptions): VoiceClientRuntime {
  const core = setUpClient(def as VendorDefinition<object>, options);
  const client: Record<string, unknown> = {};
  for (const method of methods) client[method] = (path: string, init?: Record<string, unknown>) => call(core, method, path, init);
  client["request"] = (method: string, path: string, init?: Record<string, unknown>) => call(core, String(method).toUpperCase(), path, init);
  client["toError"] = (result: { error?: unknown; response: Response }) => toError(core, result);
  client["session"] = core.pipeline.session;
  if (def.pagination) {
    client["paginate"] = (path: string, paging?: ListOptions) => listItems(core, path, paging);
    client["pages"] = (path: string, paging?: ListOptions) => listPages(core, path, paging);
  }
  return client as unknown as VoiceClientRuntime;
}
