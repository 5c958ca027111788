import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { distDir, findRun, vendors } from "./helpers.js";
import { runReadmeCommands } from "./support/readme.js";

// The Go clients: generated (dist/manifest.json), built as the README says, then driven against the Prism
// mocks by the Go checks in checks/go (a module that uses dist/<vendor>/go in place through `replace`).
// Go has no JUnit output; `go test -json` events give each check's result, one vitest test per check.

const require = createRequire(import.meta.url);
const checksDir = fileURLToPath(new URL("../checks/go", import.meta.url));
const BUILD_TIMEOUT = 300_000; // a cold `go build` compiles the standard library too (~15 s per client)

/** Runs a command; its stdout, combined output and exit status. */
function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}, timeout = BUILD_TIMEOUT) {
  const r = spawnSync(command, args, { cwd, encoding: "utf8", timeout, env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 });
  const output = `${r.stdout ?? ""}${r.stderr ?? ""}${r.error ? `\n${r.error.message}` : ""}`;
  return { status: r.status, output };
}

function goClientDir(vendor: string): string {
  return join(distDir, findRun(vendor, "go").output);
}

/** The Go check functions of checks/go, read from its sources (tests must be declared before anything runs). */
function goChecks(): string[] {
  return readdirSync(checksDir)
    .filter((f) => f.endsWith("_test.go"))
    .sort()
    .flatMap((f) => [...readFileSync(join(checksDir, f), "utf8").matchAll(/^func (Test\w+)\(t \*testing\.T\)/gm)].map((m) => m[1]!));
}

beforeAll(() => {
  const go = spawnSync("go", ["version"], { encoding: "utf8" });
  if (go.error || go.status !== 0) {
    throw new Error("The Go toolchain (`go`, 1.23+) is needed for these tests and is not on PATH: install it from https://go.dev/dl/.");
  }
});

it(
  "the README's go-build commands work as written",
  () => {
    const r = runReadmeCommands("go-build", {}, BUILD_TIMEOUT);
    expect(r.status, r.output).toBe(0);
  },
  BUILD_TIMEOUT,
);

describe.each(vendors)("%s go client", (vendor) => {
  it("was generated", () => {
    const runInfo = findRun(vendor, "go");
    expect(runInfo.exitCode, `generation failed, see dist/logs/${vendor}.go.log`).toBe(0);
    expect(existsSync(join(goClientDir(vendor), "go.mod"))).toBe(true);
  });

  it(
    "tidies, builds and vets (go mod tidy && go build ./... && go vet ./...)",
    () => {
      for (const args of [
        ["mod", "tidy"],
        ["build", "./..."],
        ["vet", "./..."],
      ]) {
        const r = run("go", args, goClientDir(vendor));
        expect(r.status, `go ${args.join(" ")}:\n${r.output}`).toBe(0);
      }
    },
    BUILD_TIMEOUT,
  );
});

/** One `go test -json` event (cmd/test2json). */
interface GoTestEvent {
  Action: string;
  Package?: string;
  Test?: string;
  Output?: string;
}

describe("Go checks against the Prism mocks (checks/go)", () => {
  const checks = goChecks();
  const results = new Map<string, { action: string; output: string }>();
  let runOutput = "";
  let runStatus: number | null = null;

  beforeAll(() => {
    // -count=1: results depend on the mocks, so never take them from go's test cache.
    const r = run("go", ["test", "-json", "-count=1", "-v", "./..."], checksDir, {
      MESSAGEBIRD_MOCK_URL: inject("messagebirdUrl"),
      VOIPSTUDIO_MOCK_URL: inject("voipstudioUrl"),
      ZAAS_MOCK_URL: inject("zaasUrl"),
      CALLSPEC_SPECS_DIR: dirname(require.resolve("@callspec/specs/messagebird-voice.json")),
    });
    runStatus = r.status;
    // What a person would have read without -json: every event's text, build errors included.
    const log: string[] = [];
    for (const line of r.output.split("\n")) {
      if (!line.startsWith("{")) {
        log.push(line ? `${line}\n` : "");
        continue;
      }
      let event: GoTestEvent;
      try {
        event = JSON.parse(line) as GoTestEvent;
      } catch {
        log.push(`${line}\n`);
        continue;
      }
      log.push(event.Output ?? "");
      if (!event.Test || event.Test.includes("/")) continue;
      const entry = results.get(event.Test) ?? { action: "run", output: "" };
      if (event.Action === "output") entry.output += event.Output ?? "";
      if (["pass", "fail", "skip"].includes(event.Action)) entry.action = event.Action;
      results.set(event.Test, entry);
    }
    runOutput = log.join("");
  }, BUILD_TIMEOUT);

  it("compiles and runs every check", () => {
    expect(checks.length).toBeGreaterThan(0);
    expect(results.size, `go test ran nothing (exit ${runStatus}):\n${runOutput}`).toBeGreaterThan(0);
    const reported = [...results.keys()].sort();
    expect(reported, `go test reported other tests than checks/go declares:\n${runOutput}`).toEqual([...checks].sort());
    // Each check's own result is its test below; here only a failure outside them (exit status) counts.
    if ([...results.values()].every((r) => r.action === "pass")) expect(runStatus, runOutput).toBe(0);
  });

  it.each(checks)("%s", (name) => {
    const result = results.get(name);
    expect(result, `go test did not run ${name} (exit ${runStatus}):\n${runOutput}`).toBeDefined();
    expect(result!.action, result!.output).toBe("pass");
  });
});
