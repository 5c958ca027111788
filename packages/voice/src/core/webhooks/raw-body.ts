import { WebhookBodyError } from "./errors.js";

/**
 * Where a Node adapter keeps a body it read already. A `Request` cannot carry a GET's body, and
 * signed GETs with bodies exist (the vendors' reference vectors have them).
 */
const RECEIVED_BODY = Symbol.for("callspec.webhooks.receivedBody");

/** Records the body bytes a `Request` was built from. */
export function rememberBody(request: Request, body: Uint8Array): Request {
  Object.defineProperty(request, RECEIVED_BODY, { value: body, enumerable: false });
  return request;
}

/** Bodies larger than this are refused unless a receiver says otherwise: vendors' callbacks are small. */
export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * Reads a request's body as the bytes that arrived, refusing more than `limit` bytes. A declared
 * `Content-Length` over the limit is refused before anything is read; a body without one is counted as
 * it streams, so an oversized body is never held in memory whole.
 */
export async function readRawBody(request: Request, limit: number = DEFAULT_BODY_LIMIT_BYTES): Promise<Uint8Array> {
  checkBodyLimit(limit);
  const kept = (request as unknown as Record<symbol, unknown>)[RECEIVED_BODY];
  if (kept instanceof Uint8Array) {
    if (kept.byteLength > limit) throw tooLarge(limit);
    return kept;
  }
  if (request.bodyUsed) throw new WebhookBodyError("consumed", "the request body was already read; verify before reading it");
  return collectBody(request.body === null ? [] : chunksOf(request.body), limit, request.headers.get("content-length"));
}

/** A stream's chunks (not every runtime's ReadableStream is async-iterable); stopping early cancels it. */
async function* chunksOf(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  let done = false;
  try {
    for (;;) {
      const next = await reader.read();
      if (next.done) break;
      yield next.value;
    }
    done = true;
  } finally {
    if (!done) await reader.cancel().catch(() => undefined);
  }
}

/**
 * Gathers a body's chunks, refusing more than `limit` bytes: a declared `Content-Length` over it before
 * anything is read, an undeclared (or understated) one as soon as the count passes it.
 */
export async function collectBody(
  chunks: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array>,
  limit: number,
  declaredLength?: string | null,
): Promise<Uint8Array> {
  const declared = Number(declaredLength ?? Number.NaN);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  const parts: Uint8Array[] = [];
  let size = 0;
  try {
    for await (const chunk of chunks) {
      const bytes = typeof chunk === "string" ? new TextEncoder().encode(chunk) : chunk;
      size += bytes.byteLength;
      if (size > limit) throw tooLarge(limit);
      parts.push(bytes);
    }
  } catch (error) {
    if (error instanceof WebhookBodyError) throw error;
    throw new WebhookBodyError("unreadable", "the request body broke off before its end", { cause: error });
  }
  return concat(parts, size);
}

/** Joins chunks into one array (no Buffer: this runs in browsers' and Workers' runtimes too). */
export function concat(chunks: readonly Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1 && chunks[0]) return chunks[0];
  const out = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}

/**
 * Refuses a limit that would not limit: `NaN`, a string such as `"1mb"` or a negative number would make
 * every size comparison false and let any body through.
 */
export function checkBodyLimit(limit: unknown): asserts limit is number {
  if (!(typeof limit === "number" && Number.isSafeInteger(limit) && limit >= 0)) throw new TypeError("bodyLimitBytes must be a whole number of bytes ≥ 0");
}

/** The error for a body over the limit. */
export function tooLarge(limit: number): WebhookBodyError {
  return new WebhookBodyError("too_large", `the request body is larger than the limit of ${limit} bytes`);
}
