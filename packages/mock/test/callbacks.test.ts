// The mock calling back, against a scripted upstream standing in for Prism and a local receiver: what a
// placed call makes the mock send (MessageBird's call-flow walk, VoIPstudio's events), how it signs, where it
// refuses to send, and the checks made before a mock starts. The facade's receivers verify the same
// callbacks from real Prism mocks in packages/voice/test/mock-callbacks.test.ts.
import { createHash, createHmac } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CallbackLog } from "../src/callbacks/callback-log.js";
import { createDispatcher } from "../src/callbacks/dispatcher.js";
import { callbackPlansBySpec } from "../src/callbacks/plans/index.js";
import type { CallbackOptions } from "../src/callbacks/types.js";
import { connectMock } from "../src/faults/connect-mock.js";
import { type FrontServer, startFrontServer } from "../src/faults/front-server.js";
import { startFaultyMock } from "../src/faults/start-faulty-mock.js";
import { getAtPointer, loadSpec } from "../src/operation-index.js";
import { resolveSpecPath } from "../src/spec-path.js";

const KEY = "callbacks-test-key-7d1e";
const CALL_ID = "c-0d8f3a";
const specs = { mb: loadSpec(resolveSpecPath("messagebird-voice")), vs: loadSpec(resolveSpecPath("voipstudio")) };

/** What the receiver got, oldest first, and what it answers per path. */
const got: Array<{ method: string; url: string; headers: IncomingHttpHeaders; body: string }> = [];
const answers: Record<string, unknown> = {};
let upstream: Server;
let receiver: Server;
let upstreamUrl = "";
let base = "";

async function listen(server: Server): Promise<string> {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  upstream = createServer((req, res) => {
    req.resume().on("end", () => res.writeHead(201, { "content-type": "application/json" }).end(JSON.stringify({ data: [{ id: CALL_ID }] })));
  });
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      got.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      const answer = answers[new URL(req.url ?? "/", "http://r").pathname];
      if (answer === undefined) return void res.writeHead(204).end();
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(answer));
    });
  });
  [upstreamUrl, base] = await Promise.all([listen(upstream), listen(receiver)]);
});
afterAll(async () => {
  await Promise.all([new Promise((r) => upstream.close(r)), new Promise((r) => receiver.close(r))]);
});
beforeEach(() => {
  got.length = 0;
  for (const key of Object.keys(answers)) delete answers[key];
});

/** A front server before the scripted upstream whose placed calls call back under `options`. */
async function frontWith(spec: "mb" | "vs", options: CallbackOptions): Promise<FrontServer & { callbacks: CallbackLog }> {
  const log = new CallbackLog();
  const plan = callbackPlansBySpec[spec === "mb" ? "messagebird-voice" : "voipstudio"]!;
  const onPlaced = createDispatcher(specs[spec], plan, options, log);
  const front = await startFrontServer({ upstream: upstreamUrl, callPlacing: ["POST /calls"], callbacks: log, onPlaced });
  return Object.assign(front, { callbacks: log });
}

const place = (front: FrontServer, body: unknown) =>
  fetch(`${front.url}/calls`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
const flow = (...steps: unknown[]) => ({ source: "31644556677", destination: "31612345678", callFlow: { steps } });

/** The claims of a JWT after checking its HMAC-SHA256 under `key` (done here with node:crypto, not the mock's code). */
function claimsOf(token: string, key: string): Record<string, unknown> {
  const [head, body, signature] = token.split(".");
  expect(createHmac("sha256", key).update(`${head}.${body}`).digest("base64url")).toBe(signature);
  expect(JSON.parse(Buffer.from(head!, "base64url").toString())).toEqual({ alg: "HS256", typ: "JWT" });
  return JSON.parse(Buffer.from(body!, "base64url").toString()) as Record<string, unknown>;
}
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

describe("MessageBird: the call flow's callbacks", () => {
  it("fetchCallFlow GETs its url with the call's details, signed over the URL as sent; the answered record step POSTs to onFinish", async () => {
    const front = await frontWith("mb", { signingKey: KEY });
    answers["/flow"] = {
      title: "t",
      steps: [
        { action: "say", options: { payload: "hi" } },
        { action: "record", options: { onFinish: `${base}/done?x=1` } },
      ],
    };
    answers["/done"] = { title: "t", steps: [{ action: "hangup" }, { action: "fetchCallFlow", options: { url: `${base}/never` } }] };
    expect((await place(front, flow({ action: "fetchCallFlow", options: { url: `${base}/flow?lang=nl` } }))).status).toBe(201);
    const sent = await front.callbacks.idle();
    expect(sent.map((c) => [c.call, c.webhook, c.method, c.status, c.signed])).toEqual([
      ["POST /calls", "callFlowFetch", "GET", 200, true],
      ["POST /calls", "recordingFinished", "POST", 200, true],
    ]);
    const [fetched, recorded] = got;
    expect(fetched!.url).toBe(`/flow?lang=nl&callID=${CALL_ID}&source=31644556677&destination=31612345678`);
    const fetchClaims = claimsOf(String(fetched!.headers["messagebird-signature-jwt"]), KEY);
    expect(fetchClaims).toMatchObject({ iss: "MessageBird", url_hash: sha256(`${base}${fetched!.url}`), jti: expect.any(String) });
    expect(fetchClaims).not.toHaveProperty("payload_hash");
    expect(Number(fetchClaims["exp"]) - Number(fetchClaims["nbf"])).toBe(60);
    expect(recorded!.url).toBe("/done?x=1");
    expect(JSON.parse(recorded!.body)).toEqual(getAtPointer(specs.mb, "#/x-webhooks/recordingFinished/post/requestBody/content/application~1json/example"));
    expect(claimsOf(String(recorded!.headers["messagebird-signature-jwt"]), KEY)).toMatchObject({ payload_hash: sha256(recorded!.body) });
    await front.close();
  });

  it("a flow that fetches itself stops at maxPerCall, and the log says so", async () => {
    const front = await frontWith("mb", { signingKey: KEY, maxPerCall: 3 });
    answers["/loop"] = { steps: [{ action: "fetchCallFlow", options: { url: `${base}/loop` } }] };
    await place(front, flow({ action: "fetchCallFlow", options: { url: `${base}/loop` } }));
    const sent = await front.callbacks.idle();
    expect(sent).toHaveLength(4);
    expect(sent[3]!.error).toBe("stopped: more than 3 callbacks for one call");
    expect(got).toHaveLength(3);
    await front.close();
  });

  it("sends nothing to a host that is not loopback unless allowHosts names it; logs why", async () => {
    const front = await frontWith("mb", { signingKey: KEY });
    await place(front, flow({ action: "fetchCallFlow", options: { url: "https://ivr.example.com/flow" } }));
    expect(await front.callbacks.idle()).toEqual([
      expect.objectContaining({
        webhook: "callFlowFetch",
        status: undefined,
        error: "not sent: ivr.example.com is not loopback and not in callbacks.allowHosts",
      }),
    ]);
    expect(got).toEqual([]);
    await front.close();
  });

  it("a receiver that is down is logged as not delivered; the call itself was answered", async () => {
    const front = await frontWith("mb", { signingKey: KEY });
    const down = createServer();
    const downUrl = await listen(down);
    await new Promise((r) => down.close(r));
    expect((await place(front, flow({ action: "fetchCallFlow", options: { url: `${downUrl}/flow` } }))).status).toBe(201);
    const [entry] = await front.callbacks.idle();
    expect(entry!.error).toMatch(/^not delivered: fetch failed: ECONNREFUSED$/);
    await front.close();
  });

  it("a reset after the call was accepted still calls back: the vendor placed the call", async () => {
    const front = await frontWith("mb", { signingKey: KEY });
    front.faults.add({ mode: "reset-after-accept", match: "POST /calls" });
    await expect(place(front, flow({ action: "fetchCallFlow", options: { url: `${base}/flow` } }))).rejects.toThrow();
    expect(front.requests.placedCalls()).toBe(1);
    expect((await front.callbacks.idle()).map((c) => c.status)).toEqual([204]);
    await front.close();
  });

  it("the control route lists the callbacks once they are done; reset clears them", async () => {
    const front = await frontWith("mb", { signingKey: KEY });
    const control = connectMock(front.url);
    await place(front, flow({ action: "fetchCallFlow", options: { url: `${base}/flow` } }));
    expect((await control.callbacks()).map((c) => c.webhook)).toEqual(["callFlowFetch"]);
    await control.reset();
    expect(await control.callbacks()).toEqual([]);
    await front.close();
  });

  it("logs callback URLs without userinfo or credential-like query parameters", async () => {
    const front = await frontWith("mb", { signingKey: KEY });
    const secretUrl = `http://hookuser:hookpass@${base.slice("http://".length)}/flow?token=tok-9f2e&lang=nl`;
    await place(front, flow({ action: "fetchCallFlow", options: { url: secretUrl } }));
    const logged = JSON.stringify(await front.callbacks.idle());
    for (const secret of ["hookuser", "hookpass", "tok-9f2e"]) expect(logged).not.toContain(secret);
    expect(logged).toContain("lang=nl");
    await front.close();
  });

  it("a DNS name that merely starts with 127. is not loopback", async () => {
    const front = await frontWith("mb", { signingKey: KEY });
    await place(front, flow({ action: "fetchCallFlow", options: { url: "http://127.attacker.example/flow" } }));
    expect((await front.callbacks.idle()).map((c) => c.error)).toEqual(["not sent: 127.attacker.example is not loopback and not in callbacks.allowHosts"]);
    await front.close();
  });

  it("after a clear, callbacks still in flight from before are not logged; idle() waits at most maxWaitMs", async () => {
    const front = await frontWith("mb", { signingKey: KEY });
    const slow = createServer((_req, res) => void setTimeout(() => res.writeHead(204).end(), 400));
    const slowUrl = await listen(slow);
    await place(front, flow({ action: "fetchCallFlow", options: { url: `${slowUrl}/flow` } }));
    const started = Date.now();
    expect(await front.callbacks.idle(100)).toEqual([]);
    expect(Date.now() - started).toBeLessThan(350);
    front.callbacks.clear();
    expect(await front.callbacks.idle()).toEqual([]);
    await front.close();
    await new Promise((r) => slow.close(r));
  });
});

describe("VoIPstudio: dashboard events", () => {
  it("posts the chosen events to callbacks.url, unsigned, each with the spec's example body", async () => {
    const front = await frontWith("vs", { url: `${base}/hooks`, events: ["callConnected", "callHangup"] });
    await place(front, { to: "441183211001" });
    expect((await front.callbacks.idle()).map((c) => [c.webhook, c.method, c.status, c.signed])).toEqual([
      ["callConnected", "POST", 204, false],
      ["callHangup", "POST", 204, false],
    ]);
    const example = (name: string) => getAtPointer(specs.vs, `#/x-webhooks/${name}/post/requestBody/content/application~1json/example`);
    expect(got.map((g) => [g.url, JSON.parse(g.body), g.headers["content-type"]])).toEqual([
      ["/hooks", example("callConnected"), "application/json"],
      ["/hooks", example("callHangup"), "application/json"],
    ]);
    await front.close();
  });
});

describe("checks before a mock starts (no Prism is started)", () => {
  it.each([
    ["messagebird-voice", {}, "callbacks.signingKey is required: the spec's callFlowFetch webhook is signed (MessageBirdSignatureJwt)"],
    ["voipstudio", {}, "callbacks.url is required: this vendor's webhooks are set up in its dashboard, not in the call request"],
    ["voipstudio", { url: "http://127.0.0.1:1/h", events: ["callStarted"] }, 'callbacks: the spec has no webhook "callStarted" under x-webhooks'],
    ["zaas-voice", {}, "callbacks: zaas-voice has no callback plan (plans: messagebird-voice, voipstudio)"],
  ] as const)("%s with %j: a TypeError", async (vendor, options, message) => {
    await expect(startFaultyMock(vendor, { callbacks: options })).rejects.toThrow(new TypeError(message));
  });
});
