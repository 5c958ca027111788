import type { OpenApiDocument } from "../operation-index.js";
import type { Vendor } from "../spec-path.js";

/** Which names carry secrets for one vendor: header names, body members (at any depth) and query parameters. */
export interface SecretNames {
  /** Header names, lower case. */
  headers: string[];
  /** JSON member names, matched case-insensitively at any depth of a body. */
  fields: string[];
  /** Query parameter names. */
  urlParams: string[];
}

/**
 * The one definition per vendor of what is secret, mirroring the `placement`, `secretFields` and
 * `secretUrlParams` of packages/voice/src/{messagebird,voipstudio,zaas}.ts. It is a copy rather than an
 * import because @callspec/voice depends on this package (importing it back would be a cycle); a change
 * to a vendor's secrets there belongs here too.
 */
export const vendorSecrets: Record<Vendor, SecretNames> = {
  "messagebird-voice": { headers: ["authorization"], fields: ["accessKey", "access_key", "token", "signingKey"], urlParams: [] },
  voipstudio: {
    headers: ["x-auth-token", "authorization"],
    fields: ["password", "token", "user_token", "api_key", "apiKey", "x-auth-token"],
    urlParams: ["token", "user_token", "api_key"],
  },
  "zaas-voice": { headers: [], fields: ["password", "token", "rtcUAPassword"], urlParams: ["token"] },
};

/** Redacted whatever the vendor: credentials any HTTP API may carry. */
const always: SecretNames = {
  headers: ["authorization", "proxy-authorization", "cookie", "set-cookie", "x-auth-token"],
  fields: ["password"],
  urlParams: ["password"],
};

/**
 * The secret names for a spec: the vendor's table (when `vendor` is one), the names every API shares, and
 * whatever the spec's own security schemes place in a header or query parameter.
 */
export function secretNamesFor(vendor: string, doc: OpenApiDocument): SecretNames {
  const own = (vendorSecrets as Record<string, SecretNames | undefined>)[vendor];
  const names: SecretNames = {
    headers: [...always.headers, ...(own?.headers ?? [])],
    fields: [...always.fields, ...(own?.fields ?? [])],
    urlParams: [...always.urlParams, ...(own?.urlParams ?? [])],
  };
  const schemes = (doc.components?.["securitySchemes"] ?? {}) as Record<string, { type?: string; in?: string; name?: string }>;
  for (const scheme of Object.values(schemes)) {
    if (scheme.type === "http" || scheme.type === "oauth2" || scheme.type === "openIdConnect") names.headers.push("authorization");
    if (scheme.type === "apiKey" && scheme.name) {
      if (scheme.in === "header") names.headers.push(scheme.name.toLowerCase());
      if (scheme.in === "query") names.urlParams.push(scheme.name);
      if (scheme.in === "cookie") names.headers.push("cookie");
    }
  }
  return names;
}
