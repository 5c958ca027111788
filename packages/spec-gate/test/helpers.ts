import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { checkBreakingChanges, type ParsedChangeset, type Spec, type VendorResult } from "../src/gate.js";
import { parseSpec, readWorkspace } from "../src/workspace.js";

/** The monorepo this package lives in: the real specs and the real packages/*\/package.json. */
export const repoRoot = fileURLToPath(new URL("../../..", import.meta.url));
export const workspace = readWorkspace(repoRoot);

const texts = new Map<string, string>();
/** A fresh copy of the real `specs/<vendor>/openapi.yaml`, parsed. */
export function realSpec(vendor: string): Spec {
  if (!texts.has(vendor)) texts.set(vendor, readFileSync(`${repoRoot}/specs/${vendor}/openapi.yaml`, "utf8"));
  return parseSpec(texts.get(vendor)!);
}

/** Loose access to a parsed spec, for mutating it in tests. */
// biome-ignore lint/suspicious/noExplicitAny: a parsed spec is mutated freely by the tests; typing it would repeat the OpenAPI schema
export type Loose = any;

/** Runs the gate on one vendor: the real spec as baseline, `mutate`d copy as current. */
export async function gate(vendor: string, mutate: (spec: Loose) => void, changesets: ParsedChangeset[] = []): Promise<VendorResult> {
  const current = realSpec(vendor);
  mutate(current);
  const [result] = await checkBreakingChanges({
    vendors: [vendor],
    affectedPackages: (v) => workspace.affectedPackages(v),
    baseline: () => realSpec(vendor),
    current: () => current,
    changesets,
  });
  return result!;
}

/** A pending changeset bumping `names` as `type`. */
export function changeset(type: "major" | "minor" | "patch", ...names: string[]): ParsedChangeset {
  return { id: `test-${type}`, summary: "test", releases: names.map((name) => ({ name, type })) };
}
