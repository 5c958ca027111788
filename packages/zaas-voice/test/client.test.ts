// createZaasVoiceClient's payload authentication, observed byte for byte at the wire.
import { describe, expect, it } from "vitest";
import { createZaasVoiceClient, type ZaasVoiceClient } from "../src/index.js";

function recorder() {
  const requests: { method: string; url: string; body: string; contentType: string | null }[] = [];
  const fetch = async (request: Request) => {
    requests.push({ method: request.method, url: request.url, body: await request.text(), contentType: request.headers.get("content-type") });
    return new Response(JSON.stringify([{ _id: "5d7bd7d87b2e3252147f8be4" }]), { status: 200, headers: { "content-type": "application/json" } });
  };
  return { requests, fetch };
}

const create = {
  api_key: "OMN-04-2908-000-000000",
  call_destination: "5511980121511",
  call_type: "external",
  call_cid: "554830037656",
  call_recorder: "1",
} as const;

describe("createZaasVoiceClient", () => {
  it("puts the token first in every POST body, then the campaign, then the caller's fields", async () => {
    const { requests, fetch } = recorder();
    const voice = createZaasVoiceClient({ token: "12345", codCampaign: "0", fetch });
    await voice.POST("/Call/Create", { body: create });
    expect(requests[0]!.url).toBe("https://api.flexcontact.com.br/Voice/Call/Create");
    expect(requests[0]!.body.startsWith('{"token":')).toBe(true);
    expect(requests[0]!.body).toBe(
      '{"token":"12345","codCampaign":"0","api_key":"OMN-04-2908-000-000000","call_destination":"5511980121511","call_type":"external","call_cid":"554830037656","call_recorder":"1"}',
    );
    expect(requests[0]!.contentType).toBe("application/json");
  });

  it("keeps a body's own codCampaign and moves a stray token out of the way", async () => {
    const { requests, fetch } = recorder();
    const voice = createZaasVoiceClient({ token: "abc", codCampaign: "0", fetch });
    await voice.POST("/Call/Status", { body: { _id: "x1", codCampaign: "7", token: "stale" } as never });
    expect(requests[0]!.body).toBe('{"token":"abc","codCampaign":"7","_id":"x1"}');
  });

  it("asks a token provider for the current token on every request", async () => {
    const { requests, fetch } = recorder();
    let n = 0;
    const voice = createZaasVoiceClient({ token: async () => `t${++n}`, codCampaign: "0", fetch });
    await voice.POST("/Call/Server", { body: {} });
    await voice.POST("/Call/Server", { body: {} });
    expect(requests.map((r) => JSON.parse(r.body).token)).toEqual(["t1", "t2"]);
  });

  it("sends Login as given, without a token", async () => {
    const { requests, fetch } = recorder();
    await createZaasVoiceClient({ fetch }).POST("/Login", { body: { login: "flex", password: "12345678" } });
    expect(requests[0]!.body).toBe('{"login":"flex","password":"12345678"}');
  });

  it("puts the token in the URL of GET requests", async () => {
    const { requests, fetch } = recorder();
    // No GET is documented for Voice; a future one must still carry the token in its URL.
    const voice = createZaasVoiceClient({ token: "12345", fetch }) as unknown as { GET: (path: string, init: object) => Promise<unknown> };
    await voice.GET("/Call/List", {});
    expect(new URL(requests[0]!.url).searchParams.get("token")).toBe("12345");
  });

  it("refuses, before sending, a call without a token or without a campaign", async () => {
    const { requests, fetch } = recorder();
    await expect(createZaasVoiceClient({ codCampaign: "0", fetch }).POST("/Call/Create", { body: create })).rejects.toThrow(/needs a token/);
    await expect(createZaasVoiceClient({ token: "t", fetch }).POST("/Call/Create", { body: create })).rejects.toThrow(/codCampaign/);
    expect(requests).toHaveLength(0);
  });

  it.each([
    [{ token: "" }, /token/],
    [{ token: "a b" }, /token/],
    [{ token: "t", codCampaign: "" }, /codCampaign/],
    [{ token: "t", baseUrl: "api.flexcontact.com.br" }, /baseUrl/],
  ])("refuses bad options %# with a TypeError naming the option", (options, message) => {
    expect(() => createZaasVoiceClient(options as never)).toThrow(TypeError);
    expect(() => createZaasVoiceClient(options as never)).toThrow(message);
  });

  it("never puts the token in its errors", async () => {
    const secret = "SENTINEL5d7bd5df7b2e3252147f8bd2";
    const voice: ZaasVoiceClient = createZaasVoiceClient({ token: () => `${secret} broken`, codCampaign: "0", fetch: recorder().fetch });
    const error = await voice.POST("/Call/Server", { body: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect(String(error)).not.toContain(secret);
    expect(JSON.stringify(error, Object.getOwnPropertyNames(error))).not.toContain(secret);
  });
});
