import { startMock, type MockOptions } from "./start-mock.js";
import type { Vendor } from "./spec-path.js";

/** The slice of vitest's global-setup context this helper uses. */
export interface ProvideContext {
  provide(key: string, value: unknown): void;
}

type Target = Vendor | (string & {});

/**
 * Builds a vitest `globalSetup` that starts Prism mocks once for the whole test run and hands their URLs to
 * the tests through `inject(key)`. Pass one vendor (provided as `"mockUrl"`), or a map of keys to vendors to
 * start several in parallel.
 *
 * @example
 * ```ts
 * // test/global-setup.ts
 * import { mockGlobalSetup } from "@callspec/mock/vitest";
 * export default mockGlobalSetup("messagebird-voice");
 * // or: mockGlobalSetup({ messagebirdUrl: "messagebird-voice", voipstudioUrl: "voipstudio" })
 * ```
 */
export function mockGlobalSetup(targets: Target | Record<string, Target>, options: MockOptions & { key?: string } = {}) {
  const { key = "mockUrl", ...mockOptions } = options;
  const entries = typeof targets === "string" ? [[key, targets] as const] : Object.entries(targets);
  return async function setup(context: ProvideContext): Promise<() => Promise<void>> {
    const started = await Promise.allSettled(entries.map(([, target]) => startMock(target, mockOptions)));
    const mocks = started.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
    const failure = started.find((s): s is PromiseRejectedResult => s.status === "rejected");
    if (failure) {
      await Promise.all(mocks.map((m) => m.close()));
      throw failure.reason;
    }
    for (const [i, [name]] of entries.entries()) context.provide(name, mocks[i]!.url);
    return async () => {
      await Promise.all(mocks.map((m) => m.close()));
    };
  };
}
