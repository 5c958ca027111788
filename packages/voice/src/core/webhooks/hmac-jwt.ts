/**
 * Compact JWTs signed with HMAC (HS256, HS384, HS512): decoding, and the signature check on Web Crypto
 * (`crypto.subtle.verify` compares in constant time). Claims are checked by the caller.
 */
import { WebhookVerificationError } from "./errors.js";

/** HMAC algorithms of JWS (RFC 7518 §3.2) and their Web Crypto hashes. */
const HMAC_HASHES = { HS256: "SHA-256", HS384: "SHA-384", HS512: "SHA-512" } as const;
export type HmacAlgorithm = keyof typeof HMAC_HASHES;

/** A decoded, signature-checked token. */
export interface VerifiedJwt {
  algorithm: HmacAlgorithm;
  claims: Record<string, unknown>;
}

const encoder = new TextEncoder();

/**
 * Checks a compact JWT's form, its `alg` against `algorithms`, and its HMAC signature under `key`
 * (the key's UTF-8 bytes). Throws {@link WebhookVerificationError} with `malformed_signature`,
 * `unsupported_algorithm` or `bad_signature`.
 */
export async function verifyHmacJwt(token: string, key: string, algorithms: readonly HmacAlgorithm[]): Promise<VerifiedJwt> {
  const parts = token.split(".");
  if (parts.length !== 3 || !parts.every((p) => /^[A-Za-z0-9_-]*$/.test(p))) throw malformed("is not a compact JWT");
  const [head = "", body = "", signature = ""] = parts;
  const header = decodeJson(head, "header");
  const alg = header.alg;
  if (typeof alg !== "string" || !(algorithms as readonly string[]).includes(alg) || !Object.hasOwn(HMAC_HASHES, alg)) {
    throw new WebhookVerificationError(
      "unsupported_algorithm",
      `the signature's algorithm ${JSON.stringify(String(alg)).slice(0, 40)} is not one of ${algorithms.join(", ")}`,
    );
  }
  const algorithm = alg as HmacAlgorithm;
  const cryptoKey = await crypto.subtle.importKey("raw", encoder.encode(key), { name: "HMAC", hash: HMAC_HASHES[algorithm] }, false, ["verify"]);
  const valid = await crypto.subtle.verify("HMAC", cryptoKey, base64UrlBytes(signature) as Uint8Array<ArrayBuffer>, encoder.encode(`${head}.${body}`));
  if (!valid) throw new WebhookVerificationError("bad_signature", "the signature does not match: wrong signing key, or the token was altered");
  return { algorithm, claims: decodeJson(body, "claims") };
}

function decodeJson(segment: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(base64UrlBytes(segment)));
  } catch {
    throw malformed(`has a ${what} part that is not base64url JSON`);
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw malformed(`has a ${what} part that is not a JSON object`);
  return value as Record<string, unknown>;
}

/** base64url without padding (RFC 7515 §2), decoded without Buffer. */
function base64UrlBytes(segment: string): Uint8Array {
  if (segment.length % 4 === 1) throw malformed("has a part of impossible length");
  const binary = atob(
    segment
      .replace(/-/g, "+")
      .replace(/_/g, "/")
      .padEnd(Math.ceil(segment.length / 4) * 4, "="),
  );
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

function malformed(what: string): WebhookVerificationError {
  return new WebhookVerificationError("malformed_signature", `the signature header ${what}`);
}
