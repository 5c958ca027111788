/**
 * A local stand-in for the vendor APIs, run in its own process (so on its own core) by
 * {@link startApiServer}. Listens on 127.0.0.1 only, on a free port it reports to the parent.
 *
 * - `call`: answers MessageBird `GET /calls/{callId}` with a typical call envelope.
 * - `cdrs`: holds a VoIPstudio CDR collection and answers `GET …/cdrs?page&limit` with `{ data, total }`,
 *   after a fixed latency per page.
 *
 * Both answer `GET /__stats` with the number of client connections accepted so far (the stats
 * request's own connection is not counted), so benchmarks can check that keep-alive really held.
 */
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { callEnvelope, cdrRows } from "./fixtures.js";

export interface ServerConfig {
  kind: "call" | "cdrs";
  /** `cdrs`: rows in the collection. */
  rows?: number;
  /** `cdrs`: milliseconds added before each page is answered. */
  latencyMs?: number;
}

const MAX_LIFETIME_MS = 10 * 60_000;

function serve(config: ServerConfig): http.Server {
  const json = { "content-type": "application/json; charset=utf-8" };
  let connections = 0;
  let statsConnections = 0;
  const statsSockets = new WeakSet<object>();

  const callBodies = new Map<string, Buffer>();
  const callBody = (id: string) => {
    let body = callBodies.get(id);
    if (!body) {
      body = Buffer.from(JSON.stringify(callEnvelope(id)));
      if (callBodies.size < 1000) callBodies.set(id, body);
    }
    return body;
  };

  // Rows are serialised once; a page is a join of ready-made row texts, so the server's own CPU time
  // per page stays small next to the configured latency.
  const total = config.rows ?? 0;
  const rowTexts = config.kind === "cdrs" ? cdrRows(total).map((row) => JSON.stringify(row)) : [];

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    if (url.pathname === "/__stats") {
      if (!statsSockets.has(req.socket)) {
        statsSockets.add(req.socket);
        statsConnections++;
      }
      const body = JSON.stringify({ connections: connections - statsConnections });
      res.writeHead(200, { ...json, "content-length": Buffer.byteLength(body) }).end(body);
      return;
    }
    if (req.method !== "GET") {
      res.writeHead(405, json).end(JSON.stringify({ errors: [{ code: 405, description: "method not allowed" }] }));
      return;
    }
    if (config.kind === "call") {
      const match = /^\/calls\/([^/]+)$/.exec(url.pathname);
      if (!match) {
        res.writeHead(404, json).end(JSON.stringify({ errors: [{ code: 20, description: "call not found" }] }));
        return;
      }
      const body = callBody(decodeURIComponent(match[1]!));
      res.writeHead(200, { ...json, "content-length": body.byteLength }).end(body);
      return;
    }
    if (!url.pathname.endsWith("/cdrs")) {
      res.writeHead(404, json).end(JSON.stringify({ errors: [{ code: 404, message: "not found" }] }));
      return;
    }
    const page = Number(url.searchParams.get("page") ?? "1");
    const limit = Number(url.searchParams.get("limit") ?? "25");
    if (!Number.isInteger(page) || page < 1 || !Number.isInteger(limit) || limit < 1 || limit > 5000) {
      res.writeHead(400, json).end(JSON.stringify({ errors: [{ code: 400, message: "bad page or limit" }] }));
      return;
    }
    setTimeout(() => {
      const from = (page - 1) * limit;
      const body = Buffer.from(`{"data":[${rowTexts.slice(from, from + limit).join(",")}],"total":${total}}`);
      res.writeHead(200, { ...json, "content-length": body.byteLength }).end(body);
    }, config.latencyMs ?? 0);
  });
  server.on("connection", () => connections++);
  server.keepAliveTimeout = 60_000;
  server.headersTimeout = 61_000;
  return server;
}

// Run as a child process: configuration in argv[2] (JSON), the port goes to the parent over IPC.
if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1]) && process.send) {
  const config = JSON.parse(process.argv[2] ?? "{}") as ServerConfig;
  const server = serve(config);
  server.listen(0, "127.0.0.1", () => {
    const address = server.address();
    process.send!({ port: typeof address === "object" && address ? address.port : 0 });
  });
  // Never outlive the benchmark that started us.
  process.on("disconnect", () => process.exit(0));
  setTimeout(() => process.exit(0), MAX_LIFETIME_MS).unref();
}
