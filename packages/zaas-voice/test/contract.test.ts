// Every operation of the ZaaS Voice spec, called through the generated client against a Prism mock of the
// same spec; the seed's example requests are replayed byte for byte. Expected bodies come from the spec
// file (responseExample), never from the client under test. The last test fails when any operation was
// not exercised.
import { createOperationCoverage, responseExample } from "@callspec/mock";
import { describe, expect, inject, it } from "vitest";
import { createZaasVoiceClient } from "../src/index.js";

const vendor = "zaas-voice";
const coverage = createOperationCoverage(vendor);
const baseUrl = inject("mockUrl");
const fetch = coverage.wrapFetch();
const voice = createZaasVoiceClient({ token: "123456", codCampaign: "0", baseUrl, fetch });
const example = (operationId: string, status?: number) => responseExample(vendor, operationId, status);

// The seed's example requests, exactly as printed.
const seed = {
  "/Login": { login: "flex", password: "12345678" },
  "/Call/Server": { token: "123456", codCampaign: "0" },
  "/Call/Create": {
    token: "12345",
    codCampaign: "0",
    api_key: "OMN-04-2908-000-000000",
    call_destination: "5511980121511",
    call_type: "external",
    call_cid: "554830037656",
    call_recorder: "1",
  },
  "/Call/Status": { token: "12345", codCampaign: "0", _id: "5d7bd5df7b2e3252147f8bd2" },
} as const;

async function post(path: string, body: unknown) {
  return fetch(`${baseUrl}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
}

describe("operations through the client", () => {
  it("login", async () => {
    const { data, response } = await createZaasVoiceClient({ baseUrl, fetch }).POST("/Login", { body: seed["/Login"] });
    expect(response.status).toBe(200);
    expect(data).toEqual(example("login"));
  });
  it("getCallServer", async () => {
    const { data, response } = await voice.POST("/Call/Server", { body: {} });
    expect(response.status).toBe(200);
    expect(data).toEqual(example("getCallServer"));
  });
  it("createCall", async () => {
    const { data } = await voice.POST("/Call/Create", {
      body: { api_key: "OMN-04-2908-000-000000", call_destination: "5511980121511", call_type: "external", call_cid: "554830037656", call_recorder: "2" },
    });
    expect(data).toEqual(example("createCall"));
  });
  it("getCallStatus", async () => {
    const { data } = await voice.POST("/Call/Status", { body: { _id: "5d7bd7d87b2e3252147f8be4" } });
    expect(data).toEqual(example("getCallStatus"));
    expect(data?.[0]?.status).toBe("Finished");
  });
  it("Call/Status can answer with the seed's own example", async () => {
    const { data } = await voice.POST("/Call/Status", { body: { _id: "5d7bd7d87b2e3252147f8be4" }, headers: { Prefer: "example=seed" } });
    expect(data).toEqual([
      { _id: "5d7bd7d87b2e3252147f8be4", voice_status: "5d7bd7d87b2e3252147f8be4", voice_code_result: "2", voice_text_result: "No route" },
    ]);
  });
  it("NO_ENDPOINT_REGISTERED comes back as a typed error", async () => {
    const { data, error, response } = await voice.POST("/Call/Create", {
      body: { api_key: "OMN-04-2908-000-000000", call_destination: "5511980121511", call_type: "external", call_cid: "554830037656", call_recorder: "0" },
      headers: { Prefer: "code=400" },
    });
    expect(data).toBeUndefined();
    expect(response.status).toBe(400);
    expect(error).toEqual({ message: "NO_ENDPOINT_REGISTERED" });
  });
});

describe("the seed's example requests, replayed exactly", () => {
  it.each(Object.entries(seed))("%s is accepted", async (path, body) => {
    const response = await post(path, body);
    expect(response.status).toBe(200);
    expect(Array.isArray(await response.json()) || path === "/Login").toBe(true);
  });
});

describe("refused requests", () => {
  it("Call/Create without a token → 4xx", async () => {
    const { token: _omit, ...withoutToken } = seed["/Call/Create"];
    const response = await post("/Call/Create", withoutToken);
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
  });
  it("Call/Create with an invalid call_type → 4xx", async () => {
    const response = await post("/Call/Create", { ...seed["/Call/Create"], call_type: "international" });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
  });
  it("Call/Create with call_recorder as a number → 4xx", async () => {
    const response = await post("/Call/Create", { ...seed["/Call/Create"], call_recorder: 1 });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
  });
});

describe("coverage", () => {
  it("every operation of the spec was exercised", () => {
    expect(coverage.missing()).toEqual([]);
  });
});
