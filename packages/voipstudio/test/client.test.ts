// createVoipstudioClient's own behaviour, observed at the wire through a recording fetch.
import { describe, expect, it } from "vitest";
import { createVoipstudioClient } from "../src/index.js";

function recorder() {
  const requests: Request[] = [];
  const fetch = async (request: Request) => {
    requests.push(request);
    return new Response(JSON.stringify({ data: [], total: 0 }), { status: 200, headers: { "content-type": "application/json" } });
  };
  return { requests, fetch };
}

describe("createVoipstudioClient", () => {
  it("sends the token in X-Auth-Token under the v1.2 base path", async () => {
    const { requests, fetch } = recorder();
    await createVoipstudioClient({ token: "9843211cb48787655cddb080ebdabced", fetch }).GET("/cdrs", {});
    expect(requests[0]!.url).toBe("https://l7api.com/v1.2/voipstudio/cdrs");
    expect(requests[0]!.headers.get("x-auth-token")).toBe("9843211cb48787655cddb080ebdabced");
    expect(requests[0]!.headers.has("authorization")).toBe(false);
  });

  it("sends HTTP Basic user_id:token when asked", async () => {
    const { requests, fetch } = recorder();
    await createVoipstudioClient({ token: "abc123", authMethod: "basic", userId: 123456, fetch }).GET("/me", {});
    expect(requests[0]!.headers.get("authorization")).toBe(`Basic ${Buffer.from("123456:abc123").toString("base64")}`);
    expect(requests[0]!.headers.has("x-auth-token")).toBe(false);
  });

  it("serialises the JSON filter, group_by, paging and sparse fields the way the API reads them", async () => {
    const { requests, fetch } = recorder();
    const filter = JSON.stringify([
      { property: "dst_id", operator: "eq", value: "123456" },
      { property: "calldate", operator: "gt", value: "2018-09-01 00:00:00" },
    ]);
    await createVoipstudioClient({ token: "t", fetch }).GET("/cdrs", {
      params: { query: { filter, group_by: "src", page: 2, limit: 5000, sort: "calldate", dir: "DESC" } },
    });
    const url = new URL(requests[0]!.url);
    expect(JSON.parse(url.searchParams.get("filter")!)).toEqual(JSON.parse(filter));
    expect(url.searchParams.get("group_by")).toBe("src");
    expect(url.searchParams.get("page")).toBe("2");
    expect(url.searchParams.get("limit")).toBe("5000");
    expect(url.searchParams.get("dir")).toBe("DESC");

    await createVoipstudioClient({ token: "t", fetch }).GET("/queues", {
      params: { query: { include: "users", fields: { users: "id,first_name,last_name,status" } } },
    });
    expect(new URL(requests[1]!.url).searchParams.get("fields[users]")).toBe("id,first_name,last_name,status");
  });

  it("without a token, allows /login and refuses anything else before sending it", async () => {
    const { requests, fetch } = recorder();
    const anonymous = createVoipstudioClient({ fetch });
    await anonymous.POST("/login", { body: { email: "jsmith@example.com", password: "$ecretPas$$" } });
    expect(requests).toHaveLength(1);
    expect(requests[0]!.headers.has("x-auth-token")).toBe(false);
    await expect(anonymous.GET("/cdrs", {})).rejects.toThrow(/needs a token/);
    expect(requests).toHaveLength(1);
  });

  it.each([
    [{ token: "" }, /token/],
    [{ token: "two words" }, /token/],
    [{ token: "line\nbreak" }, /token/],
    [{ token: "t", authMethod: "basic" }, /userId/],
    [{ token: "t", authMethod: "bearer" }, /authMethod/],
    [{ token: "t", baseUrl: "l7api.com" }, /baseUrl/],
  ])("refuses bad options %# with a TypeError naming the option", (options, message) => {
    expect(() => createVoipstudioClient(options as never)).toThrow(TypeError);
    expect(() => createVoipstudioClient(options as never)).toThrow(message);
  });

  it("never puts the token in its errors", () => {
    const secret = "SENTINEL0c9d8e7f6a5b4c3d2e1f";
    for (const options of [{ token: secret, authMethod: "basic" }, { token: `${secret} x` }]) {
      try {
        createVoipstudioClient(options as never);
        expect.unreachable();
      } catch (error) {
        expect(String(error)).not.toContain(secret);
        expect(JSON.stringify(error, Object.getOwnPropertyNames(error))).not.toContain(secret);
      }
    }
  });
});
