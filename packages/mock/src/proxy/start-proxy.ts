import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { PayloadValidator } from "../payload-validator.js";
import { resolveSpecPath, type Vendor } from "../spec-path.js";
import { portInUse, startPrism, type RunningMock } from "../start-mock.js";
import { DriftCollector, type DriftReport } from "./drift.js";
import { formatDriftReport } from "./drift-text.js";
import { processExchange, type ExchangeContext } from "./exchange.js";
import { Recorder } from "./recorder.js";
import { Redactor } from "./redact.js";
import { secretNamesFor } from "./vendor-secrets.js";

/** The path on the proxy that answers with the drift report so far (JSON, or text with `?format=text`). */
export const DRIFT_PATH = "/__callspec/drift";

/** Options for {@link startProxy}. */
export interface ProxyOptions {
  /** Base URL of the real API (or any server standing in for it), e.g. `https://rest.messagebird.com`. */
  upstream: string;
  /** Folder to record into: payload files, manifest, exchange log and drift reports. Nothing is written without it. */
  record?: string;
  /** Port the proxy listens on (1–65535); a free one is picked when omitted. */
  port?: number;
  /** Interface to bind; defaults to the loopback address. */
  host?: string;
  /** How long Prism may take to answer once its start's turn came, in milliseconds (default 120 000). */
  startTimeoutMs?: number;
  /** Receives Prism's log lines and the proxy's own warnings; dropped by default. */
  onLog?: (line: string) => void;
}

/** A running recording proxy. */
export interface RunningProxy {
  /** Base URL to point a client at instead of the upstream. */
  url: string;
  /** The spec the traffic is checked against. */
  specPath: string;
  /** Settles with Prism's exit code once it is gone, whether {@link RunningProxy.close} stopped it or it stopped on its own. */
  exited: Promise<number | null>;
  /** The drift report so far; written to `<record>/drift-report.json` and `.txt` when recording. */
  report(): DriftReport;
  /** Stops the proxy and Prism, writes the final report (when recording) and resolves with it. */
  close(): Promise<DriftReport>;
}

/**
 * Starts a validating, recording proxy for a vendor: the client's traffic goes through Stoplight Prism's
 * proxy mode to `upstream` and back unchanged, Prism's `sl-violations` are collected, and every exchange is
 * validated again with the package's own validator, which also finds what Prism does not report (members
 * the spec does not declare, undeclared status codes, counts per place). With `record`, each exchange is
 * written as payload files that `callspec-validate` re-checks, with secrets redacted before they reach disk.
 *
 * @example
 * ```ts
 * const proxy = await startProxy("messagebird-voice", { upstream: "https://rest.messagebird.com", record: "./recording" });
 * // point the client at proxy.url, run the suite, then:
 * const drift = await proxy.close();
 * ```
 */
export async function startProxy(vendorOrSpec: Vendor | (string & {}), options: ProxyOptions): Promise<RunningProxy> {
  const upstream = parseUpstream(options.upstream);
  const specPath = resolveSpecPath(vendorOrSpec);
  const validator = new PayloadValidator(specPath);
  const redactor = new Redactor(secretNamesFor(vendorOrSpec, validator.doc));
  const recorder = options.record === undefined ? undefined : new Recorder(options.record, redactor);
  const collector = new DriftCollector({ spec: vendorOrSpec, upstream: upstream.href });
  const context: ExchangeContext = { validator, redactor, ...(recorder ? { recorder } : {}) };
  const host = options.host ?? "127.0.0.1";
  const report = () => writeReport(collector.report(), recorder);

  let seq = 0;
  const state: RelayState = { context, collector, nextSeq: () => ++seq, onLog: options.onLog };
  let prism: RunningMock | undefined;
  const front = createServer((req, res) => {
    if (req.url?.split("?")[0] === DRIFT_PATH) return answerDrift(req, res, report());
    if (!prism) return void res.writeHead(503).end();
    relay(req, res, prism.url, state);
  });
  const port = await listen(front, host, options.port);
  try {
    // No --errors: with it Prism answers 422 instead of forwarding a request it finds invalid, and 500
    // instead of the upstream's answer when that breaks the spec; a drift recorder must pass both through.
    prism = await startPrism({ command: ["proxy", specPath, upstream.href], flags: [], specPath }, options);
  } catch (error) {
    await closeServer(front);
    throw error;
  }
  const running = prism;
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
    specPath,
    exited: running.exited,
    report,
    async close() {
      await closeServer(front);
      await running.close();
      return report();
    },
  };
}

function parseUpstream(upstream: string): URL {
  let url: URL;
  try {
    url = new URL(upstream);
  } catch {
    throw new TypeError(`upstream must be an absolute http(s) URL, got ${JSON.stringify(upstream)}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new TypeError(`upstream must be http or https, got ${url.protocol}`);
  return url;
}

function writeReport(report: DriftReport, recorder: Recorder | undefined): DriftReport {
  recorder?.write("drift-report.json", `${JSON.stringify(report, null, 2)}\n`);
  recorder?.write("drift-report.txt", formatDriftReport(report));
  return report;
}

function answerDrift(req: IncomingMessage, res: ServerResponse, report: DriftReport): void {
  const text = new URL(req.url ?? "/", "http://placeholder.invalid").searchParams.get("format") === "text";
  res.writeHead(200, { "content-type": text ? "text/plain; charset=utf-8" : "application/json" });
  res.end(text ? formatDriftReport(report) : JSON.stringify(report, null, 2));
}

/** Hop-by-hop headers, and the length, which is set again for the body as relayed. */
const dropped = new Set(["connection", "keep-alive", "transfer-encoding", "content-length", "upgrade", "proxy-connection"]);

/** One proxy's checking state. */
interface RelayState {
  context: ExchangeContext;
  collector: DriftCollector;
  /** Numbers the exchanges of this proxy, for file names. */
  nextSeq(): number;
  onLog: ((line: string) => void) | undefined;
}

function relay(req: IncomingMessage, res: ServerResponse, prismUrl: string, state: RelayState): void {
  const { context, collector, onLog } = state;
  const seq = state.nextSeq();
  collect(req)
    .then(async (requestBody) => {
      const answer = await forward(prismUrl, req, requestBody);
      const headers = Object.fromEntries(Object.entries(answer.headers).filter(([name]) => !dropped.has(name)));
      res.writeHead(answer.status, { ...headers, "content-length": answer.body.length });
      res.end(answer.body);
      const raw = { seq, method: req.method ?? "GET", target: req.url ?? "/", requestHeaders: req.headers, requestBody };
      try {
        collector.add(processExchange({ ...raw, status: answer.status, responseHeaders: answer.headers, responseBody: answer.body }, context));
      } catch (error) {
        // A checking or recording failure must not break the client's traffic; it is reported, not thrown.
        onLog?.(`callspec proxy: could not check exchange ${seq}: ${(error as Error).message}`);
      }
    })
    .catch((error: Error) => {
      onLog?.(`callspec proxy: exchange ${seq} failed: ${error.message}`);
      if (!res.headersSent) res.writeHead(502, { "content-type": "text/plain" });
      res.end(`callspec proxy: ${error.message}`);
    });
}

function collect(stream: IncomingMessage): Promise<Buffer> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    stream.on("data", (chunk: Buffer) => chunks.push(chunk));
    stream.once("end", () => resolveBody(Buffer.concat(chunks)));
    stream.once("error", reject);
  });
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

function forward(prismUrl: string, req: IncomingMessage, body: Buffer): Promise<Answer> {
  const headers = Object.fromEntries(Object.entries(req.headers).filter(([name]) => !dropped.has(name) && name !== "host"));
  // Identity: Prism's fetch would decompress a gzipped answer yet pass its content-encoding header on.
  const outgoing = { ...headers, "accept-encoding": "identity", ...(body.length > 0 ? { "content-length": String(body.length) } : {}) };
  return new Promise((resolveAnswer, reject) => {
    const upstream = httpRequest(`${prismUrl}${req.url ?? "/"}`, { method: req.method ?? "GET", headers: outgoing }, (response) => {
      collect(response).then((answerBody) => resolveAnswer({ status: response.statusCode ?? 502, headers: response.headers, body: answerBody }), reject);
    });
    upstream.once("error", reject);
    upstream.end(body);
  });
}

function listen(server: Server, host: string, port: number | undefined): Promise<number> {
  if (port !== undefined && (!Number.isInteger(port) || port < 1 || port > 65_535)) {
    return Promise.reject(new RangeError(`port must be an integer from 1 to 65535, got ${port}`));
  }
  return new Promise((resolvePort, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => reject(error.code === "EADDRINUSE" ? portInUse(host, port ?? 0) : error));
    server.listen({ host, port: port ?? 0, exclusive: true }, () => resolvePort((server.address() as AddressInfo).port));
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolveClose) => {
    if (!server.listening) return resolveClose();
    server.close(() => resolveClose());
    server.closeAllConnections();
  });
}
