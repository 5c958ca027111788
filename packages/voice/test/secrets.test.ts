// Sentinel test: clients are created with recognisable secrets (access key, passwords, tokens, API keys),
// every error path is driven against a scripted server, most of which echoes back what it received, and
// no sentinel may appear in the error (String, message, stack, JSON, util.inspect) or in any log line.
import { randomBytes } from "node:crypto";
import { inspect } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ErrorMode } from "../src/index.js";
import { createMessageBird, type MessageBirdOptions } from "../src/messagebird.js";
import { createVoipstudio, type VoipstudioOptions } from "../src/voipstudio.js";
import { createZaas, type ZaasOptions } from "../src/zaas.js";
import {
  AbortedError,
  BadRequestError,
  AuthenticationError,
  ConnectionError,
  NotFoundError,
  PermissionError,
  RateLimitError,
  ServerError,
  TimeoutError,
  ValidationError,
  type VoiceApiError,
} from "../src/index.js";
import {
  closedPortUrl,
  hang,
  html,
  partialThenReset,
  raw,
  reply,
  resetAfterBody,
  resetBeforeBody,
  startScriptedServer,
  type RecordedRequest,
  type ScriptedServer,
  type Step,
} from "./support/scripted-server.js";
import { failure } from "./support/failure.js";

const tag = randomBytes(6).toString("hex");
const S = {
  mbKey: `live_SENTINEL_MB_${tag}`,
  vsPassword: `SENTINEL_PW_VS_${tag}`,
  vsToken: `SENTINEL_TOKEN_VS_${tag}`,
  vsApiKey: `SENTINEL_APIKEY_VS_${tag}`,
  vsOldApiToken: `SENTINEL_OLD_APITOKEN_VS_${tag}`,
  vsNewApiToken: `SENTINEL_NEW_APITOKEN_VS_${tag}`,
  zaasPassword: `SENTINEL_PW_ZAAS_${tag}`,
  zaasToken: `SENTINEL_TOKEN_ZAAS_${tag}`,
} as const;
const SENTINELS = Object.values(S);

const fast = { baseDelayMs: 1, maxDelayMs: 5 };
const VS_BASE = "/v1.2/voipstudio";
const ZAAS_BASE = "/Voice";

let server: ScriptedServer;
let lines: string[];
const logger = {
  debug: (message: string) => lines.push(`debug: ${message}`),
  warn: (message: string) => lines.push(`warn: ${message}`),
};

beforeEach(async () => {
  lines = [];
  server = await startScriptedServer();
});
afterEach(async () => {
  await server.close();
});

// ---------------------------------------------------------------------------------------------------------
// Checks

/** Every way an error is commonly shown or shipped to a log service. */
function renderings(error: unknown): Record<string, string> {
  const e = error as Error | undefined;
  return {
    "String(error)": String(e),
    "error.message": String(e?.message),
    "error.stack": String(e?.stack),
    "JSON.stringify(error)": String(JSON.stringify(e)),
    "util.inspect(error, { depth: 10 })": inspect(e, { depth: 10 }),
  };
}

function expectNoSentinel(error: unknown): void {
  for (const [where, text] of Object.entries(renderings(error))) {
    for (const sentinel of SENTINELS) expect(text, `${where} contains ${sentinel}`).not.toContain(sentinel);
  }
  for (const line of lines) {
    for (const sentinel of SENTINELS) expect(line, `a log line contains ${sentinel}`).not.toContain(sentinel);
  }
}

/** The server did receive the secret (so an echo of it was possible and the check is not vacuous). */
function expectServerSaw(secret: string): void {
  const seen = server.requests.some((r) => r.url.includes(secret) || (r.body ?? "").includes(secret) || JSON.stringify(r.headers).includes(secret));
  expect(seen, `the server never received ${secret}`).toBe(true);
}

function expectLogged(pattern: RegExp): void {
  expect(
    lines.some((l) => pattern.test(l)),
    `no log line matches ${pattern}:\n${lines.join("\n")}`,
  ).toBe(true);
}

/** Runs a request that must fail, then checks the error's class, that no sentinel leaked, and the logs. */
async function expectSafeFailure(
  send: () => Promise<unknown>,
  expected: { Class?: abstract new (...args: never[]) => Error; logged?: RegExp } = {},
): Promise<VoiceApiError> {
  const error = await failure(send());
  if (expected.Class) expect(error).toBeInstanceOf(expected.Class);
  expectNoSentinel(error);
  if (expected.logged) expectLogged(expected.logged);
  return error;
}

function expectLocalFailure(create: () => unknown, param: string): void {
  let thrown: unknown;
  try {
    create();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(ValidationError);
  expect((thrown as ValidationError).param).toBe(param);
  expect((thrown as ValidationError).status).toBeUndefined();
  expectNoSentinel(thrown);
}

// ---------------------------------------------------------------------------------------------------------
// Servers that echo what they received

/** Everything the request carried that could hold a secret, as one text. */
const received = (r: RecordedRequest) =>
  `${r.method} ${r.url} authorization=${String(r.headers["authorization"])} x-auth-token=${String(r.headers["x-auth-token"])} body=${r.body ?? ""}`;

/** A JSON error answer that echoes the request in its messages, in odd members and in a header. */
const echo =
  (status: number, headers: Record<string, string> = {}): Step =>
  (r) =>
    reply(
      status,
      {
        message: `Refused: ${received(r)}`,
        description: received(r),
        error: r.body ?? "",
        errors: [{ code: 2, message: `you sent ${received(r)}` }],
        echo: { url: r.url, headers: r.headers, body: r.body, raw: received(r) },
      },
      { ...headers, "x-echo": received(r).replace(/[^\x20-\x7e]/g, " ") },
    );
const echoHtml =
  (status: number): Step =>
  (r) =>
    html(status, `<html><head><title>${status}</title></head><body><pre>${received(r)}</pre></body></html>`);
const echoMalformed =
  (status: number): Step =>
  (r) =>
    raw(status, `{"echo": ${JSON.stringify(received(r))}, "token": ${JSON.stringify(received(r))},`);

interface HttpFailure {
  name: string;
  step: Step;
  Class: abstract new (...args: never[]) => Error;
}
const httpFailures: HttpFailure[] = [
  { name: "401", step: echo(401), Class: AuthenticationError },
  { name: "403", step: echo(403), Class: PermissionError },
  { name: "404", step: echo(404), Class: NotFoundError },
  { name: "400", step: echo(400), Class: BadRequestError },
  { name: "429 with Retry-After 120", step: echo(429, { "retry-after": "120" }), Class: RateLimitError },
  { name: "500", step: echo(500), Class: ServerError },
  { name: "an HTML 502 page", step: echoHtml(502), Class: ServerError },
  { name: "malformed JSON on a 200", step: echoMalformed(200), Class: ServerError },
  { name: "malformed JSON on a 500", step: echoMalformed(500), Class: ServerError },
];

// ---------------------------------------------------------------------------------------------------------
// Clients

function messagebird(extra: Partial<MessageBirdOptions<ErrorMode>> = {}) {
  return createMessageBird({ accessKey: S.mbKey, baseUrl: server.url, retry: fast, logger, ...extra });
}
const mbGet = (mb: ReturnType<typeof messagebird>, signal?: AbortSignal) =>
  mb.GET("/calls/{callId}", { params: { path: { callId: "c-1" } }, ...(signal ? { signal } : {}) });
const mbPlace = (mb: ReturnType<typeof messagebird>) =>
  mb.POST("/calls", {
    body: {
      source: "31644556677",
      destination: "31612345678",
      callFlow: { steps: [{ action: "say", options: { payload: "Hello", voice: "female", language: "en-GB" } }] },
    },
  });

const vsLoginOk = () => reply(200, { message: "Login success", user_token: S.vsToken, user_id: 1 });
function voipstudio(extra: Partial<VoipstudioOptions<ErrorMode>> = {}, login: Step = vsLoginOk()) {
  server.route(`POST ${VS_BASE}/login`, login);
  return createVoipstudio({
    email: "jsmith@example.com",
    password: S.vsPassword,
    baseUrl: server.url + VS_BASE,
    retry: fast,
    logger,
    ...extra,
  } as VoipstudioOptions);
}
function voipstudioKey(extra: Partial<VoipstudioOptions<ErrorMode>> = {}) {
  return createVoipstudio({ apiKey: S.vsApiKey, baseUrl: server.url + VS_BASE, retry: fast, logger, ...extra } as VoipstudioOptions);
}
type Vs = ReturnType<typeof voipstudio>;
const vsGet = (vs: Vs, signal?: AbortSignal) => vs.GET("/cdrs", signal ? { signal } : {});
const vsPlace = (vs: Vs) => vs.POST("/calls", { body: { to: "34630733730" } });

function zaas(extra: Partial<ZaasOptions<ErrorMode>> = {}, login: Step = reply(200, { token: S.zaasToken })) {
  server.route(`POST ${ZAAS_BASE}/Login`, login);
  return createZaas({ login: "zaas-user", password: S.zaasPassword, codCampaign: "0", baseUrl: server.url + ZAAS_BASE, retry: fast, logger, ...extra });
}
type Zs = ReturnType<typeof zaas>;
const zaasStatus = (z: Zs, signal?: AbortSignal) => z.POST("/Call/Status", { body: { _id: "call-1" }, ...(signal ? { signal } : {}) });
const zaasCreate = (z: Zs) =>
  z.POST("/Call/Create", {
    body: { api_key: "k-1", call_destination: "5511980121511", call_type: "external", call_cid: "5511980121511", call_recorder: "0" },
  });
/** A GET the ZaaS client sends with the token in the URL (no GET is in the spec; the client supports them). */
const zaasGet = (z: Zs) => (z as unknown as { GET(path: string, init?: object): Promise<unknown> }).GET("/Call/History", { params: { query: { page: 1 } } });

/** A fetch sending every request but the login to a port where nothing listens. */
async function refusedAfterLogin(loginPath: string) {
  const dead = await closedPortUrl();
  return (request: Request) => globalThis.fetch(request.url.endsWith(loginPath) ? request : new Request(request.url.replace(server.url, dead), request));
}

/** Sends, waits until the server saw `path`, aborts, and returns the failure. */
async function abortMidway(send: (signal: AbortSignal) => Promise<unknown>, path: string) {
  const controller = new AbortController();
  const pending = failure(send(controller.signal));
  await expect.poll(() => server.requests.some((r) => r.path.endsWith(path)), { timeout: 5000 }).toBe(true);
  controller.abort();
  return pending;
}

// ---------------------------------------------------------------------------------------------------------

describe("MessageBird: the access key never shows", () => {
  it("bad options whose bad value is the key itself → ValidationError without the key", () => {
    for (const accessKey of [`${S.mbKey}\n`, `${S.mbKey}\r\nX-Injected: 1`, `\t${S.mbKey}`, `${S.mbKey} extra`, `${S.mbKey}\0`]) {
      expectLocalFailure(() => createMessageBird({ accessKey }), "accessKey");
    }
  });

  it("other bad options next to a valid key → ValidationError without the key", () => {
    expectLocalFailure(() => createMessageBird({ accessKey: S.mbKey, timeoutMs: -1 }), "timeoutMs");
    expectLocalFailure(() => createMessageBird({ accessKey: S.mbKey, apiVersion: "2017-03-14" }), "apiVersion");
    expectLocalFailure(() => createMessageBird({ accessKey: S.mbKey, baseUrl: "not a url" }), "baseUrl");
    expectLocalFailure(() => createMessageBird({ accessKey: S.mbKey, retry: { maxRetries: 1.5 } }), "retry.maxRetries");
    expectLocalFailure(() => createMessageBird({ accessKey: S.mbKey, errors: "loud" as "throw" }), "errors");
    expectLocalFailure(() => createMessageBird({ accessKey: S.mbKey }).paginate("/calls", { perPage: 0 }), "perPage");
  });

  for (const f of httpFailures) {
    it(`GET answered ${f.name}, echoing the key`, async () => {
      server.script([], { otherwise: f.step });
      await expectSafeFailure(() => mbGet(messagebird()), { Class: f.Class });
      expectServerSaw(S.mbKey);
    });
    it(`call-placing POST answered ${f.name}, echoing the key`, async () => {
      server.script([], { otherwise: f.step });
      await expectSafeFailure(() => mbPlace(messagebird()), { Class: f.Class });
      expectServerSaw(S.mbKey);
    });
  }

  it("an echoed 401 keeps the echo on the error, with the key redacted", async () => {
    server.script([], { otherwise: echo(401) });
    const error = await expectSafeFailure(() => mbGet(messagebird()), { Class: AuthenticationError });
    expect(error.message).toContain("AccessKey [REDACTED]");
    expect(error.messages.join(" ")).toContain("[REDACTED]");
    expect(JSON.stringify(error.body)).toContain("[REDACTED]");
  });

  it("retried 500s are logged, without the key", async () => {
    server.script([], { otherwise: echo(500) });
    await expectSafeFailure(() => mbGet(messagebird()), { Class: ServerError, logged: /HTTP 500; retry 2 in/ });
    expect(server.requests).toHaveLength(3);
  });

  it("result mode: toError of an echoed 401", async () => {
    server.script([], { otherwise: echo(401) });
    const mb = messagebird({ errors: "result" });
    const result = await mbGet(mb);
    const error = mb.toError(result);
    expect(error).toBeInstanceOf(AuthenticationError);
    expectNoSentinel(error);
  });

  it("connection reset before and after the body (retried, logged)", async () => {
    server.script([], { otherwise: resetBeforeBody() });
    await expectSafeFailure(() => mbGet(messagebird()), { Class: ConnectionError, logged: /the connection failed; retry/ });
    server.script([], { otherwise: resetAfterBody() });
    await expectSafeFailure(() => mbPlace(messagebird()), { Class: ConnectionError });
    expectServerSaw(S.mbKey);
  });

  it("refused connection (retried, logged)", async () => {
    const baseUrl = await closedPortUrl();
    await expectSafeFailure(() => mbGet(messagebird({ baseUrl })), { Class: ConnectionError, logged: /could not connect; retry/ });
  });

  it("client timeout (retried, logged) and per-request timeout", async () => {
    server.script([], { otherwise: hang() });
    await expectSafeFailure(() => mbGet(messagebird({ timeoutMs: 80 })), { Class: TimeoutError, logged: /no answer within 80 ms; retry/ });
    await expectSafeFailure(() => mbPlace(messagebird({ timeoutMs: 80 })), { Class: TimeoutError });
    await expectSafeFailure(() => mbGet(messagebird(), AbortSignal.timeout(80)));
  });

  it("caller abort", async () => {
    server.script([], { otherwise: hang() });
    const error = await abortMidway((signal) => mbGet(messagebird(), signal), "/calls/c-1");
    expect(error).toBeInstanceOf(AbortedError);
    expectNoSentinel(error);
  });

  it("a connection broken mid-body", async () => {
    server.script([], { otherwise: (r) => partialThenReset(200, `{"echo":"${received(r)}`) });
    await expectSafeFailure(() => mbGet(messagebird({ retry: false })));
  });
});

describe("VoIPstudio password login: the password and the user_token never show", () => {
  it("bad options whose bad value is the password → ValidationError without it", () => {
    for (const password of [`${S.vsPassword}\n`, `${S.vsPassword}\u0007`, `\r${S.vsPassword}`]) {
      expectLocalFailure(() => createVoipstudio({ email: "jsmith@example.com", password }), "password");
    }
    expectLocalFailure(() => createVoipstudio({ email: "jsmith@example.com", password: S.vsPassword, idleMarginMs: -5 }), "idleMarginMs");
    expectLocalFailure(
      () => createVoipstudio({ email: "jsmith@example.com", password: S.vsPassword, apiToken: { name: "ci", expirySeconds: -1 } }),
      "apiToken.expirySeconds",
    );
    expectLocalFailure(() => createVoipstudio({ email: "jsmith@example.com", password: S.vsPassword, timeoutMs: 0 }), "timeoutMs");
  });

  for (const f of httpFailures) {
    it(`login answered ${f.name}, echoing the password`, async () => {
      const vs = voipstudio({}, f.step);
      await expectSafeFailure(() => vsGet(vs), { Class: f.Class });
      expectServerSaw(S.vsPassword);
    });
  }

  it("login retried on 503 (logged), then fails", async () => {
    const vs = voipstudio({}, echo(503));
    await expectSafeFailure(() => vsGet(vs), { Class: ServerError, logged: /POST .*\/login: HTTP 503; retry 1/ });
    expect(server.requestsTo(`POST ${VS_BASE}/login`)).toHaveLength(3);
  });

  it("login answered 200 without a user_token, echoing the password", async () => {
    const vs = voipstudio({}, (r) => reply(200, { message: `Hello ${received(r)}`, password: S.vsPassword }));
    await expectSafeFailure(() => vsGet(vs), { Class: AuthenticationError });
  });

  it("two-factor login without onTwoFactor", async () => {
    const vs = voipstudio({}, (r) => reply(202, { nonce: "n-1", message: `Code sent for ${received(r)}` }));
    await expectSafeFailure(() => vsGet(vs), { Class: AuthenticationError });
    expectServerSaw(S.vsPassword);
  });

  it("two-factor login whose /login2fa fails with an answer quoting the password", async () => {
    // /login2fa is never sent the password; a server that quotes it anyway (from the earlier /login) must
    // still not get it into the error.
    const vs = voipstudio({ onTwoFactor: () => "123456" }, reply(202, { nonce: "n-1" }));
    server.route(`POST ${VS_BASE}/login2fa`, reply(401, { message: `Invalid code for password ${S.vsPassword}`, errors: [] }));
    await expectSafeFailure(() => vsGet(vs), { Class: AuthenticationError });
  });

  it("login timeout, reset and refused connection", async () => {
    await expectSafeFailure(() => vsGet(voipstudio({ timeoutMs: 80 }, hang())), { Class: TimeoutError, logged: /no answer within 80 ms; retry/ });
    await expectSafeFailure(() => vsGet(voipstudio({}, resetAfterBody())), { Class: ConnectionError, logged: /the connection failed; retry/ });
    expectServerSaw(S.vsPassword);
    const dead = await closedPortUrl();
    await expectSafeFailure(() => vsGet(voipstudio({ baseUrl: dead + VS_BASE })), { Class: ConnectionError });
  });

  for (const f of httpFailures) {
    it(`GET /cdrs with the session token answered ${f.name}, echoing the token`, async () => {
      server.script([], { otherwise: f.step });
      await expectSafeFailure(() => vsGet(voipstudio()), { Class: f.Class });
      expectServerSaw(S.vsToken);
    });
  }

  it("a 401 storm echoing the token: re-login logged, AuthenticationError", async () => {
    server.script([], { otherwise: echo(401) });
    await expectSafeFailure(() => vsGet(voipstudio()), { Class: AuthenticationError, logged: /token refused; logging in again/ });
    expect(server.requestsTo(`POST ${VS_BASE}/login`)).toHaveLength(2);
  });

  it("POST /calls answered 401 and 500, echoing the token", async () => {
    const vs = voipstudio();
    server.script([echo(401), echo(500)]);
    await expectSafeFailure(() => vsPlace(vs), { Class: AuthenticationError });
    await expectSafeFailure(() => vsPlace(vs), { Class: ServerError });
    expectServerSaw(S.vsToken);
  });

  it("resets, timeouts, refused connection and abort with the session token", async () => {
    server.script([], { otherwise: resetBeforeBody() });
    await expectSafeFailure(() => vsGet(voipstudio()), { Class: ConnectionError, logged: /the connection failed; retry/ });
    server.script([], { otherwise: resetAfterBody() });
    await expectSafeFailure(() => vsPlace(voipstudio()), { Class: ConnectionError });
    server.script([], { otherwise: hang() });
    await expectSafeFailure(() => vsGet(voipstudio({ timeoutMs: 80 })), { Class: TimeoutError });
    await expectSafeFailure(() => vsGet(voipstudio(), AbortSignal.timeout(80)));
    const aborted = await abortMidway((signal) => vsGet(voipstudio(), signal), "/cdrs");
    expect(aborted).toBeInstanceOf(AbortedError);
    expectNoSentinel(aborted);
    const refused = voipstudio({ fetch: await refusedAfterLogin("/login") });
    await expectSafeFailure(() => vsGet(refused), { Class: ConnectionError, logged: /could not connect; retry/ });
    expectServerSaw(S.vsToken);
  });

  it("a minted API token never shows (401 storm on it)", async () => {
    const vs = voipstudio({ apiToken: { name: "ci", expirySeconds: 0 } });
    server.route(`GET ${VS_BASE}/apitokens`, reply(200, { data: [], total: 0 }));
    server.route(`POST ${VS_BASE}/apitokens`, reply(201, { data: { token: S.vsNewApiToken, name: "ci", expiry: 0 } }));
    server.script([], { otherwise: echo(401) });
    await expectSafeFailure(() => vsGet(vs), { Class: AuthenticationError, logged: /logging in again/ });
    expectServerSaw(S.vsNewApiToken);
  });

  // Regression (was a bug): a user_token with a control character makes `attempt.headers.set("X-Auth-Token", token)`
  // (src/voipstudio.ts, auth.apply) throw undici's TypeError `Headers.set: "<token>" is an invalid header
  // value.`, which reaches the caller unredacted (the transport calls auth.apply outside its try/redact).
  // The session should refuse such a token with an AuthenticationError that does not quote it.
  it("a user_token the server sends with a newline does not leak through Headers.set", async () => {
    const vs = voipstudio({}, reply(200, { message: "Login success", user_token: `${S.vsToken}\nX`, user_id: 1 }));
    server.script([], { otherwise: reply(200, { data: [], total: 0 }) });
    await expectSafeFailure(() => vsGet(vs));
  });

  // Regression (was a bug): when minting an API token, src/voipstudio.ts mintApiToken() deletes existing tokens of the same
  // name with `DELETE /apitokens/{token}` — the old token is in the URL path, is never added to the
  // SecretRegistry, and the path is not a `token=` query parameter, so the transport's retry log lines and
  // the TimeoutError/ConnectionError message ("DELETE http://…/apitokens/<old token>: …") show it. That
  // token is still valid when the DELETE fails. Fix: `secrets.add(old.token)` before the DELETE.
  it("an existing API token deleted during minting never shows (DELETE hangs)", async () => {
    const vs = voipstudio({ apiToken: { name: "ci", expirySeconds: 0 }, timeoutMs: 80 });
    server.route(`GET ${VS_BASE}/apitokens`, reply(200, { data: [{ token: S.vsOldApiToken, name: "ci", expiry: 0 }], total: 1 }));
    server.route(`DELETE ${VS_BASE}/apitokens/${S.vsOldApiToken}`, hang());
    await expectSafeFailure(() => vsGet(vs), { Class: TimeoutError, logged: /retry/ });
  });
});

describe("VoIPstudio API key: the key never shows", () => {
  it("an apiKey with a control character → ValidationError without it", () => {
    for (const apiKey of [`${S.vsApiKey}\n`, `${S.vsApiKey}\u001b[2J`]) {
      expectLocalFailure(() => createVoipstudio({ apiKey }), "apiKey");
    }
  });

  it("an apiKey with a space is refused without showing it", () => {
    let thrown: unknown;
    try {
      createVoipstudio({ apiKey: `${S.vsApiKey} x` });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(Error);
    expectNoSentinel(thrown);
  });

  // Regression (was a bug): src/voipstudio.ts checks apiKey with checkSecret() (control characters only) and then lets
  // createVoipstudioClient() reject the whitespace with a bare TypeError ("createVoipstudioClient: `token`
  // must be a non-empty string without whitespace"): not a VoiceApiError, no `param`, and it names an
  // option (`token`) the caller never passed. createMessageBird checks whitespace itself; VoIPstudio should too.
  it("an apiKey with a space → ValidationError naming apiKey", () => {
    expectLocalFailure(() => createVoipstudio({ apiKey: `${S.vsApiKey} x` }), "apiKey");
  });

  for (const f of httpFailures) {
    it(`GET /cdrs answered ${f.name}, echoing the key`, async () => {
      server.script([], { otherwise: f.step });
      await expectSafeFailure(() => vsGet(voipstudioKey()), { Class: f.Class });
      expectServerSaw(S.vsApiKey);
    });
  }

  it("retries, resets, timeouts and abort", async () => {
    server.script([], { otherwise: echo(502) });
    await expectSafeFailure(() => vsGet(voipstudioKey()), { Class: ServerError, logged: /HTTP 502; retry 2/ });
    server.script([], { otherwise: resetAfterBody() });
    await expectSafeFailure(() => vsPlace(voipstudioKey()), { Class: ConnectionError });
    server.script([], { otherwise: hang() });
    await expectSafeFailure(() => vsGet(voipstudioKey({ timeoutMs: 80 })), { Class: TimeoutError, logged: /no answer within 80 ms/ });
    const aborted = await abortMidway((signal) => vsGet(voipstudioKey(), signal), "/cdrs");
    expectNoSentinel(aborted);
    expectServerSaw(S.vsApiKey);
  });
});

describe("ZaaS: the password and the token never show", () => {
  it("bad options whose bad value is the password → ValidationError without it", () => {
    for (const password of [`${S.zaasPassword}\n`, `${S.zaasPassword}\u0000`]) {
      expectLocalFailure(() => createZaas({ login: "zaas-user", password, codCampaign: "0" }), "password");
    }
    expectLocalFailure(() => createZaas({ login: "zaas-user", password: S.zaasPassword, codCampaign: "" }), "codCampaign");
    expectLocalFailure(() => createZaas({ login: "zaas-user", password: S.zaasPassword, codCampaign: "0", refreshMarginMs: -1 }), "refreshMarginMs");
    expectLocalFailure(() => createZaas({ login: "zaas-user", password: S.zaasPassword, codCampaign: "0", retry: { baseDelayMs: -1 } }), "retry.baseDelayMs");
  });

  for (const f of httpFailures) {
    it(`login answered ${f.name}, echoing the password`, async () => {
      const z = zaas({}, f.step);
      await expectSafeFailure(() => zaasStatus(z), { Class: f.Class });
      expectServerSaw(S.zaasPassword);
    });
  }

  it("login answered 200 without a token, echoing the password; login retried on 500 (logged)", async () => {
    await expectSafeFailure(() => zaasStatus(zaas({}, (r) => reply(200, { message: received(r), password: S.zaasPassword }))), {
      Class: AuthenticationError,
    });
    await expectSafeFailure(() => zaasStatus(zaas({}, echo(500))), { Class: ServerError, logged: /\/Login: HTTP 500; retry 2/ });
    expectServerSaw(S.zaasPassword);
  });

  for (const f of httpFailures) {
    it(`/Call/Status answered ${f.name}, echoing the token-bearing body`, async () => {
      server.script([], { otherwise: f.step });
      await expectSafeFailure(() => zaasStatus(zaas()), { Class: f.Class });
      expectServerSaw(S.zaasToken);
    });
  }

  it("a 401 storm echoing the token: re-login logged, AuthenticationError", async () => {
    server.script([], { otherwise: echo(401) });
    await expectSafeFailure(() => zaasStatus(zaas()), { Class: AuthenticationError, logged: /token refused; logging in again/ });
  });

  it("/Call/Create answered 401 and 500, echoing the token", async () => {
    const z = zaas();
    server.script([echo(401), echo(500)]);
    await expectSafeFailure(() => zaasCreate(z), { Class: AuthenticationError });
    await expectSafeFailure(() => zaasCreate(z), { Class: ServerError });
    expectServerSaw(S.zaasToken);
  });

  it("a GET carries the token in its URL: 404 echoing the URL, retried 503s, timeout, refused", async () => {
    server.script([echo(404)]);
    const notFound = await expectSafeFailure(() => zaasGet(zaas()), { Class: NotFoundError });
    expect(notFound.request).toContain("token=[REDACTED]");
    expectServerSaw(S.zaasToken);
    expect(server.requests.find((r) => r.method === "GET")?.url).toContain(`token=${S.zaasToken}`);

    server.script([], { otherwise: echo(503) });
    await expectSafeFailure(() => zaasGet(zaas()), { Class: ServerError, logged: /GET .*token=\[REDACTED\].*HTTP 503; retry 2/ });

    server.script([], { otherwise: hang() });
    const timedOut = await expectSafeFailure(() => zaasGet(zaas({ timeoutMs: 80 })), { Class: TimeoutError, logged: /no answer within 80 ms/ });
    expect(timedOut.message).toContain("token=[REDACTED]");

    const refused = zaas({ fetch: await refusedAfterLogin("/Login") });
    await expectSafeFailure(() => zaasGet(refused), { Class: ConnectionError, logged: /GET .*could not connect; retry/ });
  });

  it("resets, timeouts, refused connection and abort on token-bearing POSTs", async () => {
    server.script([], { otherwise: resetAfterBody() });
    await expectSafeFailure(() => zaasStatus(zaas()), { Class: ConnectionError, logged: /Call\/Status: the connection failed; retry/ });
    await expectSafeFailure(() => zaasCreate(zaas()), { Class: ConnectionError });
    server.script([], { otherwise: resetBeforeBody() });
    await expectSafeFailure(() => zaasStatus(zaas()), { Class: ConnectionError });
    server.script([], { otherwise: hang() });
    await expectSafeFailure(() => zaasStatus(zaas({ timeoutMs: 80 })), { Class: TimeoutError });
    await expectSafeFailure(() => zaasStatus(zaas(), AbortSignal.timeout(80)));
    const aborted = await abortMidway((signal) => zaasStatus(zaas(), signal), "/Call/Status");
    expect(aborted).toBeInstanceOf(AbortedError);
    expectNoSentinel(aborted);
    const refused = zaas({ fetch: await refusedAfterLogin("/Login") });
    await expectSafeFailure(() => zaasCreate(refused), { Class: ConnectionError, logged: /Call\/Create: could not connect; retry/ });
    expectServerSaw(S.zaasToken);
  });

  it("result mode: toError of an echoed 401 and 500", async () => {
    const z = zaas({ errors: "result" });
    server.script([], { otherwise: echo(500) });
    const result = await zaasStatus(z);
    expect(z.toError(result)).toBeInstanceOf(ServerError);
    expectNoSentinel(z.toError(result));
    server.script([], { otherwise: echo(401) });
    const refused = await zaasCreate(z);
    expect(z.toError(refused)).toBeInstanceOf(AuthenticationError);
    expectNoSentinel(z.toError(refused));
  });
});

describe("the logger check is not vacuous", () => {
  it("a retried, re-logged-in request produced debug lines, none with a sentinel", async () => {
    const z = zaas();
    server.script([echo(401), echo(503), reply(200, { _id: "call-1", status: "Answered" })]);
    const { data } = await zaasStatus(z);
    expect(data).toEqual({ _id: "call-1", status: "Answered" });
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expectLogged(/^debug: POST .*\/Call\/Status: token refused; logging in again$/);
    expectLogged(/^debug: POST .*\/Call\/Status: HTTP 503; retry 1 in \d+ ms$/);
    expectNoSentinel(undefined);
    expectServerSaw(S.zaasToken);
  });
});
