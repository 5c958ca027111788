/**
 * Signing a request the way a JWT-signing vendor does, for the app's own tests (as Stripe's SDK offers
 * `generateTestHeaderString`): a handler can then be exercised end to end without a live number.
 */
import { sha256Hex } from "./digest.js";
import type { HmacAlgorithm } from "./hmac-jwt.js";
import type { JwtSignatureScheme } from "./signed-request.js";

/** What to sign. */
export interface TestSignatureInput {
  /** The URL exactly as the request will be sent to it. */
  url: string;
  /** The body as it will be sent; none for a GET. */
  body?: Uint8Array | string;
  signingKey: string;
  algorithm?: HmacAlgorithm;
  /** The signing time (seconds since the epoch, or a Date); default now. */
  now?: number | Date;
  /** Seconds until `exp` (default 60, as in the vendor's reference vectors). */
  lifetimeSeconds?: number;
  /** The token id; default a random UUID. */
  jti?: string;
}

const HASH_OF = { HS256: "SHA-256", HS384: "SHA-384", HS512: "SHA-512" } as const;
const encoder = new TextEncoder();

/** The signature header's value for a request, under `scheme`. */
export async function signTestRequest(scheme: JwtSignatureScheme, input: TestSignatureInput): Promise<string> {
  if (typeof input.signingKey !== "string" || input.signingKey === "") throw new TypeError("signingKey must be a non-empty string");
  const algorithm = input.algorithm ?? scheme.algorithms[0] ?? "HS256";
  const nbf = Math.floor(input.now === undefined ? Date.now() / 1000 : input.now instanceof Date ? input.now.getTime() / 1000 : input.now);
  const body = typeof input.body === "string" ? encoder.encode(input.body) : (input.body ?? new Uint8Array(0));
  const claims = {
    iss: scheme.issuer,
    nbf,
    exp: nbf + (input.lifetimeSeconds ?? 60),
    jti: input.jti ?? crypto.randomUUID(),
    [scheme.urlHashClaim]: await sha256Hex(input.url),
    ...(body.byteLength ? { [scheme.payloadHashClaim]: await sha256Hex(body) } : {}),
  };
  const signingInput = `${base64Url(encoder.encode(JSON.stringify({ alg: algorithm, typ: "JWT" })))}.${base64Url(encoder.encode(JSON.stringify(claims)))}`;
  const key = await crypto.subtle.importKey("raw", encoder.encode(input.signingKey), { name: "HMAC", hash: HASH_OF[algorithm] }, false, ["sign"]);
  const signature = new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(signingInput)));
  return `${signingInput}.${base64Url(signature)}`;
}

function base64Url(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}
