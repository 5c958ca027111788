import type { RunningMock } from "./start-mock.js";
import { type RunnerMockOptions, startTargets, type Target, targetEntries } from "./start-targets.js";

/** A jest `globalSetup` / `globalTeardown` pair sharing the mocks they start and stop. */
export interface JestMockSetup {
  /** Export as the module jest's `globalSetup` names: starts the mocks and sets their URLs in `process.env`. */
  globalSetup(): Promise<void>;
  /** Export as the module jest's `globalTeardown` names: stops the mocks. */
  globalTeardown(): Promise<void>;
}

/**
 * Builds jest's `globalSetup` and `globalTeardown` for mocks started once per run. Jest runs both in its
 * parent process and the tests in workers it starts afterwards, so each URL is handed over in
 * `process.env[key]` (default key `CALLSPEC_MOCK_URL`), which the workers inherit. The pair shares its mocks
 * through this object, so build it once, in a module both setup files import (jest loads both in its
 * parent process, so they share that module).
 *
 * @example
 * ```ts
 * // test/mocks.ts
 * import { jestMockSetup } from "@callspec/mock";
 * export const mocks = jestMockSetup("messagebird-voice", { faults: true });
 * // jest.global-setup.ts:    import { mocks } from "./test/mocks"; export default mocks.globalSetup;
 * // jest.global-teardown.ts: import { mocks } from "./test/mocks"; export default mocks.globalTeardown;
 * ```
 */
export function jestMockSetup(targets: Target | Record<string, Target>, options: RunnerMockOptions & { key?: string } = {}): JestMockSetup {
  const { key = "CALLSPEC_MOCK_URL", ...mockOptions } = options;
  const entries = targetEntries(targets, key);
  let running: RunningMock[] = [];
  return {
    async globalSetup() {
      running = await startTargets(entries, mockOptions);
      for (const [i, [name]] of entries.entries()) process.env[name] = running[i]!.url;
    },
    async globalTeardown() {
      const mocks = running;
      running = [];
      await Promise.all(mocks.map((m) => m.close()));
    },
  };
}
