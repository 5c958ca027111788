// The smoke suite as an ES module: packages come in through `import`; the second format is `require`.
// Usage: <runtime> run.mjs '<config JSON>'  (prints one JSON line per check and probe)
import { createRequire } from "node:module";
import { runSuite } from "./suite.mjs";

const require = createRequire(import.meta.url);
const config = JSON.parse(process.argv[process.argv.length - 1]);

await runSuite({
  format: "esm",
  load: (specifier) => import(specifier),
  loadOther: async (specifier) => require(specifier),
  config,
  emit: (result) => console.log(JSON.stringify(result)),
});
