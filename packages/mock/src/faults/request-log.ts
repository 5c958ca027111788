import type { FaultMode } from "./fault-rules.js";
import { routeMatcher } from "./route-match.js";

/**
 * One request the front server saw. Headers and bodies are never kept, so `Authorization`, `X-Auth-Token`,
 * passwords and tokens sent in a body (ZaaS) cannot leak through the log; credential-like query parameters
 * are redacted (see `redactedQuery`).
 */
export interface LoggedRequest {
  method: string;
  /** The path without its query, e.g. `/calls/c-1`. */
  path: string;
  query: Record<string, string>;
  /** The status the client received; `undefined` when the socket was destroyed before an answer. */
  status: number | undefined;
  /** The status Prism answered, when the request was forwarded. */
  upstreamStatus: number | undefined;
  /** The fault applied to this request, if any. */
  fault: FaultMode | undefined;
  /** Whether this was a call-placing request the mock accepted (answered 2xx), answer delivered or not. */
  placed: boolean;
}

/** The requests one front server saw, in arrival order, with assertions for tests. */
export class RequestLog {
  readonly #entries: LoggedRequest[] = [];

  /** Appends an entry (the front server does this). */
  add(entry: LoggedRequest): void {
    this.#entries.push(entry);
  }

  /** A copy of every entry, oldest first. */
  all(): LoggedRequest[] {
    return this.#entries.map((e) => ({ ...e, query: { ...e.query } }));
  }

  /** The entries matching `route` (`"POST /calls"`, `"GET /calls/{callId}"`, or a bare path). */
  matching(route: string): LoggedRequest[] {
    return filterRequests(this.all(), route);
  }

  /** How many requests matched `route`. */
  count(route: string): number {
    return this.matching(route).length;
  }

  /** How many call-placing requests the mock accepted. */
  placedCalls(): number {
    return this.#entries.filter((e) => e.placed).length;
  }

  /** Returns the one request matching `route`; throws an `Error` listing what arrived otherwise. */
  expectExactlyOne(route: string): LoggedRequest {
    return exactlyOne(this.all(), route);
  }

  /** Forgets every entry (between tests). */
  clear(): void {
    this.#entries.length = 0;
  }
}

/** The entries of `entries` matching `route`. */
export function filterRequests(entries: readonly LoggedRequest[], route: string): LoggedRequest[] {
  const matches = routeMatcher(route);
  return entries.filter((e) => matches(e.method, e.path));
}

/** The one entry matching `route`, or an `Error` that says how many came and lists the log. */
export function exactlyOne(entries: readonly LoggedRequest[], route: string): LoggedRequest {
  const found = filterRequests(entries, route);
  if (found.length === 1) return found[0]!;
  const seen = entries.map((e) => `  ${e.method} ${e.path} → ${e.status ?? "no answer"}${e.fault ? ` (${e.fault})` : ""}`).join("\n");
  throw new Error(`expected exactly one "${route}", the mock saw ${found.length}; its log:\n${seen || "  (empty)"}`);
}
