// End to end: the CLI, run as a child process, on temporary git repos under /tmp that hold a copy of the
// real VoIPstudio spec. Proves the baseline lookup (newest `@callspec/specs@*` tag in semver order, read with
// `git show`), the exit codes, the printed change and the changeset line, and the "no release" pass.
import { execFile, execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { latestReleaseTag, npmBaseline, parseSpec } from "../src/workspace.js";
import { repoRoot, type Loose } from "./helpers.js";

const require = createRequire(import.meta.url);
const tsxCli = require.resolve("tsx/cli");
const cli = fileURLToPath(new URL("../src/check-breaking.ts", import.meta.url));
const realVoipstudio = readFileSync(join(repoRoot, "specs/voipstudio/openapi.yaml"), "utf8");
const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

/** git without the caller's GIT_* variables (a hook's GIT_DIR would point elsewhere). */
const gitEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("GIT_")));
function git(repo: string, ...args: string[]): string {
  return execFileSync(
    "git",
    ["-C", repo, "-c", "user.name=spec-gate test", "-c", "user.email=test@example.invalid", "-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false", ...args],
    {
      encoding: "utf8",
      env: gitEnv,
    },
  );
}

/** A minimal callspec checkout: specs/voipstudio, the VoIPstudio package, the facade, a changeset folder. */
function makeRepo(withGit = true): string {
  const repo = mkdtempSync(join(tmpdir(), "spec-gate-e2e-"));
  temps.push(repo);
  const write = (file: string, text: string) => {
    mkdirSync(join(repo, file, ".."), { recursive: true });
    writeFileSync(join(repo, file), text);
  };
  write("specs/package.json", JSON.stringify({ name: "@callspec/specs", version: "1.0.0" }));
  write("specs/voipstudio/openapi.yaml", realVoipstudio);
  write("packages/voipstudio/package.json", JSON.stringify({ name: "@callspec/voipstudio", callspec: { spec: "voipstudio" } }));
  write("packages/voice/package.json", JSON.stringify({ name: "@callspec/voice", dependencies: { "@callspec/voipstudio": "workspace:^" } }));
  write(".changeset/README.md", "# Changesets\n");
  write(".changeset/config.json", "{}\n");
  if (withGit) {
    git(repo, "init", "-q", "-b", "main");
    git(repo, "add", "-A");
    git(repo, "commit", "-q", "-m", "release");
  }
  return repo;
}

function editSpec(repo: string, mutate: (spec: Loose) => void): void {
  const file = join(repo, "specs/voipstudio/openapi.yaml");
  const spec = parseSpec(readFileSync(file, "utf8"));
  mutate(spec);
  writeFileSync(file, stringify(spec));
}
const removePing = (s: Loose) => delete s.paths["/ping"].get;

function runCli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [tsxCli, cli, ...args], { env: gitEnv }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe("check-breaking CLI on a temp git repo", () => {
  it("fails on a breaking edit since the tagged release, names it and the changeset line; passes once a major changeset exists", async () => {
    const repo = makeRepo();
    git(repo, "tag", "@callspec/specs@1.0.0");
    editSpec(repo, removePing);

    const failed = await runCli("--repo", repo);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain("specs compared with @callspec/specs@1.0.0 (git tag)");
    expect(failed.stdout).toMatch(/✗ voipstudio: \d+ breaking change\(s\) without a major bump of @callspec\/specs, @callspec\/voipstudio, @callspec\/voice/);
    expect(failed.stdout).toContain("- GET /ping: cannot remove an operation. This is a breaking change. [optic: prevent operation removal]");
    expect(failed.stdout).toContain('"@callspec/voipstudio": major');
    expect(failed.stdout).toContain('"@callspec/specs": major');
    expect(failed.stdout).toContain('"@callspec/voice": major');

    writeFileSync(
      join(repo, ".changeset/drop-ping.md"),
      `---\n"@callspec/specs": major\n"@callspec/voipstudio": major\n"@callspec/voice": major\n---\n\nGET /ping is gone.\n`,
    );
    const passed = await runCli("--repo", repo);
    expect(passed.stderr).toBe("");
    expect(passed.code).toBe(0);
    expect(passed.stdout).toMatch(
      /✓ voipstudio: \d+ breaking change\(s\), covered by major bumps of @callspec\/specs, @callspec\/voipstudio, @callspec\/voice/,
    );
  });

  it("passes with the 'no release' message when there is no tag at all", async () => {
    const repo = makeRepo();
    editSpec(repo, removePing);
    const r = await runCli("--repo", repo);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("no release to compare with: gate passes");
  });

  it("passes with the 'no release' message outside a git repository", async () => {
    const repo = makeRepo(false);
    const r = await runCli("--repo", repo);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("no release to compare with: gate passes");
  });

  it("compares with the NEWEST release in semver order (1.10.0 after 1.9.0), not the alphabetical last", async () => {
    const repo = makeRepo();
    git(repo, "tag", "@callspec/specs@1.9.0");
    editSpec(repo, removePing);
    git(repo, "commit", "-qam", "drop /ping (released as a major)");
    git(repo, "tag", "@callspec/specs@1.10.0");
    git(repo, "tag", "@callspec/specs@1.10.1-beta.0", "HEAD~1"); // prerelease of 1.10.1 sorts above 1.10.0
    expect(latestReleaseTag(repo, "@callspec/specs")).toEqual({ tag: "@callspec/specs@1.10.1-beta.0" });
    git(repo, "tag", "-d", "@callspec/specs@1.10.1-beta.0");
    git(repo, "tag", "not-a-release");
    expect(latestReleaseTag(repo, "@callspec/specs")).toEqual({ tag: "@callspec/specs@1.10.0" });

    const r = await runCli("--repo", repo);
    expect(r.stdout).toContain("specs compared with @callspec/specs@1.10.0 (git tag)");
    expect(r.stdout).toContain("✓ voipstudio: no breaking change");
    expect(r.code).toBe(0);
  });

  it("exits 2 on an unknown option", async () => {
    const r = await runCli("--bogus");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("usage: check-breaking");
  });
});

describe("npm baseline (--npm), offline", () => {
  it("reads the specs out of the packed package (a local folder stands in for the registry)", () => {
    const pkg = mkdtempSync(join(tmpdir(), "spec-gate-pkg-"));
    temps.push(pkg);
    writeFileSync(join(pkg, "package.json"), JSON.stringify({ name: "@callspec/specs", version: "1.4.2", files: ["*/openapi.yaml"] }));
    cpSync(join(repoRoot, "specs/voipstudio/openapi.yaml"), join(pkg, "voipstudio/openapi.yaml"), { recursive: true });
    const baseline = npmBaseline("@callspec/specs", pkg);
    if ("reason" in baseline) throw new Error(baseline.reason);
    expect(baseline.label).toBe("@callspec/specs@1.4.2 (npm)");
    expect(baseline.vendors).toEqual(["voipstudio"]);
    expect(baseline.spec("voipstudio")).toEqual(parseSpec(realVoipstudio));
    expect(baseline.spec("zaas-voice")).toBeUndefined();
  });
});
