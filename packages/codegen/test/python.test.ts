// The generated Python clients, installed and run as a user would: the README's commands as written make
// the virtual environment, then pytest runs checks/python/ against the Prism mocks of every vendor, and
// the README's example runs against the MessageBird mock.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { responseExample } from "@callspec/mock";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { distDir, findRun, vendors } from "./helpers.js";
import { type JUnitCase, readJUnit } from "./support/junit.js";
import { readmeBlock, repoRoot, runReadmeCommands } from "./support/readme.js";

const pkgDir = join(repoRoot, "packages", "codegen");
const python = join(pkgDir, ".venv", "bin", "python");
const scratch = mkdtempSync(join(tmpdir(), "callspec-codegen-py-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const mockEnv = () => ({
  MESSAGEBIRD_MOCK_URL: inject("messagebirdUrl"),
  VOIPSTUDIO_MOCK_URL: inject("voipstudioUrl"),
  ZAAS_MOCK_URL: inject("zaasUrl"),
  PYTHONDONTWRITEBYTECODE: "1",
});

function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(command, args, { cwd: pkgDir, encoding: "utf8", timeout: 600_000, env: { ...process.env, ...env } });
  return { status: r.status, output: `${r.stdout}${r.stderr}${r.error ? r.error.message : ""}` };
}

let install: { status: number | null; output: string };
let cases: JUnitCase[] = [];
let pytestOutput = "";
beforeAll(() => {
  install = runReadmeCommands("python-install");
  if (install.status !== 0) return;
  const others = vendors.map((v) => join(distDir, findRun(v, "python").output));
  const deps = run(python, ["-m", "pip", "install", "-q", "--disable-pip-version-check", "-r", "checks/python/requirements.txt", ...others]);
  if (deps.status !== 0) throw new Error(`pip install failed:\n${deps.output}`);
  const report = join(scratch, "pytest.xml");
  const tests = run(python, ["-m", "pytest", "checks/python", "-q", "-p", "no:cacheprovider", `--junitxml=${report}`], mockEnv());
  pytestOutput = tests.output;
  cases = readJUnit(report);
}, 900_000);

describe("the README's Python commands", () => {
  it("run as written: a virtual environment with the MessageBird client installed from PyPI's dependencies", () => {
    expect(install.status, install.output).toBe(0);
  });

  it("the README's Python example lists the calls of the spec's example from the mock", () => {
    const { language, code } = readmeBlock("python-example");
    expect(language).toBe("python");
    const file = join(scratch, "example.py");
    writeFileSync(file, code);
    const r = run(python, [file], { MESSAGEBIRD_BASE_URL: inject("messagebirdUrl"), MESSAGEBIRD_ACCESS_KEY: "test_key" });
    expect(r.status, r.output).toBe(0);
    const ids = (responseExample("messagebird-voice", "listCalls") as { data: { id: string }[] }).data.map((c) => c.id);
    expect(r.output.trim()).toBe(`[${ids.map((id) => `'${id}'`).join(", ")}]`);
  });
});

/** The checks, per vendor: the pytest functions of checks/python/test_<vendor>.py. */
const CHECKS: Record<string, string[]> = {
  "messagebird-voice": [
    "test_list_calls_with_access_key",
    "test_401_without_access_key",
    "test_wav_download_default_accept_is_refused",
    "test_wav_download_as_bytes",
  ],
  voipstudio: ["test_login_then_cdrs_with_json_filter"],
  "zaas-voice": ["test_login_then_call_status_with_token_first"],
};

describe.each(vendors)("%s python client", (vendor) => {
  it("was generated", () => {
    expect(findRun(vendor, "python").exitCode).toBe(0);
  });

  it("installs and imports", () => {
    const pkg = String(findRun(vendor, "python").options.packageName);
    const r = run(python, ["-c", `import ${pkg}, ${pkg}.api, ${pkg}.models`]);
    expect(r.status, r.output).toBe(0);
  });

  it.each(CHECKS[vendor] ?? [])("against the mock: %s", (name) => {
    const found = cases.find((c) => c.classname.split(".").pop() === `test_${vendor.replace(/-/g, "_")}` && c.name === name);
    expect(found, `pytest did not run ${name}:\n${pytestOutput}`).toBeDefined();
    expect(found?.problem, pytestOutput).toBeUndefined();
  });
});
