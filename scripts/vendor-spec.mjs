// Shared by the `generate` scripts (generate-types.mjs, generate-validators.mjs), run from a vendor
// package's folder: which spec the package is generated from, and that spec as one JSON document.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The value after `--name` on the command line, if given. */
function flag(name) {
  const at = process.argv.indexOf(`--${name}`);
  if (at === -1) return undefined;
  const value = process.argv[at + 1];
  if (value === undefined || value.startsWith("--")) throw new Error(`--${name} needs a value`);
  return value;
}

export const root = join(dirname(fileURLToPath(import.meta.url)), "..");
export const pkg = JSON.parse(readFileSync("package.json", "utf8"));
// `--spec <file>` and `--out <dir>` run a generator on another document, into another folder: how the
// tests try the generators on fixture specs. The `generate` task passes neither.
const specFlag = flag("spec");
/** Where the generated files go: `src/generated` of the package unless `--out` says otherwise. */
export const outDir = flag("out") ?? "src/generated";
/** The package names its spec in package.json (`"callspec": { "spec": "<vendor>" }`). */
export const vendor = pkg.callspec?.spec;
if (!vendor && !specFlag) throw new Error(`${pkg.name}: package.json has no "callspec": { "spec": "<vendor>" }`);
export const specFile = specFlag ? resolve(specFlag) : join(root, "specs", vendor, "openapi.yaml");
/** The spec's path from the repository root, with forward slashes: for messages and file headers. */
export const specName = relative(root, specFile).split("\\").join("/");
/** `require` from the package's folder, for the generators' own devDependencies (ajv, openapi-typescript). */
export const requirePkg = createRequire(join(process.cwd(), "package.json"));
const requireRoot = createRequire(join(root, "package.json"));

/**
 * The source YAML with every relative-file `$ref` pulled in (the root's Redocly CLI, as specs/build.mjs
 * uses it); local `$ref`s stay. Reading the source keeps `generate` independent of @callspec/specs' build.
 */
export function loadBundledSpec() {
  const cli = join(dirname(requireRoot.resolve("@redocly/cli/package.json")), "bin", "cli.js");
  try {
    const out = execFileSync(process.execPath, [cli, "bundle", specFile, "--ext", "json", "--lint-config", "off"], {
      env: { ...process.env, REDOCLY_TELEMETRY: "off" },
      stdio: ["ignore", "pipe", "pipe"],
      maxBuffer: 256 * 1024 * 1024,
      encoding: "utf8",
    });
    return JSON.parse(out);
  } catch (error) {
    throw new Error(`${specName}: redocly bundle failed:\n${error.stderr ?? error.message}`);
  }
}

/**
 * The spec's webhooks: the requests the vendor sends to the customer's server. A 3.0 document cannot
 * have 3.1's `webhooks`, so the specs keep the same map (name → Path Item) under `x-webhooks`.
 */
export function webhooksOf(doc) {
  if (doc.webhooks !== undefined) throw new Error(`${specName}: OpenAPI 3.0 has no \`webhooks\`; put them under \`x-webhooks\``);
  const hooks = doc["x-webhooks"] ?? {};
  if (hooks === null || typeof hooks !== "object" || Array.isArray(hooks)) throw new Error(`${specName}: x-webhooks must be a map of Path Items`);
  return hooks;
}
