// Real node:http, Express 5, Express 4 and Fastify servers on 127.0.0.1 receiving requests signed by a
// local signer, through the adapters of @callspec/voice/webhooks and MessageBird's verifier.
import { createHash } from "node:crypto";
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import express4 from "express4";
import Fastify from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyMessageBirdWebhook } from "../src/messagebird.js";
import { acceptRawBodies, createMemoryReplayStore, expressHandler, fastifyHandler, nodeHandler, type WebhookHandler } from "../src/webhooks.js";
import { signMessageBirdRequest } from "./support/messagebird-signer.js";

const KEY = "8d1b2c3d4e5f60718293a4b5c6d7e8f9";
const LIMIT = 4096;

/** Verifies, then answers with what it verified: the body's hash and length. */
function handlerFor(): WebhookHandler {
  const replayStore = createMemoryReplayStore();
  return async (request) => {
    const path = new URL(request.url).pathname;
    const body = await verifyMessageBirdWebhook(request, {
      signingKey: KEY,
      replayStore,
      // No limit here beyond the default: the adapters' own limit (LIMIT) is what the oversized test meets.
      ...(path.includes("/proxied/") ? { trustForwardedHeaders: true } : {}),
      ...(path.includes("/based/") ? { publicUrl: "https://hooks.example.com" } : {}),
    });
    return Response.json({ length: body.byteLength, sha256: createHash("sha256").update(body).digest("hex") });
  };
}

interface Running {
  base: string;
  close(): Promise<void>;
}

async function listen(server: Server): Promise<Running> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { base: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Each framework serves the handler under `/api` (Express: a mounted router, so `req.url` loses the prefix). */
const FRAMEWORKS: Record<string, () => Promise<Running>> = {
  "node:http": () => listen(createServer(nodeHandler(handlerFor(), { bodyLimitBytes: LIMIT }))),
  "express 5": async () => {
    const app = express();
    app.use("/json", express.json(), expressHandler(handlerFor()));
    const router = express.Router();
    router.use(expressHandler(handlerFor(), { bodyLimitBytes: LIMIT }));
    app.use("/api", router);
    return listen(createServer(app));
  },
  "express 4": async () => {
    const app = express4();
    app.use("/json", express4.json(), expressHandler(handlerFor()));
    const router = express4.Router();
    router.use(expressHandler(handlerFor(), { bodyLimitBytes: LIMIT }));
    app.use("/api", router);
    return listen(createServer(app));
  },
  fastify: async () => {
    const app = Fastify();
    app.post("/json", async (request) => request.body); // the app's other routes keep parsing JSON
    await app.register(async (hooks) => {
      acceptRawBodies(hooks, { bodyLimitBytes: LIMIT });
      hooks.all("/api/*", fastifyHandler(handlerFor(), { bodyLimitBytes: LIMIT }));
    });
    const address = await app.listen({ port: 0, host: "127.0.0.1" });
    return { base: address, close: () => app.close() };
  },
};

describe.each(Object.keys(FRAMEWORKS))("%s", (framework) => {
  let server: Running;
  beforeAll(async () => {
    server = await (FRAMEWORKS[framework] as () => Promise<Running>)();
  });
  afterAll(() => server?.close());

  async function send(
    path: string,
    init: {
      body?: string | ReadableStream;
      signedUrl?: string;
      signedBody?: string;
      headers?: Record<string, string>;
      token?: string;
      issuedAt?: number;
      key?: string;
    } = {},
  ) {
    const url = `${server.base}${path}`;
    const token =
      init.token ??
      signMessageBirdRequest({
        url: init.signedUrl ?? url,
        body: init.signedBody ?? (typeof init.body === "string" ? init.body : ""),
        signingKey: init.key ?? KEY,
        ...(init.issuedAt ? { issuedAt: init.issuedAt } : {}),
      });
    const response = await fetch(url, {
      method: init.body === undefined ? "GET" : "POST",
      headers: { "MessageBird-Signature-JWT": token, "content-type": "application/json", ...init.headers },
      ...(init.body === undefined ? {} : { body: init.body, duplex: "half" }),
    } as RequestInit);
    return { status: response.status, text: await response.text(), token };
  }

  it("accepts a signed POST and hands over the body byte for byte", async () => {
    const body = JSON.stringify({ id: "rec-1", legId: "leg-1", note: "ünïcödé ✓" });
    const { status, text } = await send("/api/hooks/recorded?callID=c-1&b=2", { body });
    expect(status).toBe(200);
    expect(JSON.parse(text)).toEqual({ length: Buffer.byteLength(body), sha256: createHash("sha256").update(body).digest("hex") });
  });

  it("accepts a signed GET without a body (a call-flow fetch)", async () => {
    const { status, text } = await send("/api/call-flow?callID=c-1&source=31612345678&destination=31201234567");
    expect(status).toBe(200);
    expect(JSON.parse(text)).toMatchObject({ length: 0 });
  });

  it("accepts a signed GET that carries a body (MessageBird's reference vectors have them; fetch cannot send one)", async () => {
    const url = `${server.base}/api/hooks/get-with-body?a=1`;
    const body = '{"probe":true}';
    const token = signMessageBirdRequest({ url, body, signingKey: KEY });
    const { status, text } = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const request = httpRequest(
        url,
        { method: "GET", headers: { "MessageBird-Signature-JWT": token, "content-type": "application/json", "content-length": Buffer.byteLength(body) } },
        (response) => {
          let text = "";
          response.on("data", (chunk) => (text += chunk));
          response.on("end", () => resolve({ status: response.statusCode ?? 0, text }));
        },
      );
      request.on("error", reject);
      request.end(body);
    });
    expect({ status, text }).toMatchObject({ status: 200 });
    expect(JSON.parse(text)).toEqual({ length: body.length, sha256: createHash("sha256").update(body).digest("hex") });
  });

  it("refuses a forged request (signed with another key)", async () => {
    const { status, text } = await send("/api/hooks", { body: "{}", key: `${KEY}-not` });
    expect(status).toBe(401);
    expect(text).toMatch(/signature does not match/);
  });

  it("refuses a request without the header", async () => {
    const response = await fetch(`${server.base}/api/hooks`, { method: "POST", body: "{}", headers: { "content-type": "application/json" } });
    expect(response.status).toBe(401);
    expect(await response.text()).toMatch(/no MessageBird-Signature-JWT header/);
  });

  it("refuses a replay of an accepted request", async () => {
    const first = await send("/api/hooks/once", { body: '{"n":1}' });
    expect(first.status).toBe(200);
    const again = await send("/api/hooks/once", { body: '{"n":1}', token: first.token });
    expect(again.status).toBe(401);
    expect(again.text).toMatch(/received before/);
  });

  it("refuses an expired token", async () => {
    const { status, text } = await send("/api/hooks", { body: "{}", issuedAt: Math.floor(Date.now() / 1000) - 600 });
    expect(status).toBe(401);
    expect(text).toMatch(/expired/);
  });

  it("refuses a request whose query was re-ordered on the way", async () => {
    const { status, text } = await send("/api/hooks?b=2&a=1", { body: "{}", signedUrl: `${server.base}/api/hooks?a=1&b=2` });
    expect(status).toBe(401);
    expect(text).toMatch(/another URL/);
  });

  it("refuses a body that differs from the signed one", async () => {
    const { status, text } = await send("/api/hooks", { body: '{"amount":1000}', signedBody: '{"amount":1}' });
    expect(status).toBe(401);
    expect(text).toMatch(/not the one the token covers/);
  });

  it("behind a TLS-terminating proxy: refused as seen, accepted with the forwarded headers or a public base URL", async () => {
    const signedUrl = "https://hooks.example.com/api/proxied/hooks?x=1";
    const forwarded = { "x-forwarded-proto": "https", "x-forwarded-host": "hooks.example.com" };
    expect((await send("/api/hooks?x=1", { body: "{}", signedUrl: signedUrl.replace("/proxied", ""), headers: forwarded })).status).toBe(401);
    expect((await send("/api/proxied/hooks?x=1", { body: "{}", signedUrl, headers: forwarded })).status).toBe(200);
    expect(
      (await send("/api/proxied/hooks?x=1", { body: "{}", signedUrl, headers: { "x-forwarded-proto": "https", "x-forwarded-host": "evil.example" } })).status,
    ).toBe(401);
    expect((await send("/api/based/hooks?x=1", { body: "{}", signedUrl: "https://hooks.example.com/api/based/hooks?x=1" })).status).toBe(200);
  });

  it("refuses an oversized body, declared or streamed", async () => {
    const big = "x".repeat(LIMIT + 1);
    expect((await send("/api/hooks", { body: big })).status).toBe(413);
    const stream = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 8; i++) controller.enqueue(new TextEncoder().encode("y".repeat(1024)));
        controller.close();
      },
    });
    expect((await send("/api/hooks", { body: stream, signedBody: "y".repeat(8192) })).status).toBe(413);
  });

  if (framework.startsWith("express")) {
    it("says so when express.json() consumed the body first", async () => {
      const { status, text } = await send("/json", { body: '{"a":1}' });
      expect(status).toBe(500);
      expect(text).toMatch(/mount the handler before it, or use express.raw/);
    });
  }
});
