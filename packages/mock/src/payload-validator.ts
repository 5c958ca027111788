import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import {
  createOperationMatcher,
  followRefs,
  getAtPointer,
  listOperations,
  loadSpec,
  pointerSegment,
  type OpenApiDocument,
  type OperationEntry,
} from "./operation-index.js";
import { resolveSpecPath, type Vendor } from "./spec-path.js";
import { collapseUnions, type UnionContext } from "./union-problems.js";

// ajv-formats ships CommonJS with a default export; under ESM interop it may arrive wrapped once more.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;

/** What a payload is checked against. */
export type PayloadTarget =
  | { kind: "response"; operation: string; status?: number | string }
  | { kind: "request"; operation: string }
  | { kind: "schema"; schema: string }
  | { kind: "error" };

/** One mismatch between a payload and its schema. */
export interface PayloadProblem {
  /** JSON pointer into the payload, `""` for the root. */
  path: string;
  message: string;
}

/** The outcome of one validation. */
export interface PayloadResult {
  valid: boolean;
  /** Human-readable description of what the payload was checked against. */
  against: string;
  problems: PayloadProblem[];
}

const jsonMedia = /^application\/([\w.+-]*\+)?json/;

/**
 * Validates JSON payloads (captured traffic, fixtures, test data) against the schemas of an OpenAPI 3.0
 * document. Response payloads are checked against every JSON success response of their operation and
 * pass when any of them accepts the payload, since several vendors answer creates with 200 or 201.
 */
export class PayloadValidator {
  readonly doc: OpenApiDocument;
  readonly operations: OperationEntry[];
  private readonly ajv: Ajv;
  private readonly compiled = new Map<string, ValidateFunction>();
  private readonly matchPath: ReturnType<typeof createOperationMatcher>;
  private readonly unions: UnionContext;

  constructor(vendorOrSpec: Vendor | (string & {})) {
    this.doc = loadSpec(resolveSpecPath(vendorOrSpec));
    this.operations = listOperations(this.doc);
    this.matchPath = createOperationMatcher(this.operations);
    // strict: false lets OpenAPI-only keywords (example, xml, discriminator mapping) pass through;
    // Ajv 8 understands the OpenAPI 3.0 `nullable` keyword natively.
    // verbose: a union's error then carries its branches, which collapseUnions needs.
    this.ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, verbose: true });
    addFormats(this.ajv);
    this.ajv.addSchema(this.doc as object, "spec");
    // A failing union is explained by re-checking the one branch that applies.
    this.unions = {
      doc: this.doc,
      check: (pointer, value) => {
        const fn = this.compile(pointer);
        return fn(value) ? [] : [...(fn.errors ?? [])];
      },
    };
  }

  /** Finds an operation by operationId or by `"METHOD /path/template"` or `"METHOD /concrete/path"`. */
  findOperation(ref: string): OperationEntry | undefined {
    const byId = this.operations.find((o) => o.operationId === ref);
    if (byId) return byId;
    const [method, path] = ref.trim().split(/\s+/, 2);
    if (!method || !path) return undefined;
    return this.operations.find((o) => o.method === method.toUpperCase() && o.path === path) ?? this.matchPath(method, path);
  }

  /** Validates one payload against a target. */
  validate(payload: unknown, target: PayloadTarget): PayloadResult {
    const candidates = this.schemaPointers(target);
    if (candidates.length === 0) {
      return { valid: false, against: describe(target), problems: [{ path: "", message: `no JSON schema for ${describe(target)}` }] };
    }
    let best: PayloadResult | undefined;
    for (const { pointer, label } of candidates) {
      const check = this.compile(pointer);
      if (check(payload)) return { valid: true, against: label, problems: [] };
      const result = { valid: false, against: label, problems: toProblems(collapseUnions(check.errors ?? [], payload, this.unions)) };
      if (!best || result.problems.length < best.problems.length) best = result;
    }
    return best!;
  }

  private compile(pointer: string): ValidateFunction {
    let fn = this.compiled.get(pointer);
    if (!fn) {
      fn = this.ajv.compile({ $ref: `spec${pointer}` });
      this.compiled.set(pointer, fn);
    }
    return fn;
  }

  private schemaPointers(target: PayloadTarget): { pointer: string; label: string }[] {
    switch (target.kind) {
      case "schema": {
        const schemas = this.doc.components?.["schemas"] ?? {};
        if (!(target.schema in schemas)) throw new Error(`the spec has no component schema named ${target.schema}`);
        return [{ pointer: `#/components/schemas/${pointerSegment(target.schema)}`, label: `schema ${target.schema}` }];
      }
      case "error":
        return this.errorSchemaPointers();
      case "request": {
        const op = this.requireOperation(target.operation);
        const body = this.follow(`${op.pointer}/requestBody`);
        return this.jsonSchemas(body, `${op.method} ${op.path} request body`);
      }
      case "response": {
        const op = this.requireOperation(target.operation);
        const responses = this.get(`${op.pointer}/responses`) as Record<string, unknown>;
        const wanted = target.status === undefined ? Object.keys(responses).filter((s) => /^2/.test(s)) : [String(target.status)];
        return wanted.flatMap((status) => {
          const response = this.follow(`${op.pointer}/responses/${status}`);
          return response ? this.jsonSchemas(response, `${op.method} ${op.path} ${status} response`) : [];
        });
      }
    }
  }

  /** The distinct JSON schemas that the spec's 4xx/5xx responses use, most used first. */
  private errorSchemaPointers(): { pointer: string; label: string }[] {
    const counts = new Map<string, { pointer: string; label: string; n: number }>();
    for (const op of this.operations) {
      for (const status of op.statuses.filter((s) => /^[45]/.test(s))) {
        const response = this.follow(`${op.pointer}/responses/${status}`);
        for (const candidate of response ? this.jsonSchemas(response, "error response") : []) {
          const schema = this.get(candidate.pointer) as { $ref?: string };
          const key = schema.$ref ?? candidate.pointer;
          const label = schema.$ref ? `error schema ${schema.$ref.split("/").pop()}` : candidate.label;
          const seen = counts.get(key) ?? { pointer: schema.$ref ?? candidate.pointer, label, n: 0 };
          seen.n += 1;
          counts.set(key, seen);
        }
      }
    }
    return [...counts.values()].sort((a, b) => b.n - a.n);
  }

  private jsonSchemas(holder: { pointer: string } | undefined, label: string): { pointer: string; label: string }[] {
    if (!holder) return [];
    const content = this.get(`${holder.pointer}/content`) as Record<string, { schema?: unknown }> | undefined;
    return Object.entries(content ?? {})
      .filter(([media, value]) => jsonMedia.test(media) && value.schema)
      .map(([media]) => ({ pointer: `${holder.pointer}/content/${pointerSegment(media)}/schema`, label }));
  }

  private requireOperation(ref: string): OperationEntry {
    const op = this.findOperation(ref);
    if (!op) throw new Error(`the spec has no operation ${ref}`);
    return op;
  }

  private follow(pointer: string): { pointer: string } | undefined {
    const target = followRefs(this.doc, pointer);
    return target === undefined ? undefined : { pointer: target };
  }

  private get(pointer: string): unknown {
    return getAtPointer(this.doc, pointer);
  }
}

function toProblems(errors: ErrorObject[] | null | undefined): PayloadProblem[] {
  return (errors ?? []).map((e) => {
    const extra =
      e.keyword === "additionalProperties"
        ? ` (${String((e.params as { additionalProperty?: string }).additionalProperty)})`
        : e.keyword === "enum"
          ? ` (${JSON.stringify((e.params as { allowedValues?: unknown }).allowedValues)})`
          : "";
    return { path: e.instancePath, message: `${e.message ?? e.keyword}${extra}` };
  });
}

function describe(target: PayloadTarget): string {
  switch (target.kind) {
    case "schema":
      return `schema ${target.schema}`;
    case "error":
      return "the error schema";
    case "request":
      return `${target.operation} request body`;
    case "response":
      return `${target.operation} ${target.status ?? "2xx"} response`;
  }
}
