// Helpers of the docs tests: the built site, the specs (through @callspec/specs), and a bounded headless
// Chromium driven by playwright-core.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium as playwright, type Browser } from "playwright-core";

const require = createRequire(import.meta.url);

export const pkgDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const siteDir = join(pkgDir, "dist", "site");
export const screenshotDir = join(pkgDir, "dist", "screenshots");

export const HTTP_METHODS = ["get", "put", "post", "delete", "patch", "head", "options", "trace"] as const;

export interface OpenApiDoc {
  info: { title: string; version: string };
  paths?: Record<string, Record<string, { operationId?: string } | undefined>>;
  webhooks?: Record<string, Record<string, { operationId?: string } | undefined>>;
  "x-webhooks"?: Record<string, Record<string, { operationId?: string } | undefined>>;
}

/** The vendor list, from @callspec/specs (never hard-coded). */
export function vendors(): string[] {
  return JSON.parse(readFileSync(require.resolve("@callspec/specs/vendors.json"), "utf8")) as string[];
}

export function loadSpec(vendor: string): OpenApiDoc {
  return JSON.parse(readFileSync(require.resolve(`@callspec/specs/${vendor}.json`), "utf8")) as OpenApiDoc;
}

export interface SpecOperation {
  path: string;
  method: string;
  operationId: string | undefined;
}

/** Operations of a path map: one per path item and HTTP method. */
export function operationsOf(paths: OpenApiDoc["paths"]): SpecOperation[] {
  const result: SpecOperation[] = [];
  for (const [path, item] of Object.entries(paths ?? {}))
    for (const method of HTTP_METHODS) {
      const op = item?.[method];
      if (op) result.push({ path, method, operationId: op.operationId });
    }
  return result;
}

/** Fails with a useful message when the site has not been built. */
export function requireBuiltSite(): void {
  if (!existsSync(join(siteDir, "index.html")))
    throw new Error(`${siteDir}/index.html is missing: run \`pnpm exec turbo run docs\` (turbo's test task does) first`);
}

export function decodeEntities(s: string): string {
  return s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#0*39;|&apos;/g, "'")
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&amp;/g, "&");
}

export function textOf(html: string): string {
  return decodeEntities(html.replace(/<[^>]*>/g, ""))
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * URLs of `<script src>` and `<link href>` (and CSS @import) that leave the machine: http(s) or
 * protocol-relative. Inline scripts and `<a>` links do not load anything and are not counted.
 */
export function externalScriptsAndStyles(html: string): string[] {
  const found = new Set<string>();
  for (const tag of html.matchAll(/<(?:script|link)\b[^>]*>/gi)) {
    const url = /\b(?:src|href)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(tag[0]);
    const value = (url?.[1] ?? url?.[2] ?? url?.[3] ?? "").trim();
    if (/^(?:https?:)?\/\//i.test(value)) found.add(value);
  }
  for (const m of html.matchAll(/@import\s+(?:url\()?\s*["']?((?:https?:)?\/\/[^"')\s;]+)/gi)) found.add(m[1]!);
  return [...found];
}

/** Flags of every Chromium run: headless, no sandbox (root in CI), no background traffic, fresh profile. */
export const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
  "--no-default-browser-check",
  "--disable-extensions",
  "--disable-default-apps",
  "--disable-dev-shm-usage",
  "--mute-audio",
  "--hide-scrollbars",
  "--window-size=1280,2000",
  // Belt and braces: whatever a page asked for could not leave the machine, every host name fails to resolve.
  "--host-resolver-rules=MAP * ~NOTFOUND",
];

export interface RunningChromium {
  browser: Browser;
  /** Closes the browser, kills what is left of its process group and removes the profile. */
  close(): Promise<void>;
}

/**
 * Starts headless Chromium in its own process group with a fresh profile and connects playwright-core to
 * it over the DevTools protocol (nothing is downloaded: the browser is the system's). A watchdog kills the
 * whole process group (browser, zygote, renderers) after `lifetimeMs`, and so does `close()`.
 */
export async function startChromium(chromium: string, { startTimeoutMs = 60_000, lifetimeMs = 15 * 60_000 } = {}): Promise<RunningChromium> {
  const profile = mkdtempSync(join(tmpdir(), "callspec-docs-chromium-"));
  const child = spawn(chromium, [...CHROMIUM_FLAGS, `--user-data-dir=${profile}`, "--remote-debugging-port=0", "about:blank"], {
    detached: true, // own process group, so one kill ends every Chromium process
    stdio: ["ignore", "ignore", "pipe"],
    env: { ...process.env, HOME: profile },
  });
  let stderr = "";
  let exited = false;
  const killGroup = () => {
    try {
      if (child.pid) process.kill(-child.pid, "SIGKILL");
    } catch {
      // already gone
    }
  };
  const watchdog = setTimeout(() => {
    console.warn(`[docs] Chromium still running after ${lifetimeMs} ms: killed`);
    killGroup();
  }, lifetimeMs);
  watchdog.unref();
  const cleanup = () => {
    clearTimeout(watchdog);
    killGroup();
    rmSync(profile, { recursive: true, force: true, maxRetries: 3 });
  };
  child.on("exit", () => {
    exited = true;
  });
  try {
    const endpoint = await new Promise<string>((resolvePromise, reject) => {
      const timer = setTimeout(() => reject(new Error(`Chromium did not start within ${startTimeoutMs} ms:\n${stderr.slice(-2000)}`)), startTimeoutMs);
      child.stderr!.on("data", (b: Buffer) => {
        stderr += b.toString();
        const m = /DevTools listening on (ws:\/\/\S+)/.exec(stderr);
        if (m) {
          clearTimeout(timer);
          resolvePromise(m[1]!);
        }
      });
      child.on("error", (error) => {
        clearTimeout(timer);
        reject(error);
      });
      child.on("exit", (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`Chromium exited (${code ?? signal}) before it listened:\n${stderr.slice(-2000)}`));
      });
    });
    const browser = await playwright.connectOverCDP(endpoint, { timeout: startTimeoutMs });
    return {
      browser,
      async close() {
        await Promise.race([browser.close().catch(() => undefined), new Promise((r) => setTimeout(r, 10_000))]);
        if (!exited) killGroup();
        cleanup();
      },
    };
  } catch (error) {
    cleanup();
    throw error;
  }
}

/** PNG width and height from its IHDR chunk, or undefined when the bytes are no PNG. */
export function pngSize(bytes: Buffer): { width: number; height: number } | undefined {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (bytes.length < 24 || !bytes.subarray(0, 8).equals(signature) || bytes.toString("latin1", 12, 16) !== "IHDR") return undefined;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}
