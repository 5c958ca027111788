// Defects an independent review of the rebuilt facade found, each reproduced here against a real local
// server (or the client's own checks) and fixed in src: they fail on the code before the fix.
import { inspect } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AbortedError, MemoryTokenStore, ValidationError } from "../src/index.js";
import { createMessageBird } from "../src/messagebird.js";
import { createVoipstudio, filterFor } from "../src/voipstudio.js";
import { createZaas } from "../src/zaas.js";
import { reply, startScriptedServer, type ScriptedServer } from "./support/scripted-server.js";
import { failure } from "./support/failure.js";

const VS_BASE = "/v1.2/voipstudio";
const ZAAS_BASE = "/Voice";
let server: ScriptedServer;
beforeEach(async () => {
  server = await startScriptedServer();
});
afterEach(async () => {
  await server.close();
});

const shown = (error: unknown) => `${String(error)} ${(error as Error).stack} ${JSON.stringify(error)} ${inspect(error, { showHidden: true, depth: 40 })}`;

describe("secrets in an error body", () => {
  it("a token nested deeper than any real envelope, or used as a member name, does not show", async () => {
    const token = "UTOK-9f8e7d6c5b4a-SENTINEL";
    let deep: unknown = { echo: token };
    for (let i = 0; i < 12; i++) deep = { level: deep };
    server.route(`POST ${VS_BASE}/login`, reply(200, { user_token: token, user_id: 1 }));
    server.script([reply(400, deep), reply(400, { errors: { [`token ${token} invalid`]: true } })]);
    const vs = createVoipstudio({ email: "a@example.com", password: "pw-123456", baseUrl: server.url + VS_BASE, retry: false });
    for (const path of ["/cdrs", "/me"] as const) {
      const error = await failure(vs.GET(path, {}));
      expect(error.status).toBe(400);
      expect(shown(error)).not.toContain(token);
    }
  });

  it("a short password in a Basic authorization a server echoes does not show", async () => {
    const password = "pw3456";
    server.script([reply(400, { message: "bad" }, { "x-echo": `Basic ${btoa(`user:${password}`)}` })]);
    const vs = createVoipstudio({ email: "a@example.com", password, baseUrl: server.url + VS_BASE, retry: false });
    server.route(`POST ${VS_BASE}/login`, reply(200, { user_token: "tok-1234", user_id: 1 }));
    const error = await failure(vs.GET("/cdrs", {}));
    expect(shown(error)).not.toContain(btoa(`user:${password}`));
  });

  it("a filter quoting the API key is refused with the key redacted", async () => {
    const apiKey = "APIKEY-0123456789-SENTINEL";
    const vs = createVoipstudio({ apiKey, baseUrl: server.url + VS_BASE });
    const filter = JSON.stringify([{ property: "calldate", operator: "in", value: apiKey }]);
    const error = await failure(vs.GET("/cdrs", { params: { query: { filter } } }));
    expect(error).toBeInstanceOf(ValidationError);
    expect(shown(error)).not.toContain(apiKey);
    expect(server.requests).toHaveLength(0);
  });

  // Keep `filterFor` in use: the builder refuses the same value before any client sees it.
  it("the filter builder itself quotes the value (no client, no secret registered)", () => {
    const loose = filterFor("/cdrs") as unknown as { where(property: string, operator: string, value: string): unknown };
    expect(() => loose.where("calldate", "between", "x")).toThrow(ValidationError);
  });
});

describe("a call-placing path spelt another way is still call-placing", () => {
  for (const path of ["/calls/", "/Calls", "//calls"]) {
    it(`VoIPstudio POST ${path}: its body is checked, and after a 401 it is not sent again`, async () => {
      server.route(`POST ${VS_BASE}/login`, reply(200, { user_token: "tok-1234", user_id: 1 }));
      server.script([], { otherwise: reply(401, { message: "Unauthorized", errors: [] }) });
      const vs = createVoipstudio({ email: "a@example.com", password: "pw-123456", baseUrl: server.url + VS_BASE, retry: false });
      const request = vs.request as unknown as (m: string, p: string, i: object) => Promise<unknown>;
      const bad = await failure(request("post", path, { body: { to: 1 } }));
      expect(bad).toBeInstanceOf(ValidationError);
      expect(server.requests).toHaveLength(0);
      await failure(request("post", path, { body: { to: "34630733730" } }));
      expect(server.requests.filter((r) => r.method === "POST" && r.path !== `${VS_BASE}/login`)).toHaveLength(1);
    });
  }

  it("ZaaS /call/create (lower case): a bad call_type is refused before sending", async () => {
    const zaas = createZaas({ login: "zaas-user", password: "12345678", codCampaign: "0", baseUrl: server.url + ZAAS_BASE });
    const request = zaas.request as unknown as (m: string, p: string, i: object) => Promise<unknown>;
    const body = { api_key: "k-1", call_destination: "5511980121511", call_type: "bogus", call_cid: "5511980121511", call_recorder: "0" };
    const error = await failure(request("post", "/call/create", { body }));
    expect(error).toMatchObject({ name: "ValidationError", param: "body.call_type" });
    expect(server.requests).toHaveLength(0);
  });

  it("MessageBird POST /calls without a body is refused before sending", async () => {
    const mb = createMessageBird({ accessKey: "live_key_123456", baseUrl: server.url });
    const post = mb.POST as unknown as (p: string, i?: object) => Promise<unknown>;
    for (const init of [undefined, { body: null }]) {
      const error = await failure(post("/calls", init));
      expect(error).toBeInstanceOf(ValidationError);
    }
    expect(server.requests).toHaveLength(0);
  });
});

describe("stopping a request while its body arrives", () => {
  it("the caller's abort during the body is an AbortedError, inside the tree", async () => {
    // Headers and the start of a body, then nothing more until the signal fires, as fetch does it.
    const fetch = async (request: Request) => {
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"data":['));
          request.signal.addEventListener("abort", () => controller.error(request.signal.reason));
        },
      });
      return new Response(stream, { status: 200, headers: { "content-type": "application/json" } });
    };
    const mb = createMessageBird({ accessKey: "live_key_123456", fetch, retry: false });
    const controller = new AbortController();
    const pending = failure(mb.GET("/calls", { signal: controller.signal }));
    await new Promise((r) => setTimeout(r, 50));
    controller.abort();
    const error = await pending;
    expect(error).toBeInstanceOf(AbortedError);
    expect(error.message).toContain("while the answer was being read");
  });
});

describe("the lease when the server issues the same token again", () => {
  it("three clients sharing a store whose token expired log in once, though the login returns the same token", async () => {
    const store = new MemoryTokenStore();
    const key = `voipstudio:${server.url}${VS_BASE}:a@example.com`;
    // Stored 31 minutes ago: past VoIPstudio's 30-minute idle limit.
    const long = Date.now() - 31 * 60_000;
    await store.compareAndSet(key, undefined, { token: "same-token", obtainedAt: long, lastUsedAt: long });
    server.route(`POST ${VS_BASE}/login`, () => reply(200, { user_token: "same-token", user_id: 1 }));
    server.route(`GET ${VS_BASE}/cdrs`, reply(200, { data: [], total: 0 }));
    const clients = [1, 2, 3].map(() =>
      createVoipstudio({ email: "a@example.com", password: "pw-123456", baseUrl: server.url + VS_BASE, tokenStore: store, retry: false }),
    );
    await Promise.all(clients.map((c) => c.GET("/cdrs", {})));
    expect(server.requestsTo(`POST ${VS_BASE}/login`)).toHaveLength(1);
  });
});

describe("options that are not what they claim are refused at once", () => {
  const base = { accessKey: "live_key_123456" };
  const cases: [string, object][] = [
    ["signal", { signal: { aborted: false } }],
    ["fetch", { fetch: "x" }],
    ["logger", { logger: { debug: 1 } }],
    ["retry", { retry: "abc" }],
    ["baseUrl", { baseUrl: "ftp://example.com" }],
  ];
  for (const [param, extra] of cases) {
    it(`${param}: ${JSON.stringify(extra)} → ValidationError naming it`, async () => {
      const attempt = async () => {
        const mb = createMessageBird({ ...base, ...(param === "signal" ? {} : extra) } as never);
        const get = mb.GET as unknown as (p: string, i: object) => Promise<unknown>;
        return get("/calls", param === "signal" ? extra : {});
      };
      await expect(attempt()).rejects.toMatchObject({ name: "ValidationError", param });
    });
  }

  it("tokenStore: 5 → ValidationError naming it", () => {
    expect(() => createZaas({ login: "zaas-user", password: "12345678", codCampaign: "0", tokenStore: 5 as never })).toThrow(
      expect.objectContaining({ name: "ValidationError", param: "tokenStore" }),
    );
  });
});

describe("the caller's fetch options on every attempt", () => {
  it("keepalive and credentials carry over to a retry and to a request with a body", async () => {
    const seen: { keepalive: boolean; credentials: string }[] = [];
    let n = 0;
    const fetch = async (request: Request) => {
      seen.push({ keepalive: request.keepalive, credentials: request.credentials });
      return ++n === 1 ? new Response("{}", { status: 503 }) : new Response('{"data":[]}', { status: 200, headers: { "content-type": "application/json" } });
    };
    const mb = createMessageBird({ accessKey: "live_key_123456", fetch, retry: { baseDelayMs: 1, maxDelayMs: 1 } });
    await mb.GET("/calls", { keepalive: true, credentials: "omit" });
    await mb.POST("/call-flows", { body: { steps: [{ action: "hangup" }] }, keepalive: true, credentials: "omit" });
    expect(seen).toEqual([
      { keepalive: true, credentials: "omit" },
      { keepalive: true, credentials: "omit" },
      { keepalive: true, credentials: "omit" },
    ]);
  });
});
