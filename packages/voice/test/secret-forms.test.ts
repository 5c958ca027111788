// Secrets in every form a server may echo them in. Clients get sentinel secrets (an access key, non-ASCII
// passwords, tokens the scripted server issues); the server echoes each of them raw, JSON-escaped
// (\u00e4 and \u00E4, \/), HTML-escaped (&quot; &#39; &#x27; &amp; &#228;), percent-encoded (upper and
// lower hex, + for spaces), base64 (standard, URL-safe, inside `Basic base64(user:secret)` at every
// alignment), in its body, its headers (X-Echo, Set-Cookie) and the URL; none of those forms may appear
// in any rendering of the error or in any log line. The forms are computed here, independently of
// src/core/redact.ts.
import { randomBytes } from "node:crypto";
import { inspect } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MemoryTokenStore, ValidationError, type TokenStore, type VoiceApiError } from "../src/index.js";
import { createMessageBird } from "../src/messagebird.js";
import { createVoipstudio } from "../src/voipstudio.js";
import { createZaas } from "../src/zaas.js";
import { raw, reply, startScriptedServer, type RecordedRequest, type ScriptedServer, type Step } from "./support/scripted-server.js";
import { failure } from "./support/failure.js";

const tag = randomBytes(4).toString("hex");
/** Every secret holds characters that each encoding changes: quotes, &, <, /, +, and (where allowed) spaces and non-ASCII. */
const S = {
  mbKey: `live_SENT"INEL'&<mb>/+key=${tag}`,
  vsPassword: `pässwörd-SENTINEL-✓ "vs" 'q' & /x+<y> ${tag}`,
  vsToken: `vs/tok+en"SENT'INEL&<${tag}>`,
  zaasPassword: `pässwörd-SENTINEL-✓ "zaas" 'q' & /x+<y> ${tag}`,
  zaasToken: `zä/tok+en"SENT'INEL&✓<${tag}>`,
} as const;
const SECRETS = Object.values(S);

const VS_BASE = "/v1.2/voipstudio";
const ZAAS_BASE = "/Voice";
const fast = { baseDelayMs: 1, maxDelayMs: 5 };

// ---------------------------------------------------------------------------------------------------------
// The forms, computed here

const u4 = (c: string, upper: boolean) => {
  const hex = c.charCodeAt(0).toString(16).padStart(4, "0");
  return `\\u${upper ? hex.toUpperCase() : hex}`;
};
const html = (s: string, apos: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": apos })[c]!);

/** Every form of `s` this test makes servers echo, by name. */
function formsOf(s: string): Record<string, string> {
  const json = JSON.stringify(s).slice(1, -1);
  const jsonLower = json.replace(/[^\x20-\x7e]/g, (c) => u4(c, false));
  const jsonUpper = json.replace(/[^\x20-\x7e]/g, (c) => u4(c, true));
  const percent = encodeURIComponent(s);
  return {
    raw: s,
    "JSON-escaped": json,
    "JSON \\u00e4": jsonLower,
    "JSON \\u00E4": jsonUpper,
    "JSON \\/": json.replace(/\//g, "\\/"),
    "JSON \\u00e4 and \\/": jsonLower.replace(/\//g, "\\/"),
    "HTML &quot; &#39; &amp;": html(s, "&#39;"),
    "HTML &#x27;": html(s, "&#x27;"),
    "HTML numeric &#228;": [...html(s, "&#39;")].map((c) => (c.charCodeAt(0) > 0x7e ? `&#${c.codePointAt(0)};` : c)).join(""),
    "percent-encoded": percent,
    "percent-encoded, lower hex": percent.replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase()),
    "form-encoded (+ for space)": percent.replace(/%20/g, "+"),
    URLSearchParams: new URLSearchParams({ s }).toString().slice(2),
    base64: Buffer.from(s).toString("base64"),
    "base64 URL-safe": Buffer.from(s).toString("base64url"),
  };
}

const users = ["u", "us", "usr", "user", "users"];
/** `Basic base64(user:s)` for users that put `s` at each byte alignment. */
const basicHeaders = (s: string) => users.map((user) => `Basic ${Buffer.from(`${user}:${s}`).toString("base64")}`);
/**
 * The characters of each Basic value that encode the secret's bytes alone (the groups of 4 that mix in
 * the `user:` prefix or the end are left out): none of them may show.
 */
function basicCores(s: string): string[] {
  return users.flatMap((user) => {
    const prefix = Buffer.byteLength(`${user}:`);
    const total = prefix + Buffer.byteLength(s);
    const b64 = Buffer.from(`${user}:${s}`).toString("base64");
    const core = b64.slice(Math.ceil(prefix / 3) * 4, Math.floor(total / 3) * 4);
    return [core, core.replace(/\+/g, "-").replace(/\//g, "_")];
  });
}

/** What must never show: every form of every secret. */
const FORBIDDEN: [string, string][] = SECRETS.flatMap((s) => [
  ...Object.entries(formsOf(s)).map(([name, form]): [string, string] => [`${name} of ${s}`, form]),
  ...basicCores(s).map((core, i): [string, string] => [`Basic core ${i} of ${s}`, core]),
]);

// ---------------------------------------------------------------------------------------------------------
// Echoing servers

let server: ScriptedServer;
let lines: string[];
const logger = {
  debug: (m: string) => lines.push(`debug: ${m}`),
  info: (m: string) => lines.push(`info: ${m}`),
  warn: (m: string) => lines.push(`warn: ${m}`),
};
beforeEach(async () => {
  lines = [];
  server = await startScriptedServer();
});
afterEach(async () => {
  await server.close();
});

const everyForm = (secrets: readonly string[]) => secrets.flatMap((s) => [...Object.values(formsOf(s)), ...basicHeaders(s)]);
const headerSafe = (text: string) => /^[\x20-\x7e]*$/.test(text);

/** An error answer echoing every form of `secrets` (and the request's URL and body) in its body and headers. */
const echo =
  (status: number, secrets: readonly string[]): Step =>
  (r: RecordedRequest) => {
    const all = [...everyForm(secrets), r.url, r.body ?? ""];
    const joined = all.join(" | ");
    return reply(
      status,
      {
        message: `refused: ${joined}`,
        description: joined,
        error: joined,
        errors: all.map((form, i) => ({ code: i, message: form, description: form })),
        echo: Object.fromEntries(all.map((form, i) => [`form${i}`, form])),
        nested: { deeper: { list: all } },
      },
      {
        "x-echo": all.filter(headerSafe).join(" | "),
        "x-echo-basic": secrets.flatMap(basicHeaders).join(", "),
        "set-cookie": `sid=${encodeURIComponent(secrets[0]!)}; Path=/; HttpOnly`,
        "www-authenticate": `Bearer error="${all.filter(headerSafe)[0] ?? ""}"`,
      },
    );
  };

// ---------------------------------------------------------------------------------------------------------
// Checks

function renderings(error: unknown): Record<string, string> {
  const e = error as Error;
  return {
    "String(err)": String(e),
    "err.message": e.message,
    "err.stack": String(e.stack),
    "JSON.stringify(err)": JSON.stringify(e),
    "util.inspect(err, { showHidden: true, depth: 10 })": inspect(e, { showHidden: true, depth: 10 }),
  };
}

function expectNothingShows(error: unknown): void {
  for (const [where, text] of Object.entries(renderings(error))) {
    for (const [name, form] of FORBIDDEN) expect(text.includes(form), `${where} shows the ${name}`).toBe(false);
  }
  for (const line of lines) {
    for (const [name, form] of FORBIDDEN) expect(line.includes(form), `a log line shows the ${name}: ${line}`).toBe(false);
  }
}

/** No property of the error (own, enumerable or not, nested) holds a Response, Request or Headers. */
function expectNoRawObjects(error: unknown): void {
  expect("response" in (error as object)).toBe(false);
  const seen = new Set<unknown>();
  const visit = (value: unknown, path: string, depth: number) => {
    if (value === null || typeof value !== "object" || seen.has(value) || depth > 6) return;
    seen.add(value);
    expect(value instanceof Response || value instanceof Request || value instanceof Headers, `${path} is a raw ${value.constructor.name}`).toBe(false);
    for (const key of Reflect.ownKeys(value)) {
      const descriptor = Object.getOwnPropertyDescriptor(value, key);
      if (descriptor && "value" in descriptor) visit(descriptor.value, `${path}.${String(key)}`, depth + 1);
    }
  };
  visit(error, "err", 0);
}

/** The server saw the secret (in some form), so an echo was possible and the check is not vacuous. */
function expectServerSaw(secret: string): void {
  const forms = Object.values(formsOf(secret));
  const seen = server.requests.some((r) => forms.some((f) => r.url.includes(f) || (r.body ?? "").includes(f) || JSON.stringify(r.headers).includes(f)));
  expect(seen, `the server never received ${secret}`).toBe(true);
}

async function expectSafe(send: () => Promise<unknown>): Promise<VoiceApiError> {
  const error = await failure(send());
  expectNothingShows(error);
  expectNoRawObjects(error);
  return error;
}

// ---------------------------------------------------------------------------------------------------------

describe("the echoes are real", () => {
  it("each form differs from the others for the non-ASCII secrets, and the Basic values hold the secret", () => {
    const forms = formsOf(S.vsPassword);
    expect(new Set(Object.values(forms)).size).toBe(Object.keys(forms).length);
    expect(forms["JSON \\u00e4"]).toContain("p\\u00e4ssw\\u00f6rd");
    expect(forms["JSON \\u00E4"]).toContain("p\\u00E4ssw\\u00F6rd");
    expect(forms["HTML numeric &#228;"]).toContain("p&#228;ssw&#246;rd");
    for (const basic of basicHeaders(S.vsPassword)) expect(Buffer.from(basic.slice(6), "base64").toString()).toContain(S.vsPassword);
    // The cores are long enough to matter.
    for (const core of basicCores(S.vsPassword)) expect(core.length).toBeGreaterThan(20);
  });
});

describe("MessageBird access key", () => {
  it("echoed in every form in the body and headers of a retried 503 and a final 400", async () => {
    const mb = createMessageBird({ accessKey: S.mbKey, baseUrl: server.url, retry: fast, logger });
    server.script([echo(503, [S.mbKey]), echo(400, [S.mbKey])]);
    const error = await expectSafe(() => mb.GET("/calls/{callId}", { params: { path: { callId: "c-1" } } }));
    expect(error).toMatchObject({ name: "BadRequestError", status: 400 });
    expect(error.message).toContain("[REDACTED]");
    expect(error.headers?.["set-cookie"]).toBe("[REDACTED]");
    expect(error.headers?.["x-echo"]).toContain("[REDACTED]");
    expect(lines.some((l) => l.includes("HTTP 503; retry 1"))).toBe(true);
    expectServerSaw(S.mbKey);
  });

  it("each form alone, as a plain-text answer (kept as the error's detail)", async () => {
    const mb = createMessageBird({ accessKey: S.mbKey, baseUrl: server.url, retry: false, logger });
    for (const form of [...Object.values(formsOf(S.mbKey)), ...basicHeaders(S.mbKey)]) {
      server.script([raw(400, `denied: ${form}`, { "content-type": "text/plain" })]);
      const error = await expectSafe(() => mb.GET("/calls/{callId}", { params: { path: { callId: "c-1" } } }));
      expect(error.message).toContain("denied: ");
    }
  });
});

describe("VoIPstudio password and user_token", () => {
  it("the login answers 401 echoing the password in every form", async () => {
    server.route(`POST ${VS_BASE}/login`, echo(401, [S.vsPassword]));
    const vs = createVoipstudio({ email: "a@example.com", password: S.vsPassword, baseUrl: server.url + VS_BASE, retry: fast, logger });
    const error = await expectSafe(() => vs.GET("/cdrs", {}));
    expect(error).toMatchObject({ name: "AuthenticationError", status: 401 });
    expectServerSaw(S.vsPassword);
  });

  it("after login, a 404 echoing the issued token and the password in every form; a failing store's message quoting the token is logged redacted", async () => {
    server.route(`POST ${VS_BASE}/login`, reply(200, { message: "Login success", user_token: S.vsToken, user_id: 1 }));
    const inner = new MemoryTokenStore();
    const store: TokenStore = {
      get: (k) => inner.get(k),
      compareAndSet: (k, e, n) => inner.compareAndSet(k, e, n),
      touch: async (_k, token) => {
        throw new Error(`ERR touch failed for ${everyForm([token]).join(" ")}`);
      },
      acquireLease: (k, h, t) => inner.acquireLease(k, h, t),
      releaseLease: (k, h) => inner.releaseLease(k, h),
    };
    const vs = createVoipstudio({ email: "a@example.com", password: S.vsPassword, baseUrl: server.url + VS_BASE, retry: fast, logger, tokenStore: store });
    server.script([echo(503, [S.vsToken, S.vsPassword]), echo(404, [S.vsToken, S.vsPassword])]);
    const error = await expectSafe(() => vs.GET("/cdrs", {}));
    expect(error).toMatchObject({ name: "NotFoundError" });
    await new Promise((r) => setTimeout(r, 20));
    expect(lines.some((l) => l.startsWith("warn: could not record token use"))).toBe(true);
    expectNothingShows(error);
    expect(server.requestsTo(`GET ${VS_BASE}/cdrs`).every((r) => r.headers["x-auth-token"] === S.vsToken)).toBe(true);
  });
});

describe("ZaaS password and token", () => {
  const zaas = (extra: object = {}) =>
    createZaas({ login: "zaas-user", password: S.zaasPassword, codCampaign: "0", baseUrl: server.url + ZAAS_BASE, retry: fast, logger, ...extra });
  const issue = () => server.route(`POST ${ZAAS_BASE}/Login`, reply(200, { token: S.zaasToken }));

  it("the login answers 403 echoing the password in every form", async () => {
    server.route(`POST ${ZAAS_BASE}/Login`, echo(403, [S.zaasPassword]));
    const error = await expectSafe(() => zaas().POST("/Call/Status", { body: { _id: "c1" } }));
    expect(error).toMatchObject({ name: "PermissionError" });
    expectServerSaw(S.zaasPassword);
  });

  it("a token-bearing POST answered 500 three times, echoing the token-first body and every form of the token", async () => {
    issue();
    server.script([], { otherwise: echo(500, [S.zaasToken, S.zaasPassword]) });
    const error = await expectSafe(() => zaas().POST("/Call/Status", { body: { _id: "c1" } }));
    expect(error).toMatchObject({ name: "ServerError", attempts: 3 });
    expect(lines.filter((l) => l.includes("HTTP 500; retry"))).toHaveLength(2);
    expect(server.requestsTo(`POST ${ZAAS_BASE}/Call/Status`)[0]!.body).toBe(JSON.stringify({ token: S.zaasToken, codCampaign: "0", _id: "c1" }));
  });

  it("a GET carrying ?token= in its URL: the URL, logs and echoes of it never show the token", async () => {
    issue();
    server.script([echo(503, [S.zaasToken]), echo(404, [S.zaasToken])]);
    const z = zaas() as unknown as { GET(path: string, init: object): Promise<unknown> };
    const error = await expectSafe(() => z.GET("/Call/History", { params: { query: { page: 1 } } }));
    expect(error).toMatchObject({ name: "NotFoundError", url: `${server.url}${ZAAS_BASE}/Call/History?page=1&token=[REDACTED]` });
    const sent = server.requestsTo(`GET ${ZAAS_BASE}/Call/History`);
    expect(new URL(sent[0]!.url, server.url).searchParams.get("token")).toBe(S.zaasToken);
    expect(lines.some((l) => l.includes("token=[REDACTED]") && l.includes("HTTP 503; retry 1"))).toBe(true);
  });

  it("each form of the token alone, as a plain-text answer", async () => {
    issue();
    const z = zaas({ retry: false });
    for (const form of [...Object.values(formsOf(S.zaasToken)), ...basicHeaders(S.zaasToken)]) {
      server.script([raw(400, `bad token ${form}`, { "content-type": "text/plain; charset=utf-8" })]);
      await expectSafe(() => z.POST("/Call/Status", { body: { _id: "c1" } }));
    }
  });
});

describe("invisible and control characters in keys and passwords", () => {
  const SENTINEL = `SENTINEL${tag}`;
  const refused = (create: () => unknown, param: string) => {
    let thrown: unknown;
    try {
      create();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ValidationError);
    expect(thrown).toMatchObject({ param, status: undefined });
    for (const text of Object.values(renderings(thrown))) expect(text).not.toContain(SENTINEL);
  };

  for (const [name, char] of [
    ["U+200B (zero-width space)", "\u200b"],
    ["U+FEFF (byte-order mark)", "\ufeff"],
    ["U+0007 (a control character)", "\u0007"],
    ["U+202E (right-to-left override)", "\u202e"],
  ] as const) {
    it(`${name} in an access key, API key or password → ValidationError at creation, without the value`, () => {
      const value = `${SENTINEL}-${char}-end`;
      refused(() => createMessageBird({ accessKey: value }), "accessKey");
      refused(() => createVoipstudio({ apiKey: value }), "apiKey");
      refused(() => createVoipstudio({ email: "a@example.com", password: value }), "password");
      refused(() => createZaas({ login: "zaas-user", password: value, codCampaign: "0" }), "password");
      refused(() => createZaas({ login: value, password: "12345678", codCampaign: "0" }), "login");
    });
  }
});

// Forms that widespread server stacks produce by default. These failed against the redactor of bcbd280
// (which knew whole-secret forms only) and pass since 33f1837 (each character matched in any of its forms).
// Each echo comes from a real server reply; the forms are the documented output of those encoders.
describe("forms other common server stacks produce by default", () => {
  /** Go's encoding/json (json.Marshal): `<`, `>` and `&` as \u003c, \u003e, \u0026; `"` as \"; the rest raw. */
  const goJson = (s: string) =>
    JSON.stringify(s)
      .slice(1, -1)
      .replace(/[<>&]/g, (c) => u4(c, false));
  /** Go's html.EscapeString and html/template: `"` as &#34; and `'` as &#39;. */
  const goHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&#34;", "'": "&#39;" })[c]!);
  /** Python's urllib.parse.quote(s) (safe="/"): `/` left as it is. */
  const pythonQuote = (s: string) =>
    encodeURIComponent(s)
      .replace(/%2F/g, "/")
      .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

  const cases: [stack: string, form: string, answer: Step][] = [
    [
      "Go encoding/json, quoted by a gateway in a text/plain 502",
      goJson(S.mbKey),
      raw(502, `upstream said {"error":"bad key ${goJson(S.mbKey)}"}`, { "content-type": "text/plain" }),
    ],
    [
      "Go html/template, an HTML 400 page",
      goHtml(S.mbKey),
      raw(400, `<html><body><p>The key ${goHtml(S.mbKey)} was refused.</p></body></html>`, { "content-type": "text/html" }),
    ],
    [
      "Python urllib.parse.quote, a URL in the JSON error envelope",
      pythonQuote(S.mbKey),
      reply(400, { errors: [{ code: 21, description: `see https://status.example/keys?k=${pythonQuote(S.mbKey)}` }] }),
    ],
  ];
  for (const [stack, form, answer] of cases) {
    it(`${stack}: the MessageBird key does not show`, async () => {
      expect(form).not.toBe(S.mbKey);
      const mb = createMessageBird({ accessKey: S.mbKey, baseUrl: server.url, retry: false });
      server.script([answer]);
      const error = await failure(mb.GET("/calls/{callId}", { params: { path: { callId: "c-1" } } }));
      expect(error.status).toBeGreaterThanOrEqual(400);
      for (const [where, text] of Object.entries(renderings(error))) expect(text.includes(form), `${where} shows the ${stack} form of the key`).toBe(false);
    });
  }
});
