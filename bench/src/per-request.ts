/**
 * Benchmark 2: latency of one request over a real (local) socket.
 *
 * A `node:http` server in its own process answers MessageBird `GET /calls/{callId}` with a typical call
 * envelope. Five clients send sequential requests and parse the JSON answer: bare `fetch`, raw
 * openapi-fetch, the facade, raw `http.request` with a keep-alive Agent, and the incumbent `messagebird`
 * SDK 4.0.1 (`calls.read`), whose HTTPS requests to voice.messagebird.com are forwarded, in this process
 * only, to `http.request` against the local server. Clients run interleaved in rounds after a warm-up.
 */
import http from "node:http";
import { createRequire } from "node:module";
import createClient from "openapi-fetch";
import type { paths as MessageBirdPaths } from "@callspec/messagebird-voice";
import { createMessageBird } from "@callspec/voice/messagebird";
import { ACCESS_KEY, CALL_ID } from "./lib/fixtures.js";
import { machineLine } from "./lib/machine.js";
import { startApiServer } from "./lib/server-process.js";
import { fmt, heading, median, percentile, table } from "./lib/stats.js";

const WARMUP = 300;
const ROUNDS = 8;
const PER_ROUND = 500;
const MESSAGEBIRD_HOST = "voice.messagebird.com";

const require = createRequire(import.meta.url);
// The CommonJS module objects: unlike ESM namespaces they can be patched, which is how the SDK is routed.
const https = require("node:https") as typeof import("node:https");
const messagebird = require("messagebird") as typeof import("messagebird");
const messagebirdVersion = (require("messagebird/package.json") as { version: string }).version;

interface Client {
  name: string;
  keepAlive: string;
  request: () => Promise<unknown>;
}

const isCall = (body: unknown) => (body as { data?: { id?: string }[] } | undefined)?.data?.[0]?.id === CALL_ID;

async function main(): Promise<void> {
  console.log("# Benchmark 2: per-request latency against a local HTTP server");
  console.log(machineLine());
  console.log(
    `${ROUNDS} rounds × ${PER_ROUND} sequential GET /calls/{callId} per client (${(ROUNDS * PER_ROUND).toLocaleString("en-US")} measured each) after ${WARMUP} warm-up requests; the server runs in its own process on 127.0.0.1.`,
  );

  const server = await startApiServer({ kind: "call" });
  const warnings: string[] = [];
  const originalHttpsRequest = https.request;
  try {
    const baseUrl = server.origin;
    const url = `${baseUrl}/calls/${CALL_ID}`;
    const headers = { Authorization: `AccessKey ${ACCESS_KEY}`, "X-MessageBird-Version": "20170314", Accept: "application/json" };

    // Route the SDK's HTTPS calls to the local plain-HTTP server (this process only, restored below).
    let forwarded = 0;
    (https as { request: unknown }).request = function forward(this: unknown, ...args: unknown[]) {
      const [options, callback] = args;
      if (options && typeof options === "object" && !(options instanceof URL) && (options as http.RequestOptions).hostname === MESSAGEBIRD_HOST) {
        forwarded++;
        // No `agent`: the SDK passes none, so it gets the global agent, as it would over HTTPS.
        return http.request({ ...(options as http.RequestOptions), protocol: "http:", hostname: "127.0.0.1", port: server.port }, callback as never);
      }
      return (originalHttpsRequest as (...a: unknown[]) => unknown).apply(this, args);
    };
    // The SDK adds a 'timeout' listener to the socket on every request; on a kept-alive socket they pile
    // up and Node warns. Collect such warnings and report them instead of letting them interleave.
    process.removeAllListeners("warning");
    process.on("warning", (w) => warnings.push(`${w.name}: ${w.message}`));

    const raw = createClient<MessageBirdPaths>({ baseUrl, headers });
    const facade = createMessageBird({ accessKey: ACCESS_KEY, baseUrl });
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const sdk = messagebird.initClient(ACCESS_KEY);

    const clients: Client[] = [
      {
        name: "bare fetch (Node global fetch/undici)",
        keepAlive: "yes: undici's global dispatcher keeps connections alive by default",
        request: async () => (await fetch(url, { headers })).json(),
      },
      {
        name: "raw openapi-fetch",
        keepAlive: "yes: global fetch",
        request: async () => (await raw.GET("/calls/{callId}", { params: { path: { callId: CALL_ID } } })).data,
      },
      {
        name: "facade (createMessageBird)",
        keepAlive: "yes: global fetch",
        request: async () => (await facade.GET("/calls/{callId}", { params: { path: { callId: CALL_ID } } })).data,
      },
      {
        name: "http.request + keep-alive Agent",
        keepAlive: "yes: new http.Agent({ keepAlive: true, maxSockets: 1 })",
        request: () =>
          new Promise((resolve, reject) => {
            const req = http.request(url, { method: "GET", headers, agent }, (res) => {
              const chunks: Buffer[] = [];
              res.on("data", (c: Buffer) => chunks.push(c));
              res.on("end", () => {
                try {
                  resolve(JSON.parse(Buffer.concat(chunks).toString("utf8")));
                } catch (error) {
                  reject(error);
                }
              });
              res.on("error", reject);
            });
            req.on("error", reject);
            req.end();
          }),
      },
      {
        name: `messagebird SDK ${messagebirdVersion} (calls.read)`,
        keepAlive: `yes: the SDK takes no agent; Node's default global agent has keepAlive: ${String((http.globalAgent as http.Agent & { keepAlive?: boolean }).keepAlive)}`,
        request: () => new Promise((resolve, reject) => sdk.calls.read(CALL_ID, (error, call) => (error ? reject(error) : resolve(call)))),
      },
    ];

    // The SDK unwraps nothing: it returns the whole envelope, like the others.
    for (const c of clients) {
      const body = await c.request();
      if (!isCall(body)) throw new Error(`${c.name}: unexpected answer ${JSON.stringify(body).slice(0, 200)}`);
    }
    if (forwarded === 0) throw new Error("the messagebird SDK did not go through the https.request forwarder");
    for (const c of clients) for (let i = 0; i < WARMUP; i++) await c.request();

    const samples = new Map<string, number[]>(clients.map((c) => [c.name, []]));
    const newConnections = new Map<string, number>(clients.map((c) => [c.name, 0]));
    for (let round = 0; round < ROUNDS; round++) {
      for (let k = 0; k < clients.length; k++) {
        const c = clients[(round + k) % clients.length]!;
        const list = samples.get(c.name)!;
        const before = await server.connections();
        for (let i = 0; i < PER_ROUND; i++) {
          const start = process.hrtime.bigint();
          await c.request();
          list.push(Number(process.hrtime.bigint() - start) / 1000);
        }
        newConnections.set(c.name, newConnections.get(c.name)! + (await server.connections()) - before);
      }
    }

    const fetchMedian = median(samples.get(clients[0]!.name)!);
    const fetchP95 = percentile(samples.get(clients[0]!.name)!, 95);
    const rows = clients.map((c) => {
      const s = samples.get(c.name)!;
      const med = median(s);
      const p95 = percentile(s, 95);
      return [
        c.name,
        fmt(med, 1),
        fmt(p95, 1),
        fmt(percentile(s, 99), 1),
        fmt(1e6 / (s.reduce((a, b) => a + b, 0) / s.length), 0),
        `${fmt(med / fetchMedian, 2)}×`,
        `${fmt(p95 / fetchP95, 2)}×`,
        String(newConnections.get(c.name)),
      ];
    });
    console.log(heading("GET /calls/{callId}, sequential, JSON parsed"));
    console.log(table(["client", "median µs", "p95 µs", "p99 µs", "req/s", "median vs fetch", "p95 vs fetch", "new conns"], rows));
    console.log("\n'new conns' = TCP connections the server accepted while that client's measured requests ran (0 = keep-alive held).");
    console.log("keep-alive:");
    for (const c of clients) console.log(`  - ${c.name}: ${c.keepAlive}`);
    const facadeMedian = median(samples.get(clients[2]!.name)!);
    const rawMedian = median(samples.get(clients[1]!.name)!);
    console.log(`facade − raw openapi-fetch: ${fmt(facadeMedian - rawMedian, 1)} µs per request at the median (${fmt(facadeMedian / rawMedian, 2)}×).`);
    const distinct = [...new Set(warnings)];
    if (distinct.length > 0) {
      console.log(`process warnings during the run (${warnings.length}):`);
      for (const w of distinct.slice(0, 5)) console.log(`  - ${w}`);
    } else {
      console.log("process warnings during the run: none");
    }
    agent.destroy();
  } finally {
    (https as { request: unknown }).request = originalHttpsRequest;
    await server.close();
  }
}

await main();
// Kept-alive sockets (global agent, undici pool) would keep the process up until their idle timeouts.
process.exit(0);
