// MessageBird's own reference vectors (shipped in messagebird@4.0.1) decided by our verifier, and our
// verifier against MessageBird's (the same package's lib/webhook-signature-jwt.js) on generated requests.
import { createSecretKey } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import fc from "fast-check";
import { verify as sdkVerify, VerifyOptions as SdkVerifyOptions } from "messagebird/lib/webhook-signature-jwt.js";
import { describe, expect, it } from "vitest";
import { createMessageBirdTestSignature, verifyMessageBirdWebhook } from "../src/messagebird.js";
import { toWebRequest, WebhookVerificationError } from "../src/webhooks.js";
import { type SignAlgorithm, signMessageBirdRequest } from "./support/messagebird-signer.js";

interface Vector {
  name: string;
  method: string;
  secret?: string;
  url: string;
  payload?: string;
  timestamp: string;
  token: string;
  valid: boolean;
  reason?: string;
}

const vectors: Vector[] = JSON.parse(
  readFileSync(createRequire(import.meta.url).resolve("messagebird/lib/testdata/webhook-signature-jwt-reference.json"), "utf8"),
);

/** The vector's own wording of why it is invalid, and the refusal that wording names. */
const REFUSAL_FOR_REASON: [RegExp, string][] = [
  [/nbf is in the future/, "not_yet_valid"],
  [/exp is in the past/, "expired"],
  [/url_hash is invalid/, "url_mismatch"],
  [/payload_hash (is invalid|is set but actual payload is missing|is not set but payload is present)/, "payload_mismatch"],
  [/signature is invalid/, "bad_signature"],
  [/signing method none is invalid/, "unsupported_algorithm"],
];

/** A request as a Node adapter builds it: the target and the body exactly as they arrived. */
function requestFor(url: string, method: string, headers: Record<string, string>, body: Uint8Array): Request {
  const u = new URL(url);
  const target = url.slice(url.indexOf(u.host) + u.host.length) || "/";
  const incoming = Object.assign((async function* () {})(), {
    method,
    url: target,
    headers: { host: u.host, ...headers },
    socket: { encrypted: u.protocol === "https:" },
  });
  return toWebRequest(incoming, body);
}

async function decide(v: Vector, signingKey = v.secret ?? ""): Promise<string> {
  const body = new TextEncoder().encode(v.payload ?? "");
  const request = requestFor(v.url, v.method, { "messagebird-signature-jwt": v.token }, body);
  try {
    await verifyMessageBirdWebhook(request, { signingKey, now: new Date(v.timestamp) });
    return "valid";
  } catch (error) {
    if (error instanceof WebhookVerificationError) return error.reason;
    throw error;
  }
}

describe("MessageBird's reference vectors (messagebird@4.0.1 lib/testdata/webhook-signature-jwt-reference.json)", () => {
  it("has the 44 vectors this test was written for", () => {
    expect(vectors).toHaveLength(44);
    expect(vectors.filter((v) => v.valid)).toHaveLength(24);
  });

  it.each(vectors.map((v) => [v.name, v] as const))("%s", async (_name, v) => {
    const expected = v.valid ? "valid" : REFUSAL_FOR_REASON.find(([pattern]) => pattern.test(v.reason ?? ""))?.[1];
    expect(expected, `no refusal known for the vector's reason ${v.reason}`).toBeDefined();
    if (!v.secret) {
      // The "none" vector comes with no secret. An empty key is a setup mistake (anyone can compute
      // its HMAC), refused before any request is looked at; with a real key the token is still refused.
      await expect(decide(v)).rejects.toThrow(/signingKey must be a non-empty string/);
      expect(await decide(v, "a-real-signing-key")).toBe(expected);
    } else expect(await decide(v)).toBe(expected);
  });

  it("never quotes the signing key in a refusal", async () => {
    for (const v of vectors.filter((x) => !x.valid && x.secret)) {
      const request = requestFor(v.url, v.method, { "messagebird-signature-jwt": v.token }, new TextEncoder().encode(v.payload ?? ""));
      const error = await verifyMessageBirdWebhook(request, { signingKey: v.secret ?? "", now: new Date(v.timestamp) }).catch((e: unknown) => e);
      expect(JSON.stringify({ ...(error as object), message: (error as Error).message, stack: (error as Error).stack })).not.toContain(v.secret as string);
    }
  });
});

// ------------------------------------------------------------------------------------- against the SDK
const NOW = 1_700_000_000;
const KEY = "b9c0f1e2d3a4958677a8b9c0d1e2f3a4";

type Mutation =
  | "none"
  | "wrong-key"
  | "body-byte"
  | "body-added"
  | "body-removed"
  | "query-reordered"
  | "host-changed"
  | "expired"
  | "early"
  | "alg-none"
  | "signature-flipped"
  | "no-jti"
  | "no-url-hash";

interface Case {
  url: string;
  body: string;
  algorithm: Exclude<SignAlgorithm, "none">;
  skew: number;
  mutation: Mutation;
}

const caseArb: fc.Arbitrary<Case> = fc.record({
  url: fc
    .tuple(
      fc.constantFrom("https", "http"),
      fc.constantFrom("example.com", "hooks.example.org", "localhost:8443", "127.0.0.1:3000"),
      fc.array(fc.stringMatching(/^[a-z0-9_-]{1,8}$/), { maxLength: 3 }),
      fc.array(fc.tuple(fc.stringMatching(/^[a-z]{1,5}$/), fc.stringMatching(/^[A-Za-z0-9%+._-]{0,8}$/)), { maxLength: 3 }),
    )
    .map(([scheme, host, path, query]) => `${scheme}://${host}/${path.join("/")}${query.length ? `?${query.map(([k, v]) => `${k}=${v}`).join("&")}` : ""}`),
  body: fc.oneof(fc.constant(""), fc.json(), fc.string({ unit: "binary", maxLength: 40 })),
  algorithm: fc.constantFrom("HS256", "HS384", "HS512"),
  skew: fc.integer({ min: -50, max: 50 }),
  mutation: fc.constantFrom<Mutation>(
    "none",
    "none",
    "none",
    "wrong-key",
    "body-byte",
    "body-added",
    "body-removed",
    "query-reordered",
    "host-changed",
    "expired",
    "early",
    "alg-none",
    "signature-flipped",
    "no-jti",
    "no-url-hash",
  ),
});

/** Signs the case's request, then changes what the mutation says between signer and receiver. */
function build(c: Case): { url: string; body: string; token: string } {
  let { url, body } = c;
  const claims: Record<string, unknown> = {};
  if (c.mutation === "no-jti") claims.jti = undefined;
  if (c.mutation === "no-url-hash") claims.url_hash = undefined;
  const issuedAt = c.mutation === "expired" ? NOW - 120 : c.mutation === "early" ? NOW + 60 : NOW + c.skew - 30;
  const algorithm = c.mutation === "alg-none" ? "none" : c.algorithm;
  let token = signMessageBirdRequest({ url, body, signingKey: c.mutation === "wrong-key" ? `${KEY}x` : KEY, algorithm, issuedAt, claims });
  if (c.mutation === "signature-flipped") token = token.slice(0, -2) + (token.endsWith("AA") ? "BA" : "AA");
  if (c.mutation === "body-byte") body = body ? `${body.slice(0, -1)}${body.endsWith("x") ? "y" : "x"}` : body;
  if (c.mutation === "body-added") body = `${body}!`;
  if (c.mutation === "body-removed") body = "";
  if (c.mutation === "host-changed") url = url.replace(/:\/\/[^/]+/, "://attacker.example");
  if (c.mutation === "query-reordered" && url.includes("&")) {
    const [base, query = ""] = url.split("?");
    url = `${base}?${query.split("&").reverse().join("&")}`;
  }
  return { url, body, token };
}

async function ours(url: string, body: string, token: string): Promise<boolean> {
  const request = requestFor(url, "POST", { "messagebird-signature-jwt": token }, new TextEncoder().encode(body));
  return verifyMessageBirdWebhook(request, { signingKey: KEY, now: NOW }).then(
    () => true,
    (error: unknown) => {
      if (error instanceof WebhookVerificationError) return false;
      throw error;
    },
  );
}

async function theirs(url: string, body: string, token: string): Promise<boolean> {
  const options = new SdkVerifyOptions(true, true, {
    issuer: "MessageBird",
    algorithms: ["HS256", "HS384", "HS512"],
    clockTolerance: 5,
    currentDate: new Date(NOW * 1000),
  });
  // The SDK's own Express middleware passes null for "no body"; so do we.
  const payload = body === "" ? null : Buffer.from(body);
  return sdkVerify(url, payload, token, createSecretKey(Buffer.from(KEY, "utf8")), options).then(
    () => true,
    () => false,
  );
}

describe("our verifier and messagebird@4.0.1's agree", () => {
  it("on generated signed requests, untouched and mutated", async () => {
    let accepted = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        const { url, body, token } = build(c);
        const [a, b] = [await ours(url, body, token), await theirs(url, body, token)];
        if (a) accepted++;
        else refused++;
        expect({ ours: a }).toEqual({ ours: b });
      }),
      { numRuns: 400, seed: 20261203 },
    );
    // Both outcomes occur often enough for the agreement to mean something.
    expect(accepted).toBeGreaterThan(50);
    expect(refused).toBeGreaterThan(100);
  });

  it("except that ours also requires exp (the SDK accepts a token that never expires)", async () => {
    const url = "https://example.com/hook";
    const token = signMessageBirdRequest({ url, signingKey: KEY, issuedAt: NOW, claims: { exp: undefined } });
    expect(await theirs(url, "", token)).toBe(true);
    expect(await ours(url, "", token)).toBe(false);
  });
});

describe("createMessageBirdTestSignature", () => {
  it("signs requests that messagebird@4.0.1's verifier accepts, with and without a body, in each algorithm", async () => {
    for (const algorithm of ["HS256", "HS384", "HS512"] as const) {
      for (const body of ["", '{"id":"rec-1","legId":"leg-1"}']) {
        const url = "https://hooks.example.com/recorded?callID=c-1&b=2";
        const token = await createMessageBirdTestSignature({ url, body, signingKey: KEY, algorithm, now: NOW });
        expect(await theirs(url, body, token)).toBe(true);
        expect(await theirs(url.replace("b=2", "b=3"), body, token)).toBe(false);
      }
    }
  });
});
