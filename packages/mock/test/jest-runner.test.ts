// The jest helper under jest itself: jest 30 runs test/jest/ (global setup starting a faulty Prism mock,
// two tests driving it from a worker, global teardown stopping it) in a child process.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// jest exports only its package.json and API; the bin sits beside them.
const jestBin = join(dirname(createRequire(import.meta.url).resolve("jest/package.json")), "bin", "jest.js");
const config = fileURLToPath(new URL("./jest/jest.config.cjs", import.meta.url));

describe("jestMockSetup under jest", () => {
  it("starts the mock once for the run, hands its URL to the workers, and stops it after", async () => {
    const run = spawnSync(process.execPath, [jestBin, "--config", config, "--ci", "--colors=false"], { encoding: "utf8", timeout: 180_000 });
    const output = `${run.stdout}\n${run.stderr}`;
    expect(run.status, output).toBe(0);
    expect(output).toMatch(/Tests:\s+2 passed, 2 total/);
    const url = /callspec-mock stopped: (http:\/\/\S+)/.exec(output)?.[1];
    expect(url, output).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await expect(fetch(`${url}/__callspec/requests`)).rejects.toThrow();
  }, 200_000);
});
