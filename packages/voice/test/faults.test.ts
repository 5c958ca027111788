// Fault injection against a scripted local HTTP server: which failures are retried and how often, which
// requests are never sent twice, time limits and aborts, and how answers become typed errors.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ErrorMode } from "../src/index.js";
import { createMessageBird, type MessageBirdOptions } from "../src/messagebird.js";
import { createVoipstudio, type VoipstudioOptions } from "../src/voipstudio.js";
import { createZaas, type ZaasOptions } from "../src/zaas.js";
import {
  AbortedError,
  ApiStatusError,
  BadRequestError,
  AuthenticationError,
  ConnectionError,
  NotFoundError,
  PermissionError,
  RateLimitError,
  ServerError,
  TimeoutError,
  ValidationError,
  VoiceApiError,
} from "../src/index.js";
import {
  closedPortUrl,
  countingFetch,
  delayed,
  hang,
  html,
  partialThenReset,
  raw,
  reply,
  resetAfterBody,
  resetBeforeBody,
  startScriptedServer,
  type ScriptedServer,
} from "./support/scripted-server.js";
import { failure } from "./support/failure.js";

/** Retries that take milliseconds, so a test of three attempts stays fast. */
const fast = { baseDelayMs: 1, maxDelayMs: 5 };

const VS_BASE = "/v1.2/voipstudio";
const ZAAS_BASE = "/Voice";

let server: ScriptedServer;
beforeEach(async () => {
  server = await startScriptedServer();
});
afterEach(async () => {
  await server.close();
});

function messagebird(extra: Partial<MessageBirdOptions<ErrorMode>> = {}) {
  return createMessageBird({ accessKey: "test_gshuPaZoeEG6ovbc8M79w0QyM", baseUrl: server.url, retry: fast, ...extra });
}

function voipstudioKey(extra: Partial<VoipstudioOptions<ErrorMode>> = {}) {
  return createVoipstudio({ apiKey: "vs-api-key-0001", baseUrl: server.url + VS_BASE, retry: fast, ...extra } as VoipstudioOptions);
}

/** A password-login VoIPstudio client; `/login` answers tokens `vs-token-1`, `vs-token-2`, … (at most 10). */
function voipstudioSession(extra: Partial<VoipstudioOptions<ErrorMode>> = {}) {
  let logins = 0;
  server.route(`POST ${VS_BASE}/login`, () =>
    ++logins > 10 ? reply(418, { message: "too many logins" }) : reply(200, { message: "Login success", user_token: `vs-token-${logins}`, user_id: 1 }),
  );
  return createVoipstudio({ email: "jsmith@example.com", password: "pw-secret-1", baseUrl: server.url + VS_BASE, retry: fast, ...extra } as VoipstudioOptions);
}

/** A ZaaS client; `/Login` answers tokens `zaas-token-1`, `zaas-token-2`, … (at most 10). */
function zaas(extra: Partial<ZaasOptions<ErrorMode>> = {}) {
  let logins = 0;
  server.route(`POST ${ZAAS_BASE}/Login`, () => (++logins > 10 ? reply(418, { error: "too many logins" }) : reply(200, { token: `zaas-token-${logins}` })));
  return createZaas({ login: "zaas-user", password: "zaas-pw-1", codCampaign: "0", baseUrl: server.url + ZAAS_BASE, retry: fast, ...extra });
}

const getCall = (mb: ReturnType<typeof messagebird>, init: { signal?: AbortSignal } = {}) =>
  mb.GET("/calls/{callId}", { params: { path: { callId: "c-1" } }, ...init });
const placeCall = (mb: ReturnType<typeof messagebird>, init: { signal?: AbortSignal } = {}) =>
  mb.POST("/calls", {
    body: {
      source: "31644556677",
      destination: "31612345678",
      callFlow: { steps: [{ action: "say", options: { payload: "Hello", voice: "female", language: "en-GB" } }] },
    },
    ...init,
  });
const createFlow = (mb: ReturnType<typeof messagebird>) => mb.POST("/call-flows", { body: { steps: [] } });
const zaasCreate = (z: ReturnType<typeof zaas>) =>
  z.POST("/Call/Create", {
    body: { api_key: "k-1", call_destination: "5511980121511", call_type: "external", call_cid: "5511980121511", call_recorder: "0" },
  });
const zaasStatus = (z: ReturnType<typeof zaas>, id = "call-1") => z.POST("/Call/Status", { body: { _id: id } });

const callData = { id: "c-1", status: "ended" };

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A full garbage collection, on demand (the same `gc` that `node --expose-gc` provides). */
function collectGarbage(): void {
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as () => void;
  gc();
  gc();
}

describe("the scripted server", () => {
  it("records requests and tears down a hanging one on close", async () => {
    server.script([reply(201, { ok: true }), hang()]);
    const first = await fetch(`${server.url}/a?x=1`, { method: "POST", body: "hello" });
    expect(first.status).toBe(201);
    const pending = fetch(`${server.url}/b`).then(
      () => "answered",
      () => "torn down",
    );
    await expect.poll(() => server.requests.length, { timeout: 5000 }).toBe(2);
    await server.close();
    await expect(pending).resolves.toBe("torn down");
    expect(server.requests.map((r) => [r.method, r.url, r.body])).toEqual([
      ["POST", "/a?x=1", "hello"],
      ["GET", "/b", ""],
    ]);
    server = await startScriptedServer(); // for afterEach
  });
});

describe("connection failures", () => {
  for (const reset of [resetBeforeBody, resetAfterBody]) {
    it(`retries a GET after ${reset().kind}, then succeeds`, async () => {
      server.script([reset(), reply(200, callData)]);
      const { data } = await getCall(messagebird());
      expect(data).toEqual(callData);
      expect(server.requests.map((r) => r.behaviour)).toEqual([reset().kind, "reply"]);
    });
  }

  it("retries a PUT whose connection was reset after the body was read, resending the same bytes", async () => {
    server.script([resetAfterBody(), resetAfterBody(), reply(200, { data: [callData] })]);
    const mb = messagebird();
    await mb.PUT("/calls/{callId}", { params: { path: { callId: "c-1" } }, body: { note: "x" } });
    expect(server.requests).toHaveLength(3);
    expect(server.requests.map((r) => r.method)).toEqual(["PUT", "PUT", "PUT"]);
    expect(server.requests[0]!.body).toBe('{"note":"x"}');
    expect(server.requests[1]!.body).toBe(server.requests[0]!.body);
    expect(server.requests[2]!.body).toBe(server.requests[0]!.body);
  });

  it("retries a DELETE after a reset and gives up with ConnectionError after 1 + 2 attempts", async () => {
    server.script([], { otherwise: resetAfterBody() });
    const error = await failure(messagebird().DELETE("/calls/{callId}", { params: { path: { callId: "c-1" } } }));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.attempts).toBe(3);
    expect(server.requests).toHaveLength(3);
  });

  for (const reset of [resetBeforeBody, resetAfterBody]) {
    it(`never resends MessageBird POST /calls after ${reset().kind}: one request, ConnectionError`, async () => {
      server.script([reset()], { otherwise: reply(201, { data: [callData] }) });
      const error = await failure(placeCall(messagebird()));
      expect(error).toBeInstanceOf(ConnectionError);
      expect(error.attempts).toBe(1);
      expect(error.message).toContain("not retried");
      await wait(30); // a retry, if any, would arrive within a few ms
      expect(server.requests).toHaveLength(1);
      expect(server.requests[0]!.path).toBe("/calls");
    });
  }

  it("never resends VoIPstudio POST /calls, /webcalls or /leadcalls after a reset", async () => {
    server.script([], { otherwise: resetAfterBody() });
    const vs = voipstudioKey();
    const attempts = [
      () => vs.POST("/calls", { body: { to: "34630733730" } }),
      () => vs.POST("/webcalls", { body: { from: "34630733730", to: "601" } }),
      () => vs.POST("/leadcalls", { body: { caller_id: "34886020705", to: "34630733730", tts: "hola" } }),
    ];
    for (const send of attempts) expect(await failure(send())).toBeInstanceOf(ConnectionError);
    await wait(30);
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`POST ${VS_BASE}/calls`, `POST ${VS_BASE}/webcalls`, `POST ${VS_BASE}/leadcalls`]);
  });

  it("never resends ZaaS POST /Call/Create after a reset (the login is not affected)", async () => {
    const z = zaas();
    server.script([], { otherwise: resetAfterBody() });
    const error = await failure(zaasCreate(z));
    expect(error).toBeInstanceOf(ConnectionError);
    await wait(30);
    expect(server.requestsTo(`POST ${ZAAS_BASE}/Call/Create`)).toHaveLength(1);
    expect(server.requestsTo(`POST ${ZAAS_BASE}/Login`)).toHaveLength(1);
  });

  it("does not resend another non-idempotent POST (MessageBird /call-flows) once it left", async () => {
    server.script([resetAfterBody()], { otherwise: reply(201, { data: [] }) });
    const error = await failure(createFlow(messagebird()));
    expect(error).toBeInstanceOf(ConnectionError);
    await wait(30);
    expect(server.requests).toHaveLength(1);
  });

  it("retries a GET whose connection was refused, then reports ConnectionError after 3 attempts", async () => {
    const { fetch, calls } = countingFetch();
    const error = await failure(getCall(messagebird({ baseUrl: await closedPortUrl(), fetch })));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toContain("could not connect");
    expect(error.attempts).toBe(3);
    expect(calls).toHaveLength(3);
  });

  it("may retry a call-placing POST when the connection was refused (ECONNREFUSED proves it never left)", async () => {
    const { fetch, calls } = countingFetch();
    const error = await failure(placeCall(messagebird({ baseUrl: await closedPortUrl(), fetch })));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(calls.map((c) => c.method)).toEqual(["POST", "POST", "POST"]);
    expect((error.cause as { code?: string } | undefined)?.code).toBe("ECONNREFUSED");
  });

  it("places the call exactly once when the first connection is refused and the second one works", async () => {
    server.script([reply(201, { data: [callData] })]);
    const dead = await closedPortUrl();
    const { fetch, calls } = countingFetch((request) =>
      // First attempt: nothing listens. Second: the real server.
      globalThis.fetch(calls.length === 1 ? new Request(request.url.replace(server.url, dead), request) : request),
    );
    const { data } = await placeCall(messagebird({ fetch }));
    expect(data).toEqual({ data: [callData] });
    expect(calls).toHaveLength(2);
    expect(server.requests).toHaveLength(1);
  });

  it("retries a non-idempotent POST (/call-flows) when the connection was refused", async () => {
    const { fetch, calls } = countingFetch();
    expect(await failure(createFlow(messagebird({ baseUrl: await closedPortUrl(), fetch })))).toBeInstanceOf(ConnectionError);
    expect(calls).toHaveLength(3);
  });

  it("retries ZaaS POST /Call/Create when the connection was refused", async () => {
    const dead = await closedPortUrl();
    let creates = 0;
    const z = zaas({
      fetch: (request) => {
        if (!request.url.endsWith("/Call/Create")) return globalThis.fetch(request);
        creates++;
        return globalThis.fetch(new Request(request.url.replace(server.url, dead), request));
      },
    });
    expect(await failure(zaasCreate(z))).toBeInstanceOf(ConnectionError);
    expect(creates).toBe(3);
    expect(server.requestsTo(`POST ${ZAAS_BASE}/Call/Create`)).toHaveLength(0);
  });

  // Regression (was a bug): a connection that breaks after the status line (while the body is read) escapes as the raw
  // undici `TypeError: terminated`, not as a ConnectionError (src/core/client-wrapper.ts maps only
  // SyntaxError; src/core/transport.ts returns the Response before its body is read).
  it("reports a connection broken in the middle of the body as ConnectionError", async () => {
    server.script([], { otherwise: partialThenReset(200, '{"id":"c-1","sta') });
    const error = await failure(getCall(messagebird({ retry: false })));
    expect(error).toBeInstanceOf(ConnectionError);
  });
});

describe("time limits", () => {
  it("client timeoutMs: a hanging GET is retried and ends in TimeoutError after 3 attempts", async () => {
    server.script([], { otherwise: hang() });
    const started = performance.now();
    const error = await failure(getCall(messagebird({ timeoutMs: 120 })));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).not.toBeInstanceOf(AbortedError);
    expect(error.message).toContain("no answer within 120 ms");
    expect(error.attempts).toBe(3);
    expect(server.requests).toHaveLength(3);
    expect(performance.now() - started).toBeGreaterThanOrEqual(3 * 120 - 10);
  });

  it("client timeoutMs: a late answer is abandoned and the retry's prompt answer is used", async () => {
    server.script([delayed(1500, reply(200, { id: "late" })), reply(200, callData)]);
    const { data } = await getCall(messagebird({ timeoutMs: 150 }));
    expect(data).toEqual(callData);
    expect(server.requests).toHaveLength(2);
  });

  it("client timeoutMs: a slow answer within the limit is awaited", async () => {
    server.script([delayed(80, reply(200, callData))]);
    const { data } = await getCall(messagebird({ timeoutMs: 2000 }));
    expect(data).toEqual(callData);
    expect(server.requests).toHaveLength(1);
  });

  it("client timeoutMs: a call-placing POST is not retried after a timeout", async () => {
    server.script([], { otherwise: hang() });
    const error = await failure(placeCall(messagebird({ timeoutMs: 120 })));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.attempts).toBe(1);
    expect(error.message).toContain("not retried");
    await wait(30);
    expect(server.requests).toHaveLength(1);
  });

  it("client timeoutMs: ZaaS /Call/Create is not retried after a timeout", async () => {
    const z = zaas({ timeoutMs: 120 });
    server.script([], { otherwise: hang() });
    expect(await failure(zaasCreate(z))).toBeInstanceOf(TimeoutError);
    await wait(30);
    expect(server.requestsTo(`POST ${ZAAS_BASE}/Call/Create`)).toHaveLength(1);
  });

  it("per-request AbortSignal.timeout on a call-placing POST: TimeoutError, one request", async () => {
    server.script([], { otherwise: hang() });
    const error = await failure(placeCall(messagebird(), { signal: AbortSignal.timeout(120) }));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).not.toBeInstanceOf(AbortedError);
    await wait(30);
    expect(server.requests).toHaveLength(1);
  });

  it("per-request AbortSignal.timeout on a GET that answers in time: no error", async () => {
    server.script([delayed(30, reply(200, callData))]);
    const { data } = await getCall(messagebird(), { signal: AbortSignal.timeout(3000) });
    expect(data).toEqual(callData);
  });

  // Regression (was a bug): after a per-request `AbortSignal.timeout()` fires on a safe request, the transport decides to
  // retry and its backoff sleep (`sleepOrAbort`, src/core/transport.ts) sees the already-aborted signal
  // and throws AbortedError ("aborted by the caller while waiting to retry"). Documented: a caller's
  // AbortSignal.timeout() is reported as TimeoutError, and AbortedError is "never raised for timeouts".
  it("per-request AbortSignal.timeout on a hanging GET → TimeoutError (not AbortedError)", async () => {
    server.script([], { otherwise: hang() });
    const error = await failure(getCall(messagebird(), { signal: AbortSignal.timeout(120) }));
    expect(error).toBeInstanceOf(TimeoutError);
  });

  // Regression (was a bug, same root cause as above): the per-request deadline expiring during a Retry-After wait is reported as an
  // AbortedError instead of a TimeoutError.
  it("per-request AbortSignal.timeout expiring while waiting to retry → TimeoutError", async () => {
    server.script([reply(503, {}, { "retry-after": "1" })], { otherwise: reply(200, callData) });
    const error = await failure(getCall(messagebird(), { signal: AbortSignal.timeout(150) }));
    expect(error).toBeInstanceOf(TimeoutError);
  });
});

// Regression (was a bug): the transport sends each attempt as `baseFetch(new Request(url, { signal: limit.signal }))`
// (src/core/transport.ts, the `baseFetch(new Request(...))` call in the attempt loop) and keeps no reference
// to that Request. Node's fetch copies it (`new Request(input)`), and undici links the copy's signal to the
// original through WeakRefs (nodejs/undici#4068, #3644): once a garbage collection runs while the request
// is pending, aborting `limit.signal` no longer reaches fetch. The client's timeoutMs and the caller's
// abort() are then silently ignored and the request waits for the server forever. Reproduced here by
// forcing a GC; it also happens on its own under load. Fix: race the fetch against `limit.signal` in the
// transport (and/or pass the signal in fetch's init: `globalThis.fetch(request, { signal })` is not affected).
describe("time limits survive garbage collection", () => {
  it("client timeoutMs fires although a GC ran while the request was pending", async () => {
    server.script([], { otherwise: hang() });
    const pending = failure(getCall(messagebird({ timeoutMs: 150, retry: false })));
    await expect.poll(() => server.requests.length, { timeout: 5000 }).toBe(1);
    collectGarbage();
    // Generous on purpose: on a loaded 2-core CI machine a full GC and timer delivery can take seconds; a lost
    // timer (the bug this guards) never fires at all.
    const outcome = await Promise.race([pending, wait(5000).then(() => "still pending 5 s into a 150 ms time limit")]);
    expect(outcome).toBeInstanceOf(TimeoutError);
  });

  it("abort() cancels although a GC ran while the request was pending", async () => {
    server.script([], { otherwise: hang() });
    const controller = new AbortController();
    const pending = failure(getCall(messagebird({ retry: false }), { signal: controller.signal }));
    await expect.poll(() => server.requests.length, { timeout: 5000 }).toBe(1);
    collectGarbage();
    controller.abort();
    const outcome = await Promise.race([pending, wait(1000).then(() => "still pending 1 s after abort()")]);
    expect(outcome).toBeInstanceOf(AbortedError);
  });
});

describe("caller aborts", () => {
  it("abort() during a hanging GET → AbortedError, not retried", async () => {
    server.script([], { otherwise: hang() });
    const controller = new AbortController();
    const pending = failure(getCall(messagebird({ timeoutMs: 5000 }), { signal: controller.signal }));
    await expect.poll(() => server.requests.length, { timeout: 5000 }).toBe(1);
    controller.abort();
    const error = await pending;
    expect(error).toBeInstanceOf(AbortedError);
    expect(error).not.toBeInstanceOf(TimeoutError);
    expect(error.attempts).toBe(1);
    await wait(30);
    expect(server.requests).toHaveLength(1);
  });

  it("abort() while waiting to retry (Retry-After: 1) ends the wait at once with AbortedError", async () => {
    server.script([reply(503, {}, { "retry-after": "1" })], { otherwise: reply(200, callData) });
    const controller = new AbortController();
    const started = performance.now();
    const pending = failure(getCall(messagebird(), { signal: controller.signal }));
    await expect.poll(() => server.requests.length, { timeout: 5000 }).toBe(1);
    await wait(50);
    controller.abort();
    const error = await pending;
    expect(error).toBeInstanceOf(AbortedError);
    expect(error.message).toContain("waiting to retry");
    expect(performance.now() - started).toBeLessThan(900);
    expect(server.requests).toHaveLength(1);
  });

  it("abort() during the backoff of a connection retry → AbortedError, no further attempt", async () => {
    server.script([], { otherwise: resetAfterBody() });
    const controller = new AbortController();
    const pending = failure(getCall(messagebird({ retry: { baseDelayMs: 4000, maxDelayMs: 4000 } }), { signal: controller.signal }));
    await expect.poll(() => server.requests.length, { timeout: 5000 }).toBe(1);
    await wait(50);
    controller.abort();
    expect(await pending).toBeInstanceOf(AbortedError);
    expect(server.requests).toHaveLength(1);
  });

  it("an already aborted signal sends nothing", async () => {
    server.script([], { otherwise: reply(200, callData) });
    const error = await failure(getCall(messagebird(), { signal: AbortSignal.abort() }));
    expect(error).toBeInstanceOf(AbortedError);
    expect(server.requests).toHaveLength(0);
  });

  it("abort() of a call-placing POST → AbortedError, one request", async () => {
    server.script([], { otherwise: hang() });
    const controller = new AbortController();
    const pending = failure(placeCall(messagebird(), { signal: controller.signal }));
    await expect.poll(() => server.requests.length, { timeout: 5000 }).toBe(1);
    controller.abort();
    expect(await pending).toBeInstanceOf(AbortedError);
    await wait(30);
    expect(server.requests).toHaveLength(1);
  });
});

describe("retries on HTTP status", () => {
  it("GET: 500 then 200 → success after 2 requests", async () => {
    server.script([reply(500, { errors: [{ code: 0, message: "oops" }] }), reply(200, callData)]);
    const { data } = await getCall(messagebird());
    expect(data).toEqual(callData);
    expect(server.requests).toHaveLength(2);
  });

  it("GET: 503 three times → ServerError with status 503 after 1 + 2 (default) retries", async () => {
    server.script([], { otherwise: reply(503, { errors: [{ code: 25, message: "unavailable" }] }) });
    const error = await failure(getCall(createMessageBird({ accessKey: "test_key_x", baseUrl: server.url, retry: fast })));
    expect(error).toBeInstanceOf(ServerError);
    expect(error.status).toBe(503);
    expect(error.codes).toEqual([25]);
    expect(server.requests).toHaveLength(3);
  });

  // Regression (was a bug): errors built from HTTP answers never carry `attempts`: client-wrapper.ts `toError` calls
  // `errorFromResponse(vendor, response, error, secrets, label)` without the attempts count, which only
  // the transport knows (src/core/transport.ts returns the last Response and drops the count).
  it("GET: 503 three times → the ServerError says attempts: 3", async () => {
    server.script([], { otherwise: reply(503, {}) });
    const error = await failure(getCall(messagebird()));
    expect(error.attempts).toBe(3);
  });

  it("retry.maxRetries bounds the attempts; retry: false sends once", async () => {
    server.script([], { otherwise: reply(502, {}) });
    await failure(getCall(messagebird({ retry: { ...fast, maxRetries: 4 } })));
    expect(server.requests).toHaveLength(5);
    server.reset();
    server.script([], { otherwise: reply(502, {}) });
    await failure(getCall(messagebird({ retry: false })));
    expect(server.requests).toHaveLength(1);
  });

  it("408 on a GET, 502 on a PUT and 504 on a DELETE are retried", async () => {
    const mb = messagebird();
    server.script([reply(408, {}), reply(200, callData), reply(502, {}), reply(200, { data: [] }), reply(504, {}), reply(204)]);
    await getCall(mb);
    await mb.PUT("/calls/{callId}", { params: { path: { callId: "c-1" } }, body: {} });
    await mb.DELETE("/calls/{callId}", { params: { path: { callId: "c-1" } } });
    expect(server.requests.map((r) => r.method)).toEqual(["GET", "GET", "PUT", "PUT", "DELETE", "DELETE"]);
  });

  it("MessageBird POST /calls: 500 → ServerError after exactly 1 request", async () => {
    server.script([], { otherwise: reply(500, { errors: [{ code: 0, message: "internal" }] }) });
    const error = await failure(placeCall(messagebird()));
    expect(error).toBeInstanceOf(ServerError);
    expect(error.status).toBe(500);
    await wait(30);
    expect(server.requests).toHaveLength(1);
  });

  it("call-placing and other non-idempotent POSTs are not retried on 429/503", async () => {
    const mb = messagebird();
    const vs = voipstudioKey();
    const z = zaas();
    server.script([], { otherwise: reply(503, {}, { "retry-after": "0" }) });
    expect(await failure(createFlow(mb))).toBeInstanceOf(ServerError);
    expect(await failure(vs.POST("/calls", { body: { to: "34630733730" } }))).toBeInstanceOf(ServerError);
    expect(await failure(zaasCreate(z))).toBeInstanceOf(ServerError);
    server.script([], { otherwise: reply(429, {}, { "retry-after": "0" }) });
    expect(await failure(placeCall(mb))).toBeInstanceOf(RateLimitError);
    await wait(30);
    expect(server.requests.filter((r) => r.method === "POST" && !r.path.endsWith("/Login")).map((r) => r.path)).toEqual([
      "/call-flows",
      `${VS_BASE}/calls`,
      `${ZAAS_BASE}/Call/Create`,
      "/calls",
    ]);
  });

  it("read-only POSTs are retried: ZaaS /Call/Server, /Call/Status and /Login", async () => {
    const z = zaas();
    server.route(`POST ${ZAAS_BASE}/Login`, (_r, i) => (i === 0 ? reply(503, {}) : reply(200, { token: "zaas-token-x" })));
    server.script([reply(500, {}), reply(200, [{ api_key: "k" }]), reply(502, {}), reply(200, { _id: "call-1", status: "Answered" })]);
    await z.POST("/Call/Server", { body: {} });
    await zaasStatus(z);
    expect(server.requests.map((r) => r.path.slice(ZAAS_BASE.length))).toEqual([
      "/Login",
      "/Login",
      "/Call/Server",
      "/Call/Server",
      "/Call/Status",
      "/Call/Status",
    ]);
  });

  it("read-only POSTs are retried: VoIPstudio /login", async () => {
    const vs = voipstudioSession();
    server.route(`POST ${VS_BASE}/login`, (_r, i) => (i === 0 ? reply(502, {}) : reply(200, { message: "Login success", user_token: "t-1", user_id: 1 })));
    server.script([reply(200, { data: [], total: 0 })]);
    await vs.GET("/cdrs");
    expect(server.requests.map((r) => r.path.slice(VS_BASE.length))).toEqual(["/login", "/login", "/cdrs"]);
    expect(server.requests[2]!.headers["x-auth-token"]).toBe("t-1");
  });

  it("backs off exponentially with jitter: delays within [step/2, step], doubling, capped by maxDelayMs", async () => {
    const lines: string[] = [];
    const logger = { debug: (m: string) => lines.push(m) };
    server.script([reply(503, {}), reply(503, {}), reply(200, callData)]);
    await getCall(messagebird({ retry: { baseDelayMs: 80, maxDelayMs: 1000 }, logger }));
    const delays = lines.flatMap((l) => /retry \d+ in (\d+) ms/.exec(l)?.[1] ?? []).map(Number);
    expect(delays).toHaveLength(2);
    expect(delays[0]).toBeGreaterThanOrEqual(40);
    expect(delays[0]).toBeLessThanOrEqual(80);
    expect(delays[1]).toBeGreaterThanOrEqual(80);
    expect(delays[1]).toBeLessThanOrEqual(160);
    const [a, b, c] = server.requests.map((r) => r.at) as [number, number, number];
    // The server sees each retry no sooner than the logged delay (timers may fire ~1 ms early).
    expect(b - a).toBeGreaterThanOrEqual(delays[0]! - 3);
    expect(c - b).toBeGreaterThanOrEqual(delays[1]! - 3);

    lines.length = 0;
    server.reset();
    server.script([reply(503, {}), reply(503, {}), reply(503, {})]);
    await failure(getCall(messagebird({ retry: { baseDelayMs: 40, maxDelayMs: 40 }, logger })));
    const capped = lines.flatMap((l) => /retry \d+ in (\d+) ms/.exec(l)?.[1] ?? []).map(Number);
    expect(capped).toHaveLength(2);
    for (const d of capped) {
      expect(d).toBeGreaterThanOrEqual(20);
      expect(d).toBeLessThanOrEqual(40);
    }
  });

  it("429 with Retry-After: 1 → waits about a second, then retries and succeeds", async () => {
    const lines: string[] = [];
    server.script([reply(429, { errors: [{ code: 429, message: "slow down" }] }, { "retry-after": "1" }), reply(200, callData)]);
    const { data } = await getCall(messagebird({ logger: { debug: (m) => lines.push(m) } }));
    expect(data).toEqual(callData);
    expect(server.requests).toHaveLength(2);
    const gap = server.requests[1]!.at - server.requests[0]!.at;
    expect(gap).toBeGreaterThanOrEqual(990);
    expect(gap).toBeLessThan(6000);
    expect(lines.join("\n")).toContain("HTTP 429; retry 1 in 1000 ms");
  });

  it("429 with a Retry-After beyond maxRetryAfterMs → RateLimitError at once, carrying retryAfterMs", async () => {
    server.script([], { otherwise: reply(429, { errors: [{ code: 429, message: "slow down" }] }, { "retry-after": "120" }) });
    const started = performance.now();
    const error = await failure(getCall(messagebird()));
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBe(120_000);
    expect(error.status).toBe(429);
    expect(performance.now() - started).toBeLessThan(900);
    expect(server.requests).toHaveLength(1);

    server.reset();
    server.script([], { otherwise: reply(429, {}, { "retry-after": "1" }) });
    const own = await failure(getCall(messagebird({ retry: { ...fast, maxRetryAfterMs: 500 } })));
    expect(own).toBeInstanceOf(RateLimitError);
    expect((own as RateLimitError).retryAfterMs).toBe(1000);
    expect(server.requests).toHaveLength(1);
  });

  it("429 without Retry-After on a GET is retried with backoff; exhausted → RateLimitError", async () => {
    server.script([], { otherwise: reply(429, {}) });
    const error = await failure(getCall(messagebird()));
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBeUndefined();
    expect(server.requests).toHaveLength(3);
  });
});

describe("unreadable answers", () => {
  const page = "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1><hr>nginx</body></html>";

  it("an HTML 502 page → ServerError whose message says HTML, not the markup", async () => {
    server.script([], { otherwise: html(502, page) });
    const error = await failure(getCall(messagebird()));
    expect(error).toBeInstanceOf(ServerError);
    expect(error.status).toBe(502);
    expect(error.message).toMatch(/HTML/);
    expect(error.message).not.toContain("<");
    expect(error.message).not.toContain("Bad Gateway</title>");
    expect(server.requests).toHaveLength(3);
  });

  it("malformed JSON on a 200 → ServerError (not a bare SyntaxError)", async () => {
    server.script([], { otherwise: raw(200, '{"id":"c-1","status":') });
    const error = await failure(getCall(messagebird()));
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toBeInstanceOf(VoiceApiError);
    expect(error.message).toContain("not valid JSON");
    expect(error.cause).toBeInstanceOf(SyntaxError);
  });

  it("an HTML page on a 200 → ServerError", async () => {
    server.script([], { otherwise: html(200, page) });
    expect(await failure(getCall(messagebird()))).toBeInstanceOf(ServerError);
  });

  it("malformed JSON on a 500 → ServerError with the status", async () => {
    server.script([], { otherwise: raw(500, '{"errors":[{"code":') });
    const error = await failure(getCall(messagebird()));
    expect(error).toBeInstanceOf(ServerError);
    expect(error.status).toBe(500);
  });

  // openapi-fetch leaves `error` undefined for an error status with `Content-Length: 0`.
  it("an error status with an empty body still throws in throw mode (404 → NotFoundError)", async () => {
    server.script([], { otherwise: reply(404) });
    expect(await failure(getCall(messagebird()))).toBeInstanceOf(NotFoundError);
  });

  it("result mode: toError maps an error status with an empty body", async () => {
    server.script([], { otherwise: reply(404) });
    const mb = messagebird({ errors: "result" });
    const result = await getCall(mb);
    expect(result.response.status).toBe(404);
    expect(mb.toError(result)).toBeInstanceOf(NotFoundError);
  });
});

describe("vendor error bodies", () => {
  it("MessageBird 404 {errors:[{code:13}]} → NotFoundError with codes [13]", async () => {
    server.script([reply(404, { errors: [{ code: 13, message: "Call not found", description: null, parameter: null }] })]);
    const error = await failure(getCall(messagebird()));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.status).toBe(404);
    expect(error.vendor).toBe("messagebird");
    expect(error.codes).toEqual([13]);
    expect(error.messages).toEqual(["Call not found"]);
    expect(error.message).toContain("Call not found");
    expect(error.status).toBe(404);
    // No raw Response on errors: it would hold the request with its credentials.
    expect(error).not.toHaveProperty("response");
    expect(server.requests).toHaveLength(1);
  });

  it("VoIPstudio 400 validation body → BadRequestError (the server's verdict, not local input) with codes and messages", async () => {
    server.script([reply(400, { message: "Validation error", errors: [{ message: "This value is not valid.", code: "SF0010" }] })]);
    const error = await failure(voipstudioKey().GET("/cdrs"));
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error).toBeInstanceOf(ApiStatusError);
    expect(error).not.toBeInstanceOf(ValidationError);
    expect(error.status).toBe(400);
    expect(error.vendor).toBe("voipstudio");
    expect(error.codes).toEqual(["SF0010"]);
    expect(error.messages).toEqual(["Validation error", "This value is not valid."]);
    expect(server.requests).toHaveLength(1);
  });

  it("403 → PermissionError (MessageBird and VoIPstudio)", async () => {
    server.script([reply(403, { errors: [{ code: 2, message: "Request not allowed" }] }), reply(403, { message: "Forbidden" })]);
    expect(await failure(getCall(messagebird()))).toBeInstanceOf(PermissionError);
    expect(await failure(voipstudioKey().GET("/cdrs"))).toBeInstanceOf(PermissionError);
    expect(server.requests).toHaveLength(2);
  });

  it("401 with a static key → AuthenticationError, sent once", async () => {
    server.script([], { otherwise: reply(401, { errors: [{ code: 2, message: "Request not allowed (incorrect access_key)" }] }) });
    const error = await failure(getCall(messagebird()));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.codes).toEqual([2]);
    expect(server.requests).toHaveLength(1);
  });

  it("result mode returns { error, response } and toError gives the typed error", async () => {
    const mb = messagebird({ errors: "result" });
    server.script([reply(404, { errors: [{ code: 13, message: "Call not found" }] }), reply(200, callData)]);
    // The shared helper is typed for throw mode; this client was made in result mode.
    const failed = (await getCall(mb)) as unknown as { data?: unknown; error?: unknown; response: Response };
    expect(failed.data).toBeUndefined();
    expect(failed.error).toEqual({ errors: [{ code: 13, message: "Call not found" }] });
    expect(failed.response.status).toBe(404);
    const error = mb.toError(failed);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error?.codes).toEqual([13]);
    const ok = await getCall(mb);
    expect(ok.data).toEqual(callData);
    expect(mb.toError(ok)).toBeUndefined();
  });

  it("result mode still retries: 503 ×3 returns the last error after 3 requests", async () => {
    const vs = voipstudioKey({ errors: "result" });
    server.script([], { otherwise: reply(503, { message: "Service unavailable" }) });
    const result = await vs.GET("/cdrs");
    expect(result.response.status).toBe(503);
    expect(vs.toError(result)).toBeInstanceOf(ServerError);
    expect(server.requests).toHaveLength(3);
  });
});

describe("401: one re-login, one retry", () => {
  it("VoIPstudio 401 storm → exactly 2 logins (initial + one refresh), 2 requests, AuthenticationError", async () => {
    const vs = voipstudioSession();
    let guard = 0;
    server.script([], { otherwise: () => (++guard > 20 ? reply(418, {}) : reply(401, { message: "Invalid user token" })) });
    const error = await failure(vs.GET("/cdrs"));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.status).toBe(401);
    expect(server.requestsTo(`POST ${VS_BASE}/login`)).toHaveLength(2);
    const reads = server.requestsTo(`GET ${VS_BASE}/cdrs`);
    expect(reads).toHaveLength(2);
    expect(reads.map((r) => r.headers["x-auth-token"])).toEqual(["vs-token-1", "vs-token-2"]);
    expect(server.requests.map((r) => r.path.slice(VS_BASE.length))).toEqual(["/login", "/cdrs", "/login", "/cdrs"]);
  });

  it("VoIPstudio 401 once → logs in again and the retry succeeds", async () => {
    const vs = voipstudioSession();
    server.script([reply(401, { message: "Invalid user token" }), reply(200, { data: [], total: 0 })]);
    const { data } = await vs.GET("/cdrs");
    expect(data).toEqual({ data: [], total: 0 });
    expect(server.requestsTo(`POST ${VS_BASE}/login`)).toHaveLength(2);
    // The next request uses the new token without logging in.
    server.script([reply(200, { data: [], total: 0 })]);
    await vs.GET("/cdrs");
    expect(server.requestsTo(`POST ${VS_BASE}/login`)).toHaveLength(2);
    expect(server.requestsTo(`GET ${VS_BASE}/cdrs`).map((r) => r.headers["x-auth-token"])).toEqual(["vs-token-1", "vs-token-2", "vs-token-2"]);
  });

  it("VoIPstudio 401 on POST /calls → not retried; the next request logs in again", async () => {
    const vs = voipstudioSession();
    server.script([reply(401, { message: "Invalid user token" }), reply(200, { data: [], total: 0 })]);
    expect(await failure(vs.POST("/calls", { body: { to: "34630733730" } }))).toBeInstanceOf(AuthenticationError);
    expect(server.requestsTo(`POST ${VS_BASE}/calls`)).toHaveLength(1);
    expect(server.requestsTo(`POST ${VS_BASE}/login`)).toHaveLength(1);
    await vs.GET("/cdrs");
    expect(server.requestsTo(`POST ${VS_BASE}/login`)).toHaveLength(2);
    expect(server.requestsTo(`GET ${VS_BASE}/cdrs`)[0]!.headers["x-auth-token"]).toBe("vs-token-2");
  });

  it("ZaaS 401 on /Call/Status → re-login; the retried body starts with the new token, byte for byte", async () => {
    const z = zaas();
    server.script([reply(401, { error: "invalid token" }), reply(200, { _id: "call-1", status: "Answered" })]);
    const { data } = await zaasStatus(z, "call-1");
    expect(data).toEqual({ _id: "call-1", status: "Answered" });
    expect(server.requestsTo(`POST ${ZAAS_BASE}/Login`)).toHaveLength(2);
    const statuses = server.requestsTo(`POST ${ZAAS_BASE}/Call/Status`);
    expect(statuses).toHaveLength(2);
    const startsWith = (bytes: Buffer | undefined, prefix: string) => !!bytes && bytes.subarray(0, Buffer.byteLength(prefix)).equals(Buffer.from(prefix));
    expect(startsWith(statuses[0]!.bytes, '{"token":"zaas-token-1"')).toBe(true);
    expect(startsWith(statuses[1]!.bytes, '{"token":"zaas-token-2"')).toBe(true);
    expect(statuses[1]!.body).toBe('{"token":"zaas-token-2","codCampaign":"0","_id":"call-1"}');
    expect(JSON.parse(statuses[1]!.body!)).toEqual({ ...JSON.parse(statuses[0]!.body!), token: "zaas-token-2" });
  });

  it("ZaaS 401 storm on /Call/Status → 2 logins, 2 requests, AuthenticationError", async () => {
    const z = zaas();
    server.script([], { otherwise: reply(401, { error: "invalid token" }) });
    expect(await failure(zaasStatus(z))).toBeInstanceOf(AuthenticationError);
    expect(server.requestsTo(`POST ${ZAAS_BASE}/Login`)).toHaveLength(2);
    expect(server.requestsTo(`POST ${ZAAS_BASE}/Call/Status`)).toHaveLength(2);
  });

  it("ZaaS 401 on /Call/Create → not retried, AuthenticationError, and the next request logs in again", async () => {
    const z = zaas();
    server.script([reply(401, { error: "invalid token" }), reply(200, { _id: "call-1", status: "Dialing" })]);
    const error = await failure(zaasCreate(z));
    expect(error).toBeInstanceOf(AuthenticationError);
    await wait(30);
    expect(server.requestsTo(`POST ${ZAAS_BASE}/Call/Create`)).toHaveLength(1);
    expect(server.requestsTo(`POST ${ZAAS_BASE}/Login`)).toHaveLength(1);
    await zaasStatus(z);
    expect(server.requestsTo(`POST ${ZAAS_BASE}/Login`)).toHaveLength(2);
    expect(server.requestsTo(`POST ${ZAAS_BASE}/Call/Status`)[0]!.body).toMatch(/^\{"token":"zaas-token-2"/);
  });

  it("a 401 on the VoIPstudio login itself → AuthenticationError, no loop", async () => {
    const vs = voipstudioSession();
    server.route(`POST ${VS_BASE}/login`, reply(401, { message: "Invalid credentials" }));
    expect(await failure(vs.GET("/cdrs"))).toBeInstanceOf(AuthenticationError);
    expect(server.requestsTo(`POST ${VS_BASE}/login`)).toHaveLength(1);
    expect(server.requestsTo(`GET ${VS_BASE}/cdrs`)).toHaveLength(0);
  });
});
