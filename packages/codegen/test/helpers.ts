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
