/**
 * Runs every benchmark in sequence, each in its own child process (so one benchmark's heap, JIT state
 * and open sockets never colour the next one's numbers), and prints their output as it comes.
 */
import { spawn } from "node:child_process";
import { statSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { machineLine } from "./lib/machine.js";
import { fmt, table } from "./lib/stats.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const benchmarks = [
  { file: "client-overhead.ts", title: "client overhead (stubbed fetch)" },
  { file: "per-request.ts", title: "per-request latency (local HTTP server)" },
  { file: "bulk-export.ts", title: "bulk export (paginate, sequential vs prefetch)" },
  { file: "cold-start.ts", title: "cold start and bundle size" },
];
const LIMIT_MS = 5 * 60_000;

function runOne(file: string): Promise<{ code: number | null; ms: number }> {
  const start = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...process.execArgv, path.join(here, file)], { stdio: "inherit" });
    const timer = setTimeout(() => child.kill("SIGTERM"), LIMIT_MS);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, ms: Date.now() - start });
    });
  });
}

/** When each package under test was last built, so results can be matched to a build. */
function builtAt(): string {
  const require = createRequire(import.meta.url);
  return ["@callspec/voice/package.json", "@callspec/messagebird-voice/package.json", "@callspec/voipstudio/package.json", "@callspec/zaas-voice/package.json"]
    .map((spec) => {
      const dir = path.dirname(require.resolve(spec));
      try {
        return `${spec.replace("/package.json", "")} ${statSync(path.join(dir, "dist")).mtime.toISOString()}`;
      } catch {
        return `${spec.replace("/package.json", "")} (not built: run \`pnpm exec turbo run build\` at the root)`;
      }
    })
    .join("; ");
}

async function main(): Promise<void> {
  console.log("# callspec benchmarks");
  console.log(machineLine());
  console.log(`date: ${new Date().toISOString()}`);
  console.log(`dist built: ${builtAt()}`);
  const summary: string[][] = [];
  let failed = false;
  for (const b of benchmarks) {
    console.log(`\n${"=".repeat(100)}\n`);
    const { code, ms } = await runOne(b.file);
    if (code !== 0) failed = true;
    summary.push([b.file, b.title, fmt(ms / 1000, 1), code === 0 ? "ok" : `FAILED (exit ${code})`]);
  }
  console.log(`\n${"=".repeat(100)}\n`);
  console.log(table(["benchmark", "what", "seconds", "status"], summary));
  if (failed) process.exitCode = 1;
}

await main();
