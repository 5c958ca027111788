// `generate` task of every vendor package: types from the package's spec with openapi-typescript.
// The package names its spec in package.json (`"callspec": { "spec": "<vendor>" }`), so adding a vendor
// needs no new script.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const pkg = JSON.parse(readFileSync("package.json", "utf8"));
const vendor = pkg.callspec?.spec;
if (!vendor) throw new Error(`${pkg.name}: package.json has no "callspec": { "spec": "<vendor>" }`);
const spec = relative(process.cwd(), join(root, "specs", vendor, "openapi.yaml"));
const require = createRequire(join(process.cwd(), "package.json"));
const cli = join(dirname(require.resolve("openapi-typescript/package.json")), "bin", "cli.js");

// --default-non-nullable false: openapi-typescript 7 otherwise makes every property with a `default`
// required, which is wrong for request bodies (the server applies the default when it is left out).
execFileSync(process.execPath, [cli, spec, "--default-non-nullable", "false", "-o", "src/generated/schema.ts"], {
  stdio: "inherit",
});
