// Builds one publishable package (run from its folder, as its `build` script): ESM, CJS and their type
// declarations from the entries its `exports` map names, plus a Node wrapper per entry.
//
// The dual-package hazard: a package shipped as separate ESM and CJS copies hands an app two of every
// class the moment one dependency `require`s it and another `import`s it, and `instanceof` fails across
// them. Runtimes that can load CommonJS (Node, Bun, Deno) therefore get one implementation, the CJS one:
// `import` resolves through the `node` condition to `<entry>.node.mjs`, which only re-exports the CJS
// module's names. Browsers and bundlers never see CJS: they take the `default` condition, plain
// tree-shakeable ESM. This is the "ES module wrapper" approach from Node's documentation on dual packages.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";

const pkgDir = process.cwd();
const pkg = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8"));
const requireHere = createRequire(join(pkgDir, "package.json"));
const { build } = requireHere("tsup");

/** `"."` → `index`, `"./vitest"` → `vitest`: the entry's file name in `src/` and `dist/`. */
const entryName = (subpath) => (subpath === "." ? "index" : subpath.slice(2));

/** The one shape every entry of every package's exports map has. */
export function exportsEntry(name) {
  return {
    require: { types: `./dist/${name}.d.cts`, default: `./dist/${name}.cjs` },
    node: { types: `./dist/${name}.d.ts`, default: `./dist/${name}.node.mjs` },
    default: { types: `./dist/${name}.d.ts`, default: `./dist/${name}.js` },
  };
}

function entriesFromExports() {
  const names = Object.keys(pkg.exports ?? {})
    .filter((subpath) => subpath !== "./package.json")
    .map(entryName);
  const wrong = names.filter((name) => JSON.stringify(pkg.exports[name === "index" ? "." : `./${name}`]) !== JSON.stringify(exportsEntry(name)));
  if (wrong.length) {
    const expected = Object.fromEntries(wrong.map((name) => [name === "index" ? "." : `./${name}`, exportsEntry(name)]));
    throw new Error(`${pkg.name}: these exports entries must read exactly:\n${JSON.stringify(expected, null, 2)}`);
  }
  return names;
}

/** Command-line scripts are ESM files of their own; they are run, never imported. */
function binEntries() {
  const bins = typeof pkg.bin === "string" ? [pkg.bin] : Object.values(pkg.bin ?? {});
  return bins.map((file) => file.replace(/^\.\/dist\//, "").replace(/\.js$/, ""));
}

/** Writes `<entry>.node.mjs`: the CJS module's own names, re-exported for `import`. */
function writeNodeWrapper(name) {
  const cjsFile = resolve(pkgDir, "dist", `${name}.cjs`);
  const names = Object.keys(requireHere(cjsFile)).filter((key) => key !== "default");
  const lines = [
    `// One implementation for require and import: see scripts/build-package.mjs in the callspec repository.`,
    `import cjs from "./${name.split("/").pop()}.cjs";`, // beside it, also for a nested entry (`a/b`)
    ...(names.length ? [`export const { ${names.join(", ")} } = cjs;`] : []),
    ...("default" in requireHere(cjsFile) ? ["export default cjs.default;"] : []),
    "",
  ];
  writeFileSync(join(pkgDir, "dist", `${name}.node.mjs`), lines.join("\n"));
}

const entries = entriesFromExports();
const bins = binEntries();
// `__CALLSPEC_VERSION__`: the package's own version, for its User-Agent (read without bundling package.json).
const define = { __CALLSPEC_VERSION__: JSON.stringify(pkg.version) };
const common = {
  target: "node20",
  splitting: true,
  shims: true,
  silent: true,
  define,
  outExtension: ({ format }) => ({ js: format === "cjs" ? ".cjs" : ".js" }),
};
await build({ ...common, entry: Object.fromEntries(entries.map((name) => [name, `src/${name}.ts`])), format: ["esm", "cjs"], dts: true, clean: true });
if (bins.length) await build({ ...common, entry: Object.fromEntries(bins.map((name) => [name, `src/${name}.ts`])), format: ["esm"], dts: false, clean: false });
for (const name of entries) writeNodeWrapper(name);
console.log(`${pkg.name}: built ${[...entries, ...bins].join(", ")}`);
