// The gate itself: for each vendor, the breaking changes from its baseline spec to the current one, and the
// packages that then need a `major` bump in the pending changesets. Pure apart from the diff: specs and
// changesets come in as arguments, so the tests and the CLI share it.
import { compareForBreakingChanges, type DiffReport, emptySpec, type Finding, type Spec } from "./diff.js";

export type { DiffReport, Finding, Spec } from "./diff.js";

/** A `.changeset/*.md` file as `@changesets/parse` reads it, plus its id (file name without `.md`). */
export interface ParsedChangeset {
  id: string;
  summary?: string;
  releases: { name: string; type: string }[];
}

type MaybePromise<T> = T | Promise<T>;

export interface CheckInput {
  /** Vendors to check: those with a current spec and those that had one at the baseline. */
  vendors: string[];
  /** Packages whose next release must be major when this vendor's spec breaks (see workspace.ts). */
  affectedPackages: (vendor: string) => string[];
  /** The vendor's spec at the last release; `undefined` when it had none (a new vendor). */
  baseline: (vendor: string) => MaybePromise<Spec | undefined>;
  /** The vendor's spec in the working tree; `undefined` when it was deleted. */
  current: (vendor: string) => MaybePromise<Spec | undefined>;
  changesets: ParsedChangeset[];
}

export interface VendorResult {
  vendor: string;
  /** False when there was no baseline spec for this vendor (nothing to compare, nothing required). */
  compared: boolean;
  breaking: Finding[];
  /** Every package that needs a major bump because of `breaking` (empty when nothing broke). */
  requiredMajor: string[];
  /** The part of `requiredMajor` that no pending changeset bumps as `major`. */
  missingMajor: string[];
  /**
   * How the comparison ran (present when `compared`): `identical` specs, or Optic's diff with the number of
   * operations on each side and of Optic's rule results. An empty `breaking` means something only with it.
   */
  report?: DiffReport;
}

/** Package names that some pending changeset bumps as `major`. */
export function majorBumps(changesets: ParsedChangeset[]): Set<string> {
  return new Set(changesets.flatMap((c) => c.releases.filter((r) => r.type === "major").map((r) => r.name)));
}

export async function checkBreakingChanges(input: CheckInput): Promise<VendorResult[]> {
  const majors = majorBumps(input.changesets);
  const results: VendorResult[] = [];
  for (const vendor of input.vendors) {
    const before = await input.baseline(vendor);
    if (!before) {
      results.push({ vendor, compared: false, breaking: [], requiredMajor: [], missingMajor: [] });
      continue;
    }
    const after = (await input.current(vendor)) ?? emptySpec(vendor);
    const { breaking, report } = await compareForBreakingChanges(before, after);
    const requiredMajor = breaking.length ? input.affectedPackages(vendor) : [];
    const missingMajor = requiredMajor.filter((name) => !majors.has(name));
    results.push({ vendor, compared: true, breaking, requiredMajor, missingMajor, report });
  }
  return results;
}

/** True when every breaking change is covered by major bumps. */
export function gatePasses(results: VendorResult[]): boolean {
  return results.every((r) => r.missingMajor.length === 0);
}

/** The changeset front-matter lines that would satisfy the gate (one per missing package, all vendors). */
export function satisfyingLines(results: VendorResult[]): string[] {
  const names = [...new Set(results.flatMap((r) => r.missingMajor))];
  return names.map((name) => `"${name}": major`);
}
