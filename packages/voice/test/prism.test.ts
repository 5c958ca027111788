// The facade's happy paths against Prism mocks of the three specs: sessions log in against the mock,
// requests pass the mock's schema validation, and answers equal the spec's own examples.
import { responseExample } from "@callspec/mock";
import { describe, expect, inject, it } from "vitest";
import { NotFoundError, ValidationError } from "../src/index.js";
import { createMessageBird } from "../src/messagebird.js";
import { createVoipstudio, filterFor } from "../src/voipstudio.js";
import { createZaas } from "../src/zaas.js";

describe("MessageBird", () => {
  const mb = createMessageBird({ accessKey: "test_facade", baseUrl: inject("messagebirdUrl") });

  it("reads and creates through the typed client", async () => {
    const { data } = await mb.GET("/calls/{callId}", { params: { path: { callId: "f1aa71c0-8f2a-4fe8-b5ef-9a330454ef58" } } });
    expect(data).toEqual(responseExample("messagebird-voice", "getCall"));
    const created = await mb.POST("/call-flows", { body: { steps: [{ action: "hangup" }] } });
    expect(created.response.status).toBe(201);
  });

  it("paginates a list until its last page", async () => {
    const example = responseExample("messagebird-voice", "listCalls") as { data: unknown[] };
    const calls = [];
    for await (const call of mb.paginate("/calls")) calls.push(call);
    expect(calls).toEqual(example.data);
  });

  it("throws a NotFoundError carrying MessageBird's code 13", async () => {
    const error = await mb.GET("/calls/{callId}", { params: { path: { callId: "nope" } }, headers: { Prefer: "code=404" } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ vendor: "messagebird", status: 404 });
    expect((error as NotFoundError).codes).toContain(13);
  });

  it("in result mode returns the error and maps it on request", async () => {
    const results = createMessageBird({ accessKey: "test_facade", baseUrl: inject("messagebirdUrl"), errors: "result" });
    const result = await results.GET("/calls/{callId}", { params: { path: { callId: "nope" } }, headers: { Prefer: "code=404" } });
    expect(result.data).toBeUndefined();
    expect(result.error).toEqual(responseExample("messagebird-voice", "getCall", 404));
    expect(results.toError(result)).toBeInstanceOf(NotFoundError);
  });

  it("downloads a recording as bytes", async () => {
    const { data } = await mb.GET("/recordings/{recordingId}.wav", { params: { path: { recordingId: "r1" } }, parseAs: "arrayBuffer" });
    expect(Buffer.from(data!).subarray(0, 4).toString("latin1")).toBe("RIFF");
  });
});

describe("VoIPstudio", () => {
  const vs = createVoipstudio({ email: "jsmith@example.com", password: "$ecretPas$$", baseUrl: inject("voipstudioUrl") });

  it("logs in against the mock and lists CDRs with a typed filter", async () => {
    const filter = filterFor("/cdrs").where("dst_id", "eq", "123456").and("calldate", "gt", "2018-09-01 00:00:00");
    const { data } = await vs.GET("/cdrs", { params: { query: { filter: filter.toString(), group_by: "src" } } });
    expect(data).toEqual(responseExample("voipstudio", "listCdrs"));
    expect(vs.session).toBeDefined();
  });

  it("pages through CDRs by total", async () => {
    const example = responseExample("voipstudio", "listCdrs") as { data: unknown[]; total: number };
    const rows = [];
    for await (const cdr of vs.paginate("/cdrs", { limit: example.data.length })) rows.push(cdr);
    expect(rows).toHaveLength(example.total);
  });

  it("refuses a bad operator before sending", async () => {
    const bad = JSON.stringify([{ property: "calldate", operator: "between", value: "x" }]);
    const error = await vs.GET("/cdrs", { params: { query: { filter: bad } } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ status: undefined, param: "filter[0].operator" });
  });

  it("downloads a recording as bytes", async () => {
    const { data } = await vs.GET("/monitors/{id}.mp3", { params: { path: { id: 1 } }, parseAs: "arrayBuffer" });
    expect(Buffer.from(data!).subarray(0, 3).toString("latin1")).toBe("ID3");
  });
});

describe("ZaaS", () => {
  const zaas = createZaas({ login: "flex", password: "12345678", codCampaign: "0", baseUrl: inject("zaasUrl") });

  it("logs in, fetches the server settings, places a call and reads its status", async () => {
    const server = await zaas.POST("/Call/Server", { body: {} });
    expect(server.data).toEqual(responseExample("zaas-voice", "getCallServer"));
    const created = await zaas.POST("/Call/Create", {
      body: { api_key: server.data![0]!.api_key!, call_destination: "5511980121511", call_type: "external", call_cid: "554830037656", call_recorder: "0" },
    });
    const status = await zaas.POST("/Call/Status", { body: { _id: created.data![0]!._id } });
    expect(status.data?.[0]?.status).toBe("Finished");
  });
});
