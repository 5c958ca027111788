// The VoIPstudio and MessageBird facades, bundled for the browser with esbuild from the npm-installed
// packages, in headless Chromium: a page on one loopback port runs the same smoke suite against the Prism
// mocks and the fault servers on other ports (cross-origin; Prism answers CORS preflights). Bundle sizes,
// raw and gzip, are printed and saved under reports/runtime-matrix/.
//
// Chromium comes from the docs package's global setup (found, or apt-installed when root) and is launched
// with the docs package's flags (see chromium.ts). Without Chromium the tests are skipped loudly, except in
// CI (CI=true), where they fail.
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { build, type Metafile } from "esbuild";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser } from "playwright-core";
import { launchChromium } from "./chromium.js";
import {
  assertCheck,
  CHECKS,
  EXPECTED_REFUSED_POST_ATTEMPTS,
  reportDir,
  saveRun,
  suiteConfig,
  type CheckResult,
  type ProbeResult,
  type SmokeRun,
} from "./smoke-runner.js";

const chromiumPath = inject("chromium");
const chromiumMissing = inject("chromiumMissing");
const inCi = inject("inCi");
const project = inject("project");
const BROWSER_CHECKS = CHECKS.filter((c) => c.browser);

/** The facade entries the page uses, bundled one file each (what an app that uses one vendor ships). */
const BUNDLES = { messagebird: "@callspec/voice/messagebird", voipstudio: "@callspec/voice/voipstudio" } as const;

interface Bundle {
  name: string;
  code: string;
  raw: number;
  gzip: number;
  inputs: string[];
}

async function bundle(projectDir: string, name: string, specifier: string): Promise<Bundle> {
  const result = await build({
    stdin: { contents: `export * from ${JSON.stringify(specifier)};`, resolveDir: projectDir, sourcefile: `${name}-entry.js`, loader: "js" },
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    minify: true,
    legalComments: "none",
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  const code = result.outputFiles[0]!.text;
  const bytes = Buffer.from(code);
  return { name, code, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length, inputs: Object.keys((result.metafile as Metafile).inputs) };
}

const PAGE = `<!doctype html>
<meta charset="utf-8">
<title>callspec runtime matrix</title>
<script type="module">
import * as messagebird from "./messagebird.js";
import * as voipstudio from "./voipstudio.js";
import { runSuite } from "./suite.mjs";
const modules = { "@callspec/voice/messagebird": messagebird, "@callspec/voice/voipstudio": voipstudio };
window.runSmoke = async (config, only) => {
  const lines = [];
  await runSuite({
    format: "browser",
    load: async (specifier) => {
      if (!modules[specifier]) throw new Error("not bundled for the page: " + specifier);
      return modules[specifier];
    },
    loadOther: undefined,
    config,
    only,
    emit: (line) => lines.push(line),
  });
  return lines;
};
window.smokeReady = true;
</script>
`;

function servePage(files: Record<string, string>): Promise<Server> {
  const server = createServer((req, res) => {
    const file = (req.url ?? "/").split("?")[0] === "/" ? "index.html" : (req.url ?? "").slice(1).split("?")[0]!;
    const body = files[file];
    if (body === undefined) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "Content-Type": file.endsWith(".html") ? "text/html; charset=utf-8" : "text/javascript; charset=utf-8", "Cache-Control": "no-store" });
    res.end(body);
  });
  return new Promise((resolve, reject) => server.once("error", reject).listen(0, "127.0.0.1", () => resolve(server)));
}

if (!chromiumPath && !inCi) {
  console.warn(`\n!!! @callspec/runtime-matrix: NO CHROMIUM (${chromiumMissing}) — THE BROWSER CHECKS ARE SKIPPED (they fail with CI set) !!!\n`);
}

describe.skipIf(!chromiumPath && !inCi)("chromium browser", () => {
  const smokeRun: SmokeRun = { runtime: "chromium", format: "browser", results: new Map(), probes: [], ms: 0 };
  const bundles: Bundle[] = [];
  let browser: Browser | undefined;
  let server: Server | undefined;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    const started = Date.now();
    try {
      if (!chromiumPath) throw new Error(`no Chromium (${chromiumMissing}); CI is set, so the browser checks fail`);
      if ("error" in project) throw new Error(`the packed project could not be prepared: ${project.error}`);
      const config = suiteConfig("chromium");
      const [mb, vs, running] = await Promise.all([
        bundle(project.projectDir, "messagebird", BUNDLES.messagebird),
        bundle(project.projectDir, "voipstudio", BUNDLES.voipstudio),
        launchChromium(chromiumPath),
      ]);
      browser = running;
      bundles.push(mb, vs);
      smokeRun.version = browser.version();
      server = await servePage({
        "index.html": PAGE,
        "messagebird.js": mb.code,
        "voipstudio.js": vs.code,
        "suite.mjs": readFileSync(join(project.projectDir, "suite.mjs"), "utf8"),
      });
      const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const context = await browser.newContext();
      const page = await context.newPage();
      page.on("pageerror", (error) => pageErrors.push(error.message));
      await page.goto(`${origin}/`);
      await page.waitForFunction(() => (window as unknown as { smokeReady?: boolean }).smokeReady === true, undefined, { timeout: 20_000 });
      const lines = await page.evaluate(
        ([cfg, only]) => (window as unknown as { runSmoke: (c: unknown, o: string[]) => Promise<unknown[]> }).runSmoke(cfg, only),
        [config, BROWSER_CHECKS.map((c) => c.id)] as const,
      );
      for (const line of lines as (CheckResult | ProbeResult)[]) {
        if ("check" in line) smokeRun.results.set(line.check, line);
        else smokeRun.probes.push(line);
      }
      await context.close();
    } catch (error) {
      smokeRun.error = `${(error as Error).message}${pageErrors.length ? `\npage errors: ${pageErrors.join("; ")}` : ""}`;
    } finally {
      smokeRun.ms = Date.now() - started;
      saveRun(smokeRun);
      if (bundles.length) {
        mkdirSync(reportDir, { recursive: true });
        writeFileSync(
          join(reportDir, "browser-bundles.json"),
          `${JSON.stringify(
            bundles.map(({ name, raw, gzip, inputs }) => ({ name, raw, gzip, inputs })),
            null,
            2,
          )}\n`,
        );
        console.log(
          `[runtime-matrix] browser bundles (esbuild, minified ESM): ${bundles.map((b) => `${BUNDLES[b.name as keyof typeof BUNDLES]} ${b.raw} B raw / ${b.gzip} B gzip`).join("; ")}`,
        );
      }
      const dropped = smokeRun.results.get("reset.post-calls")?.detail?.received;
      if (dropped !== undefined && dropped > 1) {
        console.log(
          `[runtime-matrix] chromium resent the dropped call-placing POST by itself: the server received it ${dropped} times (the facade made 1 attempt)`,
        );
      }
      const passed = [...smokeRun.results.values()].filter((r) => r.ok).length;
      console.log(
        `[runtime-matrix] chromium (${smokeRun.version ?? "?"}): ${passed}/${BROWSER_CHECKS.length} checks passed in ${smokeRun.ms} ms${smokeRun.error ? ` — ${smokeRun.error.split("\n")[0]}` : ""}`,
      );
    }
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  }, 30_000);

  it("bundles: the browser build of each facade is plain ESM (no CommonJS file, no Node built-in)", () => {
    if (smokeRun.error && bundles.length === 0) throw new Error(smokeRun.error);
    for (const b of bundles) {
      expect(
        b.inputs.filter((input) => input.endsWith(".cjs") || input.startsWith("node:")),
        b.name,
      ).toEqual([]);
      expect(b.raw).toBeGreaterThan(0);
    }
  });

  for (const check of BROWSER_CHECKS) {
    it(`${check.id}: ${check.title}`, () => {
      assertCheck(smokeRun, check, EXPECTED_REFUSED_POST_ATTEMPTS.chromium);
    });
  }
});
