import { startMock, type MockOptions } from "./start-mock.js";
import type { Vendor } from "./spec-path.js";

/** The slice of vitest's global-setup context this helper uses. */
export interface ProvideContext {
  provide(key: string, value: unknown): void;
}

/**
 * Builds a vitest `globalSetup` that starts one Prism mock for the whole test run and hands its URL to the
 * tests as `inject(key)` (default key: `"mockUrl"`).
 *
 * @example
 * ```ts
 * // test/global-setup.ts
 * import { mockGlobalSetup } from "@callspec/mock/vitest";
 * export default mockGlobalSetup("messagebird-voice");
 * ```
 */
export function mockGlobalSetup(vendorOrSpec: Vendor | (string & {}), options: MockOptions & { key?: string } = {}) {
  const { key = "mockUrl", ...mockOptions } = options;
  return async function setup(context: ProvideContext): Promise<() => Promise<void>> {
    const mock = await startMock(vendorOrSpec, mockOptions);
    context.provide(key, mock.url);
    return () => mock.close();
  };
}

