import { AbortedError, AuthenticationError, ConnectionError, parseRetryAfter, TimeoutError, type VoiceApiError } from "./errors.js";
import type { ClientLogger } from "./logger.js";
import { failedBeforeSending } from "./network-errors.js";
import type { SecretRegistry } from "./redact.js";
import { backoffDelay, retryableStatuses, sleep, type RequestKind, type RetryOptions } from "./retry-policy.js";
import { TimeLimit } from "./time-limit.js";
import type { TokenSession } from "./token-session.js";
import type { CredentialPlacement } from "./vendor.js";

/** What every request of one client shares: the vendor's rules and the client's settings. */
export interface PipelineContext {
  vendor: string;
  secrets: SecretRegistry;
  log: ClientLogger;
  retry: Required<RetryOptions>;
  placement: CredentialPlacement;
  /** The credential of a static client. */
  credential: string | undefined;
  /** The login session of a client that logs in. */
  session: TokenSession | undefined;
  /** Sends one attempt; the default passes the signal in fetch's own options (see createVoiceClient). */
  fetch(request: Request, signal: AbortSignal | undefined): Promise<Response>;
  /** Whether `fetch` is the caller's, which must find the signal on the Request itself. */
  customFetch: boolean;
}

/** What a request is, as the client found it: the fixed part of {@link RequestFacts}. */
export interface RequestShape {
  readonly method: string;
  /** The path template the caller gave (`/calls/{callId}`). */
  readonly path: string;
  /** The spec's own spelling of it, where the vendor lists the operation (`/Calls/` is `/calls`). */
  readonly specPath: string;
  readonly kind: RequestKind;
  /** The JSON value to send, `undefined` for no body. */
  readonly body: unknown;
  readonly serialize: (value: unknown) => BodyInit;
  /** `"client"`: the client's credential or session token; `"none"`: nothing (a login); or this token. */
  readonly credential: "client" | "none" | { token: string };
  /** `Accept` for a download, when the caller set none of its own. */
  readonly accept: string | undefined;
  readonly timeoutMs: number | undefined;
  readonly maxRetries: number;
  readonly signal: AbortSignal | undefined;
}

/**
 * One request's facts, passed explicitly through every step: what was asked, and what happened so far
 * (attempts, retries, refresh). The client builds it, the pipeline updates it, errors read it. A class, so
 * every request's facts share one shape on the hot path.
 */
export class RequestFacts implements RequestShape {
  readonly method: string;
  readonly path: string;
  readonly specPath: string;
  readonly kind: RequestKind;
  readonly body: unknown;
  readonly serialize: (value: unknown) => BodyInit;
  readonly credential: "client" | "none" | { token: string };
  readonly accept: string | undefined;
  readonly timeoutMs: number | undefined;
  readonly maxRetries: number;
  readonly signal: AbortSignal | undefined;
  attempts = 0;
  retries = 0;
  refreshed = false;
  /** The URL last sent (with any token in it): never shown. */
  sentUrl: string;
  readonly #secrets: SecretRegistry;

  constructor(shape: RequestShape, secrets: SecretRegistry) {
    this.method = shape.method;
    this.path = shape.path;
    this.specPath = shape.specPath;
    this.kind = shape.kind;
    this.body = shape.body;
    this.serialize = shape.serialize;
    this.credential = shape.credential;
    this.accept = shape.accept;
    this.timeoutMs = shape.timeoutMs;
    this.maxRetries = shape.maxRetries;
    this.signal = shape.signal;
    this.sentUrl = shape.path;
    this.#secrets = secrets;
  }

  /** {@link RequestFacts.sentUrl} redacted, for messages; redacting scans for every form of every secret, so it is done only when a message needs it. */
  get url(): string {
    return this.#secrets.redact(this.sentUrl);
  }
}

type Outcome = { response: Response } | { failure: unknown; timedOut: boolean };

/**
 * The request loop every facade request goes through: per attempt it takes the credential, builds the
 * request (the token applied here and nowhere else, the body serialised once), sends it under its time
 * limit, and decides from the outcome whether to return, refresh the token, retry after a pause, or throw.
 */
export async function send(ctx: PipelineContext, request: Request, facts: RequestFacts): Promise<Response> {
  facts.sentUrl = request.url;
  for (;;) {
    facts.attempts++;
    // A static credential needs no await: the common case costs no extra turn of the event loop.
    const token = ctx.session && facts.credential === "client" ? await sessionToken(ctx, facts, ctx.session) : givenCredential(ctx, facts);
    const outcome = await attempt(ctx, request, facts, token);
    const decided = decide(ctx, facts, outcome, token);
    const next = decided instanceof Promise ? await decided : decided;
    if (next.response) return next.response;
    if (next.waitMs !== undefined) await waitToRetry(ctx, facts, next.waitMs);
  }
}

/** The credential this attempt carries when it is not the session's: none, a given token, or the static key. */
function givenCredential(ctx: PipelineContext, facts: RequestFacts): string | undefined {
  if (facts.credential === "none") return undefined;
  if (typeof facts.credential === "object") return facts.credential.token;
  return ctx.credential;
}

/**
 * The session's token for this attempt (it may log in first). The login runs under the client's own
 * limits, with its own attempts; the caller's signal (`AbortSignal.timeout(ms)` for a deadline on the
 * whole request) stops the wait.
 */
async function sessionToken(ctx: PipelineContext, facts: RequestFacts, session: TokenSession): Promise<string> {
  const token = await tokenOrAbort(session, facts.signal, ctx, facts);
  ctx.secrets.add(token);
  return token;
}

/** Sends one attempt under its time limit; a failure is an outcome, not an exception. */
async function attempt(ctx: PipelineContext, request: Request, facts: RequestFacts, token: string | undefined): Promise<Outcome> {
  const limit = new TimeLimit(facts.signal, facts.timeoutMs);
  try {
    const outgoing = buildRequest(ctx, request, facts, token, limit.signal);
    ctx.log.debug(() => `${facts.method} ${facts.url} (attempt ${facts.attempts})`);
    return { response: await ctx.fetch(outgoing, limit.signal) };
  } catch (failure) {
    if (failure instanceof AuthenticationError) throw failure;
    return { failure, timedOut: limit.timedOut() };
  } finally {
    limit.done();
  }
}

/**
 * The attempt's Request. The first attempt of a bodyless request reuses openapi-fetch's own Request (only
 * a header may be added); any other is built anew from the request's parts, so it can be sent again.
 */
function buildRequest(ctx: PipelineContext, request: Request, facts: RequestFacts, token: string | undefined, signal: AbortSignal | undefined): Request {
  const { placement } = ctx;
  const reuse = facts.attempts === 1 && facts.body === undefined && placement.in === "header" && (!signal || !ctx.customFetch);
  const headers = reuse ? request.headers : new Headers(request.headers);
  let url = request.url;
  if (token !== undefined && placement.in === "header") setCredentialHeader(ctx, facts, headers, placement, token);
  if (token !== undefined && placement.in === "body-first" && facts.body === undefined) url = withQueryToken(url, placement.queryParam, token);
  if (facts.accept && !headers.has("accept")) headers.set("Accept", facts.accept);
  facts.sentUrl = url;
  if (reuse) return request;
  const body = facts.body === undefined ? null : serializeBody(facts, headers, placement, token);
  // The caller's fetch options (credentials, cache, keepalive…) carry over to every attempt.
  const { redirect, credentials, cache, keepalive, mode, referrerPolicy, integrity } = request;
  const init: RequestInit = { method: request.method, headers, body, redirect, credentials, cache, keepalive, mode, referrerPolicy, integrity };
  return new Request(url, signal ? { ...init, signal } : init);
}

function setCredentialHeader(ctx: PipelineContext, facts: RequestFacts, headers: Headers, placement: { name: string; prefix?: string }, token: string): void {
  try {
    headers.set(placement.name, `${placement.prefix ?? ""}${token}`);
  } catch {
    // e.g. Headers.set refusing a token with a line break: its message would quote the token.
    throw new AuthenticationError({
      vendor: ctx.vendor,
      message: `${facts.method} ${facts.url}: the credential cannot be sent (it holds characters a header cannot carry)`,
      method: facts.method,
      url: facts.url,
      attempts: facts.attempts,
    });
  }
}

function withQueryToken(url: string, param: string, token: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set(param, token);
  return parsed.toString();
}

/** The body of this attempt: the caller's value, with the token as its first member where the vendor wants it there. */
function serializeBody(facts: RequestFacts, headers: Headers, placement: CredentialPlacement, token: string | undefined): BodyInit {
  let value = facts.body;
  if (placement.in === "body-first" && token !== undefined && isPlainObject(value)) {
    const { [placement.name]: _callerToken, ...rest } = value;
    value = { [placement.name]: token, ...rest };
  }
  const body = facts.serialize(value);
  if (typeof body === "string" && !headers.has("content-type")) headers.set("Content-Type", "application/json");
  return body;
}

/** What to do after an attempt: return its answer, or go again (after `waitMs`, or at once for a refresh). */
type Decision = { response?: Response; waitMs?: number };

function decide(ctx: PipelineContext, facts: RequestFacts, outcome: Outcome, token: string | undefined): Decision | Promise<Decision> {
  if ("failure" in outcome) return { waitMs: afterFailure(ctx, facts, outcome) };
  const { response } = outcome;
  const bySession = ctx.session !== undefined && facts.credential === "client" && token !== undefined;
  if (bySession && response.status === 401) return afterRefusal(ctx, facts, response, token);
  if (bySession) recordUse(ctx, ctx.session!, token);
  return afterAnswer(ctx, facts, response);
}

/** A transport failure: the pause before a retry when repeating is safe, else the typed error. */
function afterFailure(ctx: PipelineContext, facts: RequestFacts, outcome: { failure: unknown; timedOut: boolean }): number {
  if (facts.signal?.aborted) throw stoppedByCaller(ctx, facts, facts.signal.reason, "");
  const neverSent = !outcome.timedOut && failedBeforeSending(outcome.failure);
  const what = outcome.timedOut ? `no answer within ${facts.timeoutMs} ms` : neverSent ? "could not connect" : "the connection failed";
  const mayRepeat = facts.kind === "safe" || neverSent;
  if (mayRepeat && facts.retries < facts.maxRetries) {
    const delay = backoffDelay(++facts.retries, ctx.retry);
    ctx.log.info(() => `${facts.method} ${facts.url}: ${what}; retry ${facts.retries} in ${Math.round(delay)} ms`);
    return delay;
  }
  const note = !mayRepeat && facts.kind === "call-placing" ? " (not retried: the call may already have been placed)" : "";
  const Class = outcome.timedOut ? TimeoutError : ConnectionError;
  throw new Class({ ...where(ctx, facts), message: `${facts.method} ${facts.url}: ${what}${note}`, cause: safeCause(outcome.failure, ctx.secrets) });
}

/**
 * A 401 to the session's token: forget it, and send once more with a fresh one. A 401 proves the request
 * was refused, so even a create may go again; a call-placing request is still sent only once, as promised.
 */
async function afterRefusal(ctx: PipelineContext, facts: RequestFacts, response: Response, token: string): Promise<{ response?: Response }> {
  await ctx.session!.invalidate(token);
  if (facts.refreshed || facts.kind === "call-placing") return { response };
  facts.refreshed = true;
  await response.body?.cancel();
  ctx.log.info(() => `${facts.method} ${facts.url}: token refused; logging in again`);
  return {};
}

/** An answer: retried after a pause when its status is worth retrying and repeating is safe, else returned. */
function afterAnswer(ctx: PipelineContext, facts: RequestFacts, response: Response): Decision | Promise<Decision> {
  if (!retryableStatuses.has(response.status) || facts.kind !== "safe" || facts.retries >= facts.maxRetries) return { response };
  return retryAnswer(ctx, facts, response);
}

async function retryAnswer(ctx: PipelineContext, facts: RequestFacts, response: Response): Promise<Decision> {
  const retryAfter = parseRetryAfter(response.headers.get("retry-after"));
  if (retryAfter !== undefined && retryAfter > ctx.retry.maxRetryAfterMs) {
    ctx.log.warn(() => `${facts.method} ${facts.url}: HTTP ${response.status} asks to wait ${retryAfter} ms, longer than retry.maxRetryAfterMs; not retried`);
    return { response };
  }
  const delay = retryAfter ?? backoffDelay(facts.retries + 1, ctx.retry);
  facts.retries++;
  await response.body?.cancel();
  ctx.log.info(() => `${facts.method} ${facts.url}: HTTP ${response.status}; retry ${facts.retries} in ${Math.round(delay)} ms`);
  return { waitMs: delay };
}

/** Restarts the token's idle timer; best effort: a shared store that fails must not fail (or crash) the request. */
function recordUse(ctx: PipelineContext, session: TokenSession, token: string): void {
  session.touch(token).catch((error: unknown) => {
    ctx.log.warn(() => `could not record token use in the token store: ${(error as Error)?.message ?? String(error)}`);
  });
}

async function waitToRetry(ctx: PipelineContext, facts: RequestFacts, ms: number): Promise<void> {
  try {
    await sleep(ms, facts.signal);
  } catch (reason) {
    throw stoppedByCaller(ctx, facts, reason, "while waiting to retry");
  }
}

/**
 * Waits for the session's token, but not past the caller's abort or deadline: a login that hangs must not
 * hold the caller hostage. The login itself goes on for the other requests sharing it.
 */
async function tokenOrAbort(session: TokenSession, signal: AbortSignal | undefined, ctx: PipelineContext, facts: RequestFacts): Promise<string> {
  const pending = session.getToken();
  if (!signal) return pending;
  pending.catch(() => {});
  if (signal.aborted) throw stoppedByCaller(ctx, facts, signal.reason, "while logging in");
  return new Promise<string>((resolve, reject) => {
    const onAbort = () => reject(stoppedByCaller(ctx, facts, signal.reason, "while logging in"));
    signal.addEventListener("abort", onAbort, { once: true });
    pending.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

/**
 * The error for a request the caller stopped: a {@link TimeoutError} when its signal fired for a deadline
 * (`AbortSignal.timeout`), an {@link AbortedError} otherwise.
 */
export function stoppedByCaller(ctx: PipelineContext, facts: RequestFacts, reason: unknown, during: string): VoiceApiError {
  const init = { ...where(ctx, facts), cause: safeCause(reason, ctx.secrets) };
  const request = `${facts.method} ${facts.url}`;
  return (reason as { name?: string } | undefined)?.name === "TimeoutError"
    ? new TimeoutError({ ...init, message: `${request}: the request's deadline passed${during ? ` ${during}` : " before an answer"}` })
    : new AbortedError({ ...init, message: `${request} was aborted by the caller${during ? ` ${during}` : ""}` });
}

/** The request facts every error names. */
export function where(ctx: { vendor: string }, facts: RequestFacts) {
  return { vendor: ctx.vendor, method: facts.method, url: facts.url, attempts: facts.attempts };
}

/** Keeps the class, message and code of a low-level failure (redacted), but none of its attached objects (requests, sockets). */
export function safeCause(cause: unknown, secrets: SecretRegistry): Error | undefined {
  if (!(cause instanceof Error)) return undefined;
  const copy = new Error(secrets.redact(cause.message));
  copy.name = cause.name;
  const code = (cause as { code?: unknown }).code ?? (cause.cause as { code?: unknown } | undefined)?.code;
  if (typeof code === "string") (copy as Error & { code?: string }).code = code;
  const inner = cause.cause instanceof Error ? cause.cause.message : undefined;
  // Deno and Bun say what went wrong one level down; keep that text too.
  if (inner && inner !== cause.message) copy.cause = new Error(secrets.redact(inner));
  return copy;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value) && !(value instanceof Blob) && !(value instanceof FormData);
}
