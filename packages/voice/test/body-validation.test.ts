// Request bodies checked against the specs (the vendor packages' generated validators) before sending:
// call-placing bodies always, others with `validateRequests: true`. Refused bodies never reach the server
// (nor does a login), the error names the body field and never quotes the value, and the token ZaaS
// carries in its bodies is never reported missing. Enums and patterns are those of specs/*/openapi.yaml.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BadRequestError, ValidationError, type VoiceApiError } from "../src/index.js";
import { createMessageBird } from "../src/messagebird.js";
import { createVoipstudio } from "../src/voipstudio.js";
import { createZaas } from "../src/zaas.js";
import { reply, startScriptedServer, type ScriptedServer } from "./support/scripted-server.js";
import { failure } from "./support/failure.js";

const VS_BASE = "/v1.2/voipstudio";
const ZAAS_BASE = "/Voice";
const SENTINEL = "SENTINEL-body-value-7c1e";
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let server: ScriptedServer;
beforeEach(async () => {
  server = await startScriptedServer();
  server.route(`POST ${VS_BASE}/login`, reply(200, { user_token: "vs-token-1", user_id: 1 }));
  server.route(`POST ${ZAAS_BASE}/Login`, reply(200, { token: "zaas-token-1" }));
});
afterEach(async () => {
  await server.close();
});

/** Refused locally: a ValidationError naming `param`, no status, the value never quoted; nothing sent. */
async function expectRefused(send: Promise<unknown>, param: string, mentions?: string): Promise<VoiceApiError> {
  const error = await failure(send);
  expect(error).toBeInstanceOf(ValidationError);
  expect(error).toMatchObject({ param, status: undefined });
  if (mentions) expect(error.message).toContain(mentions);
  expect(`${String(error)} ${JSON.stringify(error)} ${error.stack}`).not.toContain(SENTINEL);
  await wait(20);
  expect(server.requests).toEqual([]);
  return error;
}

const zaas = (extra: object = {}) =>
  createZaas({ login: "zaas-user", password: "12345678", codCampaign: "0", baseUrl: server.url + ZAAS_BASE, retry: false, ...extra });
const zaasCall = {
  api_key: "OMN-04-2908-000-000000",
  call_destination: "5511980121511",
  call_type: "external",
  call_cid: "554830037656",
  call_recorder: "1",
} as const;
const messagebird = (extra: object = {}) => createMessageBird({ accessKey: "test_key_1234", baseUrl: server.url, retry: false, ...extra });
const mbCall = { source: "31644556677", destination: "31612345678", callFlow: { steps: [{ action: "hangup" as const }] } };
const voipstudio = (extra: object = {}) =>
  createVoipstudio({ email: "a@example.com", password: "pw-123456", baseUrl: server.url + VS_BASE, retry: false, ...extra });

describe("ZaaS POST /Call/Create (call-placing)", () => {
  it('call_type "international" (the spec allows "external" and "internal") → body.call_type; nothing sent, not even the login', async () => {
    const error = await expectRefused(
      zaas().POST("/Call/Create", { body: { ...zaasCall, call_type: "international" as "external" } }),
      "body.call_type",
      '"external", "internal"',
    );
    expect(error.message).not.toContain("international");
  });

  it('call_recorder "3" (the spec allows "0", "1", "2") → body.call_recorder', async () => {
    await expectRefused(zaas().POST("/Call/Create", { body: { ...zaasCall, call_recorder: "3" as "1" } }), "body.call_recorder", '"0", "1", "2"');
  });

  it("a sentinel in an enum and in a patterned field is never quoted", async () => {
    await expectRefused(zaas().POST("/Call/Create", { body: { ...zaasCall, call_type: SENTINEL as "external" } }), "body.call_type");
    await expectRefused(zaas().POST("/Call/Create", { body: { ...zaasCall, call_cid: SENTINEL } }), "body.call_cid", "pattern");
    await expectRefused(zaas().POST("/Call/Create", { body: { ...zaasCall, call_destination: undefined } as never }), "body.call_destination", "required");
  });

  it("the token (which the client puts in) is never reported missing; a valid body is sent once, token first", async () => {
    server.script([reply(200, [{ _id: "5d7bd7d87b2e3252147f8be4" }])]);
    const z = zaas();
    const { data } = await z.POST("/Call/Create", { body: zaasCall });
    expect(data).toEqual([{ _id: "5d7bd7d87b2e3252147f8be4" }]);
    const sent = server.requestsTo(`POST ${ZAAS_BASE}/Call/Create`);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.body).toBe(JSON.stringify({ token: "zaas-token-1", codCampaign: "0", ...zaasCall }));
    const invalid = await failure(z.POST("/Call/Create", { body: { ...zaasCall, call_recorder: "3" as "1" } }));
    expect(invalid).toBeInstanceOf(ValidationError);
    expect((invalid as ValidationError).param).not.toBe("body.token");
    expect(invalid.message).not.toMatch(/token/i);
  });
});

describe("MessageBird POST /calls (call-placing)", () => {
  it("without destination → body.destination, nothing sent", async () => {
    const { destination: _d, ...noDestination } = mbCall;
    await expectRefused(messagebird().POST("/calls", { body: noDestination as typeof mbCall }), "body.destination", "required");
  });

  it("a step whose action is not in the spec's enum → body.callFlow.steps[0].action, the value not quoted", async () => {
    await expectRefused(
      messagebird().POST("/calls", { body: { ...mbCall, callFlow: { steps: [{ action: SENTINEL as "hangup" }] } } }),
      "body.callFlow.steps[0].action",
    );
  });

  it("a valid body is sent once", async () => {
    server.script([reply(201, { data: [{ id: "c-1" }] })]);
    await messagebird().POST("/calls", { body: mbCall });
    const sent = server.requestsTo("POST /calls");
    expect(sent).toHaveLength(1);
    expect(JSON.parse(sent[0]!.body!)).toEqual(mbCall);
  });
});

describe("VoIPstudio POST /calls (call-placing)", () => {
  it("`to` of the wrong type → body.to; nothing sent, not even the login", async () => {
    await expectRefused(voipstudio().POST("/calls", { body: { to: 34630733730 as unknown as string } }), "body.to", "string");
  });

  it("`from` not matching ^[0-9]+$ → body.from, the value not quoted", async () => {
    await expectRefused(voipstudio().POST("/calls", { body: { to: "34630733730", from: SENTINEL } }), "body.from", "pattern");
  });

  it("a valid body is sent once, after one login", async () => {
    server.script([reply(201, { data: { id: 4278003532, state: "RINGING" } })]);
    await voipstudio().POST("/calls", { body: { to: "34630733730", from: "42598" } });
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`POST ${VS_BASE}/login`, `POST ${VS_BASE}/calls`]);
    expect(JSON.parse(server.requests[1]!.body!)).toEqual({ to: "34630733730", from: "42598" });
  });
});

describe("other operations: sent as they are by default, checked with validateRequests: true", () => {
  it("MessageBird POST /call-flows with a bad step: sent (the server refuses it); with validateRequests refused locally", async () => {
    const body = { steps: [{ action: SENTINEL as "hangup" }] };
    server.script([reply(422, { errors: [{ code: 9, description: "bad step" }] })]);
    const answered = await failure(messagebird().POST("/call-flows", { body }));
    expect(answered).toBeInstanceOf(BadRequestError);
    expect(server.requestsTo("POST /call-flows")).toHaveLength(1);
    server.reset();
    await expectRefused(messagebird({ validateRequests: true }).POST("/call-flows", { body }), "body.steps[0].action");
  });

  it("ZaaS POST /Call/Status with a numeric _id: sent by default; refused (body._id) with validateRequests", async () => {
    server.script([reply(400, { error: "bad id" })]);
    await failure(zaas().POST("/Call/Status", { body: { _id: 42 as unknown as string } }));
    expect(server.requestsTo(`POST ${ZAAS_BASE}/Call/Status`)).toHaveLength(1);
    server.reset();
    await expectRefused(zaas({ validateRequests: true }).POST("/Call/Status", { body: { _id: 42 as unknown as string } }), "body._id", "string");
  });

  it("VoIPstudio POST /contacts with a numeric first_name: sent by default; refused with validateRequests", async () => {
    server.route(`POST ${VS_BASE}/login`, reply(200, { user_token: "vs-token-1", user_id: 1 }));
    server.script([reply(400, { message: "Validation failed", errors: [] })]);
    await failure(voipstudio().POST("/contacts", { body: { first_name: 5 } as never }));
    expect(server.requestsTo(`POST ${VS_BASE}/contacts`)).toHaveLength(1);
    server.reset();
    await expectRefused(voipstudio({ validateRequests: true }).POST("/contacts", { body: { first_name: 5 } as never }), "body.first_name");
  });

  it("with validateRequests, a valid body still goes (ZaaS: its token not reported missing)", async () => {
    server.route(`POST ${ZAAS_BASE}/Login`, reply(200, { token: "zaas-token-1" }));
    server.script([reply(200, [{ _id: "c1", status: "Finished" }])]);
    const { data } = await zaas({ validateRequests: true }).POST("/Call/Status", { body: { _id: "c1" } });
    expect(data).toEqual([{ _id: "c1", status: "Finished" }]);
    expect(server.requestsTo(`POST ${ZAAS_BASE}/Call/Status`)[0]!.body).toBe('{"token":"zaas-token-1","codCampaign":"0","_id":"c1"}');
  });
});
