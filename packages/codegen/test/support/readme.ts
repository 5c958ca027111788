import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const repoRoot = fileURLToPath(new URL("../../../../", import.meta.url));

/**
 * The fenced block of the root README that follows `<!-- codegen: <name> -->` (its language is the
 * fence's info string). The tests run these blocks as written, so the README cannot drift from what works.
 */
export function readmeBlock(name: string): { language: string; code: string } {
  const lines = readFileSync(`${repoRoot}README.md`, "utf8").split("\n");
  const at = lines.findIndex((l) => l.trim() === `<!-- codegen: ${name} -->`);
  if (at < 0) throw new Error(`README.md has no <!-- codegen: ${name} --> block`);
  const open = /^```(\w+)/.exec(lines[at + 1] ?? "");
  if (!open) throw new Error(`README.md: <!-- codegen: ${name} --> is not followed by a fenced block`);
  const end = lines.findIndex((l, i) => i > at + 1 && l.startsWith("```"));
  return { language: open[1]!, code: lines.slice(at + 2, end).join("\n") };
}

/** Runs a README `sh` block with bash from the repository root, stopping at the first failing command. */
export function runReadmeCommands(name: string, env: NodeJS.ProcessEnv = {}, timeoutMs = 600_000) {
  const { language, code } = readmeBlock(name);
  if (language !== "sh") throw new Error(`README block ${name} is \`${language}\`, not \`sh\``);
  const r = spawnSync("bash", ["-euo", "pipefail", "-c", code], { cwd: repoRoot, encoding: "utf8", timeout: timeoutMs, env: { ...process.env, ...env } });
  return { status: r.status, output: `${r.stdout}${r.stderr}${r.error ? `\n${r.error.message}` : ""}` };
}
