import { resolveSpecPath, type Vendor } from "../spec-path.js";
import { startMock, type MockOptions, type RunningMock } from "../start-mock.js";
import { callPlacingBySpec } from "./call-placing.js";
import type { FaultBook } from "./fault-book.js";
import type { FaultRule } from "./fault-rules.js";
import { startFrontServer } from "./front-server.js";
import type { RequestLog } from "./request-log.js";
import { CallbackLog } from "../callbacks/callback-log.js";
import { createDispatcher } from "../callbacks/dispatcher.js";
import { callbackPlansBySpec } from "../callbacks/plans/index.js";
import type { CallbackOptions, PlacedCall } from "../callbacks/types.js";
import { loadSpec } from "../operation-index.js";

/** Options for {@link startFaultyMock}: Prism's, plus the faults of the whole run. */
export interface FaultyMockOptions extends MockOptions {
  /** Faults in force from the start (each with its `match` and `times`). */
  faults?: readonly FaultRule[];
  /**
   * Operations that place a call (`"POST /calls"`), counted as placed calls when accepted. Defaults to the
   * list this package keeps for the callspec vendor; give it for a spec file of your own.
   */
  callPlacing?: readonly string[];
  /**
   * Deliver the callbacks a placed call causes (MessageBird: its call flow's fetches and record results,
   * signed with `signingKey`; VoIPstudio: call events to `url`). Off by default.
   */
  callbacks?: CallbackOptions;
}

/** A Prism mock behind a front server that injects faults and logs requests. */
export interface FaultyMock extends RunningMock {
  /** The Prism mock itself, without faults or log. */
  prismUrl: string;
  /** Every request the front server saw. */
  requests: RequestLog;
  /** The faults in force; `faults.add(rule)` adds one, `faults.clear()` drops them. */
  faults: FaultBook;
  /** The callbacks sent (empty unless `callbacks` was given); `await callbacks.idle()` waits for those in flight. */
  callbacks: CallbackLog;
  /** Clears the logs and the faults. */
  reset(): void;
}

/**
 * Starts a Prism mock and, in front of it, a server that injects faults (per request with
 * `Prefer: callspec-fault=<mode>; key=value`, or per run with `options.faults` / `faults.add`) and logs
 * every request. `port` and `host` are the front server's; Prism gets a free loopback port.
 *
 * @example
 * ```ts
 * const mock = await startFaultyMock("messagebird-voice", { faults: [{ mode: "reset-after-accept", match: "POST /calls" }] });
 * // ... place a call through the client under test, which sees a reset ...
 * mock.requests.expectExactlyOne("POST /calls");
 * await mock.close();
 * ```
 */
export async function startFaultyMock(vendorOrSpec: Vendor | (string & {}), options: FaultyMockOptions = {}): Promise<FaultyMock> {
  const { faults = [], callPlacing = callPlacingBySpec[vendorOrSpec] ?? [], callbacks, port, host, ...prismOptions } = options;
  const callbackLog = new CallbackLog();
  const onPlaced = callbacks && callbacksFor(vendorOrSpec, callbacks, callbackLog);
  const prism = await startMock(vendorOrSpec, prismOptions);
  let front: Awaited<ReturnType<typeof startFrontServer>>;
  try {
    front = await startFrontServer({
      upstream: prism.url,
      callPlacing,
      callbacks: callbackLog,
      ...(onPlaced ? { onPlaced } : {}),
      ...(port === undefined ? {} : { port }),
      ...(host === undefined ? {} : { host }),
    });
  } catch (error) {
    await prism.close();
    throw error;
  }
  for (const rule of faults) front.faults.add(rule);
  return {
    url: front.url,
    prismUrl: prism.url,
    specPath: prism.specPath,
    exited: prism.exited,
    requests: front.requests,
    faults: front.faults,
    callbacks: callbackLog,
    reset() {
      front.requests.clear();
      front.faults.clear();
      callbackLog.clear();
    },
    async close() {
      await front.close();
      await prism.close();
    },
  };
}

/** The dispatcher of a callspec vendor's callbacks; a `TypeError` before anything starts when it cannot run. */
function callbacksFor(vendorOrSpec: string, options: CallbackOptions, log: CallbackLog): (call: PlacedCall) => void {
  const plan = callbackPlansBySpec[vendorOrSpec];
  if (!plan) throw new TypeError(`callbacks: ${vendorOrSpec} has no callback plan (plans: ${Object.keys(callbackPlansBySpec).join(", ")})`);
  return createDispatcher(loadSpec(resolveSpecPath(vendorOrSpec)), plan, options, log);
}
