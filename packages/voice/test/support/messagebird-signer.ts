// A local stand-in for MessageBird's signer, written from the scheme as MessageBird's SDKs describe it
// (HS256/384/512 JWT; iss, nbf, exp, jti, url_hash, payload_hash) with node:crypto, independently of the
// facade's Web Crypto verifier, so the two can be checked against each other and against messagebird@4.0.1.
import { createHash, createHmac, randomUUID } from "node:crypto";

export type SignAlgorithm = "HS256" | "HS384" | "HS512" | "none";

export interface SignInput {
  url: string;
  body?: Uint8Array | string;
  signingKey: string;
  algorithm?: SignAlgorithm;
  /** Seconds since the epoch; default now. */
  issuedAt?: number;
  lifetimeSeconds?: number;
  jti?: string;
  /** Claims to set or (with `undefined`) leave out, after the computed ones. */
  claims?: Record<string, unknown>;
}

const b64url = (data: Buffer | string) => Buffer.from(data).toString("base64url");
const sha256 = (data: Buffer | string) => createHash("sha256").update(data).digest("hex");
const HASHES = { HS256: "sha256", HS384: "sha384", HS512: "sha512" } as const;

/** The `MessageBird-Signature-JWT` value MessageBird would send for this request. */
export function signMessageBirdRequest(input: SignInput): string {
  const algorithm = input.algorithm ?? "HS256";
  const nbf = Math.floor(input.issuedAt ?? Date.now() / 1000);
  const body = input.body === undefined ? Buffer.alloc(0) : Buffer.from(input.body);
  const claims: Record<string, unknown> = {
    iss: "MessageBird",
    nbf,
    exp: nbf + (input.lifetimeSeconds ?? 60),
    jti: input.jti ?? randomUUID(),
    url_hash: sha256(input.url),
    ...(body.length ? { payload_hash: sha256(body) } : {}),
  };
  for (const [name, value] of Object.entries(input.claims ?? {})) {
    if (value === undefined) delete claims[name];
    else claims[name] = value;
  }
  const signingInput = `${b64url(JSON.stringify({ alg: algorithm, typ: "JWT" }))}.${b64url(JSON.stringify(claims))}`;
  if (algorithm === "none") return `${signingInput}.`;
  return `${signingInput}.${b64url(createHmac(HASHES[algorithm], Buffer.from(input.signingKey, "utf8")).update(signingInput).digest())}`;
}
