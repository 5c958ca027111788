import { defineConfig } from "vitest/config";

/** Options for {@link packageTestConfig}. */
export interface PackageTestOptions {
  /** vitest global-setup files, e.g. the one that starts this package's Prism mock once per run. */
  globalSetup?: string[];
  /** Per-test time limit in milliseconds (default 20 000); raise it for CPU-heavy suites. */
  testTimeout?: number;
}

/**
 * The one vitest configuration every package uses: console output for people, a JSON report for
 * `scripts/test-summary.mjs` (CI reads totals from it), and timeouts sized for a mock server.
 */
export function packageTestConfig(options: PackageTestOptions = {}) {
  return defineConfig({
    test: {
      include: ["test/**/*.test.ts"],
      globalSetup: options.globalSetup ?? [],
      reporters: ["default", "json"],
      outputFile: { json: "reports/vitest.json" },
      testTimeout: options.testTimeout ?? 20_000,
      hookTimeout: 60_000,
    },
  });
}
