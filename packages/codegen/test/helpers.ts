import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);

export const distDir = fileURLToPath(new URL("../dist", import.meta.url));
export const vendors = require("@callspec/specs/vendors.json") as string[];
export const languages = ["python", "go", "java", "csharp"] as const;
export type Language = (typeof languages)[number];

/** One entry of dist/manifest.json, as src/generate.mjs writes it. */
export interface Run {
  vendor: string;
  language: Language;
  generator: string;
  exitCode: number;
  output: string;
  inputSpec: string;
  options: Record<string, string | boolean>;
}

export function readManifest(): { generatorVersion: string; runs: Run[] } {
  const file = join(distDir, "manifest.json");
  if (!existsSync(file)) throw new Error(`${file} is missing: run \`pnpm --filter @callspec/codegen build\` first`);
  return JSON.parse(readFileSync(file, "utf8"));
}

export function findRun(vendor: string, language: Language): Run {
  const run = readManifest().runs.find((r) => r.vendor === vendor && r.language === language);
  if (!run) throw new Error(`dist/manifest.json has no run for ${vendor}/${language}`);
  return run;
}

/** The first tag of every operation of a vendor's bundled spec (the generators make one API class per tag). */
export function specTags(vendor: string): string[] {
  const doc = require(`@callspec/specs/${vendor}.json`) as {
    paths: Record<string, Record<string, { operationId?: string; tags?: string[] }>>;
  };
  const tags = new Set<string>();
  for (const item of Object.values(doc.paths)) {
    for (const op of Object.values(item)) {
      if (op && typeof op === "object" && "operationId" in op) tags.add(op.tags?.[0] ?? "default");
    }
  }
  return [...tags];
}

const pythonModules = ["urllib3", "six", "dateutil", "certifi"];
const aptPackages = ["python3-urllib3", "python3-six", "python3-dateutil", "python3-certifi"];

/**
 * A Python 3 interpreter that has what the generated clients import (urllib3, six, python-dateutil, certifi).
 * Tries $PYTHON, `python3` on PATH, then Debian's /usr/bin/python3; when none has them and we are root, installs
 * the Debian packages (PyPI is not reachable here) and uses /usr/bin/python3.
 */
export function findPython(): string {
  const candidates = [process.env.PYTHON, "python3", "/usr/bin/python3"].filter((c): c is string => !!c);
  const check = `import ${pythonModules.join(", ")}`;
  const works = (py: string) => spawnSync(py, ["-c", check], { stdio: "ignore" }).status === 0;
  const found = candidates.find(works);
  if (found) return found;
  if (process.getuid?.() !== 0) {
    throw new Error(
      `No python3 with ${pythonModules.join(", ")} (tried ${candidates.join(", ")}). Install them, e.g. ` +
        `\`sudo apt-get install -y ${aptPackages.join(" ")}\` or \`pip install urllib3 six python-dateutil certifi\`.`,
    );
  }
  for (const args of [["update"], ["install", "-y", ...aptPackages]]) {
    const r = spawnSync("apt-get", args, { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
    if (r.status !== 0) throw new Error(`apt-get ${args.join(" ")} failed`);
  }
  if (!works("/usr/bin/python3")) throw new Error(`/usr/bin/python3 still cannot ${check} after apt-get install`);
  return "/usr/bin/python3";
}
