/** The value a redacted query parameter is logged as. */
export const REDACTED = "[redacted]";

/**
 * Query parameter names that carry credentials in the callspec specs (`token`, `user_token`, `api_key`,
 * `accessKey`, `password`…): matched by shape rather than listed per vendor, so a new vendor's is caught too.
 */
const SECRET_NAME = /token|key|pass|secret|auth|signature|session/i;

/** The query of a request as logged: every parameter whose name looks like a credential is redacted. */
export function redactedQuery(search: URLSearchParams): Record<string, string> {
  const query: Record<string, string> = {};
  for (const [name, value] of search) query[name] = SECRET_NAME.test(name) ? REDACTED : value;
  return query;
}

/** A URL as logged: no user or password, and every query parameter whose name looks like a credential redacted. */
export function redactedUrl(url: URL): string {
  const copy = new URL(url.href);
  copy.username = "";
  copy.password = "";
  copy.search = new URLSearchParams(redactedQuery(url.searchParams)).toString();
  return copy.href;
}
