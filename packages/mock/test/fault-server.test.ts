// The fault-injecting front server against a scripted local upstream (no Prism): the fault syntax, which
// request gets which fault, what reaches the upstream, the request log and its redaction, the control routes.
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { connectMock } from "../src/faults/connect-mock.js";
import { parseFault, takeFaultPreference } from "../src/faults/fault-rules.js";
import { type FrontServer, startFrontServer } from "../src/faults/front-server.js";
import { routeMatcher } from "../src/faults/route-match.js";

/** What the upstream saw, newest last. */
const seen: Array<{ method: string; url: string; headers: IncomingHttpHeaders; body: string }> = [];
let upstream: Server;
let front: FrontServer;

beforeAll(async () => {
  upstream = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      seen.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      const status = req.method === "POST" ? 201 : 200;
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify({ id: "c-1", note: "a body long enough to cut" }));
    });
  });
  await new Promise<void>((r) => upstream.listen(0, "127.0.0.1", r));
  const { port } = upstream.address() as AddressInfo;
  front = await startFrontServer({ upstream: `http://127.0.0.1:${port}`, callPlacing: ["POST /calls"] });
});
afterAll(async () => {
  await front.close();
  await new Promise((r) => upstream.close(r));
});
beforeEach(() => {
  seen.length = 0;
  front.requests.clear();
  front.faults.clear();
});

/** A request that reports a destroyed socket as `"reset"` instead of throwing. */
async function send(path: string, init: RequestInit = {}): Promise<{ status: number; body: string } | "reset"> {
  try {
    const response = await fetch(front.url + path, init);
    return { status: response.status, body: await response.text() };
  } catch {
    return "reset";
  }
}

describe("fault syntax", () => {
  it("reads a mode and its parameters, separated by ; or ,", () => {
    expect(parseFault("rate-limit; retry-after=2")).toEqual({ mode: "rate-limit", retryAfter: 2 });
    expect(parseFault("burst,times=2,status=502,match=GET /calls")).toEqual({ mode: "burst", times: 2, status: 502, match: "GET /calls" });
    expect(parseFault("latency; ms=0; times=*")).toEqual({ mode: "latency", ms: 0, times: Infinity });
  });

  it("refuses an unknown mode or parameter and a bad number, naming it", () => {
    expect(() => parseFault("explode")).toThrow(/unknown fault mode "explode"/);
    expect(() => parseFault("latency; seconds=2")).toThrow(/unknown fault parameter "seconds"/);
    expect(() => parseFault("burst; status=700")).toThrow(/status must be an integer from 100 to 599/);
    expect(() => parseFault("burst; times=0")).toThrow(/times must be/);
  });

  it("takes the fault out of a Prefer header and keeps the other preferences", () => {
    expect(takeFaultPreference("code=404, callspec-fault=burst; times=2")).toEqual({ fault: "burst; times=2", rest: "code=404" });
    expect(takeFaultPreference("callspec-fault=reset-before-read")).toEqual({ fault: "reset-before-read", rest: undefined });
    expect(takeFaultPreference("code=404")).toEqual({ fault: undefined, rest: "code=404" });
  });

  it("matches routes with {param} segments, with or without a method", () => {
    expect(routeMatcher("GET /calls/{callId}")("GET", "/calls/c-1")).toBe(true);
    expect(routeMatcher("GET /calls/{callId}")("GET", "/calls/c-1/legs")).toBe(false);
    expect(routeMatcher("GET /calls/{callId}")("POST", "/calls/c-1")).toBe(false);
    expect(routeMatcher("/items/{id}.wav")("GET", "/items/a.wav")).toBe(true);
    expect(routeMatcher("/items/{id}.wav")("GET", "/items/axwav")).toBe(false);
  });
});

describe("faults on the wire", () => {
  it("a header fault meets the first `times` requests carrying it, then they get through", async () => {
    const init = { headers: { Prefer: "callspec-fault=burst; times=2; status=502" } };
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push(((await send("/calls/c-1", init)) as { status: number }).status);
    expect(statuses).toEqual([502, 502, 200]);
    expect(seen).toHaveLength(1);
  });

  it("forwards the other preferences without the fault, and a malformed fault is a 400 naming it", async () => {
    await send("/calls/c-1", { headers: { Prefer: "code=404, callspec-fault=latency; ms=1" } });
    expect(seen[0]!.headers.prefer).toBe("code=404");
    const bad = await send("/calls/c-1", { headers: { Prefer: "callspec-fault=explode" } });
    expect(bad).toMatchObject({ status: 400, body: expect.stringContaining("unknown fault mode") });
  });

  it("rate-limit answers 429 with Retry-After without reaching the upstream", async () => {
    front.faults.add({ mode: "rate-limit", retryAfter: 7 });
    const response = await fetch(`${front.url}/calls`);
    expect([response.status, response.headers.get("retry-after")]).toEqual([429, "7"]);
    expect(seen).toHaveLength(0);
  });

  it("reset-before-read never reaches the upstream; reset-after-accept does, and counts the call placed", async () => {
    front.faults.add({ mode: "reset-before-read", match: "POST /calls" });
    front.faults.add({ mode: "reset-after-accept", match: "POST /calls" });
    expect(await send("/calls", { method: "POST", body: "{}" })).toBe("reset");
    expect(seen).toHaveLength(0);
    expect(await send("/calls", { method: "POST", body: '{"a":1}' })).toBe("reset");
    expect(seen.map((s) => s.body)).toEqual(['{"a":1}']);
    expect(front.requests.placedCalls()).toBe(1);
    expect(front.requests.all().map((e) => [e.fault, e.status, e.upstreamStatus, e.placed])).toEqual([
      ["reset-before-read", undefined, undefined, false],
      ["reset-after-accept", undefined, 201, true],
    ]);
  });

  it("cut-body sends the headers and part of the body, then ends the connection", async () => {
    front.faults.add({ mode: "cut-body", bytes: 5 });
    const response = await fetch(`${front.url}/calls/c-1`);
    expect(response.status).toBe(200);
    await expect(response.text()).rejects.toThrow();
  });

  it("latency holds the answer back", async () => {
    front.faults.add({ mode: "latency", ms: 300 });
    const started = Date.now();
    expect(await send("/calls/c-1")).toMatchObject({ status: 200 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
  });

  it("expired-token answers 401 for its uses, then forwards", async () => {
    front.faults.add({ mode: "expired-token", match: "GET /calls/{callId}", times: 1 });
    expect(await send("/calls/c-1")).toMatchObject({ status: 401 });
    expect(await send("/calls/c-1")).toMatchObject({ status: 200 });
  });
});

describe("request log", () => {
  it("redacts credential-like query parameters and keeps no headers or bodies", async () => {
    await send("/Call/Status?token=zaas-secret-1&user_token=vs-secret-2&api_key=k-3&page=2", {
      method: "POST",
      headers: { Authorization: "AccessKey mb-secret-4", "X-Auth-Token": "vs-secret-5" },
      body: JSON.stringify({ password: "pw-secret-6", token: "zaas-secret-7" }),
    });
    const logged = JSON.stringify(front.requests.all());
    for (const secret of ["zaas-secret-1", "vs-secret-2", "k-3", "mb-secret-4", "vs-secret-5", "pw-secret-6", "zaas-secret-7"])
      expect(logged).not.toContain(secret);
    expect(front.requests.all()[0]!.query).toEqual({ token: "[redacted]", user_token: "[redacted]", api_key: "[redacted]", page: "2" });
  });

  it("expectExactlyOne throws with the log when the count is not one", async () => {
    await send("/calls", { method: "POST", body: "{}" });
    await send("/calls", { method: "POST", body: "{}" });
    expect(() => front.requests.expectExactlyOne("POST /calls")).toThrow(/expected exactly one "POST \/calls", the mock saw 2/);
    expect(front.requests.count("POST /calls")).toBe(2);
    expect(front.requests.placedCalls()).toBe(2);
  });
});

describe("control routes and connectMock", () => {
  it("add faults, read the log and reset, without the control requests being logged or forwarded", async () => {
    const control = connectMock(`${front.url}/`);
    await control.fault("burst", { match: "GET /calls/{callId}", times: Infinity });
    const listed = (await (await fetch(`${front.url}/__callspec/faults`)).json()) as { faults: unknown[] };
    expect(listed.faults).toEqual([{ mode: "burst", match: "GET /calls/{callId}", times: null, left: null }]);
    for (let i = 0; i < 3; i++) expect(await send("/calls/c-1")).toMatchObject({ status: 503 });
    expect(await control.count("GET /calls/{callId}")).toBe(3);
    await expect(control.expectExactlyOne("GET /calls/{callId}")).rejects.toThrow(/saw 3/);
    await control.reset();
    expect(await send("/calls/c-1")).toMatchObject({ status: 200 });
    expect(await control.requests()).toHaveLength(1);
    expect(seen).toHaveLength(1);
  });

  it("refuses a malformed rule and an unknown route", async () => {
    const bad = await fetch(`${front.url}/__callspec/faults`, { method: "POST", body: JSON.stringify({ mode: "explode" }) });
    expect(bad.status).toBe(400);
    expect((await fetch(`${front.url}/__callspec/nothing`)).status).toBe(404);
    await expect(connectMock(front.url).fault("burst", { status: 9999 })).rejects.toThrow(/status must be an integer from 100 to 599/);
    await expect(connectMock(front.url).fault("burst", { colour: "red" } as never)).rejects.toThrow(/unknown fault parameter .*colour/);
    expect(front.faults.pending()).toEqual([]);
  });
});
