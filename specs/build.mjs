// Build of @callspec/specs: each vendor's spec bundled into one file with only internal $refs, as
// dist/<vendor>.yaml and dist/<vendor>.json. Vendors are the folders holding an openapi.yaml.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { parse } from "yaml";

const require = createRequire(import.meta.url);
const redocly = join(dirname(require.resolve("@redocly/cli/package.json")), "bin", "cli.js");
const vendors = readdirSync(".", { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(d.name, "openapi.yaml")))
  .map((d) => d.name)
  .sort();

rmSync("dist", { recursive: true, force: true });
mkdirSync("dist");
for (const vendor of vendors) {
  const yamlOut = join("dist", `${vendor}.yaml`);
  execFileSync(process.execPath, [redocly, "bundle", join(vendor, "openapi.yaml"), "--output", yamlOut, "--lint-config", "off"], {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, REDOCLY_TELEMETRY: "off" },
  });
  const doc = parse(readFileSync(yamlOut, "utf8"));
  const external = [...JSON.stringify(doc).matchAll(/"\$ref":"([^"#][^"]*)"/g)].map((m) => m[1]);
  if (external.length) throw new Error(`${vendor}: bundle still has external $refs: ${external.join(", ")}`);
  writeFileSync(join("dist", `${vendor}.json`), `${JSON.stringify(doc, null, 2)}\n`);
  console.log(`${vendor}: dist/${vendor}.yaml, dist/${vendor}.json (${Object.keys(doc.paths).length} paths)`);
}
writeFileSync(join("dist", "vendors.json"), `${JSON.stringify(vendors, null, 2)}\n`);
