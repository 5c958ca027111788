// Build of @callspec/docs (its `docs` script, turbo's `docs` task): a static, self-contained reference site in dist/site/.
//   dist/site/<vendor>.html   Redoc page of each bundled spec (redocly build-docs --inlineBundle: no CDN)
//   dist/site/specs/          the bundled specs of @callspec/specs (<vendor>.json, <vendor>.yaml)
//   dist/site/api/            typedoc API docs of the TypeScript packages (one typedoc run)
//   dist/site/index.html      plain HTML index linking all of the above
// The vendor list comes from @callspec/specs/vendors.json; the TypeScript packages and their entry points
// from the @callspec/* devDependencies of this package and their package.json `exports`.
import { execFile } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const run = promisify(execFile);
const require = createRequire(import.meta.url);
const pkgDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(pkgDir, "dist");
const site = join(dist, "site");
const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;

const HTTP_METHODS = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];

/** Operations of a spec's `paths` (webhooks are not operations of the API). */
function countOperations(spec) {
  let count = 0;
  for (const item of Object.values(spec.paths ?? {})) for (const m of HTTP_METHODS) if (item?.[m]) count++;
  return count;
}

const escapeHtml = (s) => String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);

// ---------------------------------------------------------------- vendors and bundled specs
const vendors = JSON.parse(readFileSync(require.resolve("@callspec/specs/vendors.json"), "utf8"));
if (!Array.isArray(vendors) || vendors.length === 0) throw new Error("@callspec/specs/vendors.json lists no vendor");

rmSync(dist, { recursive: true, force: true });
mkdirSync(join(site, "specs"), { recursive: true });

const specInfo = vendors.map((vendor) => {
  const json = require.resolve(`@callspec/specs/${vendor}.json`);
  const yaml = require.resolve(`@callspec/specs/${vendor}.yaml`);
  const spec = JSON.parse(readFileSync(json, "utf8"));
  copyFileSync(json, join(site, "specs", `${vendor}.json`));
  copyFileSync(yaml, join(site, "specs", `${vendor}.yaml`));
  return {
    vendor,
    yaml,
    title: spec.info?.title ?? vendor,
    version: spec.info?.version ?? "",
    summary: (spec.info?.description ?? "")
      .split(/\n\s*\n/)[0]
      .replace(/`/g, "")
      .replace(/\s+/g, " ")
      .trim(),
    operations: countOperations(spec),
  };
});

// ---------------------------------------------------------------- Redoc pages
const redocly = join(dirname(require.resolve("@redocly/cli/package.json")), "bin", "cli.js");
// Redocly's default page template plus a Content-Security-Policy that keeps the page off the network.
const template = join(pkgDir, "redoc", "template.hbs");
async function buildRedoc({ vendor, yaml }) {
  const out = join(site, `${vendor}.html`);
  try {
    await run(process.execPath, [redocly, "build-docs", yaml, "--output", out, "--inlineBundle", "--template", template, "--lint-config", "off"], {
      cwd: pkgDir,
      env: { ...process.env, REDOCLY_TELEMETRY: "off", NO_UPDATE_NOTIFIER: "1" },
      maxBuffer: 16 * 1024 * 1024,
      timeout: 180_000,
    });
  } catch (error) {
    throw new Error(`redocly build-docs ${vendor} failed:\n${error.stderr || error.message}`);
  }
  const html = readFileSync(out, "utf8");
  const external = externalAssets(html);
  if (external.length) throw new Error(`${vendor}.html loads external assets: ${external.join(", ")}`);
  console.log(`redoc: dist/site/${vendor}.html (${Math.round(html.length / 1024)} KiB) [${elapsed()}]`);
}

/** `src`/`href` URLs of <script>, <link>, <img>, <iframe> elements and CSS url()/@import that point off the machine. */
function externalAssets(html) {
  const found = new Set();
  for (const m of html.matchAll(/<(script|link|img|iframe|source|video|audio)\b[^>]*?\b(?:src|href)\s*=\s*["']?((?:https?:)?\/\/[^"'\s>]+)/gi)) found.add(m[2]);
  for (const m of html.matchAll(/@import\s+(?:url\()?["']?((?:https?:)?\/\/[^"')\s;]+)/gi)) found.add(m[1]);
  return [...found];
}

// ---------------------------------------------------------------- TypeScript API docs (typedoc)
/** The @callspec/* TypeScript packages this package depends on, with an entry point per `exports` subpath. */
function typescriptPackages() {
  const own = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8"));
  const packages = [];
  for (const name of Object.keys(own.devDependencies ?? {})
    .filter((n) => n.startsWith("@callspec/"))
    .sort()) {
    const dir = dirname(require.resolve(`${name}/package.json`));
    const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    const entries = [];
    for (const [subpath, target] of Object.entries(manifest.exports ?? {})) {
      const js = typeof target === "string" ? target : (target?.import?.default ?? target?.default?.default ?? target?.default);
      const m = /^\.\/dist\/(.+)\.js$/.exec(js ?? "");
      if (!m) continue; // ./package.json, data files
      const source = join(dir, "src", `${m[1]}.ts`);
      if (!existsSync(source)) throw new Error(`${name}: export ${subpath} has no source file ${relative(pkgDir, source)}`);
      entries.push({ module: subpath === "." ? name : `${name}/${subpath.slice(2)}`, source });
    }
    if (entries.length) packages.push({ name, dir, manifest, entries });
  }
  return packages;
}

async function buildApiDocs() {
  const { Application, OptionDefaults, ReflectionKind, RendererEvent } = await import("typedoc");
  const packages = typescriptPackages();
  const entries = packages.flatMap((p) => p.entries);
  for (const p of packages) {
    const generated = join(p.dir, "src", "generated");
    if (p.manifest.scripts?.generate && !existsSync(generated))
      throw new Error(`${p.name}: ${relative(pkgDir, generated)} is missing: run its generate task first (turbo run docs does)`);
  }

  // One TypeScript program over every entry point; imports between the packages resolve to their sources
  // (not their dist/*.d.ts), so cross-package references link inside the API docs.
  const work = join(dist, "typedoc");
  mkdirSync(work, { recursive: true });
  const paths = Object.fromEntries(entries.map((e) => [e.module, [e.source]]));
  writeFileSync(
    join(work, "tsconfig.json"),
    JSON.stringify(
      {
        extends: relative(work, join(pkgDir, "..", "..", "tsconfig.base.json")),
        compilerOptions: { noEmit: true, paths },
        files: entries.map((e) => e.source),
      },
      null,
      2,
    ),
  );
  const readme = join(work, "README.md");
  writeFileSync(
    readme,
    [
      "# callspec TypeScript API",
      "",
      "API reference of the callspec packages, generated by typedoc from their sources.",
      "",
      "| module | package description |",
      "|---|---|",
      ...packages.flatMap((p) => p.entries.map((e) => `| \`${e.module}\` | ${p.manifest.description ?? ""} |`)),
      "",
    ].join("\n"),
  );

  const baseDir = commonDirectory(entries.map((e) => e.source));
  const app = await Application.bootstrapWithPlugins({
    name: "callspec API",
    entryPoints: entries.map((e) => e.source),
    entryPointStrategy: "resolve",
    displayBasePath: baseDir,
    tsconfig: join(work, "tsconfig.json"),
    readme,
    out: join(site, "api"),
    excludePrivate: true,
    excludeInternal: true,
    disableSources: true, // no git remote to link to; the pages stay free of outside URLs
    githubPages: false,
    navigationLinks: { "callspec reference": "../index.html" },
    // openapi-typescript writes `@description` into the generated schema.ts files.
    blockTags: [...OptionDefaults.blockTags, "@description"],
    logLevel: "Info",
  });
  const project = await app.convert();
  if (!project) throw new Error("typedoc: conversion failed (see the errors above)");
  // Modules are named after the import specifier (`@callspec/voice/messagebird`), not after the file path.
  for (const child of project.getChildrenByKind(ReflectionKind.Module)) {
    const name = moduleByPath(child.name, entries, baseDir);
    if (name) child.name = name;
  }
  const named = new Set(project.getChildrenByKind(ReflectionKind.Module).map((c) => c.name));
  const unnamed = entries.filter((e) => !named.has(e.module)).map((e) => e.module);
  if (unnamed.length) throw new Error(`typedoc: no module for ${unnamed.join(", ")} (got ${[...named].join(", ")})`);
  project.children?.sort((a, b) => a.name.localeCompare(b.name));
  app.validate(project);
  // Where each module's page lands, for the index.
  const urls = {};
  app.renderer.on(RendererEvent.END, (event) => {
    for (const page of event.pages) if (page.model?.kindOf?.(ReflectionKind.Module)) urls[page.model.name] = `api/${page.url}`;
  });
  await app.generateOutputs(project);
  if (app.logger.hasErrors()) throw new Error("typedoc reported errors (see above)");
  const warnings = app.logger.warningCount ?? 0;
  console.log(`typedoc: dist/site/api/ (${entries.length} modules, ${warnings} warnings) [${elapsed()}]`);

  // Vendor packages declare their spec in `callspec.spec`.
  const apiBySpec = {};
  for (const p of packages) if (p.manifest.callspec?.spec) apiBySpec[p.manifest.callspec.spec] = { name: p.name, url: urls[p.name] };
  return { packages, urls, apiBySpec };
}

function commonDirectory(files) {
  let dir = dirname(files[0]);
  while (!files.every((f) => !relative(dir, f).startsWith(".."))) dir = dirname(dir);
  return dir;
}

/** typedoc names modules by path relative to the common directory (`voice/src/messagebird`). */
function moduleByPath(name, entries, baseDir) {
  for (const e of entries) {
    const rel = relative(baseDir, e.source)
      .replace(/\\/g, "/")
      .replace(/(\/index)?\.ts$/, "");
    if (rel === name) return e.module;
  }
  return undefined;
}

// ---------------------------------------------------------------- index.html
function writeIndex(api) {
  const rows = specInfo
    .map((s) => {
      const pkg = api.apiBySpec[s.vendor];
      const apiLink = pkg?.url ? `<a href="${escapeHtml(pkg.url)}">${escapeHtml(pkg.name)}</a>` : `<a href="api/index.html">API docs</a>`;
      return `      <tr data-vendor="${escapeHtml(s.vendor)}">
        <td><a class="reference" href="${escapeHtml(s.vendor)}.html">${escapeHtml(s.title)}</a><br><small>${escapeHtml(s.summary)}</small></td>
        <td>${escapeHtml(s.version)}</td>
        <td class="operations">${s.operations}</td>
        <td><a href="specs/${escapeHtml(s.vendor)}.json">JSON</a> · <a href="specs/${escapeHtml(s.vendor)}.yaml">YAML</a></td>
        <td>${apiLink}</td>
      </tr>`;
    })
    .join("\n");
  const modules = api.packages
    .flatMap((p) => p.entries)
    .map((e) => `      <li><a href="${escapeHtml(api.urls[e.module] ?? "api/index.html")}"><code>${escapeHtml(e.module)}</code></a></li>`)
    .join("\n");
  const html = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>callspec reference</title>
  <style>
    body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; color: #222; }
    table { border-collapse: collapse; width: 100%; }
    th, td { border-bottom: 1px solid #ddd; padding: .5rem; text-align: left; vertical-align: top; }
    td.operations { text-align: right; }
    small { color: #555; }
  </style>
</head>
<body>
  <h1>callspec reference</h1>
  <p>OpenAPI references of the voice-calling APIs described by callspec, their bundled specs, and the TypeScript API of the packages.</p>
  <h2>Vendor APIs</h2>
  <table id="vendors">
    <thead><tr><th>API</th><th>version</th><th>operations</th><th>bundled spec</th><th>TypeScript client</th></tr></thead>
    <tbody>
${rows}
    </tbody>
  </table>
  <h2>TypeScript API</h2>
  <p><a href="api/index.html">All packages</a></p>
  <ul id="modules">
${modules}
  </ul>
</body>
</html>
`;
  writeFileSync(join(site, "index.html"), html);
  console.log(`index: dist/site/index.html (${specInfo.map((s) => `${s.vendor} ${s.operations} operations`).join(", ")}) [${elapsed()}]`);
}

// ---------------------------------------------------------------- main
// Two Redoc builds at a time (the machines have 2 cores), typedoc after them.
const queue = [...specInfo];
await Promise.all(
  Array.from({ length: Math.min(2, queue.length) }, async () => {
    for (let s = queue.shift(); s; s = queue.shift()) await buildRedoc(s);
  }),
);
const api = await buildApiDocs();
rmSync(join(dist, "typedoc"), { recursive: true, force: true });
writeIndex(api);
console.log(`docs built in ${elapsed()}`);
