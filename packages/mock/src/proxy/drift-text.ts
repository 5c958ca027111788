import type { DriftKind, DriftReport } from "./drift.js";

const labels: Record<DriftKind, string> = {
  "undeclared-member": "member the spec does not declare",
  "enum-value": "value outside the spec's enum",
  "missing-required": "required member missing",
  "type-mismatch": "type differs from the spec",
  "undeclared-status": "status code the spec does not declare",
  "undeclared-operation": "request the spec has no operation for",
  other: "other schema violation",
};

/** The drift report as a few lines a person reads: per operation, each finding with its count and example. */
export function formatDriftReport(report: DriftReport): string {
  const lines = [`Drift of ${report.upstream} from ${report.spec}: ${report.exchanges} exchange(s), ${report.generatedAt}`];
  const totals = Object.entries(report.totals);
  lines.push(totals.length === 0 ? "No drift found." : `Totals: ${totals.map(([kind, n]) => `${n} ${labels[kind as DriftKind]}`).join("; ")}`);
  for (const [name, op] of Object.entries(report.operations)) {
    lines.push("", `${name} (${op.exchanges} exchange(s))`);
    if (op.drift.length === 0) lines.push("  no drift");
    for (const d of op.drift) {
      const example = d.example.file ? `, e.g. ${d.example.file}#${d.example.pointer}` : "";
      lines.push(`  ${String(d.count).padStart(4)} × ${d.in} ${d.pointer || "/"}: ${labels[d.kind]} (${d.message}${example})`);
    }
    for (const v of op.prism) lines.push(`  ${String(v.count).padStart(4)} × Prism ${v.severity}: ${v.location || "/"} ${v.message}`);
  }
  return `${lines.join("\n")}\n`;
}
