// Schemathesis (from PyPI, pinned in test/schemathesis/requirements.txt) against a Prism mock of each
// callspec spec: a bounded, deterministic run of the response checks. Every failure it found was fixed in
// the specs or is a documented limit of the mock, which test/schemathesis/prism_hooks.py recognises by the
// answer Prism makes up; anything else fails here. Counts land in reports/schemathesis-<spec>.json.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error: repository tooling in plain JavaScript, without type declarations
import { ensureVenv } from "../../../scripts/python-venv.mjs";
import { loadSpec } from "../src/operation-index.js";
import { resolveSpecPath, vendors } from "../src/spec-path.js";
import { type RunningMock, startMock } from "../src/start-mock.js";

const here = fileURLToPath(new URL("./schemathesis/", import.meta.url));
const pkgDir = fileURLToPath(new URL("..", import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), "callspec-schemathesis-"));

interface Report {
  schemathesis_version: string;
  exit_code: number;
  operations: { total: number; tested: number; errored: number };
  test_cases: { generated: number; with_failures: number; unique_failures: number };
  failures: unknown[];
  errors: unknown[];
  filtered: number;
}

/** One header per apiKey-in-header scheme of the spec: the mock checks that credentials are there, not what they are. */
function credentialHeaders(specPath: string): string[] {
  const schemes = (loadSpec(specPath).components?.["securitySchemes"] ?? {}) as Record<string, { type?: string; in?: string; name?: string }>;
  return Object.values(schemes).flatMap((s) => (s.type === "apiKey" && s.in === "header" && s.name ? ["-H", `${s.name}: schemathesis-test-key`] : []));
}

let schemathesis = "";
const mocks = new Map<string, RunningMock>();
beforeAll(async () => {
  const python: string = ensureVenv(join(pkgDir, ".venv"), join(here, "requirements.txt"));
  schemathesis = join(python, "..", "schemathesis");
  const started = await Promise.all(vendors.map((v) => startMock(v)));
  for (const [i, v] of vendors.entries()) mocks.set(v, started[i]!);
}, 600_000);
afterAll(async () => {
  await Promise.all([...mocks.values()].map((m) => m.close()));
  rmSync(scratch, { recursive: true, force: true });
});

function runSchemathesis(vendor: string): { report: Report; output: string } {
  const specPath = resolveSpecPath(vendor);
  const reportDir = join(scratch, vendor);
  // --config-file is an option of the command itself, before `run`.
  const args = ["--config-file", join(here, "schemathesis.toml"), "run", specPath, "--url", mocks.get(vendor)!.url, "--no-color"];
  args.push(...credentialHeaders(specPath), "--report", "json", "--report-dir", reportDir);
  const r = spawnSync(schemathesis, args, {
    encoding: "utf8",
    timeout: 300_000,
    env: { ...process.env, PYTHONPATH: here, SCHEMATHESIS_HOOKS: "prism_hooks" },
  });
  const output = `${r.stdout}${r.stderr}${r.error?.message ?? ""}`;
  const file = readdirSync(reportDir).find((f) => f.endsWith(".json"));
  if (!file) throw new Error(`schemathesis wrote no report (exit ${r.status}):\n${output}`);
  return { report: JSON.parse(readFileSync(join(reportDir, file), "utf8")) as Report, output };
}

describe.each(vendors)("Schemathesis against the Prism mock of %s", (vendor) => {
  it("tests every operation and finds no failure", () => {
    const { report, output } = runSchemathesis(vendor);
    mkdirSync(join(pkgDir, "reports"), { recursive: true });
    writeFileSync(join(pkgDir, "reports", `schemathesis-${vendor}.json`), `${JSON.stringify(report, null, 2)}\n`);
    const tail = output.split("\n").slice(-40).join("\n");
    expect(report.schemathesis_version).toBe("4.32.5");
    expect(report.operations.tested, tail).toBe(report.operations.total);
    expect(report.test_cases.generated, tail).toBeGreaterThan(100);
    expect({ failures: report.failures, errors: report.errors, exit: report.exit_code }, tail).toEqual({ failures: [], errors: [], exit: 0 });
    console.log(
      `${vendor}: ${report.operations.tested} operations, ${report.test_cases.generated} test cases, ${report.test_cases.with_failures} with failures, ${report.filtered} filtered`,
    );
  }, 300_000);
});
