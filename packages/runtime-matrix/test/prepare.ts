// What the matrix needs before any check runs: the publishable packages packed and installed like a user
// would install them, and the pinned runtimes (npm ci into a cache keyed by their lockfile's hash).
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { accessSync, constants, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { delimiter, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const pkgDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const repoDir = resolve(pkgDir, "../..");
export const smokeDir = join(pkgDir, "smoke");
export const runtimesSpecDir = join(pkgDir, "runtimes");
export const runtimesCacheDir = join(pkgDir, ".runtimes");

/** The publishable packages, by folder under packages/: the facade first. */
export const PUBLISHED = ["voice", "messagebird-voice", "voipstudio", "zaas-voice"] as const;
export const VENDOR_PACKAGES = ["messagebird-voice", "voipstudio", "zaas-voice"] as const;

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
  timedOut: boolean;
}

/**
 * The environment for npm and the runtimes: ours, without what `pnpm run` adds for itself (a pnpm user
 * agent or pnpm-only settings would change what npm does). Registry and cache settings stay.
 */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_(config_user_agent|config_verify_deps_before_run|command|execpath|node_execpath|lifecycle_|package_)|pnpm_|PNPM_)/i.test(key)) continue;
    env[key] = value;
  }
  return { ...env, npm_config_audit: "false", npm_config_fund: "false", npm_config_update_notifier: "false", ...extra };
}

/** Runs a command to its end (bounded by `timeoutMs`, then SIGKILL), collecting its output. */
export function run(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<RunResult> {
  const started = Date.now();
  return new Promise((resolvePromise) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? cleanEnv(), stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    child.stdout.on("data", (b: Buffer) => (stdout += b.toString()));
    child.stderr.on("data", (b: Buffer) => (stderr += b.toString()));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, options.timeoutMs ?? 120_000);
    child.on("error", (error) => {
      clearTimeout(timer);
      resolvePromise({ code: null, signal: null, stdout, stderr: `${stderr}${error.message}`, ms: Date.now() - started, timedOut });
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ code, signal, stdout, stderr, ms: Date.now() - started, timedOut });
    });
  });
}

function failed(what: string, result: RunResult): Error {
  const why = result.timedOut ? "timed out" : `exit ${result.code ?? result.signal}`;
  return new Error(`${what}: ${why}\n${(result.stderr || result.stdout).trim().slice(-3000)}`);
}

/** The first executable `name` on PATH. */
export function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    const file = join(dir, name);
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  return undefined;
}

export interface PackedProject {
  /** The temporary project: the facade and exactly the three vendor tarballs, installed with npm. */
  projectDir: string;
  /** Where the tarballs are (the packages' `pnpm pack` output). */
  tarballs: Record<string, string>;
  packMs: number;
  installMs: number;
}

/** `pnpm pack` of every publishable package into `packDir` (in parallel: about a second each). */
export async function packAll(packDir: string): Promise<Record<string, string>> {
  const pnpm = onPath("pnpm");
  if (!pnpm) throw new Error("no pnpm on PATH: run the test through pnpm (pnpm --filter @callspec/runtime-matrix test)");
  mkdirSync(packDir, { recursive: true });
  const entries = await Promise.all(
    PUBLISHED.map(async (name) => {
      const result = await run(pnpm, ["pack", "--pack-destination", packDir, "--json"], {
        cwd: join(repoDir, "packages", name),
        env: process.env,
        timeoutMs: 120_000,
      });
      if (result.code !== 0) throw failed(`pnpm pack in packages/${name}`, result);
      const { filename } = JSON.parse(result.stdout.slice(result.stdout.indexOf("{"))) as { filename: string };
      return [name, resolve(packDir, filename)] as const;
    }),
  );
  return Object.fromEntries(entries);
}

/** A fresh npm project in `dir` with the given tarballs installed (npm's own cache makes a warm install fast). */
export async function npmProject(dir: string, name: string, tarballs: string[]): Promise<number> {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "package.json"), `${JSON.stringify({ name, version: "0.0.0", private: true }, null, 2)}\n`);
  const result = await run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", ...tarballs], { cwd: dir, timeoutMs: 300_000 });
  if (result.code !== 0) throw failed(`npm install ${tarballs.map((t) => t.split("/").pop()).join(" ")}`, result);
  return result.ms;
}

/** Packs the packages and installs the facade with the three vendor tarballs into `<root>/project`. */
export async function preparePackedProject(root: string): Promise<PackedProject> {
  const packStarted = Date.now();
  const tarballs = await packAll(join(root, "packs"));
  const packMs = Date.now() - packStarted;
  const projectDir = join(root, "project");
  const installMs = await npmProject(
    projectDir,
    "callspec-runtime-matrix-project",
    PUBLISHED.map((name) => tarballs[name]!),
  );
  // The smoke suite runs from inside the project, so bare specifiers resolve to what npm installed.
  for (const file of readdirSync(smokeDir)) cpSync(join(smokeDir, file), join(projectDir, file));
  return { projectDir, tarballs, packMs, installMs };
}

// ---------------------------------------------------------------------------------------------------------
// Pinned runtimes

export type RuntimeName = "node22" | "bun" | "deno";

export interface InstalledRuntime {
  bin?: string;
  /** What `--version` printed (first line). */
  version?: string;
  expected: string;
  error?: string;
}

export interface RuntimesInfo {
  hash: string;
  dir: string;
  /** True when this run ran `npm ci` (false: the cache had it). */
  installed: boolean;
  installMs: number;
  runtimes: Record<RuntimeName, InstalledRuntime>;
}

const RUNTIME_BINS: Record<RuntimeName, { pkg: string; bin: string; version: (v: string) => string }> = {
  node22: { pkg: "node", bin: "node_modules/node/bin/node", version: (v) => `v${v}` },
  bun: { pkg: "bun", bin: "node_modules/bun/bin/bun.exe", version: (v) => v },
  deno: { pkg: "deno", bin: "node_modules/deno/deno", version: (v) => `deno ${v}` },
};

/** The runtimes' lockfile hash: the cache key. */
export function runtimesHash(): string {
  const hash = createHash("sha256");
  hash.update(readFileSync(join(runtimesSpecDir, "package.json")));
  hash.update(readFileSync(join(runtimesSpecDir, "package-lock.json")));
  return hash.digest("hex").slice(0, 16);
}

/**
 * `npm ci` of runtimes/ into `.runtimes/<hash>` unless it is there already (a `.complete` marker is written
 * last; an install goes to a scratch folder first and is renamed into place). Older hashes are removed.
 * Never throws: a runtime that is missing or reports another version carries an `error`, which fails every
 * check of that runtime.
 */
export async function ensureRuntimes(): Promise<RuntimesInfo> {
  const hash = runtimesHash();
  const dir = join(runtimesCacheDir, hash);
  const deps = (JSON.parse(readFileSync(join(runtimesSpecDir, "package.json"), "utf8")) as { dependencies: Record<string, string> }).dependencies;
  const runtimes = {} as Record<RuntimeName, InstalledRuntime>;
  for (const name of Object.keys(RUNTIME_BINS) as RuntimeName[]) {
    runtimes[name] = { expected: RUNTIME_BINS[name].version(deps[RUNTIME_BINS[name].pkg] ?? "?") };
  }
  let installed = false;
  let installMs = 0;
  if (!existsSync(join(dir, ".complete"))) {
    installed = true;
    mkdirSync(runtimesCacheDir, { recursive: true });
    for (const old of readdirSync(runtimesCacheDir)) if (old !== hash) rmSync(join(runtimesCacheDir, old), { recursive: true, force: true });
    const scratch = `${dir}.partial-${process.pid}`;
    rmSync(scratch, { recursive: true, force: true });
    mkdirSync(scratch, { recursive: true });
    cpSync(join(runtimesSpecDir, "package.json"), join(scratch, "package.json"));
    cpSync(join(runtimesSpecDir, "package-lock.json"), join(scratch, "package-lock.json"));
    console.log(`[runtime-matrix] installing the pinned runtimes (npm ci) into .runtimes/${hash}`);
    const result = await run("npm", ["ci", "--no-audit", "--no-fund"], { cwd: scratch, timeoutMs: 15 * 60_000 });
    installMs = result.ms;
    if (result.code !== 0) {
      const error = failed("npm ci of packages/runtime-matrix/runtimes", result).message;
      for (const runtime of Object.values(runtimes)) runtime.error = error;
      rmSync(scratch, { recursive: true, force: true });
      return { hash, dir, installed, installMs, runtimes };
    }
    writeFileSync(join(scratch, ".complete"), `${new Date().toISOString()}\n`);
    if (existsSync(join(dir, ".complete"))) rmSync(scratch, { recursive: true, force: true });
    else {
      rmSync(dir, { recursive: true, force: true });
      renameSync(scratch, dir);
    }
  }
  await Promise.all(
    (Object.keys(RUNTIME_BINS) as RuntimeName[]).map(async (name) => {
      const runtime = runtimes[name];
      const bin = join(dir, RUNTIME_BINS[name].bin);
      const result = await run(bin, ["--version"], { cwd: dir, timeoutMs: 30_000 });
      const version = result.stdout.trim().split("\n")[0] ?? "";
      if (result.code !== 0)
        runtime.error = `${name} is not runnable (${bin}): ${(result.stderr || result.stdout).trim().slice(-500) || `exit ${result.code}`}`;
      else if (!version.startsWith(runtime.expected)) runtime.error = `${name}: ${bin} reports ${version}, expected ${runtime.expected}`;
      else runtime.bin = bin;
      runtime.version = version;
    }),
  );
  return { hash, dir, installed, installMs, runtimes };
}
