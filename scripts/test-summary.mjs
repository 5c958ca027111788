// Sums the vitest JSON reports of every workspace package into the one line CI reads:
// `N passed, N failed`. A test file that failed before any test ran (an import error, a failing hook)
// counts as one failure, so a broken suite can never read as green.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const roots = ["specs", "examples", "bench", ...readdirSync("packages").map((p) => join("packages", p))];
let passed = 0;
let failed = 0;
let skipped = 0;
let reports = 0;
for (const root of roots) {
  const file = join(root, "reports", "vitest.json");
  if (!existsSync(file)) continue;
  reports += 1;
  const report = JSON.parse(readFileSync(file, "utf8"));
  passed += report.numPassedTests ?? 0;
  failed += report.numFailedTests ?? 0;
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  for (const suite of report.testResults ?? []) {
    const ran = (suite.assertionResults ?? []).some((a) => a.status === "passed" || a.status === "failed");
    if (suite.status === "failed" && !ran) failed += 1;
  }
}
if (reports === 0) failed += 1;
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exitCode = failed > 0 ? 1 : 0;
