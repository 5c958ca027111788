#!/usr/bin/env node
// A project-local Python virtual environment with pinned packages from PyPI, made once and kept: the
// one way this repository installs Python tools (the generated clients' checks, Schemathesis).
//
//   node scripts/python-venv.mjs <venv dir> <requirements.txt> [more pip install arguments...]
//   import { ensureVenv } from "../../scripts/python-venv.mjs"  →  ensureVenv(dir, requirements, extra)
//
// The venv is rebuilt only when the requirements file or the extra arguments change (a stamp file inside
// it holds their hash), so a warm run costs one hash. Prints the venv's python path.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Makes (or reuses) the venv at `dir` with `requirements` and `extra` pip arguments installed; returns
 * the path of its python. Throws with pip's output when an install fails.
 * @param {string} dir @param {string} requirements @param {string[]} [extra]
 */
export function ensureVenv(dir, requirements, extra = []) {
  const python = join(dir, "bin", "python");
  const stamp = join(dir, ".callspec-stamp");
  const wanted = createHash("sha256").update(readFileSync(requirements)).update(JSON.stringify(extra)).digest("hex");
  if (existsSync(python) && existsSync(stamp) && readFileSync(stamp, "utf8") === wanted) return python;
  rmSync(dir, { recursive: true, force: true });
  run("python3", ["-m", "venv", dir]);
  run(python, ["-m", "pip", "install", "-q", "--disable-pip-version-check", "-r", requirements, ...extra]);
  writeFileSync(stamp, wanted);
  return python;
}

function run(command, args) {
  const r = spawnSync(command, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  if (r.error) throw new Error(`${command}: ${r.error.message} (a Python 3 with venv and pip is needed)`);
  if (r.status !== 0) throw new Error(`${command} ${args.join(" ")} failed (exit ${r.status}):\n${r.stdout}${r.stderr}`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [dir, requirements, ...extra] = process.argv.slice(2);
  if (!dir || !requirements) {
    console.error("usage: node scripts/python-venv.mjs <venv dir> <requirements.txt> [pip install arguments...]");
    process.exit(2);
  }
  console.log(ensureVenv(resolve(dir), resolve(requirements), extra));
}
