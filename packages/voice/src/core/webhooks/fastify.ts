/** The Fastify adapter (tested with Fastify 5; it uses only APIs Fastify 4 has too). */
import { WebhookBodyError } from "./errors.js";
import { type AdapterOptions, handle, type IncomingLike, readNodeBody, toWebRequest, type WebhookHandler } from "./node-adapters.js";
import { checkBodyLimit, DEFAULT_BODY_LIMIT_BYTES, tooLarge } from "./raw-body.js";

/** A Fastify request, as far as the adapter reads it. */
export interface FastifyRequestLike {
  raw: IncomingLike;
  body?: unknown;
}

/** A Fastify reply, as far as the adapter writes it. */
export interface FastifyReplyLike {
  code(status: number): unknown;
  header(name: string, value: string): unknown;
  send(payload?: unknown): unknown;
}

/** A Fastify scope, as far as {@link acceptRawBodies} changes it. */
export interface FastifyScopeLike {
  removeAllContentTypeParsers(): unknown;
  addContentTypeParser(
    type: string,
    options: { parseAs: "buffer"; bodyLimit?: number },
    parser: (request: unknown, body: unknown, done: (error: Error | null, body?: unknown) => void) => void,
  ): unknown;
}

/**
 * Makes a Fastify scope keep every body as its raw bytes (a `Buffer`), which signature checks need.
 * Call it inside the plugin that registers the webhook routes, so the app's other routes keep parsing
 * JSON: `app.register(async (hooks) => { acceptRawBodies(hooks); hooks.post("/hooks", fastifyHandler(h)); })`.
 * Fastify itself then refuses bodies over `bodyLimitBytes` (413) while it reads them.
 */
export function acceptRawBodies(scope: FastifyScopeLike, options: { bodyLimitBytes?: number } = {}): void {
  const bodyLimit = options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES;
  checkBodyLimit(bodyLimit);
  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser("*", { parseAs: "buffer", bodyLimit }, (_request, body, done) => done(null, body));
}

/** A Fastify route handler for a web-standard handler (the route's scope needs {@link acceptRawBodies}). */
export function fastifyHandler(
  handler: WebhookHandler,
  options: AdapterOptions = {},
): (request: FastifyRequestLike, reply: FastifyReplyLike) => Promise<unknown> {
  const limit = options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES;
  checkBodyLimit(limit);
  return async (request, reply) => {
    const response = await handle(handler, async () => toWebRequest(request.raw, await fastifyBody(request, limit)), options);
    let body: Uint8Array | undefined;
    try {
      body = response.body ? new Uint8Array(await response.arrayBuffer()) : undefined;
    } catch {
      reply.code(500);
      return reply.send("internal error");
    }
    reply.code(response.status);
    for (const [name, value] of response.headers) if (name !== "set-cookie") reply.header(name, value);
    for (const cookie of response.headers.getSetCookie()) reply.header("set-cookie", cookie);
    return reply.send(body);
  };
}

async function fastifyBody(request: FastifyRequestLike, limit: number): Promise<Uint8Array> {
  const { body } = request;
  if (body === undefined || body === null) {
    // Fastify parses no body on a GET or HEAD: one that came is still in the stream, and a signature covers it.
    return request.raw.readableEnded === false ? readNodeBody(request.raw, limit) : new Uint8Array(0);
  }
  if (body instanceof Uint8Array) {
    if (body.byteLength > limit) throw tooLarge(limit);
    return body;
  }
  throw new WebhookBodyError("consumed", "Fastify parsed the body before the webhook handler: call acceptRawBodies(scope) in the scope of the webhook routes");
}
