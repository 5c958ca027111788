/** The Express adapter (Express 4 and 5, both tested). */
import { WebhookBodyError } from "./errors.js";
import { type AdapterOptions, type IncomingLike, readNodeBody, type ServerResponseLike, serve, single, type WebhookHandler } from "./node-adapters.js";
import { checkBodyLimit, DEFAULT_BODY_LIMIT_BYTES, tooLarge } from "./raw-body.js";

/** An Express request, as far as the adapter reads it. */
export interface ExpressRequestLike extends IncomingLike {
  /** The target before routers rewrote `url` (mounted apps strip their prefix from `url`). */
  originalUrl?: string;
  body?: unknown;
}

/**
 * An Express route handler for a web-standard handler: `app.post("/hooks", expressHandler(handler))`.
 * Needs no body parser on the route; mount it before `express.json()`, or give it `express.raw()`.
 */
export function expressHandler(
  handler: WebhookHandler,
  options: AdapterOptions = {},
): (req: ExpressRequestLike, res: ServerResponseLike, next: (error?: unknown) => void) => void {
  const limit = options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES;
  checkBodyLimit(limit);
  return (req, res, next) => {
    serve(handler, req, res, () => expressBody(req, limit), options, req.originalUrl ?? req.url).catch(next);
  };
}

/** The raw body: `express.raw()`'s Buffer, or the stream when nothing read it yet. */
async function expressBody(req: ExpressRequestLike, limit: number): Promise<Uint8Array> {
  if (req.body instanceof Uint8Array) {
    if (req.body.byteLength > limit) throw tooLarge(limit);
    return req.body;
  }
  if (!req.readableEnded) return readNodeBody(req, limit);
  if (isEmptyBody(req)) return new Uint8Array(0);
  throw new WebhookBodyError(
    "consumed",
    'a body parser (express.json(), express.urlencoded(), …) consumed the body before the webhook handler: mount the handler before it, or use express.raw({ type: "*/*" }) on this route',
  );
}

/** Express 4 leaves `{}` and Express 5 `undefined` where a parser met an empty body. */
function isEmptyBody(req: ExpressRequestLike): boolean {
  const declared = single(req.headers["content-length"]);
  const emptyParse = req.body === undefined || (typeof req.body === "object" && req.body !== null && Object.keys(req.body).length === 0);
  return emptyParse && (declared === undefined || declared === "0") && single(req.headers["transfer-encoding"]) === undefined;
}
