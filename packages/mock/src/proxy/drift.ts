import type { PayloadProblem } from "../payload-validator.js";

/** The kinds of difference between live traffic and the spec that a drift report counts. */
export type DriftKind = "undeclared-member" | "enum-value" | "missing-required" | "type-mismatch" | "undeclared-status" | "undeclared-operation" | "other";

/** One difference seen in one exchange. */
export interface DriftFinding {
  kind: DriftKind;
  /** Which payload of the exchange differs. */
  in: "request" | "response";
  /** JSON pointer into that payload (`""` for the whole payload or the status line). */
  pointer: string;
  message: string;
}

/** One kind of difference at one place of one operation, counted over every exchange. */
export interface DriftEntry {
  kind: DriftKind;
  in: "request" | "response";
  /** The JSON pointer with array indices written as `*`, so every element of a list counts at one place. */
  pointer: string;
  /** How many times it was seen (one per element of a list, per exchange). */
  count: number;
  message: string;
  /** The first occurrence: its concrete pointer and the recorded payload file that shows it, when recording. */
  example: { pointer: string; file?: string };
}

/** A violation Prism reported in its `sl-violations` header, counted. */
export interface PrismViolationCount {
  location: string;
  message: string;
  severity: string;
  count: number;
}

/** What the drift report says about one operation. */
export interface OperationDrift {
  exchanges: number;
  drift: DriftEntry[];
  prism: PrismViolationCount[];
}

/** The drift report: per operation (`listCalls`, or `"GET /unknown"` for a path the spec lacks). */
export interface DriftReport {
  spec: string;
  upstream: string;
  generatedAt: string;
  exchanges: number;
  /** Total findings per kind. */
  totals: Partial<Record<DriftKind, number>>;
  operations: Record<string, OperationDrift>;
}

/** What one exchange contributes to the report. */
export interface ExchangeDrift {
  operation: string;
  findings: DriftFinding[];
  prism: { location: string; message: string; severity: string }[];
  /** Recorded payload files by side, for the report's examples. */
  files: { request?: string; response?: string };
}

/** Counts findings per operation; one per proxy. */
export class DriftCollector {
  private readonly ops = new Map<string, { exchanges: number; drift: Map<string, DriftEntry>; prism: Map<string, PrismViolationCount> }>();
  private exchanges = 0;

  constructor(private readonly meta: { spec: string; upstream: string }) {}

  /** Adds one exchange's findings. */
  add(exchange: ExchangeDrift): void {
    this.exchanges += 1;
    const op = this.ops.get(exchange.operation) ?? { exchanges: 0, drift: new Map(), prism: new Map() };
    this.ops.set(exchange.operation, op);
    op.exchanges += 1;
    for (const finding of exchange.findings) {
      const pointer = generalize(finding.pointer);
      const key = `${finding.in} ${finding.kind} ${pointer} ${finding.kind === "other" ? finding.message : ""}`;
      const entry = op.drift.get(key);
      if (entry) entry.count += 1;
      else {
        const file = exchange.files[finding.in];
        op.drift.set(key, { ...finding, pointer, count: 1, example: { pointer: finding.pointer, ...(file ? { file } : {}) } });
      }
    }
    for (const v of exchange.prism) {
      const key = `${v.location} ${v.message}`;
      const seen = op.prism.get(key);
      if (seen) seen.count += 1;
      else op.prism.set(key, { ...v, count: 1 });
    }
  }

  /** The report as it stands. */
  report(): DriftReport {
    const operations: Record<string, OperationDrift> = {};
    const totals: Partial<Record<DriftKind, number>> = {};
    for (const [name, op] of [...this.ops].sort(([a], [b]) => a.localeCompare(b))) {
      const drift = [...op.drift.values()];
      for (const d of drift) totals[d.kind] = (totals[d.kind] ?? 0) + d.count;
      operations[name] = { exchanges: op.exchanges, drift, prism: [...op.prism.values()] };
    }
    return { ...this.meta, generatedAt: new Date().toISOString(), exchanges: this.exchanges, totals, operations };
  }
}

/** Array indices become `*`. A numeric member name of an object is rare in these APIs and reads the same. */
function generalize(pointer: string): string {
  return pointer.replace(/\/\d+(?=\/|$)/g, "/*");
}

/** Sorts a validator problem (Ajv's wording, as `callspec-validate` prints it) into a drift kind. */
export function classifyProblem(problem: PayloadProblem, side: "request" | "response"): DriftFinding {
  const { path, message } = problem;
  const required = /^must have required property '(.+)'/.exec(message);
  if (required) return { kind: "missing-required", in: side, pointer: `${path}/${escapeSegment(required[1] ?? "")}`, message };
  const additional = /^must NOT have additional properties \((.+)\)$/.exec(message);
  if (additional) return { kind: "undeclared-member", in: side, pointer: `${path}/${escapeSegment(additional[1] ?? "")}`, message };
  if (/^must be (string|number|integer|boolean|object|array|null)(,(string|number|integer|boolean|object|array|null))*$/.test(message)) {
    return { kind: "type-mismatch", in: side, pointer: path, message };
  }
  if (/^must be equal to one of the allowed values/.test(message)) return { kind: "enum-value", in: side, pointer: path, message };
  return { kind: "other", in: side, pointer: path, message };
}

function escapeSegment(key: string): string {
  return key.replace(/~/g, "~0").replace(/\//g, "~1");
}
