import type { FaultRule } from "./faults/fault-rules.js";
import { type FaultyMockOptions, startFaultyMock } from "./faults/start-faulty-mock.js";
import { callbackPlansBySpec } from "./callbacks/plans/index.js";
import type { Vendor } from "./spec-path.js";
import { type RunningMock, startMock } from "./start-mock.js";

/** A vendor name or a spec file. */
export type Target = Vendor | (string & {});

/**
 * Options of the test-runner helpers: Prism's, plus whether to put the fault-injecting front server in front
 * (and, for a spec of your own, which operations place calls).
 */
export interface RunnerMockOptions extends Omit<FaultyMockOptions, "faults"> {
  /**
   * `true` (or the run's fault rules) starts each mock behind the front server, so tests can inject faults
   * and read the request log through `connectMock(url)`. `callbacks` implies the front server too, and applies
   * to the targets whose vendor calls back (one options object: MessageBird reads `signingKey`, VoIPstudio `url`).
   */
  faults?: boolean | readonly FaultRule[];
}

/** Starts one mock per entry in parallel; when one fails, closes the others and rethrows its error. */
export async function startTargets(entries: ReadonlyArray<readonly [string, Target]>, options: RunnerMockOptions): Promise<RunningMock[]> {
  const { faults, callPlacing, callbacks, ...mockOptions } = options;
  const faultyOptions: FaultyMockOptions = { ...mockOptions, faults: faults === true || !faults ? [] : faults };
  if (callPlacing) faultyOptions.callPlacing = callPlacing;
  // Callbacks follow placed calls, which only the front server sees; a vendor that sends none (ZaaS) gets none.
  const front = Boolean(faults || callbacks);
  const optionsFor = (target: Target): FaultyMockOptions => (callbacks && callbackPlansBySpec[target] ? { ...faultyOptions, callbacks } : faultyOptions);
  const start = (target: Target): Promise<RunningMock> => (front ? startFaultyMock(target, optionsFor(target)) : startMock(target, mockOptions));
  const started = await Promise.allSettled(entries.map(([, target]) => start(target)));
  const mocks = started.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
  const failure = started.find((s): s is PromiseRejectedResult => s.status === "rejected");
  if (failure) {
    await Promise.all(mocks.map((m) => m.close()));
    throw failure.reason;
  }
  return mocks;
}

/** The `[key, target]` pairs of a helper's first argument: one target under `key`, or a map of keys to targets. */
export function targetEntries(targets: Target | Record<string, Target>, key: string): Array<readonly [string, Target]> {
  return typeof targets === "string" ? [[key, targets] as const] : Object.entries(targets);
}
