// The mock calling back: a call placed through the facade on @callspec/mock's MessageBird and VoIPstudio
// mocks makes the mock deliver the call flow's fetch, the record step's result and VoIPstudio's events to
// a real node:http receiver built on the facade's own receivers, which verify MessageBird's signature and
// validate every payload against the spec.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type FaultyMock, getAtPointer, loadSpec, resolveSpecPath, startFaultyMock } from "@callspec/mock";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createMessageBird, MESSAGEBIRD_SIGNATURE, receiveMessageBirdWebhook } from "../src/messagebird.js";
import { createVoipstudio, receiveVoipstudioWebhook } from "../src/voipstudio.js";
import { nodeHandler, type WebhookHandler } from "../src/webhooks.js";

const SIGNING_KEY = "test-signing-key-0b6d2f";
const fast = { baseDelayMs: 1, maxDelayMs: 5 };

/** What the receiver took in, verified and validated, per path. */
const received: Array<{ path: string; query: unknown; body: unknown }> = [];
let receiverKey = SIGNING_KEY;
let base = "";

/** The app under test: a call-flow endpoint that records, a record-result endpoint that hangs up, an event sink. */
const app: WebhookHandler = async (request) => {
  const path = new URL(request.url).pathname;
  if (path === "/flow") {
    const { query } = await receiveMessageBirdWebhook(request, "callFlowFetch", { signingKey: receiverKey });
    received.push({ path, query, body: undefined });
    return Response.json({ title: "Survey", steps: [{ action: "record", options: { onFinish: `${base}/recorded`, finishOnKey: "#" } }] });
  }
  if (path === "/recorded") {
    const { query, body } = await receiveMessageBirdWebhook(request, "recordingFinished", { signingKey: receiverKey });
    received.push({ path, query, body });
    return Response.json({ title: "Thanks", steps: [{ action: "hangup" }] });
  }
  const name = path === "/events/connected" ? "callConnected" : "callHangup";
  const { body } = await receiveVoipstudioWebhook(request, name);
  received.push({ path, query: undefined, body });
  return new Response(null, { status: 204 });
};

let receiver: Server;
let mb: FaultyMock;
let vs: FaultyMock;
beforeAll(async () => {
  receiver = createServer(nodeHandler(app));
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  [mb, vs] = await Promise.all([
    startFaultyMock("messagebird-voice", { callbacks: { signingKey: SIGNING_KEY } }),
    startFaultyMock("voipstudio", { callbacks: { url: `${base}/events/connected`, events: ["callConnected"] } }),
  ]);
}, 240_000);
afterAll(async () => {
  await Promise.all([mb?.close(), vs?.close(), new Promise((resolve) => receiver?.close(resolve))]);
});
beforeEach(() => {
  received.length = 0;
  receiverKey = SIGNING_KEY;
  mb.reset();
  vs.reset();
});

const messagebird = () => createMessageBird({ accessKey: "test_callbacks", baseUrl: mb.url, retry: fast });
const placeCall = () =>
  messagebird().POST("/calls", {
    body: { source: "31644556677", destination: "31612345678", callFlow: { steps: [{ action: "fetchCallFlow", options: { url: `${base}/flow` } }] } },
  });

describe("MessageBird callbacks, verified by the facade's receivers", () => {
  it("the call-flow fetch and the record result arrive signed, and pass verifyMessageBirdWebhook and the spec", async () => {
    const { data } = await placeCall();
    const callId = data?.data?.[0]?.id;
    expect(callId).toEqual(expect.any(String));
    const sent = await mb.callbacks.idle();
    expect(sent.map((c) => [c.webhook, c.method, c.status, c.signed])).toEqual([
      ["callFlowFetch", "GET", 200, true],
      ["recordingFinished", "POST", 200, true],
    ]);
    expect(received.map((r) => r.path)).toEqual(["/flow", "/recorded"]);
    expect(received[0]!.query).toEqual({ callID: callId, source: "31644556677", destination: "31612345678" });
    const spec = loadSpec(resolveSpecPath("messagebird-voice"));
    const example = getAtPointer(spec, "#/x-webhooks/recordingFinished/post/requestBody/content/application~1json/example");
    expect(received[1]!.body).toEqual(example);
  });

  it("a receiver holding another signing key refuses them (401), so the signature is really checked", async () => {
    receiverKey = "not-the-key-the-mock-signs-with";
    await placeCall();
    const sent = await mb.callbacks.idle();
    expect(sent.map((c) => [c.webhook, c.status])).toEqual([["callFlowFetch", 401]]);
    expect(received).toEqual([]);
  });

  it("the mock signs as the facade verifies: the spec's x-callspec-signature matches MESSAGEBIRD_SIGNATURE", () => {
    const spec = loadSpec(resolveSpecPath("messagebird-voice"));
    const scheme = getAtPointer(spec, "#/components/securitySchemes/MessageBirdSignatureJwt") as {
      name: string;
      "x-callspec-signature": Record<string, unknown>;
    };
    const { lifetimeSeconds: _lifetime, format, ...data } = scheme["x-callspec-signature"];
    expect(format).toBe("hmac-jwt");
    expect({ header: scheme.name, ...data }).toEqual({ ...MESSAGEBIRD_SIGNATURE, algorithms: [...MESSAGEBIRD_SIGNATURE.algorithms] });
  });
});

describe("VoIPstudio callbacks", () => {
  it("a call placed through the facade posts the chosen event, which receiveVoipstudioWebhook validates", async () => {
    const client = createVoipstudio({ email: "jsmith@example.com", password: "$ecretPas$$", baseUrl: vs.url, retry: fast });
    const { response } = await client.POST("/calls", { body: { to: "441183211001" } });
    expect(response.status).toBeLessThan(300);
    const sent = await vs.callbacks.idle();
    expect(sent.map((c) => [c.webhook, c.method, c.status, c.signed])).toEqual([["callConnected", "POST", 204, false]]);
    expect(received).toEqual([{ path: "/events/connected", query: undefined, body: expect.objectContaining({ event_name: "call.connected" }) }]);
  });
});
