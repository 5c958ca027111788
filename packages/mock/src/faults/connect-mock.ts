import type { FaultMode, FaultRule } from "./fault-rules.js";
import type { DeliveredCallback } from "../callbacks/types.js";
import { exactlyOne, filterRequests, type LoggedRequest } from "./request-log.js";

/** A faulty mock driven over its control routes, from a test process other than the one that started it. */
export interface MockControl {
  /** The mock's base URL (what the client under test talks to). */
  url: string;
  /** Adds a fault for the next matching requests, e.g. `fault("reset-after-accept", { match: "POST /calls" })`. */
  fault(mode: FaultMode, params?: Omit<FaultRule, "mode">): Promise<void>;
  /** Every request the mock saw since the last reset, oldest first. */
  requests(): Promise<LoggedRequest[]>;
  /** How many requests matched `route` (`"POST /calls"`, `"GET /calls/{callId}"`). */
  count(route: string): Promise<number>;
  /** The one request matching `route`; rejects with the log when there were none or several. */
  expectExactlyOne(route: string): Promise<LoggedRequest>;
  /** How many call-placing requests the mock accepted. */
  placedCalls(): Promise<number>;
  /** The callbacks the mock sent, once none is in flight (see `callbacks` of `startFaultyMock`). */
  callbacks(): Promise<DeliveredCallback[]>;
  /** Clears the request and callback logs and every fault (call it in `beforeEach`). */
  reset(): Promise<void>;
}

/**
 * Connects to a mock started by `startFaultyMock` (or `callspec-mock --faults`, or a `mockGlobalSetup` with
 * `faults`) through its control routes under `/__callspec/`.
 *
 * @example
 * ```ts
 * const mock = connectMock(inject("mockUrl"));
 * await mock.fault("burst", { match: "GET /calls/{callId}", times: 2 });
 * ```
 */
export function connectMock(url: string): MockControl {
  const base = url.replace(/\/+$/, "");
  const call = async (method: string, path: string, body?: unknown): Promise<unknown> => {
    const init: RequestInit = { method };
    if (body !== undefined) init.body = JSON.stringify(body);
    const response = await fetch(`${base}/__callspec/${path}`, init);
    const text = await response.text();
    if (!response.ok) throw new Error(`callspec mock control ${method} ${path}: ${response.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
  const requests = async () => ((await call("GET", "requests")) as { requests: LoggedRequest[] }).requests;
  return {
    url: base,
    fault: async (mode, params = {}) => void (await call("POST", "faults", { ...params, mode })),
    requests,
    count: async (route) => filterRequests(await requests(), route).length,
    expectExactlyOne: async (route) => exactlyOne(await requests(), route),
    placedCalls: async () => (await requests()).filter((e) => e.placed).length,
    callbacks: async () => ((await call("GET", "callbacks")) as { callbacks: DeliveredCallback[] }).callbacks,
    reset: async () => void (await call("POST", "reset")),
  };
}
