// Runs the smoke suite in one runtime and module format, and shares what the test files need to judge it.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { inject } from "vitest";
import { CHECKS } from "../smoke/suite.mjs";
import { cleanEnv, onPath, pkgDir, run, type RunResult, type RuntimeName } from "./prepare.js";

export { CHECKS };
export type Check = (typeof CHECKS)[number];

export type Runtime = "node20" | RuntimeName;
export type Format = "esm" | "cjs";
export const RUNTIMES: Runtime[] = ["node20", "node22", "bun", "deno"];
export const FORMATS: Format[] = ["esm", "cjs"];

/**
 * Attempts a refused, call-placing `POST /calls` should make (with `maxRetries: 2`): the facade's README
 * says a refused connection is proven unsent on Node, Bun and Deno (so it is retried there), and never in
 * a browser (a bare "Failed to fetch": not repeated).
 */
export const EXPECTED_REFUSED_POST_ATTEMPTS: Record<Runtime | "chromium", number> = { node20: 3, node22: 3, bun: 3, deno: 3, chromium: 1 };

/**
 * How often the reset server may receive a call-placing `POST /calls` that it drops without an answer
 * (the facade makes one attempt everywhere). Chromium itself resends a request, POST included, once when
 * a reused keep-alive connection closes before any answer byte (here: the connection of the CORS
 * preflight): verified by closing the preflight's connection instead, after which it arrives once. No
 * page can switch that off, so in the browser two receipts are expected and reported, not failed.
 */
export const ALLOWED_RESET_POST_RECEIVED: Record<Runtime | "chromium", number[]> = { node20: [1], node22: [1], bun: [1], deno: [1], chromium: [1, 2] };

export interface CheckResult {
  check: string;
  ok: boolean;
  ms?: number;
  message?: string;
  detail?: Record<string, unknown> & { attempts?: number; received?: number };
  error?: unknown;
}
export interface ProbeResult {
  probe: string;
  error: unknown;
}

export interface SmokeRun {
  runtime: Runtime | "chromium";
  format: Format | "browser";
  version?: string;
  results: Map<string, CheckResult>;
  probes: ProbeResult[];
  /** Why the run could not start or produced nothing; every check then fails with it. */
  error?: string;
  ms: number;
  stderr?: string;
}

export const reportDir = join(pkgDir, "reports", "runtime-matrix");

/** Writes a run's results under reports/runtime-matrix/ (the matrix table and the findings come from these). */
export function saveRun(run: SmokeRun): void {
  mkdirSync(reportDir, { recursive: true });
  writeFileSync(join(reportDir, `${run.runtime}-${run.format}.json`), `${JSON.stringify({ ...run, results: [...run.results.values()] }, null, 2)}\n`);
}

export function suiteConfig(runId: string): Record<string, string> {
  const mocks = inject("mocks");
  if ("error" in mocks) throw new Error(mocks.error);
  return { ...mocks, refusedUrl: inject("refusedUrl"), resetUrl: inject("resetUrl"), runId };
}

/** The command line of one runtime, or the reason it has none. */
function commandFor(
  runtime: Runtime,
  script: string,
  config: string,
): { command: string; args: string[]; env: NodeJS.ProcessEnv; version?: string } | { error: string } {
  if (runtime === "node20") {
    const node = onPath("node");
    if (!node) return { error: "no node on PATH" };
    return { command: node, args: [script, config], env: cleanEnv() };
  }
  const runtimes = inject("runtimes");
  if ("error" in runtimes) return { error: `the pinned runtimes could not be prepared: ${runtimes.error}` };
  const installed = runtimes.runtimes[runtime];
  if (!installed.bin) return { error: installed.error ?? `${runtime} is not installed` };
  const version = installed.version;
  switch (runtime) {
    case "node22":
      return { command: installed.bin, args: [script, config], env: cleanEnv(), ...(version ? { version } : {}) };
    case "bun":
      return {
        command: installed.bin,
        args: ["--no-install", script, config],
        env: cleanEnv({ DO_NOT_TRACK: "1", NO_COLOR: "1" }),
        ...(version ? { version } : {}),
      };
    case "deno":
      return {
        command: installed.bin,
        args: ["run", "--no-prompt", "--no-lock", "--allow-read", "--allow-env", "--allow-sys", "--allow-net=127.0.0.1", script, config],
        env: cleanEnv({ DENO_DIR: join(runtimes.dir, "deno-dir"), DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" }),
        ...(version ? { version } : {}),
      };
  }
}

/** One run of the suite: spawn, collect the JSON lines, never throw (a failure is the run's `error`). */
export async function runSmoke(runtime: Runtime, format: Format): Promise<SmokeRun> {
  const started = Date.now();
  const smokeRun: SmokeRun = { runtime, format, results: new Map(), probes: [], ms: 0 };
  const project = inject("project");
  if ("error" in project) {
    smokeRun.error = `the packed project could not be prepared: ${project.error}`;
    return smokeRun;
  }
  let config: string;
  try {
    config = JSON.stringify(suiteConfig(`${runtime}-${format}`));
  } catch (error) {
    smokeRun.error = (error as Error).message;
    return smokeRun;
  }
  const command = commandFor(runtime, format === "esm" ? "run.mjs" : "run.cjs", config);
  if ("error" in command) {
    smokeRun.error = command.error;
    return smokeRun;
  }
  if (command.version) smokeRun.version = command.version;
  const result: RunResult = await run(command.command, command.args, { cwd: project.projectDir, env: command.env, timeoutMs: 120_000 });
  if (runtime === "node20") smokeRun.version = process.version;
  for (const line of result.stdout.split("\n")) {
    if (!line.startsWith("{")) continue;
    try {
      const parsed = JSON.parse(line) as CheckResult | ProbeResult;
      if ("check" in parsed) smokeRun.results.set(parsed.check, parsed);
      else if ("probe" in parsed) smokeRun.probes.push(parsed);
    } catch {
      // not one of ours
    }
  }
  smokeRun.stderr = result.stderr.slice(-4000);
  if (result.code !== 0 || result.timedOut) {
    smokeRun.error = `${runtime} ${format} ${result.timedOut ? "timed out" : `exited with ${result.code ?? result.signal}`}: ${result.stderr.trim().slice(-1500)}`;
  }
  smokeRun.ms = Date.now() - started;
  return smokeRun;
}

/** Fails with what the check reported (or why it never ran). */
export function assertCheck(smokeRun: SmokeRun, check: Check, expectedPostAttempts: number): void {
  const result = smokeRun.results.get(check.id);
  if (!result) {
    throw new Error(`no result for ${check.id}${smokeRun.error ? `: ${smokeRun.error}` : " (the suite stopped before it)"}`);
  }
  if (!result.ok) {
    throw new Error(`${result.message}\n${JSON.stringify(result.detail ?? result.error ?? {}, null, 2).slice(0, 3000)}`);
  }
  const allowedReceived = ALLOWED_RESET_POST_RECEIVED[smokeRun.runtime];
  if (check.id === "reset.post-calls" && !allowedReceived.includes(result.detail?.received ?? -1)) {
    throw new Error(
      `the server received the dropped call-placing POST ${result.detail?.received} time(s) on ${smokeRun.runtime}, expected ${allowedReceived.join(" or ")}`,
    );
  }
  if (check.id === "refused.post-calls" && result.detail?.attempts !== expectedPostAttempts) {
    throw new Error(
      `a refused call-placing POST made ${result.detail?.attempts} attempt(s) on ${smokeRun.runtime}, expected ${expectedPostAttempts} ` +
        `(${expectedPostAttempts > 1 ? "the runtime reports the refusal as never sent" : "the runtime cannot prove the request unsent"})`,
    );
  }
}

/** Runs `tasks` at most `limit` at a time; each result comes back through its own promise. */
export function pool<T>(limit: number): (task: () => Promise<T>) => Promise<T> {
  let active = 0;
  const queue: (() => void)[] = [];
  return (task) =>
    new Promise<T>((resolvePromise, reject) => {
      const start = () => {
        active++;
        task()
          .then(resolvePromise, reject)
          .finally(() => {
            active--;
            queue.shift()?.();
          });
      };
      if (active < limit) start();
      else queue.push(start);
    });
}
