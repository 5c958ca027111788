// Token sessions: expiry policies under fake time, single-flight logins, shared stores, and the vendor
// session flows (VoIPstudio idle tokens, two-factor, minted API tokens; ZaaS 6-hour tokens) at the wire.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { absoluteExpiry, idleExpiry, MemoryTokenStore, TokenSession } from "../src/index.js";
import { createVoipstudio } from "../src/voipstudio.js";
import { createZaas } from "../src/zaas.js";

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

/** A fake VoIPstudio/ZaaS server as a fetch: counts logins and records the token of every request. */
function fakeServer(options: { loginDelayMs?: number; twoFactor?: boolean } = {}) {
  let logins = 0;
  const seen: { path: string; token: string | null; body?: string }[] = [];
  const fetch = async (request: Request): Promise<Response> => {
    const path = new URL(request.url).pathname.replace(/^\/v1\.2\/voipstudio|^\/Voice/, "");
    const body = request.body ? await request.text() : undefined;
    if (path === "/login" || path === "/Login") {
      logins++;
      if (options.loginDelayMs) await new Promise((r) => setTimeout(r, options.loginDelayMs));
      if (options.twoFactor && path === "/login") return json(202, { nonce: "n-42" });
      return path === "/login"
        ? json(200, { message: "Login success", user_token: `user-token-${logins}`, user_id: 123456 })
        : json(200, { token: `zaas-token-${logins}` });
    }
    if (path === "/login2fa") {
      logins++;
      const { code, nonce } = JSON.parse(body ?? "{}");
      return code === "654321" && nonce === "n-42"
        ? json(200, { user_token: `user-token-${logins}`, user_id: 123456 })
        : json(401, { message: "Invalid code" });
    }
    const token = request.headers.get("x-auth-token") ?? (body ? JSON.parse(body).token : null);
    seen.push({ path, token, ...(body ? { body } : {}) });
    if (path === "/apitokens" && request.method === "POST") return json(201, { data: { token: "minted-api-token", name: "facade" }, links: {} });
    if (path === "/apitokens") return json(200, { data: [], total: 0 });
    return path.startsWith("/Call") ? json(200, [{ _id: "c1", status: "Dialing" }]) : json(200, { data: [], total: 0 });
  };
  return { fetch, seen, logins: () => logins };
}

describe("TokenSession", () => {
  beforeEach(() => vi.useFakeTimers({ now: new Date("2026-11-28T10:00:00Z") }));
  afterEach(() => vi.useRealTimers());

  it("renews an absolute-lifetime token only after lifetime minus margin", async () => {
    let n = 0;
    const session = new TokenSession({ key: "k", policy: absoluteExpiry(6 * 3600_000, 5 * 60_000), login: async () => `t${++n}` });
    expect(await session.getToken()).toBe("t1");
    vi.advanceTimersByTime(5 * 3600_000 + 54 * 60_000);
    expect(await session.getToken()).toBe("t1");
    vi.advanceTimersByTime(60_000);
    expect(await session.getToken()).toBe("t2");
  });

  it("keeps an idle-expiring token alive while it is used, and renews it after 30 idle minutes", async () => {
    let n = 0;
    const session = new TokenSession({ key: "k", policy: idleExpiry(30 * 60_000, 60_000), login: async () => `t${++n}` });
    const token = await session.getToken();
    for (let i = 0; i < 10; i++) {
      vi.advanceTimersByTime(20 * 60_000);
      await session.touch(token);
      expect(await session.getToken()).toBe("t1");
    }
    vi.advanceTimersByTime(29 * 60_000);
    expect(await session.getToken()).toBe("t2");
  });

  it("1,000 concurrent callers that find no valid token share exactly one login", async () => {
    vi.useRealTimers();
    let logins = 0;
    const session = new TokenSession({
      key: "k",
      policy: absoluteExpiry(1000, 0),
      login: async () => {
        logins++;
        await new Promise((r) => setTimeout(r, 20));
        return `t${logins}`;
      },
    });
    const tokens = await Promise.all(Array.from({ length: 1000 }, () => session.getToken()));
    expect(logins).toBe(1);
    expect(new Set(tokens)).toEqual(new Set(["t1"]));
  });

  it("a failed login is shared by the waiting callers and retried by the next one", async () => {
    let calls = 0;
    const session = new TokenSession({
      key: "k",
      policy: absoluteExpiry(1000, 0),
      login: async () => {
        if (++calls === 1) throw new Error("down");
        return "ok";
      },
    });
    const results = await Promise.allSettled([session.getToken(), session.getToken()]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    expect(await session.getToken()).toBe("ok");
    expect(calls).toBe(2);
  });

  it("two sessions sharing a store reuse each other's fresh token instead of logging in again", async () => {
    const store = new MemoryTokenStore();
    let logins = 0;
    const login = async () => `t${++logins}`;
    const a = new TokenSession({ key: "shared", store, policy: absoluteExpiry(60_000, 0), login });
    const b = new TokenSession({ key: "shared", store, policy: absoluteExpiry(60_000, 0), login });
    expect(await a.getToken()).toBe("t1");
    expect(await b.getToken()).toBe("t1");
    await b.invalidate("t1");
    expect(await a.getToken()).toBe("t2");
    expect(await b.getToken()).toBe("t2");
    expect(logins).toBe(2);
  });

  it("invalidating a token another process already replaced does not drop the new one", async () => {
    const store = new MemoryTokenStore();
    let logins = 0;
    const session = new TokenSession({ key: "k", store, policy: absoluteExpiry(60_000, 0), login: async () => `t${++logins}` });
    await session.getToken();
    await session.invalidate("t1");
    await session.getToken();
    await session.invalidate("t1");
    expect(await session.getToken()).toBe("t2");
  });
});

describe("VoIPstudio sessions", () => {
  it("logs in lazily once for 1,000 concurrent requests and sends the user_token on each", async () => {
    const server = fakeServer({ loginDelayMs: 20 });
    const vs = createVoipstudio({ email: "jsmith@example.com", password: "pw-1", fetch: server.fetch, retry: false });
    expect(server.logins()).toBe(0);
    await Promise.all(Array.from({ length: 1000 }, () => vs.GET("/ping", {})));
    expect(server.logins()).toBe(1);
    expect(server.seen).toHaveLength(1000);
    expect(new Set(server.seen.map((s) => s.token))).toEqual(new Set(["user-token-1"]));
  });

  it("logs in again when the session has been idle for 30 minutes", async () => {
    vi.useFakeTimers({ now: new Date("2026-11-28T10:00:00Z") });
    try {
      const server = fakeServer();
      const vs = createVoipstudio({ email: "jsmith@example.com", password: "pw-1", fetch: server.fetch, retry: false });
      await vs.GET("/ping", {});
      vi.advanceTimersByTime(25 * 60_000);
      await vs.GET("/ping", {});
      vi.advanceTimersByTime(25 * 60_000);
      await vs.GET("/ping", {});
      expect(server.logins()).toBe(1);
      vi.advanceTimersByTime(30 * 60_000);
      await vs.GET("/ping", {});
      expect(server.logins()).toBe(2);
      expect(server.seen.map((s) => s.token)).toEqual(["user-token-1", "user-token-1", "user-token-1", "user-token-2"]);
    } finally {
      vi.useRealTimers();
    }
  });

  it("completes a two-factor login with the code from onTwoFactor", async () => {
    const server = fakeServer({ twoFactor: true });
    const challenges: string[] = [];
    const vs = createVoipstudio({
      email: "jsmith@example.com",
      password: "pw-1",
      fetch: server.fetch,
      onTwoFactor: ({ nonce }) => {
        challenges.push(nonce);
        return "654321";
      },
    });
    await vs.GET("/me", {});
    expect(challenges).toEqual(["n-42"]);
    expect(server.seen[0]?.token).toBe("user-token-2");
  });

  it("refuses a two-factor account without onTwoFactor, with an AuthenticationError", async () => {
    const vs = createVoipstudio({ email: "jsmith@example.com", password: "pw-1", fetch: fakeServer({ twoFactor: true }).fetch });
    await expect(vs.GET("/me", {})).rejects.toMatchObject({ name: "AuthenticationError", vendor: "voipstudio" });
  });

  it("mints a long-lived API token after logging in and uses it from then on", async () => {
    const server = fakeServer();
    const vs = createVoipstudio({ email: "jsmith@example.com", password: "pw-1", fetch: server.fetch, apiToken: { name: "facade", expirySeconds: 0 } });
    await vs.GET("/cdrs", {});
    await vs.GET("/cdrs", {});
    const minted = server.seen.filter((s) => s.path === "/cdrs").map((s) => s.token);
    expect(minted).toEqual(["minted-api-token", "minted-api-token"]);
    const create = server.seen.find((s) => s.path === "/apitokens" && s.body);
    expect(JSON.parse(create!.body!)).toEqual({ name: "facade", expiry: 0 });
  });

  it("uses a static API key without logging in", async () => {
    const server = fakeServer();
    const vs = createVoipstudio({ apiKey: "static-key-1", fetch: server.fetch });
    await vs.GET("/cdrs", {});
    expect(server.logins()).toBe(0);
    expect(server.seen[0]?.token).toBe("static-key-1");
    expect(vs.session).toBeUndefined();
  });
});

describe("ZaaS sessions", () => {
  it("logs in lazily, puts the token first in every body, and renews it 5 minutes before 6 hours", async () => {
    vi.useFakeTimers({ now: new Date("2026-11-28T10:00:00Z") });
    try {
      const server = fakeServer();
      const zaas = createZaas({ login: "flex", password: "12345678", codCampaign: "0", fetch: server.fetch });
      await zaas.POST("/Call/Status", { body: { _id: "c1" } });
      vi.advanceTimersByTime(5 * 3600_000 + 50 * 60_000);
      await zaas.POST("/Call/Status", { body: { _id: "c1" } });
      vi.advanceTimersByTime(6 * 60_000);
      await zaas.POST("/Call/Status", { body: { _id: "c1" } });
      expect(server.logins()).toBe(2);
      expect(server.seen.map((s) => s.body)).toEqual([
        '{"token":"zaas-token-1","codCampaign":"0","_id":"c1"}',
        '{"token":"zaas-token-1","codCampaign":"0","_id":"c1"}',
        '{"token":"zaas-token-2","codCampaign":"0","_id":"c1"}',
      ]);
    } finally {
      vi.useRealTimers();
    }
  });

  it("1,000 concurrent status polls share one login", async () => {
    const server = fakeServer({ loginDelayMs: 20 });
    const zaas = createZaas({ login: "flex", password: "12345678", codCampaign: "0", fetch: server.fetch });
    await Promise.all(Array.from({ length: 1000 }, () => zaas.POST("/Call/Status", { body: { _id: "c1" } })));
    expect(server.logins()).toBe(1);
  });

  it("honours a custom refresh margin", async () => {
    vi.useFakeTimers({ now: new Date("2026-11-28T10:00:00Z") });
    try {
      const server = fakeServer();
      const zaas = createZaas({ login: "flex", password: "12345678", codCampaign: "0", fetch: server.fetch, refreshMarginMs: 3600_000 });
      await zaas.POST("/Call/Server", { body: {} });
      vi.advanceTimersByTime(5 * 3600_000);
      await zaas.POST("/Call/Server", { body: {} });
      expect(server.logins()).toBe(2);
    } finally {
      vi.useRealTimers();
    }
  });
});
