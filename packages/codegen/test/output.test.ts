import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { distDir, findRun, languages, readManifest, specTags, vendors, type Language } from "./helpers.js";

/** Words of a tag: "Call Me Back" -> ["call", "me", "back"]. */
const words = (tag: string) =>
  tag
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
const pascal = (tag: string) =>
  words(tag)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join("");
const snake = (tag: string) => words(tag).join("_");

/** Files every client of a language must have, plus one API file per spec tag, relative to its output folder. */
function expectedFiles(language: Language, options: Record<string, string | boolean>, tags: string[]): string[] {
  switch (language) {
    case "python": {
      const pkg = String(options.packageName);
      return [
        "setup.py",
        `${pkg}/__init__.py`,
        `${pkg}/api/__init__.py`,
        `${pkg}/configuration.py`,
        `${pkg}/api_client.py`,
        ...tags.map((t) => `${pkg}/api/${snake(t)}_api.py`),
      ];
    }
    case "go":
      return ["go.mod", "client.go", "configuration.go", ...tags.map((t) => `api_${snake(t)}.go`)];
    case "java": {
      const dir = `src/main/java/${String(options.invokerPackage).replace(/\./g, "/")}`;
      return ["pom.xml", `${dir}/ApiClient.java`, ...tags.map((t) => `${dir}/api/${pascal(t)}Api.java`)];
    }
    case "csharp": {
      const name = String(options.packageName);
      return [
        `${name}.sln`,
        `src/${name}/${name}.csproj`,
        `src/${name}/Client/HostConfiguration.cs` /* 7.x default library generichost */,
        ...tags.map((t) => `src/${name}/Api/${pascal(t)}Api.cs`),
      ];
    }
  }
}

describe("dist/manifest.json", () => {
  it("records one run per vendor of @callspec/specs/vendors.json and language", () => {
    const { runs, generatorVersion } = readManifest();
    expect(generatorVersion).toMatch(/^\d+\.\d+\.\d+/);
    expect(runs.map((r) => `${r.vendor}/${r.language}`).sort()).toEqual(vendors.flatMap((v) => languages.map((l) => `${v}/${l}`)).sort());
  });
});

describe.each(vendors)("%s", (vendor) => {
  const tags = specTags(vendor);

  it.each(languages)("%s: generator exited 0 and wrote the expected files", (language) => {
    const run = findRun(vendor, language);
    expect(run.exitCode).toBe(0);
    const out = join(distDir, run.output);
    const missing = expectedFiles(language, run.options, tags).filter((f) => !existsSync(join(out, f)));
    expect(missing).toEqual([]);
  });

  it("go: package and module names come from the vendor", () => {
    const run = findRun(vendor, "go");
    const out = join(distDir, run.output);
    expect(readFileSync(join(out, "go.mod"), "utf8")).toMatch(new RegExp(`^module github\\.com/callspec/${String(run.options.packageName)}$`, "m"));
    expect(readFileSync(join(out, "client.go"), "utf8")).toMatch(new RegExp(`^package ${String(run.options.packageName)}$`, "m"));
  });

  it("csharp: project GUID is the fixed one passed in (deterministic output)", () => {
    const run = findRun(vendor, "csharp");
    const sln = readdirSync(join(distDir, run.output)).find((f) => f.endsWith(".sln"))!;
    expect(readFileSync(join(distDir, run.output, sln), "utf8")).toContain(String(run.options.packageGuid));
  });
});
