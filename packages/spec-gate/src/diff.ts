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

/** Breaking changes from `before` to `after`: Optic's ruleset, then the extra checks. */
export async function findBreakingChanges(before: Spec, after: Spec): Promise<Finding[]> {
  // Same document, nothing to find: skips a 2-3 s diff of the large specs.
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  const [from, to] = await Promise.all([dereference(before), dereference(after)]);
  const { results } = await compareSpecs(
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
  return [...optic, ...extraBreakingChecks(from, to)];
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
