import { type RunnerMockOptions, startTargets, type Target, targetEntries } from "./start-targets.js";

/** The slice of vitest's global-setup context this helper uses. */
export interface ProvideContext {
  provide(key: string, value: unknown): void;
}

/**
 * Builds a vitest `globalSetup` that starts Prism mocks once for the whole test run and hands their URLs to
 * the tests through `inject(key)`. Pass one vendor (provided as `"mockUrl"`), or a map of keys to vendors to
 * start several in parallel. With `faults: true` each mock sits behind the fault-injecting front server;
 * tests drive it with `connectMock(inject(key))`.
 *
 * @example
 * ```ts
 * // test/global-setup.ts
 * import { mockGlobalSetup } from "@callspec/mock/vitest";
 * export default mockGlobalSetup("messagebird-voice");
 * // or: mockGlobalSetup({ messagebirdUrl: "messagebird-voice", voipstudioUrl: "voipstudio" }, { faults: true })
 * ```
 */
export function mockGlobalSetup(targets: Target | Record<string, Target>, options: RunnerMockOptions & { key?: string } = {}) {
  const { key = "mockUrl", ...mockOptions } = options;
  const entries = targetEntries(targets, key);
  return async function setup(context: ProvideContext): Promise<() => Promise<void>> {
    const mocks = await startTargets(entries, mockOptions);
    for (const [i, [name]] of entries.entries()) context.provide(name, mocks[i]!.url);
    return async () => {
      await Promise.all(mocks.map((m) => m.close()));
    };
  };
}
