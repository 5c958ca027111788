/**
 * The URL a request was sent to, as the sender wrote it. Signatures cover it, and it is the part most
 * often lost: behind a TLS terminator or proxy the app sees `http://internal:8080/…` while the vendor
 * signed `https://hooks.example.com/…`.
 */

/** Where a Node adapter keeps the request target exactly as it arrived (a `Request`'s own URL is normalised). */
const RECEIVED_TARGET = Symbol.for("callspec.webhooks.receivedTarget");

/** How to find the public URL a request was sent to. */
export interface PublicUrlOptions {
  /**
   * The public URL's base, when the app sits behind a proxy: `"https://hooks.example.com"` (or with a path
   * prefix the proxy strips, `"https://example.com/api"`). The request's path and query are appended as
   * received. A function gets the request and returns the whole public URL.
   */
  publicUrl?: string | ((request: Request) => string);
  /**
   * Rebuild the scheme and host from `X-Forwarded-Proto` / `X-Forwarded-Host` (or RFC 7239 `Forwarded`).
   * Only for apps whose proxy sets (and overwrites) these headers; off by default.
   */
  trustForwardedHeaders?: boolean;
}

/** Records the request target (`/path?query` as it arrived) beside a `Request` built from it. */
export function rememberTarget(request: Request, target: string): Request {
  Object.defineProperty(request, RECEIVED_TARGET, { value: target, enumerable: false });
  return request;
}

/** The path and query as received: the adapter's record, or the `Request`'s URL. */
export function receivedTarget(request: Request): string {
  const kept = (request as unknown as Record<symbol, unknown>)[RECEIVED_TARGET];
  if (typeof kept === "string") return kept;
  const url = new URL(request.url);
  return `${url.pathname}${url.search}`;
}

/** The URL the sender signed, by the rules of {@link PublicUrlOptions}. */
export function publicUrlOf(request: Request, options: PublicUrlOptions = {}): string {
  const { publicUrl, trustForwardedHeaders } = options;
  if (typeof publicUrl === "function") return publicUrl(request);
  const target = receivedTarget(request);
  if (typeof publicUrl === "string") return `${publicUrl.replace(/\/+$/, "")}${target}`;
  const own = new URL(request.url);
  if (!trustForwardedHeaders) return `${own.protocol}//${own.host}${target}`;
  const forwarded = forwardedOrigin(request.headers);
  return `${forwarded.proto ?? own.protocol.slice(0, -1)}://${forwarded.host ?? own.host}${target}`;
}

/** The first hop's scheme and host: the header's leftmost value is the one the client's request reached. */
function forwardedOrigin(headers: Headers): { proto?: string; host?: string } {
  const first = (name: string) => headers.get(name)?.split(",")[0]?.trim() || undefined;
  const proto = first("x-forwarded-proto");
  const host = first("x-forwarded-host");
  const out: { proto?: string; host?: string } = {};
  const element = first("forwarded");
  if (element) {
    for (const pair of element.split(";")) {
      const [key, raw] = pair.split("=", 2).map((s) => s.trim());
      const value = raw?.replace(/^"(.*)"$/, "$1");
      if (key?.toLowerCase() === "proto" && value) out.proto = value.toLowerCase();
      if (key?.toLowerCase() === "host" && value) out.host = value;
    }
  }
  if (proto) out.proto = proto.toLowerCase();
  if (host) out.host = host;
  // Anything else cannot be the scheme or authority of an http(s) URL: ignored rather than spliced in.
  if (out.proto !== undefined && !/^https?$/.test(out.proto)) delete out.proto;
  if (out.host !== undefined && !/^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(out.host)) delete out.host;
  return out;
}
