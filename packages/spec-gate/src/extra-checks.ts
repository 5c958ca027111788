// EXTRA CHECKS — not part of the pinned tool. Optic's breaking-changes ruleset (1.0.9) has no rule for
// the request body itself: an operation whose body was optional (or absent) and is now required breaks
// every caller that sends none, and Optic passes it. That one gap is cheap to close here; findings from
// this file carry `source: "extra-check"` so they are never mistaken for the tool's. Other known gaps
// (narrowed constraints such as maxLength/pattern/minimum, security changes) are only documented, in the README.
import type { Finding, Spec } from "./diff.js";

const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;

type Operation = { requestBody?: { required?: boolean } };
type PathItem = Partial<Record<(typeof HTTP_METHODS)[number], Operation>>;

function operations(spec: Spec): Map<string, { path: string; method: string; op: Operation }> {
  const out = new Map<string, { path: string; method: string; op: Operation }>();
  const paths = (spec.paths ?? {}) as Record<string, PathItem | undefined>;
  for (const [path, item] of Object.entries(paths)) {
    for (const method of HTTP_METHODS) {
      const op = item?.[method];
      if (op && typeof op === "object") out.set(`${method} ${path}`, { path, method, op });
    }
  }
  return out;
}

/** Extra findings on two DEREFERENCED specs (`requestBody` `$ref`s already inlined). */
export function extraBreakingChecks(before: Spec, after: Spec): Finding[] {
  const findings: Finding[] = [];
  const old = operations(before);
  for (const [key, { path, method, op }] of operations(after)) {
    const was = old.get(key);
    if (!was) continue; // a new operation breaks nobody
    const wasRequired = was.op.requestBody?.required === true;
    if (op.requestBody?.required === true && !wasRequired) {
      const pointerPath = path.replace(/~/g, "~0").replace(/\//g, "~1");
      findings.push({
        operation: `${method.toUpperCase()} ${path}`,
        location: `${method.toUpperCase()} ${path} request body`,
        jsonPath: `/paths/${pointerPath}/${method}/requestBody/required`,
        rule: "request body became required (spec-gate extra check)",
        message: was.op.requestBody
          ? "the request body was optional and is now required. This is a breaking change."
          : "a required request body was added to an existing operation. This is a breaking change.",
        source: "extra-check",
      });
    }
  }
  return findings;
}
