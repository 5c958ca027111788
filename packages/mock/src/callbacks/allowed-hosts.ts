import { isIPv4 } from "node:net";

const LOOPBACK = new Set(["localhost", "[::1]", "::1"]);

/**
 * Whether a callback may go to `url`: http(s) only, to loopback unless the user allowed more. A call flow
 * copied from production names production URLs; a mock must not send them test traffic by surprise.
 */
export function refusalOf(url: URL, allowHosts: readonly string[]): string | undefined {
  if (url.protocol !== "http:" && url.protocol !== "https:") return `not sent: ${url.protocol} is not http or https`;
  // fetch refuses them, and its error would repeat the credentials.
  if (url.username || url.password) return "not sent: the URL carries a user name or password";
  const host = url.hostname.toLowerCase();
  if (LOOPBACK.has(host) || host.endsWith(".localhost") || (isIPv4(host) && host.startsWith("127."))) return undefined;
  if (allowHosts.includes("*") || allowHosts.some((h) => h.toLowerCase() === host)) return undefined;
  return `not sent: ${host} is not loopback and not in callbacks.allowHosts`;
}
