// The built site as files: every vendor page, the bundled specs, the index and the API docs exist, and no
// page loads a script or stylesheet from outside the machine.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { externalScriptsAndStyles, loadSpec, operationsOf, requireBuiltSite, siteDir, textOf, vendors } from "./helpers.js";

function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return htmlFiles(path);
    return entry.name.endsWith(".html") ? [path] : [];
  });
}

beforeAll(() => requireBuiltSite());

describe("the helpers", () => {
  it("find external scripts and stylesheets, and only those", () => {
    const html = [
      '<script src="https://cdn.example/redoc.js"></script>',
      "<link rel='stylesheet' href=//fonts.example/css>",
      '<script>var u = "https://not.loaded/";</script>',
      '<a href="https://just.a.link/">x</a>',
      '<link rel="stylesheet" href="assets/style.css">',
      "<style>@import url('https://fonts.example/more.css');</style>",
    ].join("\n");
    expect(externalScriptsAndStyles(html).sort()).toEqual(["//fonts.example/css", "https://cdn.example/redoc.js", "https://fonts.example/more.css"].sort());
  });
});

describe("site files", () => {
  it("has a list of vendors", () => {
    expect(vendors().length).toBeGreaterThan(0);
  });

  for (const vendor of vendors()) {
    it(`${vendor}: reference page titled after the spec, and the bundled spec files`, () => {
      const spec = loadSpec(vendor);
      const html = readFileSync(join(siteDir, `${vendor}.html`), "utf8");
      expect(textOf(/<title>([\s\S]*?)<\/title>/i.exec(html)?.[1] ?? "")).toBe(spec.info.title);
      // Redoc inlined, not loaded from a CDN; a policy that keeps the page off the network; no telemetry.
      expect(html).not.toMatch(/<script[^>]*\bsrc=/i);
      expect(html).toMatch(/<script type="module">\s*\/\*\*[\s\S]{0,200}Redocly LLC/);
      const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)"/i.exec(html)?.[1] ?? "";
      expect(csp).toMatch(/(^|;)\s*default-src 'none'/);
      for (const directive of csp
        .split(";")
        .map((d) => d.trim())
        .filter(Boolean))
        expect(directive, "CSP directives allow no host").not.toMatch(/https?:|\*|\/\//);
      expect(html).toContain('"disableTelemetry":true');
      expect(JSON.parse(readFileSync(join(siteDir, "specs", `${vendor}.json`), "utf8"))).toEqual(spec);
      expect(statSync(join(siteDir, "specs", `${vendor}.yaml`)).size).toBeGreaterThan(1000);
    });
  }

  it("index lists each vendor with title, version and operation count", () => {
    const html = readFileSync(join(siteDir, "index.html"), "utf8");
    for (const vendor of vendors()) {
      const spec = loadSpec(vendor);
      const row = new RegExp(`<tr data-vendor="${vendor}">([\\s\\S]*?)</tr>`).exec(html)?.[1];
      expect(row, `index row of ${vendor}`).toBeDefined();
      expect(row).toContain(`href="${vendor}.html"`);
      expect(row).toContain(`href="specs/${vendor}.json"`);
      expect(row).toContain(`href="specs/${vendor}.yaml"`);
      expect(row).toMatch(/href="api\/[^"]+\.html"/);
      const cells = [...row!.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) => textOf(m[1]!));
      expect(cells[0]).toContain(spec.info.title);
      expect(cells[1]).toBe(spec.info.version);
      expect(Number(cells[2])).toBe(operationsOf(spec.paths).length);
    }
  });

  it("every link of the index points at a file of the site", () => {
    const html = readFileSync(join(siteDir, "index.html"), "utf8");
    const hrefs = [...html.matchAll(/<a\b[^>]*\bhref="([^"]+)"/g)].map((m) => m[1]!);
    expect(hrefs.length).toBeGreaterThan(vendors().length * 3);
    for (const href of hrefs) {
      expect(href, "index links stay on the site").not.toMatch(/^[a-z]+:|^\/\//i);
      expect(statSync(join(siteDir, href.split("#")[0]!)).isFile(), href).toBe(true);
    }
  });

  it("has typedoc API docs with a page per module", () => {
    const html = readFileSync(join(siteDir, "api", "index.html"), "utf8");
    for (const module of [
      "@callspec/messagebird-voice",
      "@callspec/voipstudio",
      "@callspec/zaas-voice",
      "@callspec/voice",
      "@callspec/voice/messagebird",
      "@callspec/voice/voipstudio",
      "@callspec/voice/zaas",
      "@callspec/mock",
      "@callspec/mock/vitest",
    ])
      expect(html, module).toContain(module);
    expect(readdirSync(join(siteDir, "api", "modules")).length).toBeGreaterThanOrEqual(9);
  });

  it("no page references an external script or stylesheet", () => {
    const files = htmlFiles(siteDir);
    expect(files.length).toBeGreaterThan(vendors().length + 10);
    const offenders = files
      .map((file) => ({ file: relative(siteDir, file), urls: externalScriptsAndStyles(readFileSync(file, "utf8")) }))
      .filter((f) => f.urls.length > 0);
    expect(offenders).toEqual([]);
  });
});
