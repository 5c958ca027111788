// Per-request options (timeoutMs, maxRetries, signal) against a scripted server, the vendors' request ids,
// the User-Agent every request carries, and CALLSPEC_LOG / logLevel.
import { readFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, inject, it, vi } from "vitest";
import { AbortedError, ConnectionError, TimeoutError, ValidationError, VERSION } from "../src/index.js";
import { createMessageBird, type MessageBirdOptions } from "../src/messagebird.js";
import { createVoipstudio } from "../src/voipstudio.js";
import { createZaas } from "../src/zaas.js";
import { createDialtone } from "./fourth-vendor/dialtone.js";
import { delayed, hang, reply, startScriptedServer, type ScriptedServer } from "./support/scripted-server.js";
import { failure } from "./support/failure.js";

const fast = { baseDelayMs: 1, maxDelayMs: 5 };
const VS_BASE = "/v1.2/voipstudio";
const ZAAS_BASE = "/Voice";
const KEY = "live_SENTINEL_request_options_key";
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let server: ScriptedServer;
beforeEach(async () => {
  server = await startScriptedServer();
});
afterEach(async () => {
  await server.close();
});

const messagebird = (extra: Partial<MessageBirdOptions> = {}) => createMessageBird({ accessKey: KEY, baseUrl: server.url, retry: fast, ...extra });
const getCall = (mb: ReturnType<typeof messagebird>, init: Record<string, unknown> = {}) =>
  mb.GET("/calls/{callId}", { params: { path: { callId: "c-1" } }, ...init });
const callData = { id: "c-1", status: "ended" };

describe("per-request timeoutMs", () => {
  it("overrides the client's: a hanging answer ends in a TimeoutError (a ConnectionError) after the request's limit", async () => {
    server.script([], { otherwise: hang() });
    const mb = messagebird({ timeoutMs: 10_000, retry: false });
    const started = performance.now();
    const error = await failure(getCall(mb, { timeoutMs: 80 }));
    const elapsed = performance.now() - started;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toContain("no answer within 80 ms");
    expect(elapsed).toBeGreaterThanOrEqual(70);
    expect(elapsed).toBeLessThan(2_000);
    // One attempt; on a loaded machine the 80 ms may run out before the server has logged the request.
    expect(error.attempts).toBe(1);
    expect(server.requests.length).toBeLessThanOrEqual(1);
  });

  it("a longer per-request limit lets a slow answer through; the client's limit still applies to the next request", async () => {
    const mb = messagebird({ timeoutMs: 100, retry: false });
    server.script([delayed(300, reply(200, callData)), delayed(300, reply(200, callData))]);
    await expect(getCall(mb, { timeoutMs: 2_000 })).resolves.toMatchObject({ data: callData });
    const error = await failure(getCall(mb));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.message).toContain("no answer within 100 ms");
  });

  it("applies to every attempt of a retried request", async () => {
    server.script([], { otherwise: hang() });
    const error = await failure(getCall(messagebird(), { timeoutMs: 60 }));
    expect(error).toBeInstanceOf(TimeoutError);
    // Three attempts, each cut at 60 ms (the server may not have logged one yet when its limit ran out).
    expect(error.attempts).toBe(3);
    expect(server.requests.length).toBeLessThanOrEqual(3);
  });
});

describe("per-request maxRetries", () => {
  it("maxRetries: 0 stops the retries of a safe GET on 503 (1 request); the client default retries (3 requests)", async () => {
    server.script([], { otherwise: reply(503, { errors: [{ code: 1, description: "busy" }] }) });
    const mb = messagebird();
    await expect(getCall(mb, { maxRetries: 0 })).rejects.toMatchObject({ name: "ServerError", status: 503, attempts: 1 });
    expect(server.requests).toHaveLength(1);
    server.reset();
    server.script([], { otherwise: reply(503, {}) });
    await expect(getCall(mb)).rejects.toMatchObject({ name: "ServerError", status: 503, attempts: 3 });
    expect(server.requests).toHaveLength(3);
  });

  it("maxRetries above the client's: 1 + 4 attempts where the client allows 1 + 1", async () => {
    server.script([], { otherwise: reply(503, {}) });
    const mb = messagebird({ retry: { ...fast, maxRetries: 1 } });
    await expect(getCall(mb, { maxRetries: 4 })).rejects.toMatchObject({ status: 503, attempts: 5 });
    expect(server.requests).toHaveLength(5);
  });

  it("maxRetries never makes a call-placing POST retried", async () => {
    server.script([], { otherwise: reply(503, {}) });
    const mb = messagebird();
    const body = { source: "31644556677", destination: "31612345678", callFlow: { steps: [{ action: "hangup" as const }] } };
    await expect(mb.POST("/calls", { body, maxRetries: 5 })).rejects.toMatchObject({ status: 503 });
    await wait(30);
    expect(server.requests).toHaveLength(1);
  });
});

describe("per-request signal", () => {
  it("abort → AbortedError, which is not a ConnectionError (nor a TimeoutError), and is not retried", async () => {
    server.script([], { otherwise: hang() });
    const controller = new AbortController();
    const pending = failure(getCall(messagebird(), { signal: controller.signal }));
    await expect.poll(() => server.requests.length, { timeout: 5_000 }).toBe(1);
    controller.abort();
    const error = await pending;
    expect(error).toBeInstanceOf(AbortedError);
    expect(error).not.toBeInstanceOf(ConnectionError);
    expect(error).not.toBeInstanceOf(TimeoutError);
    await wait(30);
    expect(server.requests).toHaveLength(1);
  });
});

describe("invalid per-request options", () => {
  const cases: [string, Record<string, unknown>][] = [
    ["timeoutMs", { timeoutMs: -1 }],
    ["timeoutMs", { timeoutMs: Number.NaN }],
    ["maxRetries", { maxRetries: 1.5 }],
    ["maxRetries", { maxRetries: -1 }],
    ["signal", { signal: "x" }],
    ["signal", { signal: {} }],
  ];
  for (const [param, init] of cases) {
    it(`${JSON.stringify(init, (_k, v) => (Number.isNaN(v) ? "NaN" : v))} → ValidationError naming ${param}, nothing sent (not even a login)`, async () => {
      server.script([], { otherwise: reply(200, callData) });
      const mbError = await failure(getCall(messagebird(), init));
      expect(mbError).toBeInstanceOf(ValidationError);
      expect(mbError).toMatchObject({ param, status: undefined });
      expect(mbError.message).toContain(param);
      expect(mbError.message).not.toContain(KEY);

      const vs = createVoipstudio({ email: "a@example.com", password: "pw-123456", baseUrl: server.url + VS_BASE });
      await expect(vs.GET("/cdrs", init)).rejects.toMatchObject({ name: "ValidationError", param });
      const zaas = createZaas({ login: "flex", password: "12345678", codCampaign: "0", baseUrl: server.url + ZAAS_BASE });
      await expect(zaas.POST("/Call/Status", { body: { _id: "c1" }, ...init })).rejects.toMatchObject({ name: "ValidationError", param });
      await wait(20);
      expect(server.requests).toEqual([]);
    });
  }
});

describe("requestId", () => {
  const idHeaders = { "x-request-id": "rid-1", "request-id": "rid-2", "x-messagebird-request-id": "rid-3", "x-correlation-id": "rid-4" };

  it("the three real vendors document no request-id header: requestId is undefined, on successes and errors", async () => {
    server.route(`POST ${VS_BASE}/login`, reply(200, { user_token: "vs-token-1", user_id: 1 }));
    server.route(`POST ${ZAAS_BASE}/Login`, reply(200, { token: "zaas-token-1" }));
    server.script([reply(200, callData, idHeaders), reply(200, { data: [], total: 0 }, idHeaders), reply(200, [{ _id: "c1" }], idHeaders)], {
      otherwise: reply(404, {}, idHeaders),
    });
    const mb = messagebird({ retry: false });
    const vs = createVoipstudio({ email: "a@example.com", password: "pw-123456", baseUrl: server.url + VS_BASE, retry: false });
    const zaas = createZaas({ login: "flex", password: "12345678", codCampaign: "0", baseUrl: server.url + ZAAS_BASE, retry: false });
    expect((await getCall(mb)).requestId).toBeUndefined();
    expect((await vs.GET("/cdrs", {})).requestId).toBeUndefined();
    expect((await zaas.POST("/Call/Status", { body: { _id: "c1" } })).requestId).toBeUndefined();
    for (const error of [await failure(getCall(mb)), await failure(vs.GET("/cdrs", {})), await failure(zaas.POST("/Call/Status", { body: { _id: "c1" } }))]) {
      expect(error.status).toBe(404);
      expect(error.requestId).toBeUndefined();
      // The header is still there for whoever wants it.
      expect(error.headers?.["x-request-id"]).toBe("rid-1");
    }
  });

  it("the real vendors' Prism mocks: requestId undefined", async () => {
    const mb = createMessageBird({ accessKey: "test_facade", baseUrl: inject("messagebirdUrl") });
    expect((await mb.GET("/calls/{callId}", { params: { path: { callId: "c-1" } } })).requestId).toBeUndefined();
    const vs = createVoipstudio({ email: "jsmith@example.com", password: "$ecretPas$$", baseUrl: inject("voipstudioUrl") });
    expect((await vs.GET("/cdrs", {})).requestId).toBeUndefined();
  });

  it("the fourth vendor's X-Request-Id is read, on successes and errors", async () => {
    server.route("POST /sessions", reply(201, { access_token: "dt-token-1", expires_in: 3600 }));
    server.script([
      reply(200, { id: "c-1", to: "1", from: "2", status: "completed" }, idHeaders),
      reply(404, { error: { code: "nf", detail: "none" } }, idHeaders),
    ]);
    const dt = createDialtone({ username: "ada", password: "pw-123456", baseUrl: server.url, retry: false });
    expect((await dt.GET("/calls/{id}", { params: { path: { id: "c-1" } } })).requestId).toBe("rid-1");
    expect(await failure(dt.GET("/calls/{id}", { params: { path: { id: "c-2" } } }))).toMatchObject({ status: 404, requestId: "rid-1" });
  });
});

describe("User-Agent", () => {
  it("every request (logins included) carries callspec-voice/<version> (node/<node version>)", async () => {
    const expected = `callspec-voice/${VERSION} (node/${process.versions.node})`;
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };
    // Built, VERSION is the package's version; run from source, the development marker.
    expect([pkg.version, "0.0.0-dev"]).toContain(VERSION);
    server.route(`POST ${VS_BASE}/login`, reply(200, { user_token: "vs-token-1", user_id: 1 }));
    server.route(`POST ${ZAAS_BASE}/Login`, reply(200, { token: "zaas-token-1" }));
    server.script([], { otherwise: reply(200, {}) });
    await getCall(messagebird());
    await createVoipstudio({ email: "a@example.com", password: "pw-123456", baseUrl: server.url + VS_BASE }).GET("/me", {});
    await createZaas({ login: "flex", password: "12345678", codCampaign: "0", baseUrl: server.url + ZAAS_BASE }).POST("/Call/Server", { body: {} });
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      "GET /calls/c-1",
      `POST ${VS_BASE}/login`,
      `GET ${VS_BASE}/me`,
      `POST ${ZAAS_BASE}/Login`,
      `POST ${ZAAS_BASE}/Call/Server`,
    ]);
    for (const request of server.requests) expect(request.headers["user-agent"]).toBe(expected);
  });

  it("a retried attempt carries it too", async () => {
    server.script([reply(503, {}), reply(200, callData)]);
    await getCall(messagebird());
    expect(server.requests.map((r) => r.headers["user-agent"])).toEqual([
      `callspec-voice/${VERSION} (node/${process.versions.node})`,
      `callspec-voice/${VERSION} (node/${process.versions.node})`,
    ]);
  });
});

describe("CALLSPEC_LOG and logLevel", () => {
  let saved: string | undefined;
  beforeEach(() => {
    saved = process.env["CALLSPEC_LOG"];
  });
  afterEach(() => {
    if (saved === undefined) delete process.env["CALLSPEC_LOG"];
    else process.env["CALLSPEC_LOG"] = saved;
    vi.restoreAllMocks();
  });

  const spyConsole = () => {
    const lines: string[] = [];
    for (const level of ["debug", "info", "warn", "log", "error"] as const) {
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
        lines.push(`${level}: ${args.map(String).join(" ")}`);
      });
    }
    return lines;
  };
  /** A GET answered 503 then 200, echoing the key in the 503's body: one retry. */
  const retried = async (extra: Partial<MessageBirdOptions> = {}) => {
    server.script([(r) => reply(503, { errors: [{ code: 1, description: `busy; you sent ${r.headers["authorization"]}` }] }), reply(200, callData)]);
    await getCall(messagebird(extra));
  };

  it('CALLSPEC_LOG="debug" without a logger: a retried request writes debug and info lines to the console, none with the key', async () => {
    process.env["CALLSPEC_LOG"] = "debug";
    const lines = spyConsole();
    await retried();
    expect(lines.filter((l) => l.startsWith("debug: [callspec messagebird] GET ")).length).toBe(2);
    expect(lines.some((l) => /^info: \[callspec messagebird\] GET .*\/calls\/c-1: HTTP 503; retry 1 in \d+ ms$/.test(l))).toBe(true);
    for (const line of lines) expect(line).not.toContain(KEY);
  });

  it('CALLSPEC_LOG="info": the retry, not the attempts', async () => {
    process.env["CALLSPEC_LOG"] = "INFO";
    const lines = spyConsole();
    await retried();
    expect(lines.map((l) => l.split(":")[0])).toEqual(["info"]);
  });

  it('CALLSPEC_LOG="off": nothing, even for a logger passed in', async () => {
    process.env["CALLSPEC_LOG"] = "off";
    const lines = spyConsole();
    await retried();
    const got: string[] = [];
    await retried({ logger: { debug: (m) => got.push(m), info: (m) => got.push(m), warn: (m) => got.push(m) } });
    expect(lines).toEqual([]);
    expect(got).toEqual([]);
  });

  it("no CALLSPEC_LOG and no logger: the console gets warnings only", async () => {
    delete process.env["CALLSPEC_LOG"];
    const lines = spyConsole();
    await retried();
    expect(lines).toEqual([]);
    server.script([reply(429, {}, { "retry-after": "3600" })]);
    await expect(getCall(messagebird())).rejects.toMatchObject({ name: "RateLimitError" });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^warn: \[callspec messagebird\] GET .*HTTP 429 asks to wait 3600000 ms/);
  });

  it('logLevel: "warn" with a logger: no debug or info lines, but the warning; the option wins over CALLSPEC_LOG', async () => {
    process.env["CALLSPEC_LOG"] = "debug";
    const got: string[] = [];
    const logger = { debug: (m: string) => got.push(`debug: ${m}`), info: (m: string) => got.push(`info: ${m}`), warn: (m: string) => got.push(`warn: ${m}`) };
    await retried({ logger, logLevel: "warn" });
    expect(got).toEqual([]);
    server.script([reply(429, {}, { "retry-after": "3600" })]);
    await expect(getCall(messagebird({ logger, logLevel: "warn" }))).rejects.toMatchObject({ name: "RateLimitError" });
    expect(got).toHaveLength(1);
    expect(got[0]).toMatch(/^warn: GET .*HTTP 429 asks to wait/);
    // The same logger without logLevel follows CALLSPEC_LOG=debug.
    got.length = 0;
    await retried({ logger });
    expect(got.filter((l) => l.startsWith("debug: "))).toHaveLength(2);
    for (const line of got) expect(line).not.toContain(KEY);
  });
});
