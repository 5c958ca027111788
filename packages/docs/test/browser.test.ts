// The built site in real headless Chromium (file:// URLs; playwright-core drives the system's Chromium over
// the DevTools protocol): each Redoc page shows the spec's title and exactly one operation section per
// operation of the spec; a screenshot per page; the index links every page; no request leaves the machine.
// Without a Chromium (none found, none installable) they are skipped, loudly, or fail when CI is set.
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  loadSpec,
  operationsOf,
  pngSize,
  requireBuiltSite,
  screenshotDir,
  siteDir,
  startChromium,
  vendors,
  type OpenApiDoc,
  type RunningChromium,
} from "./helpers.js";

const chromiumPath = inject("chromium");
const TEST_TIMEOUT_MS = 180_000;

if (!chromiumPath && inject("inCi")) {
  // A skip would let CI go green on a site nobody opened; one failing test says why instead.
  describe("site in headless Chromium", () => {
    it("has a Chromium to run in", () => expect.fail(`CI is set but there is no Chromium: ${inject("chromiumMissing")}`));
  });
} else if (!chromiumPath) {
  const why = inject("chromiumMissing");
  console.warn(`\n!!! @callspec/docs: NO CHROMIUM (${why}): THE BROWSER TESTS OF THE DOCS SITE ARE SKIPPED !!!\n`);
}

const pageUrl = (file: string) => pathToFileURL(join(siteDir, file)).href;

interface OpenedPage {
  context: BrowserContext;
  page: Page;
  /** Requests that got past the page's Content-Security-Policy towards the network (aborted here). */
  leaked: string[];
  errors: string[];
}

describe.skipIf(!chromiumPath)("site in headless Chromium", () => {
  let chromium: RunningChromium | undefined;

  beforeAll(async () => {
    requireBuiltSite();
    rmSync(screenshotDir, { recursive: true, force: true });
    mkdirSync(screenshotDir, { recursive: true });
    chromium = await startChromium(chromiumPath);
  }, 90_000);

  afterAll(async () => {
    await chromium?.close();
  }, 30_000);

  async function open(file: string): Promise<OpenedPage> {
    const context = await chromium!.browser.newContext({ viewport: { width: 1280, height: 2000 } });
    const leaked: string[] = [];
    // Anything but file:, data:, blob: and about: would go to the network: record it and refuse it.
    await context.route(
      (url) => !["file:", "data:", "blob:", "about:"].includes(url.protocol),
      (route) => {
        leaked.push(route.request().url());
        return route.abort("blockedbyclient");
      },
    );
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(pageUrl(file), { waitUntil: "load" });
    return { context, page, leaked, errors };
  }

  /** Redoc hydrates the server-rendered markup; the React root on #redoc means it is live. */
  async function waitForRedoc(page: Page): Promise<void> {
    await page.waitForFunction(() => {
      const root = document.getElementById("redoc");
      return !!root && Object.keys(root).some((k) => k.startsWith("__reactContainer"));
    });
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
  }

  const sectionIds = (page: Page, prefix = "") =>
    page.evaluate(
      (p) =>
        [...new Set([...document.querySelectorAll("[data-section-id]")].map((e) => e.getAttribute("data-section-id") ?? ""))].filter((id) => id.startsWith(p)),
      prefix,
    );

  /**
   * Redoc 3 lays the page out as one section per tag (`data-section-id="/<tag>"`); opening a tag (its
   * `#/<tag>` route, what its "Show" button does) renders one section per operation,
   * `data-section-id="/<tag>/<operationid>"`, mounted lazily when scrolled to. Opens every tag, mounts every
   * operation section and returns each section's id with its heading (the operation's summary).
   */
  async function renderedOperationSections(page: Page): Promise<Map<string, string>> {
    const sections = new Map<string, string>();
    const tags = (await sectionIds(page)).filter((id) => /^\/[^/]+$/.test(id));
    for (const tag of tags) {
      await page.evaluate((t) => {
        location.hash = `#${t}`;
      }, tag);
      await page.waitForFunction((t) => document.querySelector(`[data-section-id^="${t}/"]`), tag, { timeout: 5_000 }).catch(() => undefined);
      let ids = await sectionIds(page, `${tag}/`);
      for (let i = 0; i < 20; i++) {
        await page.waitForTimeout(150);
        const again = await sectionIds(page, `${tag}/`);
        if (again.join() === ids.join()) break;
        ids = again;
      }
      for (const id of ids) {
        const heading = await page.evaluate(async (sectionId) => {
          // Scroll the (placeholder of the) section into view until Redoc has mounted its content.
          for (let attempt = 0; attempt < 100; attempt++) {
            const elements = [...document.querySelectorAll(`[data-section-id="${sectionId}"]`)];
            const h = elements.map((e) => e.querySelector("h1, h2, h3")).find(Boolean);
            if (h) return (h.textContent ?? "").trim();
            elements[0]?.scrollIntoView();
            await new Promise((r) => setTimeout(r, 50));
          }
          return undefined;
        }, id);
        sections.set(id, heading ?? "");
      }
    }
    return sections;
  }

  const slug = (s: string) =>
    s
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "");

  function expectedSections(paths: OpenApiDoc["paths"]) {
    const result: { id: string; operationId: string; summary: string }[] = [];
    for (const { path, method, operationId } of operationsOf(paths)) {
      const op = paths![path]![method] as { tags?: string[]; summary?: string };
      for (const tag of op.tags?.length ? op.tags : [""])
        result.push({ id: `/${slug(tag)}/${operationId!.toLowerCase()}`, operationId: operationId!, summary: op.summary ?? "" });
    }
    return result;
  }

  for (const vendor of vendors()) {
    describe(vendor, () => {
      it(
        "shows the spec's title and exactly one section per operation of the spec",
        async () => {
          const spec = loadSpec(vendor);
          const operations = operationsOf(spec.paths);
          expect(operations.length).toBeGreaterThan(0);
          expect(
            operations.filter((o) => !o.operationId),
            "operations without operationId",
          ).toEqual([]);
          const expectedOps = expectedSections(spec.paths);
          const expectedHooks = [...expectedSections(spec.webhooks), ...expectedSections(spec["x-webhooks"])];

          const { context, page, leaked, errors } = await open(`${vendor}.html`);
          try {
            expect(await page.title()).toBe(spec.info.title);
            const h1 = ((await page.locator("h1").first().textContent()) ?? "").trim();
            expect(h1.startsWith(spec.info.title), `h1 "${h1}"`).toBe(true);
            expect(h1).toContain(spec.info.version);
            await waitForRedoc(page);

            const started = Date.now();
            const rendered = await renderedOperationSections(page);
            const ids = [...rendered.keys()];
            const opIds = new Set(expectedOps.map((e) => e.id));
            const hookIds = new Set(expectedHooks.map((e) => e.id));
            const renderedOps = ids.filter((id) => opIds.has(id));
            const renderedHooks = ids.filter((id) => hookIds.has(id));
            const distinctOps = new Set(renderedOps.map((id) => id.slice(id.lastIndexOf("/") + 1)));
            console.log(
              `[docs] ${vendor}: spec ${operations.length} operations (+${expectedHooks.length} webhooks); page ` +
                `${distinctOps.size} operations in ${renderedOps.length} sections (+${renderedHooks.length} webhook sections), ${Date.now() - started} ms`,
            );

            // Nothing rendered as an operation that is not one of the spec's operations or webhooks.
            expect(ids.filter((id) => !opIds.has(id) && !hookIds.has(id))).toEqual([]);
            // Exactly the spec's operations, each once (per tag).
            expect(distinctOps.size).toBe(operations.length);
            expect(renderedOps.length).toBe(expectedOps.length);
            expect(renderedOps.sort()).toEqual([...opIds].sort());
            expect(renderedHooks.sort()).toEqual([...hookIds].sort());
            // Each section is rendered, headed by the operation's summary.
            for (const e of [...expectedOps, ...expectedHooks])
              if (e.summary) expect(rendered.get(e.id)?.startsWith(e.summary), `${e.id}: "${rendered.get(e.id)}"`).toBe(true);

            expect(errors).toEqual([]);
            expect(leaked, "requests that would have left the machine").toEqual([]);
          } finally {
            await context.close();
          }
        },
        TEST_TIMEOUT_MS,
      );

      it(
        "screenshot",
        async () => {
          const file = join(screenshotDir, `${vendor}.png`);
          const { context, page, leaked, errors } = await open(`${vendor}.html`);
          try {
            await waitForRedoc(page);
            await page.waitForTimeout(500);
            await page.screenshot({ path: file });
            expect(errors).toEqual([]);
            expect(leaked).toEqual([]);
          } finally {
            await context.close();
          }
          const bytes = readFileSync(file);
          expect(pngSize(bytes)).toEqual({ width: 1280, height: 2000 });
          // A blank or error page compresses to a few KiB; the rendered reference is far larger.
          expect(bytes.length).toBeGreaterThan(50_000);
          console.log(`[docs] ${vendor}: dist/screenshots/${vendor}.png (${Math.round(bytes.length / 1024)} KiB)`);
        },
        TEST_TIMEOUT_MS,
      );
    });
  }

  it(
    "index links every vendor page, its bundled specs and the API docs, and the links work",
    async () => {
      const { context, page, leaked, errors } = await open("index.html");
      try {
        const links = await page.$$eval("a[href]", (as) => as.map((a) => (a as HTMLAnchorElement).href));
        for (const link of links) {
          expect(link.startsWith("file:"), `${link} stays on the site`).toBe(true);
          expect(existsSync(fileURLToPath(link.split("#")[0]!)), link).toBe(true);
        }
        for (const vendor of vendors()) {
          for (const file of [`${vendor}.html`, `specs/${vendor}.json`, `specs/${vendor}.yaml`]) expect(links).toContain(pageUrl(file));
          await page.goto(pageUrl(`${vendor}.html`));
          expect(await page.title()).toBe(loadSpec(vendor).info.title);
        }
        expect(links).toContain(pageUrl("api/index.html"));
        await page.goto(pageUrl("api/index.html"));
        expect(await page.locator("body").textContent()).toContain("@callspec/voice");
        expect(errors).toEqual([]);
        expect(leaked).toEqual([]);
      } finally {
        await context.close();
      }
    },
    TEST_TIMEOUT_MS,
  );
});
