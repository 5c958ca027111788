// Once per test run: find a Chromium binary for the browser tests (CALLSPEC_CHROMIUM names one outright).
// When there is none and we run as root (CI does), install Debian's `chromium` package. Without one the
// browser tests are skipped, loudly, on a developer machine, and fail in CI, where a docs site nobody
// opened in a browser must not pass.
import { spawnSync } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** Absolute path of the Chromium binary, or "" when there is none (browser tests skip, or fail in CI). */
    chromium: string;
    /** Why there is no Chromium (for the skip or failure message), or "" when there is one. */
    chromiumMissing: string;
    /** Whether this run is CI's, where a missing Chromium fails the browser tests instead of skipping them. */
    inCi: boolean;
  }
}

const NAMES = ["chromium", "chromium-browser"];

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function findChromium(): string {
  for (const dir of (process.env.PATH ?? "").split(delimiter).concat(["/usr/bin", "/usr/local/bin"])) {
    for (const name of NAMES) {
      const file = join(dir, name);
      if (isExecutable(file)) return file;
    }
  }
  return "";
}

function aptGet(args: string[], timeoutMs: number): void {
  const started = Date.now();
  // Two packages' test runs (docs, runtime-matrix) may install at once on a fresh machine: the second waits
  // for dpkg's lock instead of failing at once, then finds the package installed.
  const result = spawnSync("apt-get", ["-o", "DPkg::Lock::Timeout=900", ...args], {
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

/** CI runners set CI=true (or 1); an empty, "false" or "0" value is a developer machine. */
function runningInCi(): boolean {
  return /^(?!false$|0$)./i.test(process.env["CI"] ?? "");
}

function loud(message: string): void {
  const bar = "!".repeat(100);
  console.warn(`\n${bar}\n!!! ${message}\n${bar}\n`);
}

/** Finds (or, as root, installs) Chromium; `missing` says why when `path` is "". */
function locateChromium(): { path: string; missing: string } {
  // An explicit binary (a Chromium off PATH, or a bogus one to rehearse a machine without any) is used
  // as given: nothing is searched for or installed behind the caller's back.
  const pinned = process.env["CALLSPEC_CHROMIUM"];
  if (pinned !== undefined) {
    if (isExecutable(pinned)) return { path: pinned, missing: "" };
    return { path: "", missing: `CALLSPEC_CHROMIUM=${pinned} is not an executable` };
  }
  const found = findChromium();
  if (found) return { path: found, missing: "" };
  if (process.getuid?.() !== 0) {
    return { path: "", missing: "no chromium or chromium-browser on PATH, and not root to apt-get install chromium" };
  }
  console.log("[docs] Chromium not found: installing Debian's chromium package (this can take minutes)");
  try {
    aptGet(["update", "-q"], 10 * 60_000);
    aptGet(["install", "-y", "-q", "chromium"], 20 * 60_000);
  } catch (error) {
    return { path: "", missing: `installing Chromium failed: ${(error as Error).message}` };
  }
  const installed = findChromium();
  return { path: installed, missing: installed ? "" : "apt-get installed chromium but no chromium binary is on PATH" };
}

export default function setup(project: TestProject): void {
  const inCi = runningInCi();
  const { path, missing } = locateChromium();
  if (path) console.log(`[docs] browser tests use ${path}`);
  else loud(`${inCi ? "FAILING (CI is set)" : "SKIPPING"} THE BROWSER TESTS: ${missing}`);
  project.provide("chromium", path);
  project.provide("chromiumMissing", missing);
  project.provide("inCi", inCi);
}
