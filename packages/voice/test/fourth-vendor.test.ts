// "Adding a vendor is a spec, a package and one definition file, without touching core/": Dialtone, an
// invented test-only API (test/fourth-vendor/openapi.yaml), described by one definition file
// (test/fourth-vendor/dialtone.ts), driven against a real Prism mock of its spec and a scripted server.
// Every expected value comes from the spec (its examples) or from the scripted server's script.
import { readFileSync } from "node:fs";
import { startMock, responseExample, type RunningMock } from "@callspec/mock";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AuthenticationError, ConnectionError, NotFoundError, ServerError, ValidationError } from "../src/index.js";
import { compileDialtoneValidators, createDialtone, DIALTONE_SPEC, validatorLoads, type DialtoneOptions } from "./fourth-vendor/dialtone.js";
import { countingFetch, reply, resetAfterBody, resetBeforeBody, startScriptedServer, type ScriptedServer } from "./support/scripted-server.js";
import { failure } from "./support/failure.js";

const fast = { baseDelayMs: 1, maxDelayMs: 5 };
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The spec's own examples, read straight from the YAML. */
const example = {
  token: (responseExample(DIALTONE_SPEC, "login") as { access_token: string }).access_token,
  list: responseExample(DIALTONE_SPEC, "listCalls") as { items: unknown[]; total: number },
  call: responseExample(DIALTONE_SPEC, "getCall"),
  placed: responseExample(DIALTONE_SPEC, "placeCall"),
  notFound: responseExample(DIALTONE_SPEC, "getCall", 404) as { error: { code: string; detail: string } },
  unauthorized: responseExample(DIALTONE_SPEC, "getCall", 401) as { error: { code: string; detail: string } },
};
/** The example of the spec's X-Request-Id header (components.headers.RequestId.example). */
const exampleRequestId = /RequestId:[\s\S]*?example: (\S+)/.exec(readFileSync(DIALTONE_SPEC, "utf8"))![1]!;

describe("Dialtone against a Prism mock of its spec", () => {
  let mock: RunningMock;
  beforeAll(async () => {
    mock = await startMock(DIALTONE_SPEC);
  }, 180_000);
  afterAll(async () => {
    await mock?.close();
  });

  const client = (extra: Partial<DialtoneOptions> = {}) => {
    const counted = countingFetch();
    const dt = createDialtone({ username: "ada", password: "correct-horse", baseUrl: mock.url, retry: fast, fetch: counted.fetch, ...extra });
    const sent = (methodAndPath: string) => counted.calls.filter((c) => `${c.method} ${new URL(c.url).pathname}` === methodAndPath);
    return { dt, calls: counted.calls, sent };
  };

  it("logs in once, then lists with paginate and pages (the spec's items and total), sending the bearer token", async () => {
    const authorizations: (string | null)[] = [];
    const dt = createDialtone({
      username: "ada",
      password: "correct-horse",
      baseUrl: mock.url,
      fetch: (request) => {
        if (new URL(request.url).pathname === "/calls") authorizations.push(request.headers.get("authorization"));
        return globalThis.fetch(request);
      },
    });
    // The mock answers every page with the same example: maxItems and the page cap only stop a paginator
    // that ignored the total, so it fails instead of looping.
    const items = [];
    for await (const call of dt.paginate("/calls", { size: 2, maxItems: 10 })) items.push(call);
    expect(items).toEqual(example.list.items);

    const pages = [];
    for await (const page of dt.pages("/calls", { size: 2 })) if (pages.push(page) >= 5) break;
    expect(pages).toEqual([{ items: example.list.items, more: false, page: 1, total: example.list.total, pageCount: undefined }]);
    expect(authorizations).toEqual([`Bearer ${example.token}`, `Bearer ${example.token}`]);
  });

  it("one login for every request of a client", async () => {
    const { dt, sent } = client();
    await Promise.all([dt.GET("/calls"), dt.GET("/calls/{id}", { params: { path: { id: "call-0001" } } }), dt.GET("/calls")]);
    for await (const _ of dt.paginate("/calls")) void _;
    expect(sent("POST /sessions")).toHaveLength(1);
    expect(sent("GET /calls")).toHaveLength(3);
  });

  it("a success carries { data, response, requestId } with the vendor's X-Request-Id", async () => {
    const { dt } = client();
    const outcome = await dt.GET("/calls/{id}", { params: { path: { id: "call-0001" } } });
    expect(Object.keys(outcome).sort()).toEqual(["data", "requestId", "response"]);
    expect(outcome.data).toEqual(example.call);
    expect(outcome.response).toBeInstanceOf(Response);
    expect(outcome.response.status).toBe(200);
    expect(outcome.requestId).toBe(exampleRequestId);
  });

  it("result mode also carries the requestId", async () => {
    const dt = createDialtone({ username: "ada", password: "correct-horse", baseUrl: mock.url, errors: "result" });
    const result = await dt.GET("/calls/{id}", { params: { path: { id: "nope" } }, headers: { Prefer: "code=404" } });
    expect(result.error).toEqual(example.notFound);
    expect(result.requestId).toBe(exampleRequestId);
  });

  it("an error answer: the envelope { error: { code, detail } } is read into codes and messages, with the requestId", async () => {
    const { dt } = client();
    const error = await failure(dt.GET("/calls/{id}", { params: { path: { id: "call-404" } }, headers: { Prefer: "code=404" } }));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ vendor: "dialtone", status: 404, method: "GET", requestId: exampleRequestId });
    expect(error.codes).toEqual([example.notFound.error.code]);
    expect(error.messages).toEqual([example.notFound.error.detail]);
    expect(error.message).toContain(example.notFound.error.detail);
    expect(error.message).toContain("Dialtone answered HTTP 404");
    expect(error.url).toBe(`${mock.url}/calls/call-404`);
  });

  it("a 401 to the token logs in again once and retries once; a 401 storm ends in AuthenticationError", async () => {
    const { dt, sent } = client();
    await dt.GET("/calls");
    const error = await failure(dt.GET("/calls/{id}", { params: { path: { id: "call-0001" } }, headers: { Prefer: "code=401" } }));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.codes).toEqual([example.unauthorized.error.code]);
    expect(sent("POST /sessions")).toHaveLength(2);
    expect(sent("GET /calls/call-0001")).toHaveLength(2);
  });

  it("POST /calls with a valid body is sent once and answered with the spec's example", async () => {
    const { dt, sent } = client();
    const { data, response, requestId } = await dt.POST("/calls", { body: { to: "15550000001", from: "15559990000" } });
    expect(response.status).toBe(201);
    expect(data).toEqual(example.placed);
    expect(requestId).toBe(exampleRequestId);
    expect(sent("POST /calls")).toHaveLength(1);
  });

  it("POST /calls with an invalid body is refused with a ValidationError before anything is sent", async () => {
    const { dt, calls } = client();
    const sentinel = "SENTINEL-not-digits";
    const error = await failure(dt.POST("/calls", { body: { to: sentinel, from: "15559990000" } }));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ param: "body.to", status: undefined });
    expect(error.message).toContain("pattern");
    expect(`${String(error)} ${JSON.stringify(error)}`).not.toContain(sentinel);
    const missing = await failure(dt.POST("/calls", { body: { to: "15550000001" } as { to: string; from: string } }));
    expect(missing).toMatchObject({ name: "ValidationError", param: "body.from" });
    // Not even the login: the body is checked before the request asks for a token.
    expect(calls).toEqual([]);
  });

  it("the spec-compiled validators know every body the spec declares, and the mock itself refuses the bad number", async () => {
    expect(compileDialtoneValidators().operations).toEqual(["POST /calls", "POST /sessions"]);
    // The same body sent raw reaches Prism and is refused there (400): the local check matches the spec.
    const login = await fetch(`${mock.url}/sessions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"username":"a","password":"b"}',
    });
    const { access_token } = (await login.json()) as { access_token: string };
    const raw = await fetch(`${mock.url}/calls`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${access_token}` },
      body: JSON.stringify({ to: "SENTINEL-not-digits", from: "15559990000" }),
    });
    expect(raw.status).toBe(400);
  });

  it("the validators load lazily: never for reads, once for several call-placing requests", async () => {
    const before = validatorLoads.count;
    const { dt } = client();
    await dt.GET("/calls");
    expect(validatorLoads.count).toBe(before);
    await dt.POST("/calls", { body: { to: "15550000001", from: "15559990000" } });
    await dt.POST("/calls", { body: { to: "15550000002", from: "15559990000" } });
    expect(validatorLoads.count).toBe(before + 1);
  });
});

describe("Dialtone against a scripted server", () => {
  let server: ScriptedServer;
  let logins: number;
  beforeEach(async () => {
    server = await startScriptedServer();
    logins = 0;
    server.route("POST /sessions", () => reply(201, { access_token: `dt-token-${++logins}`, expires_in: 3600 }, { "x-request-id": `login-${logins}` }));
  });
  afterEach(async () => {
    await server.close();
  });
  const dialtone = (extra: Partial<DialtoneOptions> = {}) =>
    createDialtone({ username: "ada", password: "correct-horse", baseUrl: server.url, retry: fast, ...extra });

  /** 5 calls, served `size` at a time by `page`, with the total. */
  const calls = Array.from({ length: 5 }, (_, i) => ({ id: `c-${i + 1}`, to: `1555000000${i}`, from: "15559990000", status: "completed" }));
  const listRoute = () =>
    server.route("GET /calls", (r) => {
      const q = new URL(r.url, server.url).searchParams;
      const page = Number(q.get("page"));
      const size = Number(q.get("size"));
      return reply(200, { items: calls.slice((page - 1) * size, page * size), total: calls.length }, { "x-request-id": `list-${page}` });
    });

  it("pages by page/size until the total is reached, after one login", async () => {
    listRoute();
    const dt = dialtone();
    const items = [];
    for await (const call of dt.paginate("/calls", { size: 2 })) items.push(call);
    expect(items).toEqual(calls);
    const pages = [];
    for await (const page of dt.pages("/calls", { size: 2 })) pages.push({ n: page.items.length, total: page.total, more: page.more });
    expect(pages).toEqual([
      { n: 2, total: 5, more: true },
      { n: 2, total: 5, more: true },
      { n: 1, total: 5, more: false },
    ]);
    expect(server.requestsTo("GET /calls").map((r) => r.url)).toEqual([
      "/calls?size=2&page=1",
      "/calls?size=2&page=2",
      "/calls?size=2&page=3",
      "/calls?size=2&page=1",
      "/calls?size=2&page=2",
      "/calls?size=2&page=3",
    ]);
    expect(server.requestsTo("POST /sessions")).toHaveLength(1);
    // The login itself carries no Authorization; every list request carries the one token.
    expect(server.requestsTo("POST /sessions")[0]!.headers["authorization"]).toBeUndefined();
    expect(new Set(server.requestsTo("GET /calls").map((r) => r.headers["authorization"]))).toEqual(new Set(["Bearer dt-token-1"]));
  });

  it("a page size above the definition's maximum is refused locally, naming `size`", () => {
    const dt = dialtone();
    // Bad paging options throw at once, when paginate is called.
    expect(() => dt.paginate("/calls", { size: 101 })).toThrow(expect.objectContaining({ name: "ValidationError", param: "size" }));
    expect(server.requests).toEqual([]);
  });

  it("a 401 once: logs in again, the retry carries the new token and succeeds", async () => {
    const dt = dialtone();
    server.script([reply(401, { error: { code: "expired", detail: "Token expired" } }), reply(200, calls[0], { "x-request-id": "after-refresh" })]);
    const { data, requestId } = await dt.GET("/calls/{id}", { params: { path: { id: "c-1" } } });
    expect(data).toEqual(calls[0]);
    expect(requestId).toBe("after-refresh");
    expect(server.requestsTo("POST /sessions")).toHaveLength(2);
    expect(server.requestsTo("GET /calls/c-1").map((r) => r.headers["authorization"])).toEqual(["Bearer dt-token-1", "Bearer dt-token-2"]);
  });

  it("POST /calls is never sent twice after a reset (call-placing by the definition), while a GET is retried", async () => {
    const dt = dialtone();
    server.script([], { otherwise: resetAfterBody() });
    const error = await failure(dt.POST("/calls", { body: { to: "15550000001", from: "15559990000" } }));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toContain("not retried");
    await wait(30);
    expect(server.requestsTo("POST /calls")).toHaveLength(1);

    server.script([resetBeforeBody(), reply(200, calls[0])]);
    await expect(dt.GET("/calls/{id}", { params: { path: { id: "c-1" } } })).resolves.toMatchObject({ data: calls[0] });
    expect(server.requestsTo("GET /calls/c-1")).toHaveLength(2);
  });

  it("the requestId is read on errors too (and an error keeps the redacted headers, not the Response)", async () => {
    const dt = dialtone({ retry: false });
    server.script([reply(500, { error: { code: "boom", detail: "Internal trouble" } }, { "x-request-id": "req-500-1" })]);
    const error = await failure(dt.GET("/calls/{id}", { params: { path: { id: "c-1" } } }));
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ requestId: "req-500-1", codes: ["boom"], messages: ["Internal trouble"] });
    expect(error.headers?.["x-request-id"]).toBe("req-500-1");
    expect(Object.values(error).some((v) => v instanceof Response)).toBe(false);
  });

  it("the access token and password never show in errors (secretFields and the session's token)", async () => {
    const dt = dialtone({ retry: false });
    server.script([(r) => reply(400, { error: { code: "echo", detail: `you sent ${r.headers["authorization"]}` }, access_token: "dt-token-1" })]);
    const error = await failure(dt.GET("/calls"));
    const shown = `${String(error)} ${JSON.stringify(error)}`;
    expect(shown).not.toContain("dt-token-1");
    expect(shown).toContain("Bearer [REDACTED]");
    server.route("POST /sessions", (r) => reply(401, { error: { code: "bad", detail: `password ${JSON.parse(r.body!).password} is wrong` } }));
    const refused = await failure(dialtone().GET("/calls"));
    expect(refused).toBeInstanceOf(AuthenticationError);
    expect(`${String(refused)} ${JSON.stringify(refused)}`).not.toContain("correct-horse");
  });
});

describe("nothing vendor-specific in core", () => {
  it("the definition file imports only the public entry point and the definition types from src", () => {
    const source = readFileSync(new URL("./fourth-vendor/dialtone.ts", import.meta.url), "utf8");
    const fromSrc = [...source.matchAll(/from "(\.\.\/\.\.\/src\/[^"]+)"/g)].map((m) => m[1]);
    expect(fromSrc.sort()).toEqual(["../../src/core/vendor.js", "../../src/index.js"]);
  });
});
