// The differ: Optic's breaking-changes ruleset (@useoptic/standard-rulesets, run by @useoptic/rulesets-base
// over @useoptic/openapi-utilities' diff) on the two specs, both dereferenced first. Nothing here decides
// what is breaking except `extra-checks.ts`, whose findings are marked `source: "extra-check"`.
import $RefParser from "@apidevtools/json-schema-ref-parser";
import { compareSpecs, type RuleResult } from "@useoptic/openapi-utilities";
import { RuleRunner } from "@useoptic/rulesets-base";
import { BreakingChangesRuleset } from "@useoptic/standard-rulesets";
import { extraBreakingChecks } from "./extra-checks.js";

/** A parsed OpenAPI document (YAML or JSON, as read from disk or git). */
export type Spec = Record<string, unknown>;

/** One breaking change. */
export interface Finding {
  /** `GET /calls`, when the change sits inside one operation. */
  operation?: string;
  /** Human-readable place, as the tool words it, e.g. `POST /Call/Create request body: application/json property: call_type`. */
  location: string;
  /** JSON pointer into the dereferenced spec (the current one, or the baseline for removals). */
  jsonPath: string;
  /** Name of the rule that fired, e.g. `prevent operation removal`. */
  rule: string;
  /** The rule's message, e.g. `cannot remove an operation. This is a breaking change.` */
  message: string;
  /** `optic`: the pinned tool; `extra-check`: this package's small gap filler (see extra-checks.ts). */
  source: "optic" | "extra-check";
}

const HTTP_METHODS = new Set(["get", "put", "post", "delete", "options", "head", "patch", "trace"]);

/** `/paths/~1calls~1{callId}/get/...` → `GET /calls/{callId}`. */
export function operationOf(jsonPath: string): string | undefined {
  const parts = jsonPath.split("/").map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"));
  const [, root, path, method] = parts;
  if (root !== "paths" || !path || !method || !HTTP_METHODS.has(method)) return undefined;
  return `${method.toUpperCase()} ${path}`;
}

/** Inlines every `$ref` (the specs only have internal ones) on a copy; circular refs stay as `$ref`. */
export async function dereference(spec: Spec): Promise<Spec> {
  return (await new $RefParser().dereference(structuredClone(spec), { dereference: { circular: "ignore" } })) as Spec;
}

/** Stands in for a spec that no longer exists: every operation of the baseline then reads as removed. */
export function emptySpec(title: string): Spec {
  return { openapi: "3.0.3", info: { title, version: "0.0.0" }, paths: {} };
}

const noSourcemap = { rootFilePath: "", files: [], refMappings: {} };

/**
 * What one comparison did: evidence that the specs were really diffed (or why not), kept next to the findings
 * so callers and tests can tell "compared, nothing broke" from "never compared".
 */
export interface DiffReport {
  /**
   * `optic`: both specs were dereferenced and run through Optic's breaking-changes ruleset and the extra checks.
   * `identical`: the two parsed documents serialise to the same JSON, so nothing was diffed (no change, nothing
   * can break); the Optic counts are then 0.
   */
  differ: "optic" | "identical";
  /** Operations (method + path) in the baseline and in the current spec (dereferenced when diffed). */
  operations: { before: number; after: number };
  /** Entries in Optic's structural diff of the two specs. */
  opticDiffs: number;
  /**
   * Rule results Optic returned, passed or failed. Optic evaluates its rules only where something changed,
   * so an unchanged operation contributes none.
   */
  opticResults: number;
  /** The failed ones among `opticResults`: the `source: "optic"` findings. */
  opticBreaking: number;
  /** Findings of extra-checks.ts: the `source: "extra-check"` findings. */
  extraBreaking: number;
}

/** The breaking changes from one spec to another, and the report of how they were found. */
export interface Comparison {
  breaking: Finding[];
  report: DiffReport;
}

function countOperations(spec: Spec): number {
  const paths = (spec.paths ?? {}) as Record<string, Record<string, unknown> | null | undefined>;
  let n = 0;
  for (const item of Object.values(paths)) {
    for (const method of HTTP_METHODS) if (item?.[method] && typeof item[method] === "object") n++;
  }
  return n;
}

/** Breaking changes from `before` to `after`: Optic's ruleset, then the extra checks; with a {@link DiffReport}. */
export async function compareForBreakingChanges(before: Spec, after: Spec): Promise<Comparison> {
  // Same document, nothing to find: skips a diff that takes seconds on the large specs (reported as `identical`).
  if (JSON.stringify(before) === JSON.stringify(after)) {
    const operations = countOperations(before);
    return {
      breaking: [],
      report: {
        differ: "identical",
        operations: { before: operations, after: operations },
        opticDiffs: 0,
        opticResults: 0,
        opticBreaking: 0,
        extraBreaking: 0,
      },
    };
  }
  const [from, to] = await Promise.all([dereference(before), dereference(after)]);
  const { diffs, results } = await compareSpecs(
    { jsonLike: from as never, sourcemap: noSourcemap, isEmptySpec: false },
    { jsonLike: to as never, sourcemap: noSourcemap, isEmptySpec: false },
    new RuleRunner([new BreakingChangesRuleset()]),
    {},
  );
  // `exempted` results (Optic's `x-optic-exemptions` in a spec) count too: the only way through is a major.
  const optic = results
    .filter((r: RuleResult) => !r.passed)
    .map((r: RuleResult): Finding => {
      const jsonPath = r.location.jsonPath;
      return {
        operation: operationOf(jsonPath),
        location: r.where,
        jsonPath,
        rule: r.name ?? "breaking change",
        message: r.error ?? "breaking change",
        source: "optic",
      };
    });
  const extra = extraBreakingChecks(from, to);
  return {
    breaking: [...optic, ...extra],
    report: {
      differ: "optic",
      operations: { before: countOperations(from), after: countOperations(to) },
      opticDiffs: diffs.length,
      opticResults: results.length,
      opticBreaking: optic.length,
      extraBreaking: extra.length,
    },
  };
}

/** Breaking changes from `before` to `after` (the findings of {@link compareForBreakingChanges}). */
export async function findBreakingChanges(before: Spec, after: Spec): Promise<Finding[]> {
  return (await compareForBreakingChanges(before, after)).breaking;
}

/**
 * Findings that sit inside another finding's location are left out (a removed operation also reports
 * each of its response properties as removed): what a person needs to read. The library keeps them all.
 */
export function collapseNested(findings: Finding[]): Finding[] {
  const kept: Finding[] = [];
  const seen = new Set<string>();
  for (const f of [...findings].sort((a, b) => a.jsonPath.length - b.jsonPath.length)) {
    const key = `${f.jsonPath}\n${f.rule}\n${f.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (kept.some((k) => f.jsonPath.startsWith(`${k.jsonPath}/`))) continue;
    kept.push(f);
  }
  return findings.filter((f) => kept.includes(f));
}
