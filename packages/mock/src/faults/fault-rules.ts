/** The faults the front server can inject; see the package README for what each does on the wire. */
export const faultModes = ["latency", "cut-body", "reset-before-read", "reset-after-accept", "rate-limit", "burst", "expired-token"] as const;

/** One of {@link faultModes}. */
export type FaultMode = (typeof faultModes)[number];

/** A fault and the requests it applies to. */
export interface FaultRule {
  mode: FaultMode;
  /**
   * Which requests it applies to: `"POST /calls"`, `"GET /calls/{callId}"` (a `{name}` matches one path
   * segment) or a bare path for any method. Omitted: every request. Ignored in a `Prefer` header, which
   * already names its request.
   */
  match?: string;
  /** How many matching requests it applies to (default 1; `Infinity`, or `times=*` in text, for all of them). */
  times?: number;
  /** `latency`: milliseconds to wait before forwarding (default 1000). */
  ms?: number;
  /** `cut-body`: bytes of the body sent before the socket is destroyed (default half the body). */
  bytes?: number;
  /** `burst`: the status answered (default 503). */
  status?: number;
  /** `rate-limit`: the `Retry-After` seconds (default 1). */
  retryAfter?: number;
}

/** The `Prefer` preference that selects a fault for one request (RFC 7240 syntax: `name=value; param=value`). */
export const FAULT_PREFERENCE = "callspec-fault";

/**
 * Reads a fault written as text: `mode` followed by `key=value` parameters separated by `;` or `,`, e.g.
 * `rate-limit; retry-after=2`, `burst,times=2,status=502` or `latency,ms=2000,match=GET /calls`.
 * Throws a `SyntaxError` naming what is wrong.
 */
export function parseFault(text: string): FaultRule {
  const [head = "", ...params] = text.split(/[;,]/).map((part) => part.trim());
  const mode = head as FaultMode;
  if (!faultModes.includes(mode)) throw new SyntaxError(`unknown fault mode "${head}" (known: ${faultModes.join(", ")})`);
  const rule: FaultRule = { mode };
  for (const param of params.filter(Boolean)) applyParam(rule, param);
  return rule;
}

function applyParam(rule: FaultRule, param: string): void {
  const eq = param.indexOf("=");
  const key = eq < 0 ? param : param.slice(0, eq).trim();
  const value = eq < 0 ? "" : param.slice(eq + 1).trim();
  if (key === "match") rule.match = value;
  else if (key === "times") rule.times = value === "*" ? Infinity : count(key, value, 1);
  else if (key === "ms") rule.ms = count(key, value, 0);
  else if (key === "bytes") rule.bytes = count(key, value, 0);
  else if (key === "status") rule.status = count(key, value, 100, 599);
  else if (key === "retry-after") rule.retryAfter = count(key, value, 0);
  else throw new SyntaxError(`unknown fault parameter "${key}" in "${param}"`);
}

function count(key: string, raw: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const value = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!(value >= min && value <= max)) throw new SyntaxError(`fault parameter ${key} must be an integer from ${min} to ${max}, got "${raw}"`);
  return value;
}

/**
 * Splits a `Prefer` header into the fault it selects (if any) and the preferences left for Prism
 * (`code=404`, say), which are forwarded without the fault so Prism never sees a preference it does not know.
 */
export function takeFaultPreference(prefer: string | undefined): { fault: string | undefined; rest: string | undefined } {
  if (!prefer) return { fault: undefined, rest: prefer };
  // Preferences are comma-separated, but a fault's own parameters are `;`-separated, so commas split safely.
  const prefs = prefer.split(",").map((p) => p.trim());
  const index = prefs.findIndex((p) => p.startsWith(`${FAULT_PREFERENCE}=`));
  if (index < 0) return { fault: undefined, rest: prefer };
  const fault = prefs[index]!.slice(FAULT_PREFERENCE.length + 1).trim();
  const rest = prefs.filter((_, i) => i !== index).join(", ");
  return { fault, rest: rest || undefined };
}
