import { createHash, createHmac, randomUUID } from "node:crypto";
import { getAtPointer, type OpenApiDocument } from "../operation-index.js";

/**
 * How a vendor signs the requests it sends, as the spec's security scheme states it in
 * `x-callspec-signature` (today MessageBird's `MessageBirdSignatureJwt`): an HMAC JWT carrying hashes of
 * the URL and the body.
 */
export interface SignatureScheme {
  /** The security scheme's name in the spec. */
  name: string;
  /** The header the JWT travels in (the scheme's `name`). */
  header: string;
  algorithms: readonly string[];
  issuer: string;
  urlHashClaim: string;
  payloadHashClaim: string;
  /** Seconds from `nbf` to `exp`. */
  lifetimeSeconds: number;
}

const HASHES: Readonly<Record<string, string>> = { HS256: "sha256", HS384: "sha384", HS512: "sha512" };

/** The signature scheme a webhook operation's `security` names, or `undefined` for an unsigned webhook. */
export function webhookSignature(doc: OpenApiDocument, operationPointer: string): SignatureScheme | undefined {
  const security = (getAtPointer(doc, `${operationPointer}/security`) ?? []) as Array<Record<string, unknown>>;
  for (const requirement of security) {
    for (const name of Object.keys(requirement)) {
      const scheme = doc.components?.["securitySchemes"]?.[name] as { name?: string; "x-callspec-signature"?: Record<string, unknown> } | undefined;
      const data = scheme?.["x-callspec-signature"];
      if (data?.["format"] === "hmac-jwt" && typeof scheme?.name === "string") return schemeFrom(name, scheme.name, data);
    }
  }
  return undefined;
}

function schemeFrom(name: string, header: string, data: Record<string, unknown>): SignatureScheme {
  const algorithms = (data["algorithms"] as string[] | undefined)?.filter((a) => a in HASHES) ?? [];
  if (!algorithms.length) throw new Error(`security scheme ${name}: x-callspec-signature names no HS256/384/512 algorithm`);
  return {
    name,
    header,
    algorithms,
    issuer: String(data["issuer"]),
    urlHashClaim: String(data["urlHashClaim"]),
    payloadHashClaim: String(data["payloadHashClaim"]),
    lifetimeSeconds: Number(data["lifetimeSeconds"] ?? 60),
  };
}

/**
 * The signature header's value for a request, signed as the vendor signs: claims `iss`, `nbf`, `exp`,
 * `jti`, the hex SHA-256 of the URL exactly as sent and, when there is a body, of the body.
 */
export function signRequest(scheme: SignatureScheme, url: string, body: Buffer | undefined, signingKey: string, now = Date.now()): string {
  const algorithm = scheme.algorithms[0]!;
  const nbf = Math.floor(now / 1000);
  const claims = {
    iss: scheme.issuer,
    nbf,
    exp: nbf + scheme.lifetimeSeconds,
    jti: randomUUID(),
    [scheme.urlHashClaim]: sha256Hex(url),
    ...(body?.length ? { [scheme.payloadHashClaim]: sha256Hex(body) } : {}),
  };
  const input = `${base64Url(JSON.stringify({ alg: algorithm, typ: "JWT" }))}.${base64Url(JSON.stringify(claims))}`;
  return `${input}.${createHmac(HASHES[algorithm]!, signingKey).update(input).digest("base64url")}`;
}

function sha256Hex(data: string | Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}

function base64Url(text: string): string {
  return Buffer.from(text, "utf8").toString("base64url");
}
