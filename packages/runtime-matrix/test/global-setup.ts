// Once per run, in parallel: the three Prism mocks, the fault servers (refused port, connection reset),
// the packed-and-installed project and the pinned runtimes; Chromium is found (or installed) first, by
// the docs package's own global setup. Nothing here throws for a missing piece: what could not be
// prepared is handed to the tests as an error, so every check that needed it fails, readably, and is
// counted in the test summary.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startMock, type RunningMock } from "@callspec/mock";
import type { TestProject } from "vitest/node";
import { ensureRuntimes, preparePackedProject, type PackedProject, type RuntimesInfo } from "./prepare.js";
import { closedPortUrl, startResetServer } from "./servers.js";

declare module "vitest" {
  export interface ProvidedContext {
    mocks: { messagebirdUrl: string; voipstudioUrl: string; zaasUrl: string } | { error: string };
    refusedUrl: string;
    resetUrl: string;
    /** The temporary root (tarballs, projects); removed after the run. */
    workDir: string;
    project: PackedProject | { error: string };
    runtimes: RuntimesInfo | { error: string };
    /** Chromium's path, or "" when there is none (then `chromiumMissing` says why). */
    chromium: string;
    chromiumMissing: string;
    /** CI is set: a missing Chromium fails the browser checks instead of skipping them. */
    inCi: boolean;
    setupMs: number;
  }
}

/**
 * The docs package's global setup finds Chromium (or apt-installs it when root) and decides what counts as
 * CI. It is reused as is, through its `provide` calls; loaded by path so this package's typecheck does not
 * take in the docs package's own vitest augmentation.
 */
const DOCS_SETUP = new URL("../../docs/test/global-setup.ts", import.meta.url).href;
type ProvideOnly = { provide(key: string, value: unknown): void };
async function locateChromium(): Promise<{ chromium: string; chromiumMissing: string; inCi: boolean }> {
  const found: Record<string, unknown> = {};
  try {
    const { default: docsSetup } = (await import(/* @vite-ignore */ DOCS_SETUP)) as { default: (project: ProvideOnly) => void };
    docsSetup({ provide: (key, value) => (found[key] = value) });
  } catch (error) {
    found["chromiumMissing"] = `the docs package's Chromium setup (${DOCS_SETUP}) failed: ${message(error)}`;
  }
  const chromium = typeof found["chromium"] === "string" ? found["chromium"] : "";
  return {
    chromium,
    chromiumMissing: typeof found["chromiumMissing"] === "string" ? found["chromiumMissing"] : chromium ? "" : "no Chromium found",
    inCi: typeof found["inCi"] === "boolean" ? found["inCi"] : /^(?!false$|0$)./i.test(process.env["CI"] ?? ""),
  };
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const started = Date.now();
  // First, and alone: it may run apt-get synchronously, which would stall everything started before it.
  const { chromium, chromiumMissing, inCi } = await locateChromium();

  const workDir = mkdtempSync(join(tmpdir(), "callspec-runtime-matrix-"));
  const mockTargets = { messagebirdUrl: "messagebird-voice", voipstudioUrl: "voipstudio", zaasUrl: "zaas-voice" } as const;
  const [mocks, reset, refusedUrl, packed, runtimes] = await Promise.allSettled([
    Promise.allSettled(Object.values(mockTargets).map((vendor) => startMock(vendor))),
    startResetServer(),
    closedPortUrl(),
    preparePackedProject(workDir),
    ensureRuntimes(),
  ]);

  const running: RunningMock[] = mocks.status === "fulfilled" ? mocks.value.flatMap((m) => (m.status === "fulfilled" ? [m.value] : [])) : [];
  const mockFailure = mocks.status === "fulfilled" ? mocks.value.find((m): m is PromiseRejectedResult => m.status === "rejected") : mocks;
  if (mockFailure) project.provide("mocks", { error: `a Prism mock did not start: ${message(mockFailure.reason)}` });
  else {
    const [messagebirdUrl, voipstudioUrl, zaasUrl] = running.map((m) => m.url) as [string, string, string];
    project.provide("mocks", { messagebirdUrl, voipstudioUrl, zaasUrl });
  }
  if (reset.status === "rejected" || refusedUrl.status === "rejected") {
    throw new Error(`the fault servers did not start: ${message(reset.status === "rejected" ? reset.reason : (refusedUrl as PromiseRejectedResult).reason)}`);
  }
  project.provide("resetUrl", reset.value.url);
  project.provide("refusedUrl", refusedUrl.value);
  project.provide("workDir", workDir);
  project.provide("project", packed.status === "fulfilled" ? packed.value : { error: message(packed.reason) });
  project.provide("runtimes", runtimes.status === "fulfilled" ? runtimes.value : { error: message(runtimes.reason) });
  project.provide("chromium", chromium);
  project.provide("chromiumMissing", chromiumMissing);
  project.provide("inCi", inCi);
  project.provide("setupMs", Date.now() - started);
  if (packed.status === "fulfilled") {
    console.log(`[runtime-matrix] packed in ${packed.value.packMs} ms, npm install (facade + 3 vendors) ${packed.value.installMs} ms`);
  }
  if (runtimes.status === "fulfilled") {
    const r = runtimes.value;
    console.log(
      `[runtime-matrix] runtimes .runtimes/${r.hash}: ${r.installed ? `npm ci ${r.installMs} ms` : "cached"}; ${Object.entries(r.runtimes)
        .map(([n, v]) => `${n} ${v.version ?? "?"}`)
        .join(", ")}`,
    );
  }
  console.log(`[runtime-matrix] setup ${Date.now() - started} ms`);

  return async () => {
    await Promise.allSettled([...running.map((m) => m.close()), reset.value.close()]);
    rmSync(workDir, { recursive: true, force: true, maxRetries: 3 });
  };
}
