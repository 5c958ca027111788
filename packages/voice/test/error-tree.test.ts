// The error tree: literal names, the hierarchy, what every error from a real failing request names, the
// detail of an answer outside the vendor's envelope (a Prism problem document), and bad local input.
import { afterEach, beforeEach, describe, expect, inject, it } from "vitest";
import {
  AbortedError,
  ApiStatusError,
  AuthenticationError,
  BadRequestError,
  ConnectionError,
  NotFoundError,
  PermissionError,
  RateLimitError,
  ServerError,
  TimeoutError,
  ValidationError,
  VoiceApiError,
} from "../src/index.js";
import { createMessageBird } from "../src/messagebird.js";
import { createVoipstudio, FilterError, filterFor } from "../src/voipstudio.js";
import { createZaas } from "../src/zaas.js";
import { closedPortUrl, hang, html, reply, resetAfterBody, startScriptedServer, type ScriptedServer, type Step } from "./support/scripted-server.js";
import { failure } from "./support/failure.js";

const fast = { baseDelayMs: 1, maxDelayMs: 5 };
const ZAAS_BASE = "/Voice";
const VS_BASE = "/v1.2/voipstudio";

type ErrorClass = abstract new (...args: never[]) => Error;

describe("names", () => {
  const classes: [ErrorClass, string][] = [
    [VoiceApiError, "VoiceApiError"],
    [ValidationError, "ValidationError"],
    [FilterError, "FilterError"],
    [ApiStatusError, "ApiStatusError"],
    [BadRequestError, "BadRequestError"],
    [AuthenticationError, "AuthenticationError"],
    [PermissionError, "PermissionError"],
    [NotFoundError, "NotFoundError"],
    [RateLimitError, "RateLimitError"],
    [ServerError, "ServerError"],
    [ConnectionError, "ConnectionError"],
    [TimeoutError, "TimeoutError"],
    [AbortedError, "AbortedError"],
  ];
  for (const [Class, literal] of classes) {
    it(`${literal}: name is the literal "${literal}", own to its prototype (not the class's, which a minifier renames)`, () => {
      const error =
        Class === FilterError
          ? new FilterError("filter[0].operator", "bad")
          : new (Class as unknown as new (init: { vendor: string; message: string }) => Error)({ vendor: "test", message: "m" });
      expect(error.name).toBe(literal);
      expect(Object.getOwnPropertyDescriptor(Class.prototype, "name")?.value).toBe(literal);
      expect(String(error).startsWith(`${literal}: `)).toBe(true);
      expect(error.stack?.startsWith(`${literal}: `)).toBe(true);
      expect((error as VoiceApiError).toJSON().name).toBe(literal);
    });
  }
});

describe("hierarchy", () => {
  it("ValidationError (with FilterError) is local input; ApiStatusError is an answer; TimeoutError is a ConnectionError; AbortedError is neither", () => {
    const make = (Class: new (init: { vendor: string; message: string }) => VoiceApiError) => new Class({ vendor: "test", message: "m" });
    const filter = new FilterError("filter", "bad");
    expect(filter).toBeInstanceOf(ValidationError);
    expect(filter).toBeInstanceOf(VoiceApiError);
    expect(filter).not.toBeInstanceOf(ApiStatusError);

    const timeout = make(TimeoutError);
    expect(timeout).toBeInstanceOf(ConnectionError);
    expect(timeout).toBeInstanceOf(VoiceApiError);
    expect(timeout).not.toBeInstanceOf(ApiStatusError);

    const aborted = make(AbortedError);
    expect(aborted).toBeInstanceOf(VoiceApiError);
    expect(aborted).not.toBeInstanceOf(ConnectionError);
    expect(aborted).not.toBeInstanceOf(TimeoutError);
    expect(aborted).not.toBeInstanceOf(ApiStatusError);

    for (const Class of [BadRequestError, AuthenticationError, PermissionError, NotFoundError, RateLimitError, ServerError]) {
      const error = make(Class);
      expect(error, Class.name).toBeInstanceOf(ApiStatusError);
      expect(error, Class.name).toBeInstanceOf(VoiceApiError);
      expect(error, Class.name).not.toBeInstanceOf(ValidationError);
      expect(error, Class.name).not.toBeInstanceOf(ConnectionError);
    }
    expect(make(ValidationError)).not.toBeInstanceOf(ApiStatusError);
    expect(make(ConnectionError)).not.toBeInstanceOf(TimeoutError);
    expect(make(VoiceApiError)).toBeInstanceOf(Error);
  });
});

describe("every error from a real failing request names its method and redacted URL", () => {
  let server: ScriptedServer;
  beforeEach(async () => {
    server = await startScriptedServer();
  });
  afterEach(async () => {
    await server.close();
  });

  const TOKEN = "zaas-SENTINEL-token-in-the-url";
  const zaas = (extra: object = {}) => {
    server.route(`POST ${ZAAS_BASE}/Login`, reply(200, { token: TOKEN }));
    const client = createZaas({
      login: "flex",
      password: "12345678",
      codCampaign: "0",
      baseUrl: server.url + ZAAS_BASE,
      retry: fast,
      logLevel: "off",
      ...extra,
    });
    // No GET is in the ZaaS spec; the client sends one with the token as a URL parameter.
    return client as unknown as { GET(path: string, init?: object): Promise<unknown>; POST(path: string, init?: object): Promise<unknown> };
  };
  const get = (z: ReturnType<typeof zaas>, init: object = {}) => z.GET("/Call/History", { params: { query: { page: 1 } }, ...init });

  const cases: { name: string; step: Step; Class: ErrorClass; extra?: object }[] = [
    { name: "400", step: reply(400, { message: "bad" }), Class: BadRequestError },
    { name: "401 (after one refresh)", step: reply(401, { message: "no" }), Class: AuthenticationError },
    { name: "403", step: reply(403, { message: "no" }), Class: PermissionError },
    { name: "404", step: reply(404, { message: "none" }), Class: NotFoundError },
    { name: "429 with a long Retry-After", step: reply(429, {}, { "retry-after": "3600" }), Class: RateLimitError },
    { name: "500", step: reply(500, { message: "boom" }), Class: ServerError },
    { name: "an HTML 502", step: html(502, "<html>bad gateway</html>"), Class: ServerError },
    { name: "a reset", step: resetAfterBody(), Class: ConnectionError },
    { name: "a hang past timeoutMs", step: hang(), Class: TimeoutError, extra: { timeoutMs: 60 } },
  ];
  for (const c of cases) {
    it(`ZaaS GET answered with ${c.name} → ${c.Class.name} naming GET and the URL with token=[REDACTED]`, async () => {
      server.script([], { otherwise: c.step });
      const error = await failure(get(zaas(c.extra)));
      expect(error).toBeInstanceOf(c.Class);
      expect(error.method).toBe("GET");
      expect(error.url).toBe(`${server.url}${ZAAS_BASE}/Call/History?page=1&token=[REDACTED]`);
      expect(error.message).toContain(`GET ${server.url}${ZAAS_BASE}/Call/History?page=1&token=[REDACTED]`);
      expect(error.request).toBe(`GET ${error.url}`);
      expect(JSON.stringify(error)).not.toContain(TOKEN);
      // The request really carried the token.
      expect(server.requests.some((r) => r.method === "GET" && r.url.includes(`token=${TOKEN}`))).toBe(true);
    });
  }

  it("ZaaS GET aborted by the caller → AbortedError naming GET and the redacted URL", async () => {
    server.script([], { otherwise: hang() });
    const controller = new AbortController();
    const pending = failure(get(zaas(), { signal: controller.signal }));
    await expect.poll(() => server.requests.some((r) => r.method === "GET"), { timeout: 5_000 }).toBe(true);
    controller.abort();
    const error = await pending;
    expect(error).toBeInstanceOf(AbortedError);
    expect(error).toMatchObject({ method: "GET", url: `${server.url}${ZAAS_BASE}/Call/History?page=1&token=[REDACTED]` });
  });

  it("a refused connection → ConnectionError naming the method and URL", async () => {
    const dead = await closedPortUrl();
    const mb = createMessageBird({ accessKey: "test_key_1234", baseUrl: dead, retry: fast });
    const error = await failure(mb.GET("/calls/{callId}", { params: { path: { callId: "c-1" } } }));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ method: "GET", url: `${dead}/calls/c-1`, attempts: 3 });
  });

  it("a failed login names the login request (POST /Login), its password redacted", async () => {
    server.route(`POST ${ZAAS_BASE}/Login`, (r) => reply(403, { message: `refused ${r.body}` }));
    const z = createZaas({ login: "flex", password: "SENTINEL-login-pw", codCampaign: "0", baseUrl: server.url + ZAAS_BASE, retry: false });
    const error = await failure(z.POST("/Call/Status", { body: { _id: "c1" } }));
    expect(error).toBeInstanceOf(PermissionError);
    expect(error).toMatchObject({ method: "POST", url: `${server.url}${ZAAS_BASE}/Login` });
    expect(`${String(error)} ${JSON.stringify(error)}`).not.toContain("SENTINEL-login-pw");
  });

  it("a body refused locally names the method and the path", async () => {
    const mb = createMessageBird({ accessKey: "test_key_1234", baseUrl: server.url });
    const error = await failure(mb.POST("/calls", { body: { source: "31644556677", callFlow: { steps: [{ action: "hangup" }] } } as never }));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ method: "POST", url: "/calls", param: "body.destination" });
    expect(server.requests).toEqual([]);
  });
});

describe("an answer outside the vendor's envelope keeps its detail (Prism's problem document)", () => {
  // Prism answers a `Prefer: code=429` for a status the spec does not define with a 404 problem+json whose
  // detail says so: not the vendor's envelope, and the error must still say what the answer said.
  const prismDetail = "Requested status code 429 is not defined in the document.";

  it("MessageBird", async () => {
    const mb = createMessageBird({ accessKey: "test_facade", baseUrl: inject("messagebirdUrl"), retry: false });
    const error = await failure(mb.GET("/calls/{callId}", { params: { path: { callId: "c-1" } }, headers: { Prefer: "code=429" } }));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.status).toBe(404);
    expect(error.message).toContain(prismDetail);
    expect(error.messages).toContain(prismDetail);
    expect(error.codes).toEqual([]);
  });

  it("VoIPstudio", async () => {
    const vs = createVoipstudio({ email: "jsmith@example.com", password: "$ecretPas$$", baseUrl: inject("voipstudioUrl"), retry: false });
    const error = await failure(vs.GET("/cdrs", { headers: { Prefer: "code=429" } }));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toContain(prismDetail);
  });

  it("ZaaS", async () => {
    const z = createZaas({ login: "flex", password: "12345678", codCampaign: "0", baseUrl: inject("zaasUrl"), retry: false });
    const error = await failure(z.POST("/Call/Server", { body: {}, headers: { Prefer: "code=429" } }));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toContain(prismDetail);
  });
});

describe("bad local input", () => {
  const noFetch = async (): Promise<Response> => {
    throw new Error("nothing may be sent");
  };

  it("paginate with maxItems: -1 or startPage: 0 → ValidationError naming the option, nothing sent", async () => {
    const mb = createMessageBird({ accessKey: "test_key_1234", fetch: noFetch });
    const vs = createVoipstudio({ apiKey: "vs-key-1234", fetch: noFetch });
    const thrown = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return error;
      }
      return undefined;
    };
    for (const [options, param] of [
      [{ maxItems: -1 }, "maxItems"],
      [{ maxItems: 1.5 }, "maxItems"],
      [{ startPage: 0 }, "startPage"],
      [{ startPage: -3 }, "startPage"],
    ] as const) {
      for (const error of [
        thrown(() => mb.paginate("/calls", options)),
        thrown(() => vs.paginate("/cdrs", options)),
        thrown(() => mb.pages("/calls", options)),
      ]) {
        expect(error).toBeInstanceOf(ValidationError);
        expect(error).toMatchObject({ param, status: undefined });
      }
    }
  });

  it('VoIPstudio limit: 5001 → ValidationError param "limit" (in paginate and in a plain GET)', async () => {
    const vs = createVoipstudio({ apiKey: "vs-key-1234", fetch: noFetch });
    expect(() => vs.paginate("/cdrs", { limit: 5001 })).toThrow(expect.objectContaining({ name: "ValidationError", param: "limit" }));
    const error = await failure(vs.GET("/cdrs", { params: { query: { limit: 5001 } } }));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ param: "limit", status: undefined });
  });

  it("a bad filter → FilterError, a ValidationError, before sending", async () => {
    const vs = createVoipstudio({ apiKey: "vs-key-1234", fetch: noFetch });
    const builder = filterFor("/cdrs") as unknown as { where(property: string, operator: string, value: unknown): unknown };
    expect(() => builder.where("calldate", "between", "x")).toThrow(FilterError);
    const error = await failure(vs.GET("/cdrs", { params: { query: { filter: '[{"property":"calldate","operator":"between","value":"x"}]' } } }));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ param: "filter[0].operator" });
  });

  it("a path for a single resource → ValidationError naming path", () => {
    const mb = createMessageBird({ accessKey: "test_key_1234", fetch: noFetch });
    expect(() => (mb as unknown as { paginate(p: string): unknown }).paginate("/calls/{callId}")).toThrow(
      expect.objectContaining({ name: "ValidationError", param: "path" }),
    );
  });

  it("VoIPstudio's collection check is on the login client too (nothing sent, not even the login)", async () => {
    const sent: string[] = [];
    const vs = createVoipstudio({
      email: "a@example.com",
      password: "pw-123456",
      baseUrl: `http://127.0.0.1:1${VS_BASE}`,
      fetch: async (r) => {
        sent.push(r.url);
        return new Response("{}");
      },
    });
    const error = await failure(vs.GET("/cdrs", { params: { query: { limit: 0 } } }));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ param: "limit" });
    expect(sent).toEqual([]);
  });
});
