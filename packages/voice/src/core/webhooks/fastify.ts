/** The Fastify adapter (Fastify 4 and 5). */
import { WebhookBodyError } from "./errors.js";
import { type AdapterOptions, errorResponse, type IncomingLike, toWebRequest, type WebhookHandler } from "./node-adapters.js";
import { DEFAULT_BODY_LIMIT_BYTES, tooLarge } from "./raw-body.js";

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
 */
export function acceptRawBodies(scope: FastifyScopeLike, options: { bodyLimitBytes?: number } = {}): void {
  scope.removeAllContentTypeParsers();
  const bodyLimit = options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES;
  scope.addContentTypeParser("*", { parseAs: "buffer", bodyLimit }, (_request, body, done) => done(null, body));
}

/** A Fastify route handler for a web-standard handler (the route's scope needs {@link acceptRawBodies}). */
export function fastifyHandler(
  handler: WebhookHandler,
  options: AdapterOptions = {},
): (request: FastifyRequestLike, reply: FastifyReplyLike) => Promise<unknown> {
  const limit = options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES;
  return async (request, reply) => {
    let response: Response;
    try {
      response = await handler(toWebRequest(request.raw, fastifyBody(request, limit)));
    } catch (error) {
      options.onError?.(error);
      response = errorResponse(error);
    }
    reply.code(response.status);
    for (const [name, value] of response.headers) reply.header(name, value);
    return reply.send(response.body ? new Uint8Array(await response.arrayBuffer()) : undefined);
  };
}

function fastifyBody(request: FastifyRequestLike, limit: number): Uint8Array {
  const { body } = request;
  if (body === undefined || body === null) return new Uint8Array(0);
  if (body instanceof Uint8Array) {
    if (body.byteLength > limit) throw tooLarge(limit);
    return body;
  }
  throw new WebhookBodyError("consumed", "Fastify parsed the body before the webhook handler: call acceptRawBodies(scope) in the scope of the webhook routes");
}
