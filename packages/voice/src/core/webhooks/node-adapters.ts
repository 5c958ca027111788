/**
 * Serving a web-standard `(request: Request) => Response` handler from Node's `http` server, Express
 * and Fastify. Each adapter hands the handler the body exactly as it arrived, because signatures cover
 * the raw bytes:
 *
 * - `node:http`: the request stream is read (up to the limit) before the handler runs;
 * - Express: no body parser is needed on the route: the stream is read the same way. A `Buffer` from
 *   `express.raw()` is used as it is; a body that `express.json()` or another parser already consumed
 *   is an error, since its bytes are gone;
 * - Fastify: parsers run before handlers, so the route's scope must keep bodies as bytes:
 *   {@link acceptRawBodies}.
 *
 * Types here are structural: no Node, Express or Fastify types are needed to use them.
 */
import { WebhookError } from "./errors.js";
import { checkBodyLimit, collectBody, DEFAULT_BODY_LIMIT_BYTES, rememberBody } from "./raw-body.js";
import { rememberTarget } from "./received-url.js";

/** A web-standard request handler: what Hono, Next.js route handlers and Workers use directly. */
export type WebhookHandler = (request: Request) => Response | Promise<Response>;

/** An incoming Node request, as far as the adapters read it. */
export interface IncomingLike extends AsyncIterable<Uint8Array | string> {
  method?: string | undefined;
  url?: string | undefined;
  headers: Record<string, string | string[] | undefined>;
  /** A TLS socket has `encrypted: true`. */
  socket?: object | null;
  readableEnded?: boolean;
}

/** A Node response, as far as the adapters write it. */
export interface ServerResponseLike {
  statusCode: number;
  headersSent?: boolean;
  setHeader(name: string, value: string | string[]): unknown;
  end(chunk?: Uint8Array | string): unknown;
}

/** Options of the adapters. */
export interface AdapterOptions {
  /** Largest body read, in bytes (default 1 MiB); larger ones are answered 413. */
  bodyLimitBytes?: number;
  /** Called with every error the handler threw (for logging) before the adapter answers. */
  onError?: (error: unknown) => void;
}

/** Reads a Node request's body, refusing more than `limit` bytes. */
export async function readNodeBody(req: IncomingLike, limit: number = DEFAULT_BODY_LIMIT_BYTES): Promise<Uint8Array> {
  checkBodyLimit(limit);
  return collectBody(req, limit, single(req.headers["content-length"]));
}

/**
 * A web `Request` for a Node request whose body was read: the target and the body are kept exactly
 * as received for signature checks. The URL's origin is the socket's scheme and the `Host` header;
 * receivers behind a proxy rebuild the public one (`publicUrl`, `trustForwardedHeaders`).
 */
export function toWebRequest(req: IncomingLike, body: Uint8Array, received: string = req.url ?? "/"): Request {
  const target = originFormOf(received);
  const scheme = (req.socket as { encrypted?: boolean } | null | undefined)?.encrypted ? "https" : "http";
  const host = single(req.headers.host) ?? "localhost";
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || name.startsWith(":")) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  const method = (req.method ?? "GET").toUpperCase();
  const canCarryBody = method !== "GET" && method !== "HEAD" && body.byteLength > 0;
  const url = URL.canParse(`${scheme}://${host}${target}`) ? `${scheme}://${host}${target}` : `${scheme}://localhost${target}`;
  const request = new Request(url, { method, headers, ...(canCarryBody ? { body: body as Uint8Array<ArrayBuffer> } : {}) });
  return rememberBody(rememberTarget(request, target), body);
}

/** `/path?query` of a request target; an absolute-form one (`GET http://host/path`, which Node accepts) too. */
function originFormOf(target: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(target) && URL.canParse(target)) {
    const url = new URL(target);
    return `${url.pathname}${url.search}`;
  }
  return target.startsWith("/") ? target : `/${target}`;
}

/** Writes a web `Response` to a Node response. The body is buffered, not streamed: webhook answers are small. */
export async function sendWebResponse(res: ServerResponseLike, response: Response): Promise<void> {
  const body = response.body ? new Uint8Array(await response.arrayBuffer()) : undefined;
  res.statusCode = response.status;
  for (const [name, value] of response.headers) if (name !== "set-cookie") res.setHeader(name, value);
  // Headers joins repeated Set-Cookie values into one line, which clients cannot split again.
  const cookies = response.headers.getSetCookie();
  if (cookies.length) res.setHeader("set-cookie", cookies);
  res.end(body);
}

/** The answer to a handler's error: the receiving side's errors carry their status; others are 500. */
export function errorResponse(error: unknown): Response {
  if (error instanceof WebhookError) return new Response(error.message, { status: error.status, headers: { "content-type": "text/plain; charset=utf-8" } });
  return new Response("internal error", { status: 500, headers: { "content-type": "text/plain; charset=utf-8" } });
}

/** Runs a handler on the request `build` makes; never rejects: every error becomes an answer. */
export async function handle(handler: WebhookHandler, build: () => Promise<Request>, options: AdapterOptions): Promise<Response> {
  try {
    const response = await handler(await build());
    if (!(response instanceof Response)) throw new TypeError("the webhook handler must return a Response");
    return response;
  } catch (error) {
    try {
      options.onError?.(error);
    } catch {
      // A failing error logger must not take the answer with it.
    }
    return errorResponse(error);
  }
}

/** Runs a handler for a Node request, with the body as read; never rejects. */
export async function serve(
  handler: WebhookHandler,
  req: IncomingLike,
  res: ServerResponseLike,
  read: () => Promise<Uint8Array>,
  options: AdapterOptions,
  target?: string,
): Promise<void> {
  const response = await handle(handler, async () => toWebRequest(req, await read(), target), options);
  if (res.headersSent) return;
  try {
    await sendWebResponse(res, response);
  } catch {
    // The answer's own body failed to read: nothing was written yet, so a bare 500 still can be.
    await sendWebResponse(res, errorResponse(undefined)).catch(() => (res as { destroy?: () => void }).destroy?.());
  }
}

/** A `node:http` request listener: `http.createServer(nodeHandler(handler))`. */
export function nodeHandler(handler: WebhookHandler, options: AdapterOptions = {}): (req: IncomingLike, res: ServerResponseLike) => void {
  const limit = options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES;
  checkBodyLimit(limit);
  return (req, res) => {
    void serve(handler, req, res, () => readNodeBody(req, limit), options);
  };
}

export function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
