#!/usr/bin/env node
// Build of @callspec/codegen: Python, Go, Java and C# clients for every vendor listed in
// @callspec/specs/vendors.json, generated from the bundled spec (dist/<vendor>.json of @callspec/specs) by
// openapi-generator, through the @openapitools/openapi-generator-cli wrapper, so openapitools.json decides
// which generator jar runs: 7.25.0, which pom.xml fetches from Maven Central into .generator/ once.
//
//   node src/generate.mjs                          every vendor x language (cleans dist/ first)
//   node src/generate.mjs messagebird-voice python only those (both filters optional, any order)
//
// Output: dist/<vendor>/<language>/, logs in dist/logs/, and dist/manifest.json (exit code per run).
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const pkgDir = fileURLToPath(new URL("..", import.meta.url));
const distDir = join(pkgDir, "dist");
const wrapper = require.resolve("@openapitools/openapi-generator-cli/main.js");
const version = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8")).version;
const PARALLEL = 2;
// Short-lived JVMs: the C1 compiler and the serial GC halve generation time on 2 cores (set JAVA_OPTS to override).
const JAVA_OPTS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC";

/** @typedef {{ vendor: string, title: string, spec: Record<string, unknown> }} Names */
/**
 * Generator name and settings per language, the one place they live. Names derive from the vendor folder
 * name, with the casing of the spec's info.title where a word of the vendor name appears in it
 * (messagebird-voice -> MessageBirdVoice). `types` are --type-mappings; GLOBALS below is the
 * --global-property of every run (no generated test stubs: they are empty, and pull test frameworks in).
 * @type {Record<string, { generator: string, options: (n: Names) => Record<string, string | boolean>, args?: (n: Names) => string[], types?: Record<string, string> }>}
 */
const languages = {
  python: {
    generator: "python", // pydantic v2 models, urllib3 transport
    options: ({ vendor }) => ({
      packageName: `callspec_${snake(vendor)}`,
      projectName: `callspec-${vendor}`,
      packageVersion: version,
      library: "urllib3",
      hideGenerationTimestamp: true,
    }),
  },
  go: {
    generator: "go",
    options: ({ vendor, spec }) => ({
      packageName: flat(vendor),
      packageVersion: version,
      hideGenerationTimestamp: true,
      withGoMod: true,
      enumClassPrefix: true,
      // Its MarshalJSON writes members from a map, alphabetically; a vendor whose spec says member order
      // matters (ZaaS: the token first) needs struct order, which breaks open objects, so only there.
      ...(spec["x-callspec-member-order"] === "significant" ? { generateMarshalJSON: false } : {}),
    }),
    // go.mod's module path is <git-host>/<git-user-id>/<git-repo-id> (these are CLI options, not additional
    // properties): github.com/callspec/<packageName>, a placeholder until the module is published somewhere.
    args: ({ vendor }) => ["--git-host", "github.com", "--git-user-id", "callspec", "--git-repo-id", flat(vendor)],
  },
  java: {
    generator: "java",
    options: ({ vendor }) => {
      const base = `io.callspec.${flat(vendor.replace(/-voice$/, ""))}`;
      return {
        // okhttp-gson: `native` emits `List<URI>.class` for the call-flow unions, which does not compile.
        library: "okhttp-gson",
        invokerPackage: base,
        apiPackage: `${base}.api`,
        modelPackage: `${base}.model`,
        groupId: "io.callspec",
        artifactId: `callspec-${vendor}`,
        artifactVersion: version,
        dateLibrary: "java8",
        openApiNullable: false,
        annotationLibrary: "none",
        hideGenerationTimestamp: true, // its default is false: a @Generated date in every file
      };
    },
    // Its oneOf/anyOf validation calls URI.validateJsonElement(), which does not exist: `format: uri` as String.
    types: { URI: "String" },
  },
  csharp: {
    generator: "csharp", // 7.x: the netstandard/net8 client (`csharp-netcore` was merged into it)
    options: (names) => ({
      packageName: `Callspec.${pascal(names)}`,
      packageVersion: version,
      // Without it the generator puts a random GUID into the .sln and .csproj on every run.
      packageGuid: `{${uuidFrom(`callspec/${names.vendor}/csharp`)}}`,
      hideGenerationTimestamp: true,
    }),
  },
};
const GLOBALS = "apiTests=false,modelTests=false";

// ---- names ----
function snake(vendor) {
  return vendor.replace(/[^a-zA-Z0-9]+/g, "_").toLowerCase();
}
function flat(vendor) {
  return vendor.replace(/[^a-zA-Z0-9]+/g, "").toLowerCase();
}
/** @param {Names} n */
function pascal({ vendor, title }) {
  const letters = title.replace(/[^a-zA-Z0-9]/g, "");
  return vendor
    .split(/[^a-zA-Z0-9]+/)
    .filter(Boolean)
    .map((word) => {
      const at = letters.toLowerCase().indexOf(word.toLowerCase());
      return at >= 0 ? letters.slice(at, at + word.length) : word[0].toUpperCase() + word.slice(1);
    })
    .join("");
}
/** A stable UUID-shaped id derived from a string (so generated project files do not change between runs). */
function uuidFrom(text) {
  const h = createHash("sha1").update(text).digest("hex").toUpperCase();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The bundled spec every language generates from. */
function inputSpec(vendor) {
  return require.resolve(`@callspec/specs/${vendor}.json`);
}

// ---- running the generator ----
/** Quotes an argument for the shell the wrapper runs java through (it joins arguments with spaces). */
function sh(arg) {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, "'\\''")}'`;
}

/** Runs the wrapper with the package's openapitools.json; resolves with the exit code. */
function runWrapper(args, logFile) {
  const argv = [wrapper, "--openapitools", join(pkgDir, "openapitools.json"), ...args.map(sh)];
  return new Promise((resolve) => {
    // The wrapper reads PWD (before cwd) to find openapitools.json's storageDir; pin both to this package.
    const child = spawn(process.execPath, argv, {
      cwd: pkgDir,
      env: { ...process.env, PWD: pkgDir, JAVA_OPTS: process.env.JAVA_OPTS ?? JAVA_OPTS },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const out = logFile ? createWriteStream(logFile) : process.stdout;
    child.stdout.pipe(out, { end: false });
    child.stderr.pipe(out, { end: false });
    child.on("error", (error) => {
      out.write(`${error.message}\n`);
      resolve(-1);
    });
    child.on("close", (code) => {
      if (logFile) out.end(() => resolve(code ?? -1));
      else resolve(code ?? -1);
    });
  });
}

function ensureJava() {
  if (!spawnSync("java", ["-version"], { stdio: "ignore" }).error) return;
  aptInstall("default-jre-headless", "A Java runtime (11+)");
}

/** Installs a Debian package when running as root (as CI does); otherwise says what to install. */
function aptInstall(pkg, what) {
  if (process.getuid?.() !== 0) {
    throw new Error(`${what} is needed and not on PATH. Install it, e.g. \`sudo apt-get install -y ${pkg}\` (Debian/Ubuntu), then rerun.`);
  }
  console.log(`${what} not found; installing ${pkg} with apt-get`);
  for (const args of [["update"], ["install", "-y", pkg]]) {
    const r = spawnSync("apt-get", ["-o", "DPkg::Lock::Timeout=900", ...args], {
      stdio: "inherit",
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    });
    if (r.status !== 0) throw new Error(`apt-get ${args.join(" ")} failed (exit ${r.status ?? r.error?.message})`);
  }
}

/**
 * The jar openapitools.json names, fetched from Maven Central by pom.xml when it is missing: Maven's
 * local repository caches it, so only a machine's first build downloads it.
 */
function ensureGeneratorJar() {
  const { version: jarVersion, storageDir } = JSON.parse(readFileSync(join(pkgDir, "openapitools.json"), "utf8"))["generator-cli"];
  const pomVersion = /<openapi-generator\.version>([^<]+)</.exec(readFileSync(join(pkgDir, "pom.xml"), "utf8"))?.[1];
  if (pomVersion !== jarVersion) throw new Error(`pom.xml fetches openapi-generator ${pomVersion}, openapitools.json runs ${jarVersion}: make them equal`);
  const jar = join(pkgDir, storageDir, `${jarVersion}.jar`);
  if (existsSync(jar)) return;
  console.log(`fetching openapi-generator-cli ${jarVersion} with Maven (pom.xml)`);
  if (spawnSync("mvn", ["-v"], { stdio: "ignore" }).error) aptInstall("maven", "Maven (mvn)");
  const r = spawnSync("mvn", ["-B", "-q", "-f", join(pkgDir, "pom.xml"), "validate"], { stdio: "inherit" });
  if (r.error) throw new Error(`Maven (mvn) is needed to fetch the generator jar: ${r.error.message}`);
  if (r.status !== 0 || !existsSync(jar)) throw new Error(`mvn validate did not produce ${jar} (exit ${r.status})`);
}

async function pool(items, limit, worker) {
  const results = new Array(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await worker(items[i]);
    }
  });
  await Promise.all(lanes);
  return results;
}

// ---- main ----
async function main() {
  const filters = process.argv.slice(2);
  const allVendors = require("@callspec/specs/vendors.json");
  const unknown = filters.filter((f) => !allVendors.includes(f) && !(f in languages));
  if (unknown.length) {
    const known = `vendors: ${allVendors.join(", ")}; languages: ${Object.keys(languages).join(", ")}`;
    throw new Error(`unknown vendor or language: ${unknown.join(", ")} (${known})`);
  }
  const vendors = allVendors.filter((v) => !filters.some((f) => allVendors.includes(f)) || filters.includes(v));
  const langs = Object.keys(languages).filter((l) => !filters.some((f) => f in languages) || filters.includes(l));

  ensureJava();
  ensureGeneratorJar();
  const manifestFile = join(distDir, "manifest.json");
  const previous = filters.length && existsSync(manifestFile) ? JSON.parse(readFileSync(manifestFile, "utf8")).runs : [];
  if (!filters.length) rmSync(distDir, { recursive: true, force: true });
  mkdirSync(join(distDir, "logs"), { recursive: true });

  // Once, before the parallel runs: prints the jar's version (and, with a downloadable version configured in
  // openapitools.json, downloads it once instead of racing two downloads).
  const started = Date.now();
  const versionLog = join(distDir, "logs", "version.log");
  if ((await runWrapper(["version"], versionLog)) !== 0) {
    throw new Error(`openapi-generator-cli version failed:\n${readFileSync(versionLog, "utf8")}`);
  }
  const generatorVersion = readFileSync(versionLog, "utf8").trim().split("\n").pop();
  console.log(`openapi-generator ${generatorVersion} (wrapper ${require("@openapitools/openapi-generator-cli/package.json").version})`);

  const jobs = vendors.flatMap((vendor) => langs.map((language) => ({ vendor, language })));
  const runs = await pool(jobs, PARALLEL, async ({ vendor, language }) => {
    const { generator, options, args: extraArgs, types } = languages[language];
    const spec = JSON.parse(readFileSync(inputSpec(vendor), "utf8"));
    const names = { vendor, title: spec.info.title, spec };
    const opts = options(names);
    const extra = [
      ...(extraArgs?.(names) ?? []),
      "--global-property",
      GLOBALS,
      ...(types
        ? [
            "--type-mappings",
            Object.entries(types)
              .map(([k, v]) => `${k}=${v}`)
              .join(","),
          ]
        : []),
    ];
    const output = join(distDir, vendor, language);
    rmSync(output, { recursive: true, force: true });
    const args = [
      "generate",
      "--generator-name",
      generator,
      "--input-spec",
      inputSpec(vendor),
      "--output",
      output,
      "--additional-properties",
      Object.entries(opts)
        .map(([k, v]) => `${k}=${v}`)
        .join(","),
      ...extra,
    ];
    const log = join(distDir, "logs", `${vendor}.${language}.log`);
    const t0 = Date.now();
    const exitCode = await runWrapper(args, log);
    const seconds = ((Date.now() - t0) / 1000).toFixed(1);
    console.log(`${exitCode === 0 ? "ok  " : "FAIL"} ${vendor} ${language} (${generator}) -> ${relative(pkgDir, output)} in ${seconds}s`);
    if (exitCode !== 0) console.log(readFileSync(log, "utf8").split("\n").slice(-25).join("\n"));
    return {
      vendor,
      language,
      generator,
      exitCode,
      output: relative(distDir, output),
      inputSpec: relative(pkgDir, inputSpec(vendor)),
      options: opts,
      args: extra,
    };
  });

  const key = (r) => `${r.vendor}/${r.language}`;
  const merged = [...previous.filter((p) => !runs.some((r) => key(r) === key(p))), ...runs].sort((a, b) => key(a).localeCompare(key(b)));
  writeFileSync(manifestFile, `${JSON.stringify({ generatorVersion, runs: merged }, null, 2)}\n`);
  console.log(`${runs.length} generations in ${((Date.now() - started) / 1000).toFixed(1)}s; manifest: ${relative(pkgDir, manifestFile)}`);
  const failed = runs.filter((r) => r.exitCode !== 0);
  if (failed.length) {
    console.error(`failed: ${failed.map(key).join(", ")} (logs in dist/logs/)`);
    process.exitCode = 1;
  }
}

main().catch((error) => {
  console.error(`codegen: ${error instanceof Error ? error.message : error}`);
  process.exitCode = 1;
});
