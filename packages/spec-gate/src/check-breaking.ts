// CLI: tsx src/check-breaking.ts [--repo DIR] [--npm]
// Exit 0: no breaking change, or every one is covered by `major` changesets, or no release to compare with.
// Exit 1: a breaking change whose affected packages lack a `major` bump. Exit 2: usage or read error.
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { collapseNested } from "./diff.js";
import { checkBreakingChanges, gatePasses, satisfyingLines, type VendorResult } from "./gate.js";
import { currentVendors, gitBaseline, latestReleaseTag, npmBaseline, readChangesets, readCurrentSpec, readWorkspace, type Baseline } from "./workspace.js";

const USAGE = `usage: check-breaking [--repo DIR] [--npm]
  --repo DIR  monorepo root (default: the current directory)
  --npm       when there is no release tag, compare with the published @callspec/specs@latest (npm pack)`;

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({ options: { repo: { type: "string" }, npm: { type: "boolean" }, help: { type: "boolean" } } }).values;
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  const root = resolve(args.repo ?? ".");
  const ws = readWorkspace(root);

  let baseline: Baseline | undefined;
  const { tag, reason } = latestReleaseTag(root, ws.specsPackage);
  const why: string[] = [];
  if (tag) baseline = gitBaseline(root, tag);
  else {
    why.push(reason ?? "no release tag");
    if (args.npm) {
      const npm = npmBaseline(ws.specsPackage);
      if ("reason" in npm) why.push(npm.reason);
      else baseline = npm;
    } else why.push("npm not asked (pass --npm to compare with the published package)");
  }
  if (!baseline) {
    console.log(`spec-gate: no release to compare with: gate passes (${why.join("; ")})`);
    return 0;
  }

  const base = baseline;
  const current = currentVendors(root);
  const vendors = [...new Set([...current, ...base.vendors])].sort();
  const results = await checkBreakingChanges({
    vendors,
    affectedPackages: (v) => ws.affectedPackages(v),
    baseline: (v) => base.spec(v),
    current: (v) => readCurrentSpec(root, v),
    changesets: readChangesets(root),
  });
  report(results, base.label, current);
  return gatePasses(results) ? 0 : 1;
}

function report(results: VendorResult[], label: string, current: string[]): void {
  console.log(`spec-gate: specs compared with ${label}`);
  for (const r of results) {
    const gone = current.includes(r.vendor) ? "" : " (spec deleted)";
    if (!r.compared) {
      console.log(`  ✓ ${r.vendor}: new since the release, nothing to compare`);
    } else if (!r.breaking.length) {
      console.log(`  ✓ ${r.vendor}: no breaking change${gone}`);
    } else if (!r.missingMajor.length) {
      console.log(`  ✓ ${r.vendor}: ${r.breaking.length} breaking change(s)${gone}, covered by major bumps of ${r.requiredMajor.join(", ")}`);
    } else {
      const shown = collapseNested(r.breaking);
      console.log(`  ✗ ${r.vendor}: ${r.breaking.length} breaking change(s)${gone} without a major bump of ${r.missingMajor.join(", ")}`);
      for (const f of shown) {
        const op = f.operation ?? "(spec)";
        const where = f.location.startsWith(op) ? f.location.slice(op.length).trim() : f.location;
        const from = f.source === "extra-check" ? "spec-gate extra check" : "optic";
        console.log(`    - ${op}${where ? ` (${where})` : ""}: ${f.message} [${from}: ${f.rule}]`);
      }
      const hidden = r.breaking.length - shown.length;
      if (hidden) console.log(`    (${hidden} more inside the locations above, e.g. the properties of a removed operation)`);
    }
  }
  if (gatePasses(results)) return;
  const lines = satisfyingLines(results);
  console.log("\nspec-gate: FAILED. A breaking spec change needs a major release of every package it affects.");
  console.log("Add these lines to the front matter of a changeset (e.g. `pnpm changeset`, or a new .changeset/<name>.md):");
  for (const line of lines) console.log(`  ${line}`);
  console.log(`\nFor example .changeset/breaking-spec-change.md:\n---\n${lines.join("\n")}\n---\n\nWhat broke, and what callers must change.`);
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`spec-gate: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 2;
  },
);
