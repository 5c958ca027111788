// Everything the gate reads from a checkout: the vendor → package map, the working-tree specs, the pending
// changesets, and the baseline (the last release's specs, from a git tag or, on request, from npm).
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import parseChangeset from "@changesets/parse";
import semver from "semver";
import { parse as parseYaml } from "yaml";
import type { Spec } from "./diff.js";
import type { ParsedChangeset } from "./gate.js";

interface PackageJson {
  name?: string;
  private?: boolean;
  callspec?: { spec?: string };
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

export interface Workspace {
  root: string;
  /** Name of the specs package (`specs/package.json`), which every spec change affects: `@callspec/specs`. */
  specsPackage: string;
  /** Vendor → packages generated from its spec (`"callspec": { "spec": "<vendor>" }` in packages/*\/package.json). */
  specPackages: Record<string, string[]>;
  /** Packages that need a major bump when the vendor's spec breaks. */
  affectedPackages(vendor: string): string[];
}

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, "utf8")) as T;
}

/**
 * Reads packages/*\/package.json. A vendor's breaking change affects the specs package, the packages
 * generated from that spec and, transitively, every PUBLISHED package that lists one of those in
 * `dependencies` or `peerDependencies` (today `@callspec/voice`, whose public types are the vendor clients'
 * and which re-exports their `paths`). Private packages (examples, bench) are never released, so never
 * required. Packages that only depend on the specs package (`@callspec/mock`) are not required either:
 * their API does not change with a spec.
 */
export function readWorkspace(root: string): Workspace {
  const specsJson = join(root, "specs", "package.json");
  const specsPackage = (existsSync(specsJson) && readJson<PackageJson>(specsJson).name) || "@callspec/specs";
  const packagesDir = join(root, "packages");
  const manifests = existsSync(packagesDir)
    ? readdirSync(packagesDir, { withFileTypes: true })
        .filter((d) => d.isDirectory() && existsSync(join(packagesDir, d.name, "package.json")))
        .map((d) => readJson<PackageJson>(join(packagesDir, d.name, "package.json")))
        .filter((p): p is PackageJson & { name: string } => typeof p.name === "string")
    : [];
  const specPackages: Record<string, string[]> = {};
  for (const p of manifests) {
    const spec = p.callspec?.spec;
    if (spec) specPackages[spec] = [...(specPackages[spec] ?? []), p.name];
  }
  const dependentsOf = (names: Set<string>): string[] =>
    manifests
      .filter((p) => !p.private && !names.has(p.name))
      .filter((p) => [...Object.keys(p.dependencies ?? {}), ...Object.keys(p.peerDependencies ?? {})].some((d) => names.has(d)))
      .map((p) => p.name);
  return {
    root,
    specsPackage,
    specPackages,
    affectedPackages(vendor) {
      const direct = [...(specPackages[vendor] ?? [])].sort();
      const seen = new Set(direct);
      const dependents: string[] = [];
      for (let next = dependentsOf(seen); next.length; next = dependentsOf(seen)) {
        for (const name of next) seen.add(name);
        dependents.push(...next.sort());
      }
      return [specsPackage, ...direct, ...dependents];
    },
  };
}

/** Vendors of a checkout: the folders of specs/ holding an `openapi.yaml` (the build's rule). */
export function currentVendors(root: string): string[] {
  const specs = join(root, "specs");
  return existsSync(specs) ? vendorsIn(specs) : [];
}

export function parseSpec(text: string): Spec {
  return parseYaml(text) as Spec;
}

export function readCurrentSpec(root: string, vendor: string): Spec | undefined {
  const file = join(root, "specs", vendor, "openapi.yaml");
  return existsSync(file) ? parseSpec(readFileSync(file, "utf8")) : undefined;
}

/** Every `.changeset/*.md` except README.md, parsed by changesets' own parser. */
export function readChangesets(root: string): ParsedChangeset[] {
  const dir = join(root, ".changeset");
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(".md") && f.toLowerCase() !== "readme.md")
    .sort()
    .map((f) => {
      try {
        const { summary, releases } = parseChangeset(readFileSync(join(dir, f), "utf8"));
        return { id: f.slice(0, -3), summary, releases };
      } catch (error) {
        throw new Error(`.changeset/${f}: cannot parse its front matter: ${(error as Error).message}`);
      }
    });
}

/** Where the baseline specs come from. */
export interface Baseline {
  /** e.g. `@callspec/specs@1.2.0 (git tag)` or `@callspec/specs@1.2.0 (npm)`. */
  label: string;
  vendors: string[];
  spec(vendor: string): Spec | undefined;
}

function git(root: string, args: string[]): string {
  return execFileSync("git", ["-C", root, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 << 20 });
}

/** The newest (semver order) tag `<specsPackage>@<version>`, or undefined; `reason` says why there is none. */
export function latestReleaseTag(root: string, specsPackage: string): { tag?: string; reason?: string } {
  let out: string;
  try {
    out = git(root, ["tag", "--list", `${specsPackage}@*`]);
  } catch {
    return { reason: `${root} is not a git repository (or git is missing): no release tags to read` };
  }
  const prefix = `${specsPackage}@`;
  const versions = out
    .split("\n")
    .map((t) => t.trim())
    .filter((t) => t.startsWith(prefix) && semver.valid(t.slice(prefix.length)))
    .map((t) => t.slice(prefix.length));
  if (!versions.length) return { reason: `no git tag ${prefix}* in ${root}` };
  return { tag: `${prefix}${semver.rsort(versions)[0]}` };
}

/** The specs as they were at the newest release tag. */
export function gitBaseline(root: string, tag: string): Baseline {
  const files = git(root, ["ls-tree", "-r", "--name-only", `refs/tags/${tag}`, "--", "specs/"]).split("\n");
  const vendors = files
    .map((f) => /^specs\/([^/]+)\/openapi\.yaml$/.exec(f)?.[1])
    .filter((v): v is string => Boolean(v))
    .sort();
  return {
    label: `${tag} (git tag)`,
    vendors,
    spec: (vendor) => (vendors.includes(vendor) ? parseSpec(git(root, ["show", `refs/tags/${tag}:specs/${vendor}/openapi.yaml`])) : undefined),
  };
}

/**
 * The published `<specsPackage>@latest`, fetched with `npm pack` into a temp dir. `{ reason }` when it is
 * not published (npm answers E404); throws on any other npm failure (no network, registry error), since
 * a gate asked to compare with npm must not silently pass. `source` is what `npm pack` is given (the tests
 * pass a local folder so they run offline).
 */
export function npmBaseline(specsPackage: string, source = `${specsPackage}@latest`): Baseline | { reason: string } {
  const dir = mkdtempSync(join(tmpdir(), "spec-gate-npm-"));
  const run = spawnSync("npm", ["pack", source, "--json", "--pack-destination", dir], {
    cwd: dir,
    encoding: "utf8",
    timeout: 120_000,
  });
  if (run.status !== 0) {
    const output = `${run.stderr ?? ""}${run.stdout ?? ""}${run.error?.message ?? ""}`;
    rmSync(dir, { recursive: true, force: true });
    if (/E404|404 Not Found|is not in this registry/i.test(output)) return { reason: `${specsPackage} is not published on npm (E404)` };
    throw new Error(`npm pack ${source} failed:\n${output.trim()}`);
  }
  const [packed] = JSON.parse(run.stdout) as { filename: string; version: string }[];
  if (!packed) throw new Error(`npm pack ${source} printed no package`);
  execFileSync("tar", ["-xzf", join(dir, packed.filename), "-C", dir]);
  const pkg = join(dir, "package");
  const vendors = vendorsIn(pkg);
  const specs = new Map(vendors.map((v) => [v, parseSpec(readFileSync(join(pkg, v, "openapi.yaml"), "utf8"))]));
  rmSync(dir, { recursive: true, force: true });
  return { label: `${specsPackage}@${packed.version} (npm)`, vendors, spec: (vendor) => specs.get(vendor) };
}

function vendorsIn(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, "openapi.yaml")))
    .map((d) => d.name)
    .sort();
}
