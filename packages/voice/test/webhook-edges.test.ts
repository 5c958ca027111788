// The receiving side's edges: option checks, claim checks the reference vectors do not reach, the public
// URL rules, the replay store, and the node:http adapter's answers when a handler misbehaves.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMessageBirdTestSignature, verifyMessageBirdWebhook } from "../src/messagebird.js";
import { createMemoryReplayStore, nodeHandler, publicUrlOf, readRawBody, WebhookVerificationError } from "../src/webhooks.js";
import { failure } from "./support/failure.js";
import { signMessageBirdRequest } from "./support/messagebird-signer.js";

const signingKey = "edges-signing-key";
const NOW = 1_700_000_000;
const URL_ = "https://hooks.example.com/hook?x=1";

function signedRequest(token: string, url = URL_, headers: Record<string, string> = {}): Request {
  return new Request(url, { headers: { "MessageBird-Signature-JWT": token, ...headers } });
}

async function reason(request: Request, options: Partial<Parameters<typeof verifyMessageBirdWebhook>[1]> = {}): Promise<string> {
  try {
    await verifyMessageBirdWebhook(request, { signingKey, now: NOW, ...options });
    return "valid";
  } catch (error) {
    if (error instanceof WebhookVerificationError) return error.reason;
    throw error;
  }
}

describe("options are checked before anything is read", () => {
  it.each([
    [{ signingKey: "" }, /signingKey must be a non-empty string/],
    [{ now: Date.now() }, /seconds since the epoch, not milliseconds/],
    [{ now: new Date(Number.NaN) }, /now must be/],
    [{ clockToleranceSeconds: -1 }, /clockToleranceSeconds/],
    [{ bodyLimitBytes: Number.NaN }, /bodyLimitBytes must be a whole number/],
    [{ bodyLimitBytes: "1mb" as unknown as number }, /bodyLimitBytes must be a whole number/],
  ])("%o", async (options, message) => {
    await expect(verifyMessageBirdWebhook(signedRequest("a.b.c"), { signingKey, ...options })).rejects.toThrow(message);
  });

  it("a limit that would not limit is refused by the readers and the adapters too", async () => {
    await expect(readRawBody(new Request("https://x.example/", { method: "POST", body: "{}" }), Number.NaN)).rejects.toThrow(TypeError);
    expect(() => nodeHandler(() => new Response(), { bodyLimitBytes: -1 })).toThrow(/bodyLimitBytes/);
  });
});

describe("claims", () => {
  it("refuses another issuer, a missing jti, and claims of the wrong type", async () => {
    const sign = (claims: Record<string, unknown>) => signMessageBirdRequest({ url: URL_, signingKey, issuedAt: NOW, claims });
    expect(await reason(signedRequest(sign({ iss: "Someone" })))).toBe("wrong_issuer");
    expect(await reason(signedRequest(sign({ jti: undefined })))).toBe("missing_claim");
    expect(await reason(signedRequest(sign({ exp: String(NOW + 60) })))).toBe("missing_claim");
    expect(await reason(signedRequest(sign({ url_hash: 42 })))).toBe("missing_claim");
    expect(await reason(signedRequest(sign({})))).toBe("valid");
  });

  it("honours clockToleranceSeconds", async () => {
    const token = signMessageBirdRequest({ url: URL_, signingKey, issuedAt: NOW - 70 }); // expired 10 s ago
    expect(await reason(signedRequest(token))).toBe("expired");
    expect(await reason(signedRequest(token), { clockToleranceSeconds: 15 })).toBe("valid");
  });

  it("checkUrl: false skips only the URL", async () => {
    const token = signMessageBirdRequest({ url: "https://elsewhere.example/", signingKey, issuedAt: NOW });
    expect(await reason(signedRequest(token))).toBe("url_mismatch");
    expect(await reason(signedRequest(token), { checkUrl: false })).toBe("valid");
  });
});

describe("the public URL", () => {
  const behind = (headers: Record<string, string>) => new Request("http://10.0.0.5:8080/hook?x=1", { headers });

  it("reads only the forwarding header the app names, and its nearest (rightmost) value", () => {
    const both = behind({ forwarded: 'proto=https;host="hooks.example.com"', "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" });
    expect(publicUrlOf(both, { trustForwardedHeaders: "forwarded" })).toBe("https://hooks.example.com/hook?x=1");
    expect(publicUrlOf(both, { trustForwardedHeaders: true })).toBe("https://evil.example/hook?x=1");
    const appended = behind({ "x-forwarded-host": "evil.example, Hooks.Example.com", "x-forwarded-proto": "https" });
    expect(publicUrlOf(appended, { trustForwardedHeaders: "x-forwarded" })).toBe("https://hooks.example.com/hook?x=1");
    expect(publicUrlOf(behind({ "x-forwarded-host": "a.example/evil?", "x-forwarded-proto": "javascript" }), { trustForwardedHeaders: true })).toBe(
      "http://10.0.0.5:8080/hook?x=1",
    );
  });

  it("takes a base URL or a function, and keeps a bare trailing ?", () => {
    expect(publicUrlOf(behind({}), { publicUrl: "https://example.com/api/" })).toBe("https://example.com/api/hook?x=1");
    expect(publicUrlOf(behind({}), { publicUrl: (r) => `https://fixed.example${new URL(r.url).pathname}` })).toBe("https://fixed.example/hook");
    expect(publicUrlOf(new Request("https://example.com/x?"))).toBe("https://example.com/x?");
  });
});

describe("createMemoryReplayStore", () => {
  it("accepts an id once, forgets it after its expiry, and forgets the oldest beyond maxEntries", () => {
    const store = createMemoryReplayStore({ maxEntries: 2 });
    const at = (s: number) => new Date(s * 1000);
    expect(store.claim("a", { expiresAt: at(100), now: at(0) })).toBe(true);
    expect(store.claim("a", { expiresAt: at(100), now: at(50) })).toBe(false);
    expect(store.claim("a", { expiresAt: at(300), now: at(200) })).toBe(true); // the first "a" expired
    expect(store.claim("b", { expiresAt: at(300), now: at(200) })).toBe(true);
    expect(store.claim("c", { expiresAt: at(300), now: at(200) })).toBe(true);
    expect(store.claim("a", { expiresAt: at(300), now: at(200) })).toBe(true); // pushed out by c
    expect(() => createMemoryReplayStore({ maxEntries: 0 })).toThrow(TypeError);
  });

  it("is given a real expiry even for an absurd exp", async () => {
    const expiries: Date[] = [];
    const token = signMessageBirdRequest({ url: URL_, signingKey, issuedAt: NOW, lifetimeSeconds: 1e17 });
    await verifyMessageBirdWebhook(signedRequest(token), {
      signingKey,
      now: NOW,
      replayStore: {
        claim: (_id, { expiresAt }) => {
          expiries.push(expiresAt);
          return true;
        },
      },
    });
    expect(Number.isNaN(expiries[0]?.getTime())).toBe(false);
  });

  it("is not consulted for a forged request", async () => {
    let claims = 0;
    const token = signMessageBirdRequest({ url: URL_, signingKey: "another-key", issuedAt: NOW });
    const error = await failure<WebhookVerificationError>(
      verifyMessageBirdWebhook(signedRequest(token), { signingKey, now: NOW, replayStore: { claim: () => ++claims > 0 } }),
    );
    expect(error.reason).toBe("bad_signature");
    expect(claims).toBe(0);
  });
});

describe("nodeHandler when the handler misbehaves", () => {
  let server: Server;
  let base: string;
  const logged: unknown[] = [];
  beforeAll(async () => {
    server = createServer(
      nodeHandler(
        async (request) => {
          const path = new URL(request.url).pathname;
          if (path === "/not-a-response") return "ok" as unknown as Response;
          if (path === "/throws") throw new Error("database is down: password=hunter2");
          if (path === "/cookies") {
            const headers = new Headers();
            headers.append("set-cookie", "a=1");
            headers.append("set-cookie", "b=2");
            return new Response("ok", { headers });
          }
          if (path === "/bad-body")
            return new Response(
              new ReadableStream({
                pull(c) {
                  c.error(new Error("stream broke"));
                },
              }),
            );
          return new Response("fine");
        },
        {
          onError: (error) => {
            logged.push(error);
            throw new Error("the logger fails too");
          },
        },
      ),
    );
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("answers 500 without the error's text, and stays up", async () => {
    for (const path of ["/not-a-response", "/throws", "/bad-body"]) {
      const response = await fetch(`${base}${path}`);
      expect(response.status, path).toBe(500);
      expect(await response.text()).toBe("internal error");
    }
    expect(logged.length).toBe(2); // the two the handler threw; the broken body is found while answering
    expect((await fetch(`${base}/`)).status).toBe(200);
  });

  it("keeps every Set-Cookie", async () => {
    const response = await fetch(`${base}/cookies`);
    expect(response.headers.getSetCookie()).toEqual(["a=1", "b=2"]);
  });
});

describe("createMessageBirdTestSignature", () => {
  it("refuses an empty key", async () => {
    await expect(createMessageBirdTestSignature({ url: URL_, signingKey: "" })).rejects.toThrow(TypeError);
  });
});
