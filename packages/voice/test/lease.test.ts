// The store-level login lease: N clients sharing a token store log in once; a holder that died holds
// the others back only until its lease expires; MemoryTokenStore's lease semantics; and preferOwnToken
// (VoIPstudio API-token minting revokes earlier tokens) when the store has no real lock.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MemoryTokenStore, type TokenStore } from "../src/index.js";
import { createVoipstudio } from "../src/voipstudio.js";
import { createZaas } from "../src/zaas.js";
import { delayed, reply, startScriptedServer, type ScriptedServer } from "./support/scripted-server.js";

const VS_BASE = "/v1.2/voipstudio";
const ZAAS_BASE = "/Voice";
const EMAIL = "jsmith@example.com";
const ZAAS_LOGIN = "zaas-user";

let server: ScriptedServer;
beforeEach(async () => {
  server = await startScriptedServer();
});
afterEach(async () => {
  await server.close();
});

/** `/login` answers `vs-token-1`, `vs-token-2`, … after `delayMs`. */
function vsLogins(delayMs = 0) {
  let n = 0;
  server.route(`POST ${VS_BASE}/login`, () => delayed(Math.max(delayMs, 1), reply(200, { user_token: `vs-token-${++n}`, user_id: 1 })));
}
function zaasLogins(delayMs = 0) {
  let n = 0;
  server.route(`POST ${ZAAS_BASE}/Login`, () => delayed(Math.max(delayMs, 1), reply(200, { token: `zaas-token-${++n}` })));
}
const vsClient = (store: TokenStore) =>
  createVoipstudio({ email: EMAIL, password: "pw-123456", baseUrl: server.url + VS_BASE, tokenStore: store, retry: false });
const zaasClient = (store: TokenStore) =>
  createZaas({ login: ZAAS_LOGIN, password: "12345678", codCampaign: "0", baseUrl: server.url + ZAAS_BASE, tokenStore: store, retry: false });

describe("N clients sharing one store on a cold start", () => {
  it("5 VoIPstudio clients, one request each at the same time → exactly one login; every request carries its token", async () => {
    vsLogins(100);
    server.route(`GET ${VS_BASE}/cdrs`, reply(200, { data: [], total: 0 }));
    const store = new MemoryTokenStore();
    const clients = Array.from({ length: 5 }, () => vsClient(store));
    await Promise.all(clients.map((c) => c.GET("/cdrs", {})));
    expect(server.requestsTo(`POST ${VS_BASE}/login`)).toHaveLength(1);
    expect(server.requestsTo(`GET ${VS_BASE}/cdrs`).map((r) => r.headers["x-auth-token"])).toEqual(Array(5).fill("vs-token-1"));
  });

  it("5 ZaaS clients → exactly one login; every body starts with its token", async () => {
    zaasLogins(100);
    server.route(`POST ${ZAAS_BASE}/Call/Status`, reply(200, [{ _id: "c1", status: "Finished" }]));
    const store = new MemoryTokenStore();
    const clients = Array.from({ length: 5 }, () => zaasClient(store));
    await Promise.all(clients.map((c) => c.POST("/Call/Status", { body: { _id: "c1" } })));
    expect(server.requestsTo(`POST ${ZAAS_BASE}/Login`)).toHaveLength(1);
    for (const r of server.requestsTo(`POST ${ZAAS_BASE}/Call/Status`)) expect(r.body!.startsWith('{"token":"zaas-token-1",')).toBe(true);
  });

  it("a login that fails fails only its holder's request: one waiter then logs in, once, for the others", async () => {
    let n = 0;
    server.route(`POST ${VS_BASE}/login`, () =>
      ++n === 1 ? delayed(50, reply(500, { message: "down" })) : reply(200, { user_token: `vs-token-${n}`, user_id: 1 }),
    );
    server.route(`GET ${VS_BASE}/cdrs`, reply(200, { data: [], total: 0 }));
    const store = new MemoryTokenStore();
    const clients = Array.from({ length: 5 }, () => vsClient(store));
    const results = await Promise.allSettled(clients.map((c) => c.GET("/cdrs", {})));
    expect(results.filter((r) => r.status === "rejected")).toHaveLength(1);
    expect(server.requestsTo(`POST ${VS_BASE}/login`)).toHaveLength(2);
    expect(server.requestsTo(`GET ${VS_BASE}/cdrs`).map((r) => r.headers["x-auth-token"])).toEqual(Array(4).fill("vs-token-2"));
  });
});

describe("a lease holder that died", () => {
  const leaseMs = 200;

  it("VoIPstudio: a request waits for the dead holder's lease to expire (≈200 ms), then logs in once", async () => {
    vsLogins();
    server.route(`GET ${VS_BASE}/cdrs`, reply(200, { data: [], total: 0 }));
    const store = new MemoryTokenStore();
    // The key is the one src/voipstudio.ts uses: voipstudio:<base URL>:<email>.
    const key = `voipstudio:${server.url}${VS_BASE}:${EMAIL}`;
    const started = performance.now();
    expect(await store.acquireLease(key, "dead-holder", leaseMs)).toBe(true);
    const vs = vsClient(store);
    await vs.GET("/cdrs", {});
    const logins = server.requestsTo(`POST ${VS_BASE}/login`);
    expect(logins).toHaveLength(1);
    expect(logins[0]!.at - started).toBeGreaterThanOrEqual(leaseMs - 5);
    expect(logins[0]!.at - started).toBeLessThan(leaseMs + 1_000);
    expect((await store.get(key))?.token).toBe("vs-token-1");
  });

  it("ZaaS: the same, with its key zaas:<base URL>:<login>; three clients waiting log in once between them", async () => {
    zaasLogins();
    server.route(`POST ${ZAAS_BASE}/Call/Status`, reply(200, [{ _id: "c1" }]));
    const store = new MemoryTokenStore();
    const key = `zaas:${server.url}${ZAAS_BASE}:${ZAAS_LOGIN}`;
    const started = performance.now();
    expect(await store.acquireLease(key, "dead-holder", leaseMs)).toBe(true);
    await Promise.all([zaasClient(store), zaasClient(store), zaasClient(store)].map((z) => z.POST("/Call/Status", { body: { _id: "c1" } })));
    const logins = server.requestsTo(`POST ${ZAAS_BASE}/Login`);
    expect(logins).toHaveLength(1);
    expect(logins[0]!.at - started).toBeGreaterThanOrEqual(leaseMs - 5);
    expect(logins[0]!.at - started).toBeLessThan(leaseMs + 1_000);
  });

  it("a token the holder stores before its lease expires is taken without logging in", async () => {
    vsLogins();
    server.route(`GET ${VS_BASE}/cdrs`, reply(200, { data: [], total: 0 }));
    const store = new MemoryTokenStore();
    const key = `voipstudio:${server.url}${VS_BASE}:${EMAIL}`;
    await store.acquireLease(key, "slow-holder", 5_000);
    setTimeout(() => {
      const now = Date.now();
      void store.compareAndSet(key, undefined, { token: "holder-token", obtainedAt: now, lastUsedAt: now });
    }, 60);
    await vsClient(store).GET("/cdrs", {});
    expect(server.requestsTo(`POST ${VS_BASE}/login`)).toHaveLength(0);
    expect(server.requestsTo(`GET ${VS_BASE}/cdrs`)[0]!.headers["x-auth-token"]).toBe("holder-token");
  });
});

describe("MemoryTokenStore lease semantics", () => {
  it("exclusive while it lasts; the holder may renew it", async () => {
    let now = 1_000;
    const store = new MemoryTokenStore({ now: () => now });
    expect(await store.acquireLease("k", "a", 100)).toBe(true);
    expect(await store.acquireLease("k", "b", 100)).toBe(false);
    expect(await store.acquireLease("other-key", "b", 100)).toBe(true);
    now = 1_050;
    expect(await store.acquireLease("k", "a", 100)).toBe(true); // renewed until 1_150
    now = 1_120;
    expect(await store.acquireLease("k", "b", 100)).toBe(false);
  });

  it("expires on the store's clock: refused 1 ms before the end, granted at the end", async () => {
    let now = 0;
    const store = new MemoryTokenStore({ now: () => now });
    expect(await store.acquireLease("k", "a", 200)).toBe(true);
    now = 199;
    expect(await store.acquireLease("k", "b", 200)).toBe(false);
    now = 200;
    expect(await store.acquireLease("k", "b", 200)).toBe(true);
    // b holds it now; a's time is over.
    now = 201;
    expect(await store.acquireLease("k", "a", 200)).toBe(false);
  });

  it("only the holder releases it", async () => {
    const store = new MemoryTokenStore({ now: () => 0 });
    expect(await store.acquireLease("k", "a", 1_000)).toBe(true);
    await store.releaseLease("k", "b");
    expect(await store.acquireLease("k", "c", 1_000)).toBe(false);
    await store.releaseLease("k", "a");
    expect(await store.acquireLease("k", "c", 1_000)).toBe(true);
    // a's release after losing it does not free c's.
    await store.releaseLease("k", "a");
    expect(await store.acquireLease("k", "d", 1_000)).toBe(false);
  });
});

describe("preferOwnToken: API-token minting with a store that has no real lock", () => {
  /**
   * A VoIPstudio server where minting a token of a name revokes the earlier one (only the newest is
   * valid), and the first mint to arrive is answered after the second, so the mints finish in a known
   * order: the mint that arrived first finishes last.
   */
  function mintingServer() {
    let logins = 0;
    let mints = 0;
    let valid: string | undefined;
    server.route(`POST ${VS_BASE}/login`, () => reply(200, { user_token: `user-${++logins}`, user_id: 1 }));
    server.route(`GET ${VS_BASE}/apitokens`, reply(200, { data: [], total: 0 }));
    server.route(`POST ${VS_BASE}/apitokens`, () => {
      const n = ++mints;
      // Mint 1 is answered at +150 ms, mint 2 at +20 ms: mint 2 finishes first, mint 1 last.
      return delayed(n === 1 ? 150 : 20, reply(201, { data: { token: `api-${n}`, name: "reports", expiry: 0 } }));
    });
    const answered: string[] = [];
    return {
      answered,
      /** The server's view: the token minted last is the only one valid. */
      onMintAnswered: (token: string) => {
        answered.push(token);
        valid = token;
      },
      valid: () => valid,
      counts: () => ({ logins, mints }),
    };
  }

  /** A store whose lease is granted to everyone, as a store without a real lock would. */
  function lockless(): TokenStore {
    const inner = new MemoryTokenStore();
    return {
      get: (k) => inner.get(k),
      compareAndSet: (k, e, n) => inner.compareAndSet(k, e, n),
      touch: (k, t, a) => inner.touch(k, t, a),
      acquireLease: async () => true,
      releaseLease: async () => {},
    };
  }

  it("both clients log in and mint; the one whose mint finished last keeps using its own token", async () => {
    const mint = mintingServer();
    server.route(`GET ${VS_BASE}/cdrs`, (r) =>
      r.headers["x-auth-token"] === mint.valid() ? reply(200, { data: [], total: 0 }) : reply(401, { message: "Unauthorized", errors: [] }),
    );
    const store = lockless();
    /** Each client's own fetch, remembering the token its mint returned. */
    const client = () => {
      const own = { minted: undefined as string | undefined, tokens: [] as (string | null)[] };
      const vs = createVoipstudio({
        email: EMAIL,
        password: "pw-123456",
        apiToken: { name: "reports", expirySeconds: 0 },
        baseUrl: server.url + VS_BASE,
        tokenStore: store,
        retry: false,
        fetch: async (request) => {
          const path = new URL(request.url).pathname;
          if (path.endsWith("/cdrs")) own.tokens.push(request.headers.get("x-auth-token"));
          const response = await globalThis.fetch(request);
          if (path.endsWith("/apitokens") && request.method === "POST") {
            own.minted = ((await response.clone().json()) as { data: { token: string } }).data.token;
            mint.onMintAnswered(own.minted);
          }
          return response;
        },
      });
      return { vs, own };
    };
    const a = client();
    const b = client();
    await Promise.all([a.vs.session!.getToken(), b.vs.session!.getToken()]);
    expect(mint.counts()).toEqual({ logins: 2, mints: 2 });
    expect(mint.answered).toEqual(["api-2", "api-1"]);
    const last = [a, b].find((c) => c.own.minted === "api-1")!;
    // The last mint revoked the other's token: the last minter must not adopt that dead token.
    await last.vs.GET("/cdrs", {});
    await last.vs.GET("/cdrs", {});
    expect(last.own.tokens).toEqual(["api-1", "api-1"]);
    expect((await store.get(`voipstudio:${server.url}${VS_BASE}:${EMAIL}:apitoken:reports`))?.token).toBe("api-1");
    expect(mint.counts()).toEqual({ logins: 2, mints: 2 });
  });
});
