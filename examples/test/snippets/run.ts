// Runs one snippet module in a child process (see child.ts) with test credentials in its environment.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ChildOutcome } from "./child.js";

/**
 * Credentials the snippets read from the environment. They are obviously fake, and the child refuses
 * every non-mock host, so even a real-looking value could go nowhere.
 */
const SENTINEL_ENV: Record<string, string> = {
  MESSAGEBIRD_ACCESS_KEY: "test_snippet_access_key",
  VOIPSTUDIO_EMAIL: "jsmith@example.com",
  VOIPSTUDIO_PASSWORD: "snippet-test-password",
  VOIPSTUDIO_API_KEY: "snippet-test-api-key",
  ZAAS_LOGIN: "flex",
  ZAAS_PASSWORD: "12345678",
};
/** The developer's real credentials must never reach a snippet, whatever its README says. */
const VENDOR_ENV = /^(MESSAGEBIRD|VOIPSTUDIO|ZAAS)_/;

export interface RunOptions {
  /** Vendor base URL → mock URL. */
  routes: [string, string][];
  /** The snippet's code, to give any env var it reads a value. */
  code: string;
  cwd: string;
  timeoutMs: number;
}

export interface RunResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  output: string;
  /** Present only when the snippet ran to its end. */
  outcome?: ChildOutcome;
  timedOut: boolean;
}

export async function runSnippet(file: string, options: RunOptions): Promise<RunResult> {
  const scratch = mkdtempSync(join(tmpdir(), "callspec-snippet-"));
  const resultFile = join(scratch, "outcome.json");
  try {
    const child = spawn(process.execPath, ["--import", "tsx", fileURLToPath(new URL("./child.ts", import.meta.url)), file], {
      cwd: options.cwd,
      env: childEnv(options, resultFile),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, options.timeoutMs);
    const [exitCode, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((done) => child.once("close", (code, sig) => done([code, sig])));
    clearTimeout(timer);
    const outcome = existsSync(resultFile) ? (JSON.parse(readFileSync(resultFile, "utf8")) as ChildOutcome) : undefined;
    return { exitCode, signal, output, timedOut, ...(outcome ? { outcome } : {}) };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function childEnv(options: RunOptions, resultFile: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!VENDOR_ENV.test(key)) env[key] = value;
  // A variable no sentinel covers still gets a value, so `process.env.X!` means what the reader expects.
  for (const [, dotted, quoted] of options.code.matchAll(/process\.env(?:\.([A-Za-z_]\w*)|\[\s*["']([^"']+)["']\s*\])/g)) {
    const name = (dotted ?? quoted)!;
    env[name] = `snippet-test-${name.toLowerCase()}`;
  }
  Object.assign(env, SENTINEL_ENV);
  env["CALLSPEC_SNIPPET_RESULT"] = resultFile;
  env["CALLSPEC_SNIPPET_ROUTES"] = JSON.stringify(options.routes);
  return env;
}
