export { checkBreakingChanges, gatePasses, majorBumps, satisfyingLines } from "./gate.js";
export type { CheckInput, ParsedChangeset, VendorResult } from "./gate.js";
export { collapseNested, compareForBreakingChanges, dereference, findBreakingChanges, operationOf } from "./diff.js";
export type { Comparison, DiffReport, Finding, Spec } from "./diff.js";
export { extraBreakingChecks } from "./extra-checks.js";
export {
  currentVendors,
  gitBaseline,
  latestReleaseTag,
  npmBaseline,
  parseSpec,
  readChangesets,
  readCurrentSpec,
  readWorkspace,
} from "./workspace.js";
export type { Baseline, Workspace } from "./workspace.js";
