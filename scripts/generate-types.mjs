// `generate` task of every vendor package: types from the package's spec with openapi-typescript, written
// to src/generated/schema.ts. The package names its spec in package.json (`"callspec": { "spec":
// "<vendor>" }`), so adding a vendor needs no new script.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadBundledSpec, outDir, pkg, requirePkg, specName, webhooksOf } from "./vendor-spec.mjs";

const { default: openapiTS, astToString, COMMENT_HEADER } = requirePkg("openapi-typescript");

// The webhooks the spec keeps under `x-webhooks` become openapi-typescript's `webhooks` interface (with
// their operations in `operations`, by operationId) by handing it a copy of the document that has them
// under 3.1's name. The copy stays `openapi: 3.0.3`: openapi-typescript 7 emits `webhooks` whatever the
// version says, while a copy relabelled 3.1 would be read (and linted) by 3.1's rules everywhere else,
// with `paths` and `components` at risk for the sake of one map. The spec itself is not touched.
const doc = loadBundledSpec();
const input = { ...doc, webhooks: webhooksOf(doc) };
delete input["x-webhooks"];

const ast = await openapiTS(input, {
  // openapi-typescript 7 otherwise makes every property with a `default` required, which is wrong for
  // request bodies (the server applies the default when it is left out).
  defaultNonNullable: false,
});
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, "schema.ts"), `${COMMENT_HEADER}${astToString(ast)}`);
console.log(`${pkg.name}: ${join(outDir, "schema.ts")} from ${specName} (${Object.keys(input.webhooks).length} webhooks)`);
