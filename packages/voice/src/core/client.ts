import openapiFetch from "openapi-fetch";
import { errorFromAnswer, requestIdOf, type AnswerErrorContext } from "./answer-errors.js";
import { ConnectionError, invalidInput, ServerError, ValidationError, VoiceApiError } from "./errors.js";
import { createClientLogger, type ClientLogger } from "./logger.js";
import { isBrokenBody } from "./network-errors.js";
import { checkCommonOptions, checkPerRequestOptions, optionChecks, type ErrorMode, type PerRequestOptions, type SessionClientOptions } from "./options.js";
import { RequestFacts, send, stoppedByCaller, where, type PipelineContext, type RequestShape } from "./pipeline.js";
import { SecretRegistry } from "./redact.js";
import { classifyRequest, resolveRetryOptions, routeKey, routeTable, type RouteTable } from "./retry-policy.js";
import { userAgentHeader } from "./user-agent.js";
import type { BodyValidators, VendorDefinition } from "./vendor.js";

// openapi-fetch's CommonJS build has its factory on `.default` once bundlers wrap it.
const createClient = (openapiFetch as unknown as { default?: typeof openapiFetch }).default ?? openapiFetch;

/** The openapi-fetch client underneath, typed loosely: the facade's public types come from the vendor's `paths`. */
type LooseClient = { request(method: string, path: string, init: object): Promise<FetchResult> };

/** What openapi-fetch returns. */
export interface FetchResult {
  data?: unknown;
  error?: unknown;
  response: Response;
}

/** Everything one client holds: the vendor's definition, the settings, and the pipeline's shared context. */
export interface ClientCore {
  def: VendorDefinition<object>;
  options: SessionClientOptions;
  secrets: SecretRegistry;
  log: ClientLogger;
  mode: ErrorMode;
  openapi: LooseClient;
  pipeline: PipelineContext;
  answers: AnswerErrorContext;
  /** The generated validators, once loaded. */
  validators: Promise<BodyValidators> | undefined;
  /** The definition's scratch space for `prepareQuery`. */
  queryMemo: Map<string, unknown>;
  /** The definition's operation lists, keyed for lookup. */
  routes: RouteTable;
}

/** {@link call}'s signature, for the code that logs in through it. */
export type CallFunction = typeof call;

/** How the facade itself calls a request (a login, a page), beyond what a caller may ask for. */
export interface InternalCall {
  mode?: ErrorMode;
  /** Send without the client's credential (a login), or with this token instead. */
  credential?: "none" | { token: string };
  /** The query was prepared already (a paginator checks it once for every page). */
  queryPrepared?: boolean;
}

/** Builds the shared state of a client from its vendor's definition and its options. */
export function setUpClient(def: VendorDefinition<object>, options: SessionClientOptions): ClientCore {
  if (options === null || typeof options !== "object") throw invalidInput(def.id, "options", "must be an object");
  checkCommonOptions(def.id, options);
  const secrets = new SecretRegistry({ secretFields: def.secretFields, secretUrlParams: def.secretUrlParams ?? [] });
  const baseUrl = (options.baseUrl ?? def.defaultBaseUrl).replace(/\/+$/, "");
  const plan = def.auth(options, optionChecks(def.id, secrets, baseUrl));
  if (plan.kind === "static") secrets.add(plan.credential);
  const log = createClientLogger(options, secrets, def.id);
  const core: ClientCore = {
    def,
    options,
    secrets,
    log,
    mode: options.errors ?? "throw",
    openapi: createClient({ baseUrl, headers: { ...userAgentHeader(), ...def.headers?.(options) } }) as unknown as LooseClient,
    pipeline: pipelineContext(def, options, secrets, log, plan.kind === "static" ? plan.credential : undefined),
    answers: { vendor: def.id, vendorName: def.name, secrets, readErrors: def.readErrors, requestIdHeader: def.requestIdHeader },
    validators: undefined,
    queryMemo: new Map(),
    routes: routeTable(def),
  };
  if (plan.kind === "session") core.pipeline.session = plan.start(core, call);
  return core;
}

function pipelineContext(
  def: VendorDefinition<object>,
  options: SessionClientOptions,
  secrets: SecretRegistry,
  log: ClientLogger,
  credential: string | undefined,
): PipelineContext {
  const custom = options.fetch;
  return {
    vendor: def.id,
    secrets,
    log,
    retry: resolveRetryOptions(options.retry),
    placement: def.placement,
    credential,
    session: undefined,
    customFetch: custom !== undefined,
    // Node's fetch links a Request's signal to its internal copy only weakly (undici #4068): after a garbage
    // collection an abort can get lost. A signal in fetch's own options is held strongly, so the default
    // fetch gets it there; a caller's fetch finds it on the Request, as the fetch contract says.
    fetch: custom ? (request) => custom(request) : (request, signal) => globalThis.fetch(request, signal ? { signal } : undefined),
  };
}

/**
 * One request, from the caller's options to the typed outcome: check the input, build the request's
 * facts, let openapi-fetch build the URL and headers, send through the pipeline, and settle the answer.
 */
export async function call(core: ClientCore, method: string, path: string, init: Record<string, unknown> = {}, internal: InternalCall = {}): Promise<unknown> {
  const { facts, rest, params } = checkedRequest(core, method, path, init, internal);
  // A call-placing request is checked even without a body (its schema may require one).
  if (facts.kind === "call-placing" || (core.options.validateRequests && facts.body !== undefined))
    await checkBody(core, facts.method, facts.specPath, facts.body);
  let result: FetchResult;
  try {
    result = await core.openapi.request(method, path, { ...rest, params, fetch: (request: Request) => send(core.pipeline, request, facts) });
  } catch (error) {
    throw readFailure(core, facts, error);
  }
  return settle(core, facts, result, internal.mode ?? core.mode);
}

/** The request's facts and the options left for openapi-fetch, once its input is checked; bad input names the request. */
function checkedRequest(core: ClientCore, method: string, path: string, init: Record<string, unknown>, internal: InternalCall) {
  try {
    const facts = requestFacts(core, method, path, init, internal);
    const { timeoutMs: _t, maxRetries: _m, signal: _s, body: _b, bodySerializer: _z, ...rest } = init;
    const params = internal.queryPrepared ? rest["params"] : prepareQuery(core, rest["params"]);
    return { facts, rest, params };
  } catch (error) {
    throw locate(error, method.toUpperCase(), path, core.secrets);
  }
}

/**
 * Adds the request (method and path template: no secret in either) to a local input error that lacks it,
 * and redacts its message: a filter error quotes the caller's value, which might be a registered secret.
 */
function locate(error: unknown, method: string, path: string, secrets: SecretRegistry): unknown {
  if (error instanceof ValidationError && error.method === undefined) {
    const message = secrets.redact(error.message);
    Object.defineProperties(error, {
      method: { value: method, enumerable: true },
      url: { value: path, enumerable: true },
      message: { value: message, enumerable: false, writable: true, configurable: true },
      stack: { value: secrets.redact(error.stack ?? ""), enumerable: false, writable: true, configurable: true },
    });
  }
  return error;
}

function requestFacts(core: ClientCore, method: string, path: string, init: Record<string, unknown>, internal: InternalCall): RequestFacts {
  const { timeoutMs, maxRetries, signal } = init as PerRequestOptions;
  checkPerRequestOptions(core.def.id, { timeoutMs, maxRetries, signal });
  const upper = method.toUpperCase();
  const key = routeKey(upper, path);
  const isPublic = core.routes.public.has(key);
  const kind = classifyRequest(upper, key, core.routes);
  // A token that goes first in the body needs a body to go in, even where the caller sent none.
  const needsBody = core.def.placement.in === "body-first" && !isPublic && upper !== "GET" && upper !== "HEAD";
  const given = init["body"] ?? (needsBody ? {} : undefined);
  const body = given === undefined ? undefined : withBodyDefaults(core, given, isPublic);
  const shape: RequestShape = {
    method: upper,
    path,
    specPath: core.routes.callPlacing.get(key) ?? path,
    kind,
    body,
    serialize: (init["bodySerializer"] as ((value: unknown) => BodyInit) | undefined) ?? JSON.stringify,
    credential: internal.credential ?? (isPublic ? "none" : "client"),
    accept: core.def.downloads?.find(([suffix]) => path.endsWith(suffix))?.[1],
    timeoutMs: timeoutMs ?? core.options.timeoutMs,
    maxRetries: maxRetries ?? core.pipeline.retry.maxRetries,
    signal: signal ?? undefined,
  };
  return new RequestFacts(shape, core.secrets);
}

function withBodyDefaults(core: ClientCore, body: unknown, isPublic: boolean): unknown {
  if (isPublic || !core.def.bodyDefaults || body === null || typeof body !== "object" || Array.isArray(body)) return body;
  const defaults = core.def.bodyDefaults(core.options);
  const own = body as Record<string, unknown>;
  // Defaults come first and the caller's values win; a member set to `undefined` keeps the default.
  const merged: Record<string, unknown> = { ...defaults };
  for (const [key, value] of Object.entries(own)) if (value !== undefined || !(key in defaults)) merged[key] = value;
  return merged;
}

/** Validates a body against the spec's schema (the generated validators, loaded on first use). */
async function checkBody(core: ClientCore, method: string, path: string, body: unknown): Promise<void> {
  if (!core.def.validators) return;
  core.validators ??= core.def.validators();
  const problems = (await core.validators).validateRequestBody(method, path, body);
  // The client supplies a token that goes in the body; a missing one is not the caller's problem.
  const placed = core.def.placement.in === "body-first" ? core.def.placement.name : undefined;
  const real = (problems ?? []).filter((p) => p.field !== placed);
  if (real.length === 0) return;
  const first = real[0]!;
  const all = real.map((p) => `${p.field} ${p.message}`).join("; ");
  throw new ValidationError({
    vendor: core.def.id,
    param: first.field === "(body)" ? "body" : `body.${first.field}`,
    method,
    url: path,
    // Only schema facts and field names, but field names are the caller's keys: redacted all the same.
    message: core.secrets.redact(`${method} ${path}: the body does not match the API's schema: ${all}`),
  });
}

function prepareQuery(core: ClientCore, params: unknown): unknown {
  const query = (params as { query?: Record<string, unknown> } | undefined)?.query;
  if (!query || !core.def.prepareQuery) return params;
  return { ...(params as object), query: core.def.prepareQuery(query, core.queryMemo) };
}

/** Turns openapi-fetch's result into the caller's outcome: the typed error (thrown or kept), or `{ data, response, requestId }`. */
function settle(core: ClientCore, facts: RequestFacts, result: FetchResult, mode: ErrorMode): unknown {
  const requestId = requestIdOf(core.answers, result.response);
  if (mode === "result") return Object.defineProperty({ ...result, requestId }, FACTS, { value: facts });
  if (result.error !== undefined || !result.response.ok) throw errorFromAnswer(core.answers, result.response, result.error, facts);
  return { data: result.data, response: result.response, requestId };
}

/** Where a result-style outcome keeps its request's facts, for {@link toError}. */
const FACTS = Symbol("callspec.requestFacts");

/** The typed error for a result-style outcome, or undefined when it succeeded. */
export function toError(core: ClientCore, result: { error?: unknown; response: Response }): VoiceApiError | undefined {
  if (result.error === undefined && result.response.ok) return undefined;
  const facts = (result as { [FACTS]?: RequestFacts })[FACTS];
  const request = facts ?? { method: "", url: result.response.url ? core.secrets.redact(result.response.url) : "" };
  return errorFromAnswer(core.answers, result.response, result.error, request);
}

/** A failure while openapi-fetch read the answer: malformed JSON, or the connection broke mid-body. */
function readFailure(core: ClientCore, facts: RequestFacts, error: unknown): unknown {
  // The pipeline's own errors pass through openapi-fetch unchanged.
  if (error instanceof VoiceApiError) return error;
  if (error instanceof SyntaxError) {
    // V8 quotes the start of the bad text in its message; keep none of it, it could be a token.
    return new ServerError({
      ...where(core.pipeline, facts),
      message: `${facts.method} ${facts.url}: the answer was not valid JSON`,
      cause: new SyntaxError("invalid JSON"),
    });
  }
  // The caller's own signal fired while the answer's body was still arriving.
  if (facts.signal?.aborted) return stoppedByCaller(core.pipeline, facts, facts.signal.reason, "while the answer was being read");
  if (isBrokenBody(error)) {
    return new ConnectionError({
      ...where(core.pipeline, facts),
      message: `${facts.method} ${facts.url}: the connection broke while the answer was being read`,
      cause: new Error("terminated"),
    });
  }
  return error;
}
