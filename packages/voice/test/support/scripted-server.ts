// A small scripted HTTP server for fault tests: every request takes the next behaviour from a per-test
// script (or a persistent route), and every request is recorded as the server saw it.
//
//   const server = await startScriptedServer();
//   server.script([reply(503), reply(200, { ok: true })]);
//   ... drive a client at server.url ...
//   expect(server.requests).toHaveLength(2);
//   await server.close();
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

/** One request as the server saw it. */
export interface RecordedRequest {
  method: string;
  /** Path and query, as sent (`/calls/abc?x=1`). */
  url: string;
  /** Path only. */
  path: string;
  /** Lower-cased header names. */
  headers: Record<string, string | string[] | undefined>;
  /** The body bytes; undefined when the behaviour dropped the connection before reading it. */
  bytes: Buffer | undefined;
  /** The body as UTF-8 text ("" when empty, undefined when never read). */
  body: string | undefined;
  /** `performance.now()` when the request's head arrived. */
  at: number;
  /** What the server did with it. */
  behaviour: Behaviour["kind"];
}

/** What the server does with one request. */
export type Behaviour =
  | { kind: "reply"; status: number; body: string | Buffer; headers: Record<string, string>; delayMs: number }
  | { kind: "reset-before-body" }
  | { kind: "reset-after-body" }
  | { kind: "partial-then-reset"; status: number; headers: Record<string, string>; body: string }
  | { kind: "hang"; releaseAfterMs: number };

/** A behaviour, or a function choosing one from the request (e.g. to echo what it received). */
export type Step = Behaviour | ((request: RecordedRequest, index: number) => Behaviour);

/** A JSON answer. `body: undefined` sends an empty body with `Content-Length: 0`. */
export function reply(status: number, body?: unknown, headers: Record<string, string> = {}): Behaviour {
  if (body === undefined) return { kind: "reply", status, body: "", headers, delayMs: 0 };
  return { kind: "reply", status, body: JSON.stringify(body), headers: { "content-type": "application/json", ...headers }, delayMs: 0 };
}

/** A raw answer: an HTML page, malformed JSON, … (`content-type` defaults to JSON, as a lying server would send). */
export function raw(status: number, body: string, headers: Record<string, string> = {}): Behaviour {
  return { kind: "reply", status, body, headers: { "content-type": "application/json", ...headers }, delayMs: 0 };
}

/** An HTML error page, as a proxy or load balancer sends. */
export function html(status: number, markup: string): Behaviour {
  return raw(status, markup, { "content-type": "text/html; charset=utf-8" });
}

/** Waits, then behaves as `then` (an answer after a delay). */
export function delayed(ms: number, then: Behaviour): Behaviour {
  if (then.kind !== "reply") throw new Error("delayed() takes a reply");
  return { ...then, delayMs: ms };
}

/** Destroys the socket as soon as the request head arrived, without reading the body. */
export function resetBeforeBody(): Behaviour {
  return { kind: "reset-before-body" };
}

/** Reads the whole body, then destroys the socket without answering. */
export function resetAfterBody(): Behaviour {
  return { kind: "reset-after-body" };
}

/** Sends the status, headers and part of the body, then destroys the socket. */
export function partialThenReset(status: number, body: string, headers: Record<string, string> = {}): Behaviour {
  return { kind: "partial-then-reset", status, body, headers: { "content-type": "application/json", ...headers } };
}

/**
 * Reads the body and never answers. {@link ScriptedServer.close} tears the socket down; as a safety valve
 * the socket is also destroyed after `releaseAfterMs` (default 5 s), so a client whose abort never reaches
 * `fetch` fails a test slowly instead of wedging it.
 */
export function hang(releaseAfterMs = 5000): Behaviour {
  return { kind: "hang", releaseAfterMs };
}

export interface ScriptedServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  /** Every request so far, in arrival order. */
  readonly requests: RecordedRequest[];
  /** Requests that found neither a route nor a script step (answered 418). */
  readonly unscripted: RecordedRequest[];
  /**
   * Replaces the queue of behaviours; each request takes the next one. When the queue is empty the
   * `otherwise` step answers (default: 418 and the request is listed in {@link unscripted}).
   */
  script(steps: Step[], options?: { otherwise?: Step }): void;
  /** A persistent behaviour for `METHOD /path` (path without query), checked before the queue. */
  route(methodAndPath: string, step: Step): void;
  /** Requests whose `METHOD /path` is `methodAndPath`. */
  requestsTo(methodAndPath: string): RecordedRequest[];
  /** Forgets the script, routes and recorded requests. */
  reset(): void;
  /** Stops the server, destroying every open socket (hanging requests included) and pending timer. */
  close(): Promise<void>;
}

/** Starts a scripted server on 127.0.0.1 with an OS-assigned port. */
export async function startScriptedServer(): Promise<ScriptedServer> {
  const requests: RecordedRequest[] = [];
  const unscripted: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const routes = new Map<string, Step>();
  let queue: Step[] = [];
  let otherwise: Step | undefined;
  let served = 0;

  const noScript: Step = (request) => {
    unscripted.push(request);
    return reply(418, { error: `scripted server: no behaviour for ${request.method} ${request.url}` });
  };

  const choose = (record: RecordedRequest): Behaviour => {
    const key = `${record.method} ${record.path}`;
    const step = routes.get(key) ?? queue.shift() ?? otherwise ?? noScript;
    const index = served++;
    return typeof step === "function" ? step(record, index) : step;
  };

  const readBody = (req: IncomingMessage) =>
    new Promise<Buffer>((resolve) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => resolve(Buffer.concat(chunks)));
      // A client that goes away mid-body leaves what arrived.
      req.on("error", () => resolve(Buffer.concat(chunks)));
      req.on("close", () => resolve(Buffer.concat(chunks)));
    });

  const later = (ms: number, fn: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, ms);
    timers.add(timer);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? "/";
    const record: RecordedRequest = {
      method: req.method ?? "",
      url,
      path: url.split("?")[0] ?? url,
      headers: { ...req.headers },
      bytes: undefined,
      body: undefined,
      at: performance.now(),
      behaviour: "reply",
    };
    requests.push(record);
    // The step may depend on the body (echo servers), so peek at the queue first: a reset-before-body
    // step must act before any byte of the body is read.
    const key = `${record.method} ${record.path}`;
    const next = routes.get(key) ?? queue[0] ?? otherwise;
    if (next && typeof next !== "function" && next.kind === "reset-before-body") {
      choose(record);
      record.behaviour = "reset-before-body";
      req.socket.destroy();
      return;
    }
    record.bytes = await readBody(req);
    record.body = record.bytes.toString("utf8");
    const behaviour = choose(record);
    record.behaviour = behaviour.kind;
    switch (behaviour.kind) {
      case "reset-before-body": // chosen by a function step: the body was read, but the effect is the same
      case "reset-after-body":
        req.socket.destroy();
        return;
      case "hang":
        later(behaviour.releaseAfterMs, () => req.socket.destroy());
        return;
      case "partial-then-reset": {
        const bytes = Buffer.from(behaviour.body);
        res.writeHead(behaviour.status, { ...behaviour.headers, "content-length": String(bytes.length + 100) });
        res.write(bytes);
        // Let the head and partial body reach the client before the connection breaks.
        later(20, () => req.socket.destroy());
        return;
      }
      case "reply": {
        const send = () => {
          if (res.destroyed || req.socket.destroyed) return;
          const bytes = Buffer.isBuffer(behaviour.body) ? behaviour.body : Buffer.from(behaviour.body);
          res.writeHead(behaviour.status, { ...behaviour.headers, "content-length": String(bytes.length) });
          res.end(bytes);
        };
        if (behaviour.delayMs > 0) later(behaviour.delayMs, send);
        else send();
        return;
      }
    }
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent && !res.destroyed) {
        res.writeHead(599, { "content-type": "text/plain" });
        res.end(`scripted server failed: ${String(error)}`);
      }
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    // Resets are the point of some behaviours; never let them crash the test process.
    socket.on("error", () => {});
  });
  server.on("clientError", (_error, socket) => socket.destroy());

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    unscripted,
    script(steps, options = {}) {
      queue = [...steps];
      otherwise = options.otherwise;
    },
    route(methodAndPath, step) {
      routes.set(methodAndPath, step);
    },
    requestsTo(methodAndPath) {
      return requests.filter((r) => `${r.method} ${r.path}` === methodAndPath);
    },
    reset() {
      queue = [];
      otherwise = undefined;
      routes.clear();
      requests.length = 0;
      unscripted.length = 0;
      served = 0;
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const socket of sockets) socket.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A URL where nothing listens: a port that was just bound and released (connections are refused). */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

/** A `fetch` that counts the attempts it was asked to make (and their URLs) before delegating. */
export function countingFetch(inner: (request: Request) => Promise<Response> = (r) => globalThis.fetch(r)) {
  const calls: { method: string; url: string }[] = [];
  const fetch = (request: Request) => {
    calls.push({ method: request.method, url: request.url });
    return inner(request);
  };
  return { fetch, calls };
}
