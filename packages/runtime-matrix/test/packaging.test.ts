// What `pnpm pack` + `npm install` gave the matrix: the tarballs' manifests, one copy of each package in the
// facade's project (all four from the tarballs, nothing from a registry), and each vendor package alone in
// a project of its own: it installs with only its declared dependencies, imports nothing else, and loads
// with `require` and `import` on the Node on PATH.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { build, type Metafile } from "esbuild";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { npmProject, onPath, PUBLISHED, run, VENDOR_PACKAGES } from "./prepare.js";

const project = inject("project");
const workDir = inject("workDir");

interface Manifest {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
  exports?: Record<string, unknown>;
}

const FACTORIES: Record<(typeof VENDOR_PACKAGES)[number], { factory: string; options: string }> = {
  "messagebird-voice": { factory: "createMessageBirdVoiceClient", options: `{ accessKey: "test_alone", baseUrl: "http://127.0.0.1:9" }` },
  voipstudio: { factory: "createVoipstudioClient", options: `{ token: "alone", baseUrl: "http://127.0.0.1:9" }` },
  "zaas-voice": { factory: "createZaasVoiceClient", options: `{ token: "alone", codCampaign: "0", baseUrl: "http://127.0.0.1:9" }` },
};

function requireProject() {
  if ("error" in project) throw new Error(`the packed project could not be prepared: ${project.error}`);
  return project;
}

function manifest(dir: string, name: string): Manifest {
  return JSON.parse(readFileSync(join(dir, "node_modules", name, "package.json"), "utf8")) as Manifest;
}

/** Every file an exports map points at (all conditions). */
function exportedFiles(value: unknown): string[] {
  if (typeof value === "string") return value.endsWith(".d.ts") || value.endsWith(".d.cts") || value.endsWith(".json") ? [] : [value];
  if (value && typeof value === "object") return Object.values(value).flatMap(exportedFiles);
  return [];
}

/** Package names a published package imports or requires (Node built-ins left out), read by esbuild. */
async function importedPackages(packageDir: string, pkg: Manifest): Promise<string[]> {
  const files = [...new Set(exportedFiles(pkg.exports))];
  const entryPoints = Object.fromEntries(files.map((file, i) => [`entry${i}`, join(packageDir, file)]));
  const result = await build({
    entryPoints,
    bundle: true,
    packages: "external",
    platform: "node",
    format: "esm",
    write: false,
    metafile: true,
    outdir: "/virtual",
    logLevel: "silent",
  });
  const names = new Set<string>();
  for (const input of Object.values((result.metafile as Metafile).inputs)) {
    for (const imported of input.imports) {
      if (!imported.external || imported.path.startsWith("node:") || !/^[@a-z]/.test(imported.path)) continue;
      const parts = imported.path.split("/");
      names.add(imported.path.startsWith("@") ? `${parts[0]}/${parts[1]}` : parts[0]!);
    }
  }
  return [...names].sort();
}

interface NpmLs {
  code: number | null;
  problems: string[];
  tree: { dependencies?: Record<string, { version: string; resolved?: string; dependencies?: Record<string, unknown> }> };
}

async function npmLs(dir: string): Promise<NpmLs> {
  const result = await run("npm", ["ls", "--all", "--json"], { cwd: dir, timeoutMs: 60_000 });
  const tree = JSON.parse(result.stdout || "{}") as { problems?: string[]; dependencies?: Record<string, { version: string; resolved?: string }> };
  return { code: result.code, problems: tree.problems ?? [], tree };
}

describe("the facade's project (facade + exactly the three vendor tarballs)", () => {
  it("the packed manifests carry no workspace: ranges, and the facade depends on exactly the three vendor packages, openapi-fetch and its type helpers", () => {
    const { projectDir } = requireProject();
    for (const name of PUBLISHED) {
      const pkg = manifest(projectDir, `@callspec/${name}`);
      expect(JSON.stringify(pkg), name).not.toContain("workspace:");
    }
    const facade = manifest(projectDir, "@callspec/voice");
    expect(Object.keys(facade.dependencies ?? {}).sort()).toEqual([
      "@callspec/messagebird-voice",
      "@callspec/voipstudio",
      "@callspec/zaas-voice",
      "openapi-fetch",
      // Types only: the facade's method types are built from openapi-fetch's helper types, which its
      // declarations import, so a consumer's type checker must find them.
      "openapi-typescript-helpers",
    ]);
  });

  it("npm ls finds no problem, and each @callspec package is installed once, from its tarball", async () => {
    const { projectDir } = requireProject();
    const ls = await npmLs(projectDir);
    expect(ls.problems).toEqual([]);
    expect(ls.code).toBe(0);
    const lock = JSON.parse(readFileSync(join(projectDir, "package-lock.json"), "utf8")) as { packages: Record<string, { resolved?: string }> };
    const callspec = Object.entries(lock.packages).filter(([path]) => path.includes("node_modules/@callspec/"));
    expect(callspec.map(([path]) => path).sort()).toEqual(PUBLISHED.map((name) => `node_modules/@callspec/${name}`).sort());
    for (const [path, entry] of callspec) expect(entry.resolved, path).toMatch(/^file:.*\.tgz$/);
  });

  it("the facade imports no package it does not declare", async () => {
    const { projectDir } = requireProject();
    const facade = manifest(projectDir, "@callspec/voice");
    const imported = await importedPackages(join(projectDir, "node_modules/@callspec/voice"), facade);
    expect(imported.filter((name) => !(name in (facade.dependencies ?? {})))).toEqual([]);
  });
});

describe.each(VENDOR_PACKAGES)("@callspec/%s alone in a project", (name) => {
  const dir = join(workDir, `alone-${name}`);
  let installError: Error | undefined;

  beforeAll(async () => {
    try {
      const { tarballs } = requireProject();
      await npmProject(dir, `callspec-alone-${name}`, [tarballs[name]!]);
    } catch (error) {
      installError = error as Error;
    }
  }, 300_000);

  it("installs with only its declared dependencies (npm ls clean)", async () => {
    if (installError) throw installError;
    const pkg = manifest(dir, `@callspec/${name}`);
    const ls = await npmLs(dir);
    expect(ls.problems).toEqual([]);
    const direct = ls.tree.dependencies?.[`@callspec/${name}`]?.dependencies ?? {};
    expect(Object.keys(direct).sort()).toEqual(Object.keys(pkg.dependencies ?? {}).sort());
  });

  it("imports no package it does not declare", async () => {
    if (installError) throw installError;
    const pkg = manifest(dir, `@callspec/${name}`);
    const imported = await importedPackages(join(dir, "node_modules", `@callspec/${name}`), pkg);
    expect(imported.filter((dep) => !(dep in (pkg.dependencies ?? {})))).toEqual([]);
  });

  it("loads and creates its client with require() and with import on the Node on PATH", async () => {
    if (installError) throw installError;
    expect(existsSync(join(dir, "node_modules", `@callspec/${name}`))).toBe(true);
    const { factory, options } = FACTORIES[name];
    const node = onPath("node") ?? process.execPath;
    const cjs = await run(node, ["-e", `const m = require("@callspec/${name}"); m.${factory}(${options}); console.log("ok")`], { cwd: dir });
    expect(cjs.stderr.trim().split("\n").slice(0, 3).join("\n"), "require()").toBe("");
    expect(cjs.stdout.trim()).toBe("ok");
    const esm = await run(node, ["--input-type=module", "-e", `const m = await import("@callspec/${name}"); m.${factory}(${options}); console.log("ok")`], {
      cwd: dir,
    });
    expect(esm.stderr.trim().split("\n").slice(0, 3).join("\n"), "import").toBe("");
    expect(esm.stdout.trim()).toBe("ok");
  });
});
