// Once per test run: find a Chromium binary for the browser tests. When there is none and we run as root
// (CI does), install Debian's `chromium` package; otherwise the browser tests are skipped, loudly.
import { spawnSync } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** Absolute path of the Chromium binary, or "" when there is none (browser tests skip). */
    chromium: string;
  }
}

const NAMES = ["chromium", "chromium-browser"];

function findChromium(): string {
  for (const dir of (process.env.PATH ?? "").split(delimiter).concat(["/usr/bin", "/usr/local/bin"])) {
    for (const name of NAMES) {
      const file = join(dir, name);
      try {
        accessSync(file, constants.X_OK);
        return file;
      } catch {
        // not here
      }
    }
  }
  return "";
}

function aptGet(args: string[], timeoutMs: number): void {
  const started = Date.now();
  const result = spawnSync("apt-get", args, {
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    timeout: timeoutMs,
    killSignal: "SIGKILL",
  });
  const took = ((Date.now() - started) / 1000).toFixed(0);
  if (result.error || result.status !== 0)
    throw new Error(`apt-get ${args.join(" ")} failed after ${took} s: ${result.error?.message ?? `exit ${result.status}`}`);
  console.log(`[docs] apt-get ${args.join(" ")}: ${took} s`);
}

function loud(message: string): void {
  const bar = "!".repeat(100);
  console.warn(`\n${bar}\n!!! ${message}\n${bar}\n`);
}

export default function setup(project: TestProject): void {
  let chromium = findChromium();
  if (!chromium) {
    if (process.getuid?.() === 0) {
      console.log("[docs] Chromium not found: installing Debian's chromium package (this can take minutes)");
      try {
        aptGet(["update", "-q"], 10 * 60_000);
        aptGet(["install", "-y", "-q", "chromium"], 20 * 60_000);
      } catch (error) {
        loud(`SKIPPING THE BROWSER TESTS: installing Chromium failed: ${(error as Error).message}`);
      }
      chromium = findChromium();
    } else {
      loud("SKIPPING THE BROWSER TESTS: no chromium or chromium-browser on PATH, and not root to apt-get install chromium");
    }
  }
  if (chromium) console.log(`[docs] browser tests use ${chromium}`);
  project.provide("chromium", chromium);
}
