// The drift report's sorting and counting, without Prism: enum drift among the kinds.
import { describe, expect, it } from "vitest";
import { classifyProblem, DriftCollector } from "../src/proxy/drift.js";
import { formatDriftReport } from "../src/proxy/drift-text.js";

describe("drift report", () => {
  it("sorts Ajv's wording into kinds, as callspec-validate prints it", () => {
    expect(classifyProblem({ path: "/data/0/status", message: 'must be equal to one of the allowed values (["ended"])' }, "response")).toMatchObject({
      kind: "enum-value",
      pointer: "/data/0/status",
    });
    expect(classifyProblem({ path: "/data/1", message: "must have required property 'id'" }, "response")).toMatchObject({
      kind: "missing-required",
      pointer: "/data/1/id",
    });
    expect(classifyProblem({ path: "/x", message: "must NOT have additional properties (a/b)" }, "request")).toMatchObject({
      kind: "undeclared-member",
      pointer: "/x/a~1b",
    });
    expect(classifyProblem({ path: "/n", message: "must be integer" }, "response").kind).toBe("type-mismatch");
    expect(classifyProblem({ path: "/d", message: 'must match format "date-time"' }, "response").kind).toBe("other");
  });

  it("counts every element of a list at one place and keeps the first example", () => {
    const collector = new DriftCollector({ spec: "s", upstream: "http://127.0.0.1:1/" });
    for (const file of ["payloads/a.json", "payloads/b.json"]) {
      collector.add({
        operation: "listCalls",
        files: { response: file },
        prism: [],
        findings: [0, 1].map((i) => ({
          kind: "enum-value" as const,
          in: "response" as const,
          pointer: `/data/${i}/status`,
          message: "must be equal to one of the allowed values",
        })),
      });
    }
    const report = collector.report();
    expect(report.operations["listCalls"]?.drift).toEqual([
      expect.objectContaining({ kind: "enum-value", pointer: "/data/*/status", count: 4, example: { pointer: "/data/0/status", file: "payloads/a.json" } }),
    ]);
    expect(report.totals).toEqual({ "enum-value": 4 });
    expect(formatDriftReport(report)).toContain("4 × response /data/*/status: value outside the spec's enum");
  });
});
