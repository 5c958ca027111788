/**
 * Benchmark 4: cold start and bundle size.
 *
 * Cold start: every entry point is imported in a fresh `node` process (ESM `import()`), 15 times,
 * interleaved with a baseline process that imports nothing. Reported: the median wall time of the whole
 * process minus the baseline's, and the median time of the `import()` itself measured inside the child.
 *
 * Bundle size: for each vendor client alone and each facade entry point, esbuild bundles a tiny entry file
 * that imports the factory and calls it (ESM, minified, tree-shaken, platform neutral); the output is
 * measured raw and gzipped (node:zlib, level 9).
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { machineLine } from "./lib/machine.js";
import { fmt, heading, median, table } from "./lib/stats.js";

const RUNS = 15;
/** The size target for "vendor client + the facade parts it uses", gzipped (1 kB = 1,000 bytes). */
const benchDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

interface ImportEntry {
  label: string;
  specifier: string | undefined;
}

const importEntries: ImportEntry[] = [
  { label: "@callspec/messagebird-voice", specifier: "@callspec/messagebird-voice" },
  { label: "@callspec/voipstudio", specifier: "@callspec/voipstudio" },
  { label: "@callspec/zaas-voice", specifier: "@callspec/zaas-voice" },
  { label: "@callspec/voice", specifier: "@callspec/voice" },
  { label: "@callspec/voice/messagebird", specifier: "@callspec/voice/messagebird" },
  { label: "@callspec/voice/voipstudio", specifier: "@callspec/voice/voipstudio" },
  { label: "@callspec/voice/zaas", specifier: "@callspec/voice/zaas" },
  { label: "openapi-fetch (reference)", specifier: "openapi-fetch" },
  { label: "messagebird 4.0.1 (incumbent SDK, reference)", specifier: "messagebird" },
];

function childScript(specifier: string | undefined): string {
  const load = specifier === undefined ? "" : `await import(${JSON.stringify(specifier)});`;
  return `const t0 = performance.now(); ${load} const t1 = performance.now(); process.stdout.write(String(t1 - t0));`;
}

function runChild(specifier: string | undefined): { wallMs: number; importMs: number } {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, ["--input-type=module", "-e", childScript(specifier)], {
    cwd: benchDir,
    encoding: "utf8",
    env: { ...process.env, NODE_OPTIONS: "" },
    timeout: 30_000,
  });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`import of ${specifier} failed: ${result.stderr || result.error}`);
  return { wallMs, importMs: Number(result.stdout) };
}

async function coldStart(): Promise<void> {
  const baseline = { label: "baseline (empty script)", specifier: undefined };
  const all = [baseline, ...importEntries];
  const wall = new Map<string, number[]>(all.map((e) => [e.label, []]));
  const imp = new Map<string, number[]>(all.map((e) => [e.label, []]));
  for (const e of all) runChild(e.specifier); // warm the file system cache
  for (let run = 0; run < RUNS; run++) {
    for (let k = 0; k < all.length; k++) {
      const e = all[(run + k) % all.length]!;
      const r = runChild(e.specifier);
      wall.get(e.label)!.push(r.wallMs);
      imp.get(e.label)!.push(r.importMs);
    }
  }
  const baseWall = median(wall.get(baseline.label)!);
  const rows = all.map((e) => {
    const w = median(wall.get(e.label)!);
    return [
      e.label,
      fmt(w, 1),
      e.specifier === undefined ? "-" : fmt(w - baseWall, 1),
      e.specifier === undefined ? "-" : fmt(median(imp.get(e.label)!), 1),
      fmt(Math.min(...wall.get(e.label)!), 1),
      fmt(Math.max(...wall.get(e.label)!), 1),
    ];
  });
  console.log(heading(`cold import: fresh node process per import, ${RUNS} runs each, medians`));
  console.log(table(["entry point", "process ms", "cold import ms (− baseline)", "import() ms (in child)", "min ms", "max ms"], rows));
}

interface BundleEntry {
  label: string;
  group: "reference" | "vendor" | "facade" | "facade-core";
  /** The vendor bundle this facade entry builds on, to show the facade's own share. */
  vendor?: string;
  source: string;
  /** Up-front gzipped bytes this entry may not exceed. */
  budgetGzip?: number;
}

const bundleEntries: BundleEntry[] = [
  {
    label: "openapi-fetch alone",
    group: "reference",
    source: `import createClient from "openapi-fetch";\nexport const client = createClient({ baseUrl: "https://api.example.com" });`,
  },
  {
    label: "@callspec/messagebird-voice",
    group: "vendor",
    source: `import { createMessageBirdVoiceClient } from "@callspec/messagebird-voice";\nexport const client = createMessageBirdVoiceClient({ accessKey: "live_key" });`,
  },
  {
    label: "@callspec/voipstudio",
    group: "vendor",
    source: `import { createVoipstudioClient } from "@callspec/voipstudio";\nexport const client = createVoipstudioClient({ token: "api_key" });`,
  },
  {
    label: "@callspec/zaas-voice",
    group: "vendor",
    source: `import { createZaasVoiceClient } from "@callspec/zaas-voice";\nexport const client = createZaasVoiceClient({ token: "token", codCampaign: "0" });`,
  },
  {
    label: "@callspec/voice/messagebird",
    budgetGzip: 7_400,
    group: "facade",
    vendor: "@callspec/messagebird-voice",
    source: `import { createMessageBird } from "@callspec/voice/messagebird";\nexport const client = createMessageBird({ accessKey: "live_key" });`,
  },
  {
    label: "@callspec/voice/voipstudio",
    budgetGzip: 10_400,
    group: "facade",
    vendor: "@callspec/voipstudio",
    source: `import { createVoipstudio } from "@callspec/voice/voipstudio";\nexport const client = createVoipstudio({ apiKey: "api_key" });`,
  },
  {
    label: "@callspec/voice/zaas",
    budgetGzip: 8_100,
    group: "facade",
    vendor: "@callspec/zaas-voice",
    source: `import { createZaas } from "@callspec/voice/zaas";\nexport const client = createZaas({ login: "login", password: "password", codCampaign: "0" });`,
  },
  {
    label: "@callspec/voice (core, all exports)",
    group: "facade-core",
    source: `export * from "@callspec/voice";`,
  },
];

/** Gzipped bytes of what an app loads up front (the entry and the chunks it imports statically) and of what it loads only on demand (dynamic `import()`). */
async function bundle(source: string): Promise<{ raw: number; gzip: number; lazyGzip: number }> {
  const result = await build({
    stdin: { contents: source, resolveDir: benchDir, loader: "js", sourcefile: "entry.js" },
    bundle: true,
    write: false,
    // Splitting as an app's bundler does it: a dynamic import() becomes a chunk loaded on first use.
    splitting: true,
    outdir: "/bundle",
    metafile: true,
    format: "esm",
    platform: "neutral",
    minify: true,
    treeShaking: true,
    target: "es2022",
    logLevel: "silent",
  });
  const outputs = result.metafile!.outputs;
  const entry = Object.keys(outputs).find((file) => outputs[file]!.entryPoint !== undefined)!;
  const initial = new Set<string>();
  const visit = (file: string) => {
    if (initial.has(file)) return;
    initial.add(file);
    for (const imported of outputs[file]!.imports) if (imported.kind === "import-statement") visit(imported.path);
  };
  visit(entry);
  let raw = 0;
  let gzip = 0;
  let lazyGzip = 0;
  for (const file of result.outputFiles) {
    const base = file.path.split("/").pop();
    const name = Object.keys(outputs).find((key) => key.split("/").pop() === base)!;
    const zipped = gzipSync(file.contents, { level: 9 }).byteLength;
    if (initial.has(name)) {
      raw += file.contents.byteLength;
      gzip += zipped;
    } else lazyGzip += zipped;
  }
  return { raw, gzip, lazyGzip };
}

async function bundleSizes(): Promise<void> {
  const sizes = new Map<string, { raw: number; gzip: number }>();
  const rows: string[][] = [];
  const verdicts: string[] = [];
  for (const e of bundleEntries) {
    const size = await bundle(e.source);
    sizes.set(e.label, size);
    const base = e.vendor ? sizes.get(e.vendor) : undefined;
    const budget = e.budgetGzip;
    const pass = budget === undefined || size.gzip <= budget;
    if (budget !== undefined)
      verdicts.push(`${e.label}: ${fmt(size.gzip / 1000, 2)} kB gzipped up front (budget ${fmt(budget / 1000, 1)} kB) → ${pass ? "PASS" : "MISS"}`);
    rows.push([
      e.label,
      e.group,
      size.raw.toLocaleString("en-US"),
      size.gzip.toLocaleString("en-US"),
      fmt(size.gzip / 1000, 2),
      size.lazyGzip ? fmt(size.lazyGzip / 1000, 2) : "-",
      base ? `+${fmt((size.gzip - base.gzip) / 1000, 2)}` : "-",
      budget === undefined ? "-" : pass ? "PASS" : "MISS",
    ]);
  }
  console.log(heading("bundle size: esbuild, ESM, code splitting, minified, tree-shaken, platform neutral; gzip level 9"));
  console.log(
    table(["entry (imports + calls the factory)", "kind", "raw bytes", "gzip bytes", "gzip kB", "lazy chunks kB", "facade share kB", "budget"], rows),
  );
  console.log(
    "\nbudget: each facade entry, loaded up front (entry + static chunks, openapi-fetch included), no larger than before the issue-10 rebuild (7.4 / 10.4 / 8.1 kB gzipped; 1 kB = 1,000 bytes).",
  );
  console.log(
    "'lazy chunks' = loaded only on first use (the request-body validators, when a call is placed); 'facade share' = up-front facade bundle minus the vendor client bundle.",
  );
  for (const v of verdicts) console.log(`  - ${v}`);
}

async function main(): Promise<void> {
  console.log("# Benchmark 4: cold start and bundle size");
  console.log(machineLine());
  await coldStart();
  await bundleSizes();
}

await main();
