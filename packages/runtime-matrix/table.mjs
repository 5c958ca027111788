// Prints the last run's matrix as a Markdown table (from reports/runtime-matrix/*.json), then the raw
// network error shapes each runtime reported. Usage: node table.mjs [reports dir]
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { CHECKS } from "./smoke/suite.mjs";

const dir = process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), "reports", "runtime-matrix");
const order = ["node20-esm", "node20-cjs", "node22-esm", "node22-cjs", "bun-esm", "bun-cjs", "deno-esm", "deno-cjs", "chromium-browser"];
const runs = order
  .filter((name) => existsSync(join(dir, `${name}.json`)))
  .map((name) => ({ name, ...JSON.parse(readFileSync(join(dir, `${name}.json`), "utf8")) }));
if (runs.length === 0) {
  console.error(`no results in ${dir}: run the tests first`);
  process.exit(1);
}

const cell = (run, check) => {
  const result = run.results.find((r) => r.check === check.id);
  if (run.format === "browser" && !check.browser) return "–";
  if (!result) return `✗ no result${run.error ? ` (${run.error.split("\n")[0].slice(0, 60)})` : ""}`;
  const extra = [];
  if (result.detail?.attempts !== undefined && /^(refused|reset)\./.test(check.id)) extra.push(`attempts ${result.detail.attempts}`);
  if (result.detail?.received !== undefined) extra.push(`received ${result.detail.received}`);
  if (result.ok) return `✓${extra.length ? ` (${extra.join(", ")})` : ""}`;
  return `✗ ${String(result.message).replace(/\|/g, "\\|").replace(/\s+/g, " ").slice(0, 110)}`;
};

console.log(`| check | ${runs.map((r) => r.name).join(" | ")} |`);
console.log(`|---|${runs.map(() => "---").join("|")}|`);
for (const check of CHECKS) console.log(`| ${check.id} | ${runs.map((run) => cell(run, check)).join(" | ")} |`);
console.log(`\nversions: ${runs.map((r) => `${r.name} ${r.version ?? "?"} (${r.ms} ms)`).join("; ")}`);

console.log("\nraw fetch error shapes (no facade):");
for (const run of runs) {
  for (const probe of run.probes ?? []) {
    const chain = [probe.error, ...(probe.error?.causes ?? [])].map((e) =>
      [e.name, e.code && `code=${e.code}`, e.syscall && `syscall=${e.syscall}`, JSON.stringify(e.message)].filter(Boolean).join(" "),
    );
    console.log(`- ${run.name} ${probe.probe}: ${chain.join("  ←cause  ")}`);
  }
}
