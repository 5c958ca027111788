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
   * Rebuild the scheme and host from the headers the app's proxy sets: `true` or `"x-forwarded"` reads
   * `X-Forwarded-Proto` / `X-Forwarded-Host`, `"forwarded"` reads RFC 7239 `Forwarded`; the rightmost
   * value counts (the nearest proxy's). Only for apps behind exactly such a proxy (behind several, give
   * `publicUrl`); off by default.
   */
  trustForwardedHeaders?: boolean | "x-forwarded" | "forwarded";
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
  // The URL after its origin, as the Request holds it (pathname + search would drop a bare trailing "?").
  return request.url.slice(new URL(request.url).origin.length) || "/";
}

/** The URL the sender signed, by the rules of {@link PublicUrlOptions}. */
export function publicUrlOf(request: Request, options: PublicUrlOptions = {}): string {
  const { publicUrl, trustForwardedHeaders } = options;
  if (typeof publicUrl === "function") return publicUrl(request);
  const target = receivedTarget(request);
  if (typeof publicUrl === "string") return `${publicUrl.replace(/\/+$/, "")}${target}`;
  const own = new URL(request.url);
  if (!trustForwardedHeaders) return `${own.protocol}//${own.host}${target}`;
  const forwarded = forwardedOrigin(request.headers, trustForwardedHeaders === "forwarded" ? "forwarded" : "x-forwarded");
  return `${forwarded.proto ?? own.protocol.slice(0, -1)}://${forwarded.host ?? own.host}${target}`;
}

/**
 * The scheme and host one kind of forwarding header names. Only the kind the app's proxy sets is read
 * (a client can send the other), and its rightmost value: the one the proxy nearest the app added.
 */
function forwardedOrigin(headers: Headers, kind: "x-forwarded" | "forwarded"): { proto?: string; host?: string } {
  const last = (name: string) => headers.get(name)?.split(",").at(-1)?.trim() || undefined;
  const out: { proto?: string; host?: string } = {};
  if (kind === "x-forwarded") {
    const proto = last("x-forwarded-proto");
    const host = last("x-forwarded-host");
    if (proto) out.proto = proto.toLowerCase();
    if (host) out.host = host;
  } else {
    for (const pair of (last("forwarded") ?? "").split(";")) {
      const [key, raw] = pair.split("=", 2).map((s) => s.trim());
      const value = raw?.replace(/^"(.*)"$/, "$1");
      if (key?.toLowerCase() === "proto" && value) out.proto = value.toLowerCase();
      if (key?.toLowerCase() === "host" && value) out.host = value;
    }
  }
  // Anything else cannot be the scheme or authority of an http(s) URL: ignored rather than spliced in.
  if (out.proto !== undefined && !/^https?$/.test(out.proto)) delete out.proto;
  if (out.host !== undefined && !/^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(out.host)) delete out.host;
  if (out.host !== undefined) out.host = new URL(`http://${out.host}`).host; // normalised like a Host header
  return out;
}
