import type { IncomingMessage, ServerResponse } from "node:http";
import type { FaultBook } from "./fault-book.js";
import { type FaultRule, parseFault } from "./fault-rules.js";
import { readBody } from "./forward.js";
import type { RequestLog } from "./request-log.js";
import type { CallbackLog } from "../callbacks/callback-log.js";

/** How long `GET /__callspec/callbacks` waits for callbacks in flight before answering with what it has. */
const CALLBACKS_WAIT_MS = 30_000;

/** The path prefix of the control routes; requests to it are neither forwarded nor logged. */
export const CONTROL_PREFIX = "/__callspec/";

/** What the control routes act on. */
export interface ControlTarget {
  requests: RequestLog;
  faults: FaultBook;
  callbacks: CallbackLog;
}

/**
 * The control routes, for tests that run in another process than the mock (vitest's globalSetup, say):
 * - `GET /__callspec/requests`: `{ requests: LoggedRequest[] }`; `DELETE` clears the log.
 * - `POST /__callspec/faults` with a {@link FaultRule} (or `{ "fault": "burst; times=2" }`) adds a rule;
 *   `GET` lists the rules still in force; `DELETE` clears them.
 * - `GET /__callspec/callbacks`: `{ callbacks: DeliveredCallback[] }` once none is in flight (at most 30 s);
 *   `DELETE` clears them.
 * - `POST /__callspec/reset`: clears the logs and the faults.
 */
export async function handleControl(target: ControlTarget, method: string, path: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const route = `${method} ${path.slice(CONTROL_PREFIX.length - 1)}`;
  const body = await readBody(req);
  if (route === "GET /requests") return json(res, 200, { requests: target.requests.all() });
  if (route === "DELETE /requests") return done(res, () => target.requests.clear());
  if (route === "GET /faults") return json(res, 200, { faults: target.faults.pending() });
  if (route === "DELETE /faults") return done(res, () => target.faults.clear());
  // Bounded: a receiver that never answers must not hang a test's control call.
  if (route === "GET /callbacks") return json(res, 200, { callbacks: await target.callbacks.idle(CALLBACKS_WAIT_MS) });
  if (route === "DELETE /callbacks") return done(res, () => target.callbacks.clear());
  if (route === "POST /reset")
    return done(res, () => {
      target.requests.clear();
      target.faults.clear();
      target.callbacks.clear();
    });
  if (route === "POST /faults") {
    let rule: FaultRule;
    try {
      rule = ruleFromJson(JSON.parse(body.toString("utf8") || "null"));
    } catch (error) {
      return json(res, 400, { message: (error as Error).message });
    }
    return done(res, () => target.faults.add(rule));
  }
  json(res, 404, { message: `no control route ${route}` });
}

/**
 * Reads a rule posted as JSON: a rule object, or `{ fault: "<text>" }` in the header syntax. A rule object is
 * written out in that syntax and read back, so both forms are checked by the same rules.
 */
function ruleFromJson(value: unknown): FaultRule {
  if (typeof value !== "object" || value === null) throw new SyntaxError("expected a JSON object");
  const record = value as Record<string, unknown>;
  if (typeof record["fault"] === "string") return parseFault(record["fault"]);
  const parts = [String(record["mode"])];
  for (const [key, field] of Object.entries(record)) {
    if (key === "mode") continue;
    // JSON has no Infinity (JSON.stringify writes null), so `null` or `"*"` means every request.
    const text = key === "times" && (field === null || field === "*") ? "*" : String(field);
    parts.push(`${key === "retryAfter" ? "retry-after" : key}=${text}`);
  }
  return parseFault(parts.join("; "));
}

function done(res: ServerResponse, act: () => void): void {
  act();
  res.writeHead(204).end();
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) }).end(text);
}
