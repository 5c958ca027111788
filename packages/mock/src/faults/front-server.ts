import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { CONTROL_PREFIX, handleControl } from "./control-routes.js";
import { FaultBook } from "./fault-book.js";
import type { FaultRule } from "./fault-rules.js";
import { takeFaultPreference } from "./fault-rules.js";
import { answerHeaders, forward, readBody, type UpstreamAnswer } from "./forward.js";
import { redactedQuery } from "./redact.js";
import { type LoggedRequest, RequestLog } from "./request-log.js";
import { routeMatcher } from "./route-match.js";
import { CallbackLog } from "../callbacks/callback-log.js";
import type { PlacedCall } from "../callbacks/types.js";

/** Options for {@link startFrontServer}. */
export interface FrontServerOptions {
  /** The Prism mock to forward to. */
  upstream: string;
  /** Operations that place a call (`"POST /calls"`); accepted ones count as placed calls. */
  callPlacing: readonly string[];
  port?: number;
  host?: string;
  /** Called for each call-placing request the mock accepted, whether or not its answer reached the client. */
  onPlaced?: (call: PlacedCall) => void;
  /** The callbacks' log, served at `/__callspec/callbacks`; a new, empty one when not given. */
  callbacks?: CallbackLog;
}

/** A running front server: the URL clients use, its log and faults, and how to stop it. */
export interface FrontServer {
  url: string;
  requests: RequestLog;
  faults: FaultBook;
  close(): Promise<void>;
}

/** What handling one request needs; one per server, so two servers share nothing. */
interface Context {
  upstream: URL;
  isCallPlacing: (method: string, path: string) => boolean;
  requests: RequestLog;
  faults: FaultBook;
  callbacks: CallbackLog;
  onPlaced: ((call: PlacedCall) => void) | undefined;
}

/**
 * Starts the node:http server that stands in front of Prism: it answers the control routes under
 * `/__callspec/`, injects the fault a request gets (see {@link FaultBook}), forwards the rest to Prism and
 * logs every request it saw.
 */
export async function startFrontServer(options: FrontServerOptions): Promise<FrontServer> {
  const matchers = options.callPlacing.map(routeMatcher);
  const context: Context = {
    upstream: new URL(options.upstream),
    isCallPlacing: (method, path) => matchers.some((m) => m(method, path)),
    requests: new RequestLog(),
    faults: new FaultBook(),
    callbacks: options.callbacks ?? new CallbackLog(),
    onPlaced: options.onPlaced,
  };
  const server = createServer((req, res) => {
    handle(context, req, res).catch((error: unknown) => failed(res, error));
  });
  const host = options.host ?? "127.0.0.1";
  await listen(server, host, options.port ?? 0);
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
    requests: context.requests,
    faults: context.faults,
    close: () => closeServer(server),
  };
}

async function handle(context: Context, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://front");
  const method = req.method ?? "GET";
  if (url.pathname.startsWith(CONTROL_PREFIX)) return handleControl(context, method, url.pathname, req, res);
  const prefer = takeFaultPreference(headerText(req.headers.prefer));
  let fault: FaultRule | undefined;
  try {
    fault = context.faults.take(method, url.pathname, prefer.fault);
  } catch (error) {
    return answerJson(res, 400, { message: `callspec-mock: ${(error as Error).message}` });
  }
  const entry: LoggedRequest = {
    method,
    path: url.pathname,
    query: redactedQuery(url.searchParams),
    status: undefined,
    upstreamStatus: undefined,
    fault: fault?.mode,
    placed: false,
  };
  context.requests.add(entry);
  if (fault?.mode === "reset-before-read") return void req.socket.destroy();
  const body = await readBody(req);
  if (fault?.mode === "latency") await new Promise((r) => setTimeout(r, fault.ms ?? 1_000));
  if (answerWithoutPrism(fault, res, entry)) return;
  const headers = { ...req.headers, prefer: prefer.rest };
  if (prefer.rest === undefined) delete headers.prefer;
  const answer = await forward(context.upstream, req, headers, body);
  entry.upstreamStatus = answer.status;
  entry.placed = context.isCallPlacing(method, url.pathname) && answer.status >= 200 && answer.status < 300;
  deliver(fault, answer, res, entry);
  if (entry.placed) context.onPlaced?.({ route: `${method} ${url.pathname}`, body: jsonOf(body), answer: jsonOf(answer.body) });
}

/** Answers the faults that never reach Prism; returns whether it did. */
function answerWithoutPrism(fault: FaultRule | undefined, res: ServerResponse, entry: LoggedRequest): boolean {
  if (fault?.mode === "rate-limit") {
    entry.status = 429;
    res.setHeader("retry-after", String(fault.retryAfter ?? 1));
    answerJson(res, 429, { message: "Too many requests (callspec-mock fault: rate-limit)" });
    return true;
  }
  if (fault?.mode === "burst") {
    entry.status = fault.status ?? 503;
    answerJson(res, entry.status, { message: "Service unavailable (callspec-mock fault: burst)" });
    return true;
  }
  if (fault?.mode === "expired-token") {
    entry.status = 401;
    answerJson(res, 401, { message: "Session token expired (callspec-mock fault: expired-token)" });
    return true;
  }
  return false;
}

/** Sends Prism's answer whole, cut short, or not at all (the socket destroyed once Prism accepted it). */
function deliver(fault: FaultRule | undefined, answer: UpstreamAnswer, res: ServerResponse, entry: LoggedRequest): void {
  if (fault?.mode === "reset-after-accept") return void res.socket?.destroy();
  entry.status = answer.status;
  res.writeHead(answer.status, answerHeaders(answer));
  if (fault?.mode !== "cut-body") return void res.end(answer.body);
  const keep = Math.min(fault.bytes ?? Math.floor(answer.body.length / 2), Math.max(answer.body.length - 1, 0));
  // Flush the headers and the part first, so the client sees a started body end abruptly, not no answer.
  res.write(answer.body.subarray(0, keep), () => res.socket?.destroy());
}

/** A body parsed as JSON, or `undefined` when it is empty or not JSON. */
function jsonOf(bytes: Buffer): unknown {
  try {
    return bytes.length ? JSON.parse(bytes.toString("utf8")) : undefined;
  } catch {
    return undefined;
  }
}

/** A header's value as one string (node gives a list for a repeated custom header). */
function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(", ") : value;
}

/** Answers `status` with a JSON body. */
export function answerJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

function failed(res: ServerResponse, error: unknown): void {
  if (res.headersSent) return void res.socket?.destroy();
  answerJson(res, 502, { message: `callspec-mock: could not reach Prism: ${(error as Error).message}` });
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolveListen, reject) => {
    server.once("error", reject);
    server.listen({ port, host, exclusive: true }, () => {
      server.removeListener("error", reject);
      resolveListen();
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolveClose) => {
    server.close(() => resolveClose());
    server.closeAllConnections();
  });
}
