// The two network faults of the smoke suite, on loopback: a port where nothing listens (connection refused)
// and a tiny HTTP server that breaks connections on purpose.
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createServer as createNetServer, type AddressInfo } from "node:net";

/** A loopback URL whose port was free a moment ago and is closed now: connecting there is refused. */
export async function closedPortUrl(): Promise<string> {
  const server = createNetServer();
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

export interface ResetServer {
  url: string;
  close(): Promise<void>;
}

/**
 * - `GET /calls`: answers 200 with headers and the first bytes of a JSON body (Content-Length promises
 *   more), then destroys the socket: a body cut short.
 * - `POST /calls?smoke=<id>`: reads the whole request, counts it under `<id>`, and drops the connection
 *   without answering: a call-placing request that reached the server and got no answer.
 * - `GET /__count?id=<id>`: `{"received": n}`.
 * CORS is open (the browser page is on another port); preflights get 204.
 */
export async function startResetServer(): Promise<ResetServer> {
  const received = new Map<string, number>();
  const sockets = new Set<import("node:net").Socket>();
  const cors = (req: IncomingMessage, res: ServerResponse) => {
    res.setHeader("Access-Control-Allow-Origin", "*");
    res.setHeader("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
    res.setHeader("Access-Control-Allow-Headers", req.headers["access-control-request-headers"] ?? "*");
    res.setHeader("Access-Control-Max-Age", "600");
  };
  const server = createHttpServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    cors(req, res);
    if (req.method === "OPTIONS") {
      res.writeHead(204).end();
      return;
    }
    if (url.pathname === "/__count") {
      res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify({ received: received.get(url.searchParams.get("id") ?? "") ?? 0 }));
      return;
    }
    if (req.method === "POST" && url.pathname.endsWith("/calls")) {
      req.resume();
      req.on("end", () => {
        const id = url.searchParams.get("smoke") ?? "";
        received.set(id, (received.get(id) ?? 0) + 1);
        req.socket.destroy();
      });
      return;
    }
    if (req.method === "GET" && url.pathname.endsWith("/calls")) {
      const part = '{"data":[{"id":"f1aa71c0-8f2a-4fe8-b5ef-9a330454ef58","status":"ended","source":"316';
      res.writeHead(200, { "Content-Type": "application/json", "Content-Length": String(part.length + 400) });
      res.write(part, () => setTimeout(() => res.socket?.destroy(), 30));
      return;
    }
    res.writeHead(404, { "Content-Type": "application/json" }).end('{"errors":[{"code":13,"description":"not here"}]}');
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
