/**
 * What a failed `fetch` or body read says about the request, in the error shapes of every runtime the
 * packages run on. Each runtime reports the same network event differently (measured with Node 20/22,
 * Bun 1.4, Deno 2.9 and Chromium 156):
 *
 * | event | Node (undici) | Bun | Deno | browsers |
 * |---|---|---|---|---|
 * | connection refused | `cause.code` ECONNREFUSED + `cause.syscall` connect | `code` ECONNREFUSED, no `syscall` | message `client error (Connect): tcp connect error` | `TypeError: Failed to fetch` |
 * | body cut short | `TypeError: terminated`, cause `UND_ERR_SOCKET` | `code` ECONNRESET | `error reading a body from connection` | `TypeError: network error` / `Failed to fetch` |
 *
 * A browser says nothing about where a failure happened, so there a failed request is never known to be
 * unsent: a call-placing POST is not repeated.
 */

/** Codes that, raised while connecting, prove the request never reached the server. */
const neverSentCodes = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ENETUNREACH", "EHOSTUNREACH"]);

/** Deno (hyper) tags failures of the connect stage, DNS and TLS included, with this phrase. */
const denoConnectStage = /client error \(Connect\)/;

interface ErrorShape {
  code?: unknown;
  syscall?: unknown;
  message?: unknown;
  cause?: unknown;
}

/** The error and its causes, outermost first (bounded: causes can form cycles). */
function* causeChain(error: unknown): Generator<ErrorShape> {
  for (let e: unknown = error, depth = 0; e && typeof e === "object" && depth < 5; e = (e as ErrorShape).cause, depth++) yield e as ErrorShape;
}

/**
 * True when a fetch failure happened before any byte of the request could reach the server: a name that
 * did not resolve or a connection that was never established. On Node the same codes raised on an
 * established connection (Linux reports EHOSTUNREACH for a route lost mid-request) do not count, so the
 * system call must be `connect` or `getaddrinfo`; Bun raises ECONNREFUSED only for a refused connect and
 * gives no system call.
 */
export function failedBeforeSending(error: unknown): boolean {
  for (const { code, syscall, message } of causeChain(error)) {
    if (code === "UND_ERR_CONNECT_TIMEOUT") return true;
    if (typeof code === "string" && neverSentCodes.has(code) && (syscall === "connect" || syscall === "getaddrinfo")) return true;
    if (code === "ECONNREFUSED" && syscall === undefined) return true;
    if (typeof message === "string" && denoConnectStage.test(message)) return true;
  }
  return false;
}

/** Messages of a response body that broke while it was read, by runtime. */
const brokenBodyMessages =
  /^(terminated|network error|failed to fetch|load failed|error reading a body from connection)|networkerror when attempting to fetch|socket connection was closed unexpectedly/i;
const brokenBodyCodes = /^(UND_ERR|ECONNRESET|ECONNABORTED|EPIPE|ETIMEDOUT)/;

/** True when reading a response body failed because the connection broke (the answer is lost). */
export function isBrokenBody(error: unknown): boolean {
  if (!(error instanceof TypeError)) return false;
  for (const { code, message } of causeChain(error)) {
    if (typeof code === "string" && brokenBodyCodes.test(code)) return true;
    if (typeof message === "string" && brokenBodyMessages.test(message)) return true;
  }
  return false;
}
