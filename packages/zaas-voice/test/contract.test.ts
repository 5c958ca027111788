// Every operation of the ZaaS Voice spec, called through the generated client against a Prism mock of the
// same spec; the seed's example requests are replayed byte for byte. Expected bodies come from the spec
// file (responseExample), never from the client under test. The requests the client sent are checked against
// the spec's token placement rule, which the mock cannot check. The last test fails when any operation was
// not exercised.
import { createOperationCoverage, responseExample } from "@callspec/mock";
import { describe, expect, inject, it } from "vitest";
import { createZaasVoiceClient } from "../src/index.js";

const vendor = "zaas-voice";
const coverage = createOperationCoverage(vendor);
const baseUrl = inject("mockUrl");
const fetch = coverage.wrapFetch();
/** Every request the clients below sent to the mock, as sent (the raw `post`s of seed bodies are not recorded). */
const sent: { method: string; url: string; body: string }[] = [];
const clientFetch = async (request: Request) => {
  sent.push({ method: request.method, url: request.url, body: await request.clone().text() });
  return fetch(request);
};
const voice = createZaasVoiceClient({ token: "123456", codCampaign: "0", baseUrl, fetch: clientFetch });
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
    const { data, response } = await createZaasVoiceClient({ baseUrl, fetch: clientFetch }).POST("/Login", { body: seed["/Login"] });
    expect(response.status).toBe(200);
    expect(data).toEqual(example("login"));
  });
  it("login again through the client that holds a token (its body must still carry none)", async () => {
    const { data, response } = await voice.POST("/Login", { body: seed["/Login"] });
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

describe("token placement (the spec's rule), on every request the client sent to the mock", () => {
  // Every POST body except Login's carries the token as its FIRST JSON member; Login's carries the login and the
  // password and no token. JSON Schema cannot express member order, so the mock accepts a misplaced token.
  it("the token first in every body but Login's; Login: login and password only, no token", () => {
    const where = (r: (typeof sent)[number]) => `${r.method} ${new URL(r.url).pathname}`;
    expect([...new Set(sent.map(where))].sort()).toEqual(["POST /Call/Create", "POST /Call/Server", "POST /Call/Status", "POST /Login"]);
    expect(sent.filter((r) => where(r) === "POST /Login")).toHaveLength(2); // from a client without a token and one with
    for (const r of sent) {
      expect(new URL(r.url).searchParams.has("token"), `${where(r)}: a POST carries no token in its URL`).toBe(false);
      if (where(r) === "POST /Login") {
        expect(JSON.parse(r.body), `${where(r)} body`).toEqual({ login: seed["/Login"].login, password: seed["/Login"].password });
      } else {
        expect(r.body, `${where(r)} body`).toMatch(/^\{"token":"123456"[,}]/);
      }
    }
  });
});

describe("the seed's example requests, replayed exactly", () => {
  // The spec's "Answers": Call/* answer a JSON array holding one object; Login answers an object carrying the token.
  it.each(Object.entries(seed))("%s is accepted", async (path, body) => {
    const response = await post(path, body);
    expect(response.status).toBe(200);
    const answer = await response.json();
    if (path === "/Login") {
      expect(Array.isArray(answer)).toBe(false);
      expect(answer).toMatchObject({ token: expect.any(String) });
    } else {
      expect(answer).toEqual([expect.any(Object)]);
    }
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
