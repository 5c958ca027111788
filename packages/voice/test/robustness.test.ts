// Regressions from a review of the facade: escaped secrets, prefetch failures, failing token stores,
// aborts during login, "never sent" detection, concurrent API-token minting, unusable issued tokens,
// unreadable login answers, empty pages, capped pages, `request()`, and timer limits.
import { describe, expect, it } from "vitest";
import {
  AbortedError,
  BadRequestError,
  AuthenticationError,
  MemoryTokenStore,
  paginate,
  ServerError,
  TimeoutError,
  ValidationError,
  type TokenStore,
} from "../src/index.js";
import { failedBeforeSending, isBrokenBody } from "../src/core/network-errors.js";
import { createMessageBird } from "../src/messagebird.js";
import { createVoipstudio } from "../src/voipstudio.js";
import { createZaas } from "../src/zaas.js";

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
const path = (request: Request) => new URL(request.url).pathname.replace(/^\/v1\.2\/voipstudio|^\/Voice/, "");

describe("secrets in escaped forms", () => {
  it("a password with a quote and a backslash, echoed inside a JSON body, is redacted", async () => {
    const password = 'Tr0ub4dor"&3\\x-SENTINEL';
    const vs = createVoipstudio({
      email: "a@example.com",
      password,
      retry: false,
      fetch: async (request) => new Response(`Bad request; ${await request.text()}`, { status: 400 }),
    });
    const error = (await vs.GET("/me", {}).catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(BadRequestError);
    const shown = `${String(error)} ${JSON.stringify(error)}`;
    expect(shown).not.toContain("SENTINEL");
    expect(shown).toContain("[REDACTED]");
  });
});

describe("prefetch", () => {
  it("a prefetched page that fails while the reader is busy surfaces on reading, not as an unhandled rejection", async () => {
    const pages = paginate(
      async (page) => {
        if (page === 2) throw new Error("page 2 failed");
        return { items: ["a", "b"], more: true };
      },
      { prefetch: true },
    );
    const seen: string[] = [];
    const run = (async () => {
      for await (const item of pages) {
        seen.push(item);
        await new Promise((r) => setTimeout(r, 30)); // busy while page 2 fails
      }
    })();
    await expect(run).rejects.toThrow("page 2 failed");
    expect(seen).toEqual(["a", "b"]);
  });

  it("refuses nonsense maxItems and startPage with a ValidationError naming the option", async () => {
    const fetchPage = async () => ({ items: [], more: false });
    await expect(paginate(fetchPage, { maxItems: Number.NaN }).next()).rejects.toMatchObject({ name: "ValidationError", param: "maxItems" });
    await expect(paginate(fetchPage, { startPage: 0 }).next()).rejects.toMatchObject({ name: "ValidationError", param: "startPage" });
    await expect(paginate(fetchPage, { startPage: 1.5 }).next()).rejects.toBeInstanceOf(ValidationError);
  });
});

describe("token stores that fail", () => {
  it("a failing touch does not fail the request; it is logged", async () => {
    const inner = new MemoryTokenStore();
    const store: TokenStore = {
      get: (k) => inner.get(k),
      compareAndSet: (k, e, n) => inner.compareAndSet(k, e, n),
      touch: async () => {
        throw new Error("redis: connection lost");
      },
      acquireLease: (k, h, t) => inner.acquireLease(k, h, t),
      releaseLease: (k, h) => inner.releaseLease(k, h),
    };
    const warnings: string[] = [];
    const vs = createVoipstudio({
      email: "a@example.com",
      password: "pw-123456",
      tokenStore: store,
      logger: { warn: (m) => warnings.push(m) },
      fetch: async (request) => (path(request) === "/login" ? json(200, { user_token: "tok-1", user_id: 1 }) : json(200, { data: { response: "Pong" } })),
    });
    const { data } = await vs.GET("/ping", {});
    expect(data).toEqual({ data: { response: "Pong" } });
    await new Promise((r) => setTimeout(r, 10));
    expect(warnings.some((w) => w.includes("connection lost"))).toBe(true);
  });
});

describe("work per request", () => {
  it("a ZaaS request reads the token store once and still sends the token first", async () => {
    const inner = new MemoryTokenStore();
    let reads = 0;
    const store: TokenStore = {
      get: (k) => {
        reads++;
        return inner.get(k);
      },
      compareAndSet: (k, e, n) => inner.compareAndSet(k, e, n),
      touch: (k, t, a) => inner.touch(k, t, a),
      acquireLease: (k, h, t) => inner.acquireLease(k, h, t),
      releaseLease: (k, h) => inner.releaseLease(k, h),
    };
    const bodies: string[] = [];
    const zaas = createZaas({
      login: "flex",
      password: "12345678",
      codCampaign: "0",
      tokenStore: store,
      fetch: async (request) => {
        if (path(request) === "/Login") return json(200, { token: "tok-1" });
        bodies.push(await request.text());
        return json(200, [{ _id: "c1" }]);
      },
    });
    await zaas.POST("/Call/Status", { body: { _id: "c1" } });
    reads = 0;
    await zaas.POST("/Call/Status", { body: { _id: "c1" } });
    expect(reads).toBe(1);
    expect(bodies).toEqual(['{"token":"tok-1","codCampaign":"0","_id":"c1"}', '{"token":"tok-1","codCampaign":"0","_id":"c1"}']);
  });
});

describe("aborts while logging in", () => {
  const hangingLogin = () => {
    const calls: string[] = [];
    const fetch = (request: Request) => {
      calls.push(path(request));
      return path(request) === "/login" ? new Promise<Response>(() => {}) : Promise.resolve(json(200, {}));
    };
    return { calls, fetch };
  };

  it("a request's deadline ends the wait for a hanging login with a TimeoutError", async () => {
    const { fetch } = hangingLogin();
    const vs = createVoipstudio({ email: "a@example.com", password: "pw-123456", fetch, retry: false });
    const started = Date.now();
    const error = await vs.GET("/me", { signal: AbortSignal.timeout(100) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("a caller's abort ends it with an AbortedError", async () => {
    const { fetch } = hangingLogin();
    const vs = createVoipstudio({ email: "a@example.com", password: "pw-123456", fetch, retry: false });
    const controller = new AbortController();
    const pending = vs.GET("/me", { signal: controller.signal }).catch((e: unknown) => e);
    setTimeout(() => controller.abort(), 50);
    expect(await pending).toBeInstanceOf(AbortedError);
  });
});

describe("never-sent detection", () => {
  const failure = (code: string, syscall: string) => Object.assign(new TypeError("fetch failed"), { cause: Object.assign(new Error(code), { code, syscall }) });

  it("counts connect-time failures only", () => {
    expect(failedBeforeSending(failure("ECONNREFUSED", "connect"))).toBe(true);
    expect(failedBeforeSending(failure("ENOTFOUND", "getaddrinfo"))).toBe(true);
    expect(failedBeforeSending(failure("EHOSTUNREACH", "connect"))).toBe(true);
    // The same code on an established connection: the request may already be on the server.
    expect(failedBeforeSending(failure("EHOSTUNREACH", "read"))).toBe(false);
    expect(failedBeforeSending(failure("ECONNRESET", "read"))).toBe(false);
  });

  // Shapes as Bun 1.4, Deno 2.9 and Chromium report them (the runtime matrix checks them on the real thing).
  it("reads the Bun, Deno and browser shapes of a refused connection", () => {
    const bunRefused = Object.assign(new TypeError("ECONNREFUSED: Unable to connect. Is the computer able to access the url?"), {
      code: "ECONNREFUSED",
      errno: 0,
    });
    const denoRefused = Object.assign(new TypeError("fetch failed"), {
      cause: new Error("error sending request for url (http://127.0.0.1:1/x): client error (Connect): tcp connect error: Connection refused (os error 111)"),
    });
    expect(failedBeforeSending(bunRefused)).toBe(true);
    expect(failedBeforeSending(denoRefused)).toBe(true);
    // A browser cannot tell a refused connection from one that broke after sending.
    expect(failedBeforeSending(new TypeError("Failed to fetch"))).toBe(false);
    expect(failedBeforeSending(Object.assign(new TypeError("ECONNRESET: The socket connection was closed unexpectedly."), { code: "ECONNRESET" }))).toBe(false);
    expect(failedBeforeSending(new TypeError("fetch failed", { cause: new Error("error sending request: connection closed before message completed") }))).toBe(
      false,
    );
  });

  it("reads a body cut short in every runtime's shape", () => {
    const undici = new TypeError("terminated", { cause: Object.assign(new Error("other side closed"), { code: "UND_ERR_SOCKET" }) });
    const bun = Object.assign(new TypeError("ECONNRESET: The socket connection was closed unexpectedly."), { code: "ECONNRESET" });
    const deno = new TypeError("error reading a body from connection");
    const chromium = new TypeError("network error");
    for (const error of [undici, bun, deno, chromium]) expect(isBrokenBody(error)).toBe(true);
    expect(isBrokenBody(new TypeError("Cannot read properties of undefined"))).toBe(false);
    expect(isBrokenBody(new Error("terminated"))).toBe(false);
  });

  it("a call is not placed twice when the route is lost after sending", async () => {
    let calls = 0;
    const mb = createMessageBird({
      accessKey: "test_key",
      retry: { baseDelayMs: 1, maxDelayMs: 2 },
      fetch: async () => {
        calls++;
        throw failure("EHOSTUNREACH", "read");
      },
    });
    const error = await mb
      .POST("/calls", { body: { source: "31644556677", destination: "31612345678", callFlow: { steps: [{ action: "hangup" }] } } })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "ConnectionError" });
    expect(calls).toBe(1);
  });
});

describe("API-token minting shared by several processes", () => {
  it("workers sharing a store never end up with a token another worker revoked", async () => {
    const valid = new Set<string>();
    let minted = 0;
    const fetch = async (request: Request): Promise<Response> => {
      const p = path(request);
      const token = request.headers.get("x-auth-token");
      if (p === "/login") return json(200, { user_token: `user-${Math.random().toString(36).slice(2)}`, user_id: 1 });
      if (p === "/apitokens" && request.method === "GET") return json(200, { data: [...valid].map((t) => ({ token: t, name: "reports" })), total: valid.size });
      if (p.startsWith("/apitokens/") && request.method === "DELETE") {
        valid.delete(decodeURIComponent(p.slice("/apitokens/".length)));
        return new Response(null, { status: 204 });
      }
      if (p === "/apitokens" && request.method === "POST") {
        await new Promise((r) => setTimeout(r, 5));
        const t = `api-${++minted}`;
        valid.add(t);
        return json(201, { data: { token: t, name: "reports" }, links: {} });
      }
      return token && valid.has(token) ? json(200, { data: [], total: 0 }) : json(401, { message: "Unauthorized", errors: [] });
    };
    const store = new MemoryTokenStore();
    const workers = Array.from({ length: 6 }, () =>
      createVoipstudio({ email: "a@example.com", password: "pw-123456", apiToken: { name: "reports", expirySeconds: 0 }, tokenStore: store, fetch }),
    );
    const results = await Promise.allSettled(workers.map((w) => w.GET("/cdrs", {})));
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    // The store's lease: one worker logged in and minted, the others took its token.
    expect(minted).toBe(1);
  });

  it("a worker whose mint revoked the token another one stored meanwhile keeps its own token", async () => {
    const store = new MemoryTokenStore();
    const key = "voipstudio:https://l7api.com/v1.2/voipstudio:a@example.com:apitoken:reports";
    const sent: (string | null)[] = [];
    const fetch = async (request: Request): Promise<Response> => {
      const p = path(request);
      if (p === "/login") return json(200, { user_token: "user-1", user_id: 1 });
      if (p === "/apitokens" && request.method === "GET") return json(200, { data: [], total: 0 });
      if (p === "/apitokens" && request.method === "POST") {
        // Another process (one whose store has no lease) stored its token while we were minting ours;
        // minting ours revoked it, as VoIPstudio keeps one token per name.
        const now = Date.now();
        await store.compareAndSet(key, undefined, { token: "theirs-revoked", obtainedAt: now, lastUsedAt: now });
        return json(201, { data: { token: "ours-1", name: "reports" }, links: {} });
      }
      sent.push(request.headers.get("x-auth-token"));
      return json(200, { data: [], total: 0 });
    };
    const vs = createVoipstudio({ email: "a@example.com", password: "pw-123456", apiToken: { name: "reports", expirySeconds: 0 }, tokenStore: store, fetch });
    await vs.GET("/cdrs", {});
    expect(sent).toEqual(["ours-1"]);
    expect((await store.get(key))?.token).toBe("ours-1");
  });

  it("without minting, a worker adopts the token another one stored meanwhile (it is still good)", async () => {
    const store = new MemoryTokenStore();
    const key = "voipstudio:https://l7api.com/v1.2/voipstudio:a@example.com";
    const sent: (string | null)[] = [];
    const fetch = async (request: Request): Promise<Response> => {
      if (path(request) === "/login") {
        const now = Date.now();
        await store.compareAndSet(key, undefined, { token: "theirs-good", obtainedAt: now, lastUsedAt: now });
        return json(200, { user_token: "ours-1", user_id: 1 });
      }
      sent.push(request.headers.get("x-auth-token"));
      return json(200, { data: [], total: 0 });
    };
    const vs = createVoipstudio({ email: "a@example.com", password: "pw-123456", tokenStore: store, fetch });
    await vs.GET("/cdrs", {});
    expect(sent).toEqual(["theirs-good"]);
  });
});

describe("tokens the server issues", () => {
  it("an unusable token is refused at login, not stored, so the next request logs in again", async () => {
    let logins = 0;
    const zaas = createZaas({
      login: "flex",
      password: "12345678",
      codCampaign: "0",
      fetch: async (request) => (path(request) === "/Login" ? json(200, { token: ++logins === 1 ? "has space" : "good-token" }) : json(200, [{ _id: "c1" }])),
    });
    await expect(zaas.POST("/Call/Server", { body: {} })).rejects.toBeInstanceOf(AuthenticationError);
    await expect(zaas.POST("/Call/Server", { body: {} })).resolves.toMatchObject({ data: [{ _id: "c1" }] });
    expect(logins).toBe(2);
  });

  it("an unreadable login answer from session.getToken() is a ServerError that quotes nothing", async () => {
    const zaas = createZaas({
      login: "flex",
      password: "12345678",
      codCampaign: "0",
      fetch: async () => new Response("SECRET_ZAAS_TOKEN", { status: 200, headers: { "content-type": "application/json" } }),
    });
    const error = (await zaas.session.getToken().catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(ServerError);
    expect(`${String(error)} ${String(error.cause)}`).not.toContain("SECRET");
  });
});

describe("pages", () => {
  it("an empty 2xx page is a ServerError, not a ValidationError", async () => {
    const mb = createMessageBird({ accessKey: "test_key", fetch: async () => new Response(null, { status: 200 }) });
    const error = await mb
      .paginate("/calls")
      .next()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerError);
  });

  it("VoIPstudio pages capped below the limit are followed until total, and startPage counts earlier rows", async () => {
    const total = 2500;
    const pagesAsked: number[] = [];
    const fetch = async (request: Request) => {
      const q = new URL(request.url).searchParams;
      const page = Number(q.get("page"));
      pagesAsked.push(page);
      const cap = 1000; // the server ignores a larger limit
      const rows = Array.from({ length: Math.max(0, Math.min(cap, total - (page - 1) * cap)) }, (_, i) => ({ id: (page - 1) * cap + i }));
      return json(200, { data: rows, total });
    };
    const vs = createVoipstudio({ apiKey: "key-1", fetch });
    let n = 0;
    for await (const _row of vs.paginate("/cdrs", { limit: 5000 })) n++;
    expect(n).toBe(total);
    expect(pagesAsked).toEqual([1, 2, 3]);

    pagesAsked.length = 0;
    const small = createVoipstudio({
      apiKey: "key-1",
      fetch: async (request) => {
        const page = Number(new URL(request.url).searchParams.get("page"));
        pagesAsked.push(page);
        return json(200, { data: Array.from({ length: page <= 5 ? 5 : 0 }, (_, i) => ({ id: page * 10 + i })), total: 25 });
      },
    });
    for await (const _row of small.paginate("/cdrs", { limit: 5, startPage: 3 })) n++;
    expect(pagesAsked).toEqual([3, 4, 5]);
  });
});

describe("request() and limits", () => {
  it("request() goes through the same checks and error mapping as GET", async () => {
    let sent = 0;
    const vs = createVoipstudio({
      apiKey: "key-1",
      fetch: async () => {
        sent++;
        return json(404, { message: "Resource not found", errors: [] });
      },
    });
    await expect(vs.request("get", "/cdrs", { params: { query: { limit: 99999 } } })).rejects.toBeInstanceOf(ValidationError);
    await expect(vs.request("get", "/cdrs", {})).rejects.toMatchObject({ name: "NotFoundError", status: 404 });
    expect(sent).toBe(1);
  });

  it("refuses time limits setTimeout cannot honour", () => {
    expect(() => createMessageBird({ accessKey: "k_1234", timeoutMs: 30 * 24 * 3600_000 })).toThrow(ValidationError);
    expect(() => createMessageBird({ accessKey: "k_1234", retry: { maxRetryAfterMs: 2 ** 40 } })).toThrow(ValidationError);
  });
});
