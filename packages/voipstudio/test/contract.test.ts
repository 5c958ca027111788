// Every operation of the VoIPstudio spec, called through the generated client against a Prism mock of the
// same spec. Expected bodies are read from the spec file (responseExample), never from the client under
// test. The last test fails when any operation was not exercised.
import { createOperationCoverage, responseExample } from "@callspec/mock";
import createClient from "openapi-fetch";
import { describe, expect, inject, it } from "vitest";
import { createVoipstudioClient, type paths } from "../src/index.js";

const vendor = "voipstudio";
const coverage = createOperationCoverage(vendor);
const baseUrl = inject("mockUrl");
const fetch = coverage.wrapFetch();
const vs = createVoipstudioClient({ token: "9843211cb48787655cddb080ebdabced", baseUrl, fetch });
const example = (operationId: string, status?: number) => responseExample(vendor, operationId, status);
const seedFilter = JSON.stringify([
  { property: "dst_id", operator: "eq", value: "123456" },
  { property: "calldate", operator: "gt", value: "2018-09-01 00:00:00" },
]);

describe("authentication", () => {
  it("login with the seed's request", async () => {
    const anonymous = createVoipstudioClient({ baseUrl, fetch });
    const { data, response } = await anonymous.POST("/login", { body: { email: "jsmith@example.com", password: "$ecretPas$$" } });
    expect(response.status).toBe(200);
    expect(data).toEqual(example("login"));
  });
  it("login answers 202 with a nonce when two-factor is on", async () => {
    const anonymous = createVoipstudioClient({ baseUrl, fetch });
    const { data, response } = await anonymous.POST("/login", {
      body: { email: "jsmith@example.com", password: "$ecretPas$$" },
      headers: { Prefer: "code=202" },
    });
    expect(response.status).toBe(202);
    expect(data).toEqual(example("login", 202));
  });
  it("login2fa", async () => {
    const anonymous = createVoipstudioClient({ baseUrl, fetch });
    const { data } = await anonymous.POST("/login2fa", { body: { code: "123456", nonce: "b3f1c2d4e5" } });
    expect(data).toEqual(example("login2fa"));
  });
  it("getMe and ping", async () => {
    expect((await vs.GET("/me", {})).data).toEqual(example("getMe"));
    expect((await vs.GET("/ping", {})).data).toEqual(example("ping"));
  });
  it("API tokens: list, create (expiry 0 = never), delete", async () => {
    expect((await vs.GET("/apitokens", { params: { query: { filter: JSON.stringify([{ property: "name", operator: "eq", value: "CLI" }]) } } })).data).toEqual(
      example("listApiTokens"),
    );
    const created = await vs.POST("/apitokens", { body: { name: "Example API App", expiry: 0 } });
    expect(created.response.status).toBe(201);
    expect(created.data).toEqual(example("createApiToken"));
    const deleted = await vs.DELETE("/apitokens/{token}", { params: { path: { token: "9843211cb48787655cddb080ebdabced" } } });
    expect(deleted.response.status).toBe(204);
  });
  it("a request without X-Auth-Token is answered 401 with the error envelope", async () => {
    const bare = createClient<paths>({ baseUrl });
    const { data, error, response } = await bare.GET("/cdrs", {});
    expect(data).toBeUndefined();
    expect(response.status).toBe(401);
    expect(error).toEqual(example("listCdrs", 401));
  });
});

describe("calls", () => {
  it("listCalls", async () => {
    expect((await vs.GET("/calls", {})).data).toEqual(example("listCalls"));
  });
  it("createCall (click-to-call)", async () => {
    const { data, response } = await vs.POST("/calls", { body: { from: "123456", to: "34630733730", caller_id: "anonymous" } });
    expect(response.status).toBe(201);
    expect(data).toEqual(example("createCall"));
  });
  it("createCall answers 412 when the agent has no registered phone", async () => {
    const { error, response } = await vs.POST("/calls", { body: { to: "34630733730" }, headers: { Prefer: "code=412" } });
    expect(response.status).toBe(412);
    expect(error).toEqual(example("createCall", 412));
  });
  it("getCall, updateCall, deleteCall", async () => {
    expect((await vs.GET("/calls/{id}", { params: { path: { id: 4278003532 } } })).data).toEqual(example("getCall"));
    const updated = await vs.PATCH("/calls/{id}", { params: { path: { id: 4278003532 } }, body: { dst: "34630733731" } });
    expect(updated.error).toBeUndefined();
    expect((await vs.DELETE("/calls/{id}", { params: { path: { id: 4278003532 } } })).response.status).toBe(204);
  });
  it("createWebcall", async () => {
    const { error, response } = await vs.POST("/webcalls", { body: { from: "34630733730", to: "601" } });
    expect(error).toBeUndefined();
    expect(response.ok).toBe(true);
  });
  it("createLeadcall", async () => {
    const { error, response } = await vs.POST("/leadcalls", {
      body: { caller_id: "34886020705", to: "34630733730", tts: "Hello, you asked us to call you back." },
    });
    expect(error).toBeUndefined();
    expect(response.ok).toBe(true);
  });
});

describe("history", () => {
  it("listCdrs with the seed's filter and group_by=src", async () => {
    const { data, response } = await vs.GET("/cdrs", { params: { query: { filter: seedFilter, page: 1, limit: 5000 } } });
    expect(response.status).toBe(200);
    expect(data).toEqual(example("listCdrs"));
    const grouped = await vs.GET("/cdrs", { params: { query: { group_by: "src" } } });
    expect(grouped.response.status).toBe(200);
  });
  it("limit=5001 is refused with a 4xx", async () => {
    const { error, response } = await vs.GET("/cdrs", { params: { query: { limit: 5001 } } });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(error).toBeDefined();
  });
  it("page=0 is refused with a 4xx", async () => {
    const { response } = await vs.GET("/cdrs", { params: { query: { page: 0 } } });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
  });
  it("getCdr", async () => {
    expect((await vs.GET("/cdrs/{id}", { params: { path: { id: 1 } } })).data).toEqual(example("getCdr"));
  });
  it("listMonitors and downloadMonitor (.mp3 bytes)", async () => {
    expect((await vs.GET("/monitors", {})).data).toEqual(example("listMonitors"));
    const { data, response } = await vs.GET("/monitors/{id}.mp3", { params: { path: { id: 1 } }, parseAs: "arrayBuffer" });
    expect(response.headers.get("content-type")).toMatch(/^audio\/mpeg/);
    expect(Buffer.from(data!).toString("latin1")).toBe(example("downloadMonitor"));
    expect(Buffer.from(data!).subarray(0, 3).toString("latin1")).toBe("ID3");
  });
  it("listConversations", async () => {
    expect((await vs.GET("/conversations", {})).data).toEqual(example("listConversations"));
  });
  it("listChats, getChat, deleteChatMessages", async () => {
    expect((await vs.GET("/chats", {})).data).toEqual(example("listChats"));
    expect((await vs.GET("/chats/{id}", { params: { path: { id: 1 } } })).data).toEqual(example("getChat"));
    expect((await vs.DELETE("/chatmsgs/{ids}", { params: { path: { ids: "1,2,3" } } })).response.status).toBe(204);
  });
});

describe("storage", () => {
  it("sms: list, send, get, delete all", async () => {
    expect((await vs.GET("/sms", {})).data).toEqual(example("listSms"));
    const sent = await vs.POST("/sms", { body: { to: "34630733730", message: "Your appointment is confirmed." } });
    expect(sent.response.status).toBe(201);
    expect(sent.data).toEqual(example("sendSms"));
    expect((await vs.GET("/sms/{id}", { params: { path: { id: 1 } } })).data).toEqual(example("getSms"));
    expect((await vs.DELETE("/sms", {})).response.status).toBe(202);
  });
  it("voice messages: list and download (.mp3 bytes)", async () => {
    expect((await vs.GET("/voicemessages", {})).data).toEqual(example("listVoiceMessages"));
    const { data } = await vs.GET("/voicemessages/{id}.mp3", { params: { path: { id: 1 } }, parseAs: "arrayBuffer" });
    expect(Buffer.from(data!).toString("latin1")).toBe(example("downloadVoiceMessage"));
  });
  it("faxes: list and download (.pdf bytes)", async () => {
    expect((await vs.GET("/faxes", {})).data).toEqual(example("listFaxes"));
    const { data, response } = await vs.GET("/faxes/{id}.pdf", { params: { path: { id: 1 } }, parseAs: "arrayBuffer" });
    expect(response.headers.get("content-type")).toMatch(/^application\/pdf/);
    expect(Buffer.from(data!).subarray(0, 5).toString("latin1")).toBe("%PDF-");
  });
});

describe("customer", () => {
  it("queue groups: list, create, get, update, delete", async () => {
    expect((await vs.GET("/queuegroups", {})).data).toEqual(example("listQueueGroups"));
    const created = await vs.POST("/queuegroups", { body: { name: "Support" } });
    expect(created.response.status).toBe(201);
    expect(created.data).toEqual(example("createQueueGroup"));
    expect((await vs.GET("/queuegroups/{id}", { params: { path: { id: 1 } } })).data).toEqual(example("getQueueGroup"));
    expect((await vs.PATCH("/queuegroups/{id}", { params: { path: { id: 1 } }, body: { name: "Sales" } })).data).toEqual(example("updateQueueGroup"));
    expect((await vs.DELETE("/queuegroups/{id}", { params: { path: { id: 1 } } })).response.status).toBe(204);
  });
  it("deleteCustomer", async () => {
    expect((await vs.DELETE("/customers/{id}", { params: { path: { id: 521156 } } })).response.status).toBe(204);
  });
  it("users: list, get, update", async () => {
    expect((await vs.GET("/users", {})).data).toEqual(example("listUsers"));
    expect((await vs.GET("/users/{id}", { params: { path: { id: 123456 } } })).data).toEqual(example("getUser"));
    const updated = await vs.PATCH("/users/{id}", { params: { path: { id: 123456 } }, body: { dnd: true } });
    expect(updated.error).toBeUndefined();
  });
});

describe("settings", () => {
  it("contacts: list, create, bulk update, get, update", async () => {
    expect((await vs.GET("/contacts", {})).data).toEqual(example("listContacts"));
    const created = await vs.POST("/contacts", { body: { first_name: "Jane", last_name: "Smith", tel: "34630733730" } });
    expect(created.response.status).toBe(201);
    const bulk = await vs.PATCH("/contacts", {
      body: [
        { id: 1, first_name: "Janet" },
        { id: 2, global: true },
      ],
    });
    expect(bulk.error).toBeUndefined();
    // One contact in the single-resource envelope, not a list (voipstudio.de / .es docs, resources/settings).
    expect(bulk.data).toEqual(example("updateContacts"));
    expect((await vs.GET("/contacts/{id}", { params: { path: { id: 1 } } })).data).toEqual(example("getContact"));
    const updated = await vs.PATCH("/contacts/{id}", { params: { path: { id: 1 } }, body: { notes: "prefers mornings" } });
    expect(updated.error).toBeUndefined();
  });
  it("call tracking: campaigns, DDIs, bulk assignment of DDIs to campaigns", async () => {
    expect((await vs.GET("/calltracking/campaigns", {})).data).toEqual(example("listCallTrackingCampaigns"));
    expect((await vs.GET("/calltracking/ddis", {})).data).toEqual(example("listCallTrackingDdis"));
    const assigned = await vs.PATCH("/calltracking/ddis", { body: [{ e164: "34886020705", campaign_id: 4021 }] });
    expect(assigned.response.status).toBe(200);
    expect(assigned.data).toEqual(example("updateCallTrackingDdis"));
  });
  it("queues: list, get, log agents in and out", async () => {
    expect((await vs.GET("/queues", { params: { query: { include: "users", fields: { users: "id,first_name,last_name,status" } } } })).data).toEqual(
      example("listQueues"),
    );
    expect((await vs.GET("/queues/{id}", { params: { path: { id: 1 } } })).data).toEqual(example("getQueue"));
    const patched = await vs.PATCH("/queues/{id}", {
      params: { path: { id: 1 }, query: { include: "users" } },
      body: {
        users: [
          { id: 123456, status: true },
          { id: 123457, status: false },
        ],
      },
    });
    expect(patched.data).toEqual(example("updateQueue"));
  });
});

describe("billing and call-me-back", () => {
  it("transactions: list and download (.pdf bytes)", async () => {
    expect((await vs.GET("/transactions", {})).data).toEqual(example("listTransactions"));
    const { data } = await vs.GET("/transactions/{id}.pdf", { params: { path: { id: 1 } }, parseAs: "arrayBuffer" });
    expect(Buffer.from(data!).subarray(0, 5).toString("latin1")).toBe("%PDF-");
  });
  it("call-me-back settings: list, create, delete", async () => {
    expect((await vs.GET("/callmeback/settings", {})).data).toEqual(example("listCallMeBackSettings"));
    const created = await vs.POST("/callmeback/settings", { body: { name: "Website widget", ddi_e164: "34886020705" } });
    expect(created.error).toBeUndefined();
    expect((await vs.DELETE("/callmeback/settings/{id}", { params: { path: { id: 1 } } })).response.status).toBe(204);
  });
});

describe("coverage", () => {
  it("every operation of the spec was exercised", () => {
    expect(coverage.missing()).toEqual([]);
  });
});
