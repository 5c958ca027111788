// `biome ci` over the whole repository (biome.jsonc), failing on any finding: errors and warnings through
// `--error-on-warnings`, info-level ones (which `biome ci` alone lets pass) from its JSON summary.
// Run by turbo as the root task `//#lint:biome`, which every package `lint` depends on.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const biome = createRequire(join(root, "package.json")).resolve("@biomejs/biome/bin/biome");
const scratch = mkdtempSync(join(tmpdir(), "callspec-biome-"));
const summaryFile = join(scratch, "biome.json");
try {
  const args = ["ci", "--error-on-warnings", "--max-diagnostics=none", "--reporter=default", "--reporter=json", `--reporter-file=${summaryFile}`, "."];
  const result = spawnSync(process.execPath, [biome, ...args], { cwd: root, stdio: "inherit" });
  if (result.error) throw result.error;
  let infos = 0;
  try {
    infos = JSON.parse(readFileSync(summaryFile, "utf8")).summary?.infos ?? 0;
  } catch (error) {
    if (result.status === 0) throw new Error(`biome ci wrote no readable JSON summary: ${error.message}`);
  }
  if (result.status === 0 && infos > 0) console.error(`biome ci: ${infos} info-level finding(s) above; the repository allows none`);
  process.exitCode = result.status !== 0 || infos > 0 ? 1 : 0;
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
