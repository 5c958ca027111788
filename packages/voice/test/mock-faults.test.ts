// The facade through @callspec/mock's fault modes: a front server before real Prism mocks injects each
// fault, and its request log shows what the facade sent. One mock per vendor for the whole file (Prism
// takes seconds to start); every test resets the log and the faults first.
import { callPlacingBySpec, connectMock, type FaultyMock, startFaultyMock, vendorSecrets } from "@callspec/mock";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ConnectionError, TimeoutError } from "../src/index.js";
import { createMessageBird, messagebirdVendor } from "../src/messagebird.js";
import { createVoipstudio, voipstudioVendor } from "../src/voipstudio.js";
import { createZaas, zaasVendor } from "../src/zaas.js";

/** Retries that take milliseconds, so a test of three attempts stays fast. */
const fast = { baseDelayMs: 1, maxDelayMs: 5 };
const CALL_ID = "f1aa71c0-8f2a-4fe8-b5ef-9a330454ef58";

let mb: FaultyMock;
let vs: FaultyMock;
let zs: FaultyMock;
beforeAll(async () => {
  [mb, vs, zs] = await Promise.all([startFaultyMock("messagebird-voice"), startFaultyMock("voipstudio"), startFaultyMock("zaas-voice")]);
}, 240_000);
afterAll(async () => {
  await Promise.all([mb?.close(), vs?.close(), zs?.close()]);
});
beforeEach(() => {
  for (const mock of [mb, vs, zs]) mock.reset();
});

const messagebird = () => createMessageBird({ accessKey: "test_faults", baseUrl: mb.url, retry: fast });
const zaas = () => createZaas({ login: "flex", password: "12345678", codCampaign: "0", baseUrl: zs.url, retry: fast });
const voipstudio = () => createVoipstudio({ email: "jsmith@example.com", password: "$ecretPas$$", baseUrl: vs.url, retry: fast });
const getCall = (client: ReturnType<typeof messagebird>, init: { timeoutMs?: number; maxRetries?: number; headers?: Record<string, string> } = {}) =>
  client.GET("/calls/{callId}", { params: { path: { callId: CALL_ID } }, ...init });
const placeCall = (client: ReturnType<typeof messagebird>) =>
  client.POST("/calls", {
    body: {
      source: "31644556677",
      destination: "31612345678",
      callFlow: { steps: [{ action: "say", options: { payload: "Hello", voice: "female", language: "en-GB" } }] },
    },
  });
const statuses = (mock: FaultyMock, route: string) => mock.requests.matching(route).map((e) => e.status);

describe("reset-after-accept", () => {
  it("on MessageBird POST /calls: a ConnectionError, and the call was placed exactly once", async () => {
    mb.faults.add({ mode: "reset-after-accept", match: "POST /calls" });
    await expect(placeCall(messagebird())).rejects.toBeInstanceOf(ConnectionError);
    expect(mb.requests.expectExactlyOne("POST /calls")).toMatchObject({ placed: true, status: undefined, upstreamStatus: 201 });
    expect(mb.requests.placedCalls()).toBe(1);
  });

  it("set through the control routes (as from another process) gives the same guarantee", async () => {
    const control = connectMock(mb.url);
    await control.fault("reset-after-accept", { match: "POST /calls", times: Infinity });
    await expect(placeCall(messagebird())).rejects.toBeInstanceOf(ConnectionError);
    await expect(control.expectExactlyOne("POST /calls")).resolves.toMatchObject({ placed: true, fault: "reset-after-accept" });
    expect(await control.placedCalls()).toBe(1);
    await control.reset();
    expect(await control.requests()).toEqual([]);
  });

  it("on VoIPstudio POST /calls and ZaaS POST /Call/Create: never re-sent either", async () => {
    vs.faults.add({ mode: "reset-after-accept", match: "POST /calls" });
    await expect(voipstudio().POST("/calls", { body: { to: "34630733730", from: "42598" } })).rejects.toBeInstanceOf(ConnectionError);
    expect(vs.requests.expectExactlyOne("POST /calls").placed).toBe(true);
    zs.faults.add({ mode: "reset-after-accept", match: "POST /Call/Create" });
    const create = { api_key: "k", call_destination: "5511980121511", call_type: "external", call_cid: "554830037656", call_recorder: "0" } as const;
    await expect(zaas().POST("/Call/Create", { body: create })).rejects.toBeInstanceOf(ConnectionError);
    expect(zs.requests.expectExactlyOne("POST /Call/Create").placed).toBe(true);
    expect([vs.requests.placedCalls(), zs.requests.placedCalls()]).toEqual([1, 1]);
  });
});

describe("rate-limit", () => {
  it("a 429 with Retry-After on a GET: the facade waits, retries and succeeds", async () => {
    mb.faults.add({ mode: "rate-limit", match: "GET /calls/{callId}", retryAfter: 1 });
    const started = Date.now();
    const { data } = await getCall(messagebird());
    expect(data?.data?.[0]?.id).toBeDefined();
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(statuses(mb, "GET /calls/{callId}")).toEqual([429, 200]);
  });
});

describe("burst", () => {
  it("two 503s on a GET: the third attempt succeeds", async () => {
    mb.faults.add({ mode: "burst", match: "GET /calls/{callId}", times: 2 });
    await getCall(messagebird());
    expect(statuses(mb, "GET /calls/{callId}")).toEqual([503, 503, 200]);
  });

  it("selected by a Prefer header, which is taken out before Prism sees the rest of it", async () => {
    await getCall(messagebird(), { headers: { Prefer: "callspec-fault=burst; times=2; status=502" } });
    expect(statuses(mb, "GET /calls/{callId}")).toEqual([502, 502, 200]);
    // Prism still honours the preferences around the fault.
    const error = await getCall(messagebird(), { headers: { Prefer: "code=404, callspec-fault=burst; times=1" } }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 404 });
    expect(statuses(mb, "GET /calls/{callId}").slice(3)).toEqual([503, 404]);
  });
});

describe("expired-token", () => {
  it("on VoIPstudio: one 401, one new login, then success", async () => {
    const client = voipstudio();
    await client.GET("/cdrs", {});
    vs.reset();
    vs.faults.add({ mode: "expired-token", match: "GET /cdrs" });
    const { data } = await client.GET("/cdrs", {});
    expect(data).toBeDefined();
    expect(vs.requests.all().map((e) => `${e.method} ${e.path} ${e.status}`)).toEqual(["GET /cdrs 401", "POST /login 200", "GET /cdrs 200"]);
  });

  it("on ZaaS, whose token travels in the body: one 401, one new login, then success", async () => {
    const client = zaas();
    await client.POST("/Call/Server", { body: {} });
    zs.reset();
    zs.faults.add({ mode: "expired-token", match: "POST /Call/Server" });
    const { data } = await client.POST("/Call/Server", { body: {} });
    expect(data).toBeDefined();
    expect(zs.requests.all().map((e) => `${e.method} ${e.path} ${e.status}`)).toEqual(["POST /Call/Server 401", "POST /Login 200", "POST /Call/Server 200"]);
  });
});

describe("latency", () => {
  it("longer than the facade's timeoutMs: a TimeoutError", async () => {
    mb.faults.add({ mode: "latency", match: "GET /calls/{callId}", ms: 1_000 });
    await expect(getCall(messagebird(), { timeoutMs: 200, maxRetries: 0 })).rejects.toBeInstanceOf(TimeoutError);
    expect(mb.requests.expectExactlyOne("GET /calls/{callId}").fault).toBe("latency");
  });
});

describe("cut-body", () => {
  it("a body cut short: a ConnectionError (the answer had begun, so the facade does not retry it)", async () => {
    mb.faults.add({ mode: "cut-body", match: "GET /calls/{callId}", bytes: 10 });
    await expect(getCall(messagebird())).rejects.toBeInstanceOf(ConnectionError);
    expect(mb.requests.expectExactlyOne("GET /calls/{callId}")).toMatchObject({ status: 200, fault: "cut-body" });
  });
});

describe("reset-before-read", () => {
  it("on a GET: the facade retries and succeeds", async () => {
    mb.faults.add({ mode: "reset-before-read", match: "GET /calls/{callId}" });
    await getCall(messagebird());
    expect(statuses(mb, "GET /calls/{callId}")).toEqual([undefined, 200]);
  });
});

it("the request logs hold none of the facade's credentials", async () => {
  await voipstudio().GET("/cdrs", {});
  await zaas().POST("/Call/Server", { body: {} });
  await getCall(messagebird());
  const logged = JSON.stringify([mb, vs, zs].map((mock) => mock.requests.all()));
  expect(logged).toContain("/Call/Server");
  for (const secret of ["test_faults", "$ecretPas$$", "jsmith@example.com", "12345678", "flex"]) expect(logged).not.toContain(secret);
});

it("the mock's call-placing table matches the facade's own lists", () => {
  const facade = { "messagebird-voice": messagebirdVendor, voipstudio: voipstudioVendor, "zaas-voice": zaasVendor };
  for (const [spec, vendor] of Object.entries(facade)) expect([...(callPlacingBySpec[spec] ?? [])].sort()).toEqual([...vendor.callPlacing].sort());
});

it("the mock proxy's secret table matches the facade's definitions (names and the credential's header)", () => {
  const facade = { "messagebird-voice": messagebirdVendor, voipstudio: voipstudioVendor, "zaas-voice": zaasVendor };
  for (const [spec, vendor] of Object.entries(facade)) {
    const mock = vendorSecrets[spec as keyof typeof vendorSecrets];
    expect([...mock.fields].sort(), spec).toEqual([...vendor.secretFields].sort());
    expect([...mock.urlParams].sort(), spec).toEqual([...(vendor.secretUrlParams ?? [])].sort());
    if (vendor.placement.in === "header") expect(mock.headers, spec).toContain(vendor.placement.name.toLowerCase());
  }
});
