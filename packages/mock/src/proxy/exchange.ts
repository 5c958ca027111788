import { followRefs, getAtPointer, pointerSegment, type OperationEntry } from "../operation-index.js";
import type { PayloadValidator } from "../payload-validator.js";
import { classifyProblem, type DriftFinding, type ExchangeDrift } from "./drift.js";
import type { Recorder } from "./recorder.js";
import type { Redactor } from "./redact.js";
import { undeclaredMembers } from "./undeclared.js";

/** One request and the answer that came back through Prism, as raw bytes. */
export interface RawExchange {
  seq: number;
  method: string;
  /** The request target: path and query. */
  target: string;
  requestHeaders: Record<string, string | string[] | undefined>;
  requestBody: Buffer;
  status: number;
  responseHeaders: Record<string, string | string[] | undefined>;
  responseBody: Buffer;
}

/** What an exchange is checked with and recorded by. */
export interface ExchangeContext {
  validator: PayloadValidator;
  redactor: Redactor;
  recorder?: Recorder;
}

const jsonMedia = /^application\/([\w.+-]*\+)?json/i;

/** Validates one exchange against the spec, records it (redacted) when recording, and returns its drift. */
export function processExchange(raw: RawExchange, context: ExchangeContext): ExchangeDrift {
  const { validator, redactor, recorder } = context;
  const pathname = new URL(raw.target, "http://placeholder.invalid").pathname;
  const op = validator.findOperation(`${raw.method} ${pathname}`);
  const request = parseBody(raw.requestBody, raw.requestHeaders, redactor);
  const response = parseBody(raw.responseBody, raw.responseHeaders, redactor);
  const files: ExchangeDrift["files"] = {};
  const name = fileStem(raw, op);
  if (recorder && request.json !== undefined) {
    files.request = recorder.writePayload(`REQUEST_${name}.json`, request.json, op ? { operation: op.operationId, kind: "request" } : undefined);
  }
  if (recorder && response.json !== undefined) {
    files.response = recorder.writePayload(`${name}-${raw.status}.json`, response.json, op ? { operation: op.operationId, status: raw.status } : undefined);
  }
  const findings = op ? checkOperation(op, raw.status, request.json, response.json, validator) : [unknownOperation(raw.method, pathname)];
  const prism = prismViolations(raw.responseHeaders["sl-violations"]);
  recorder?.logExchange({
    seq: raw.seq,
    method: raw.method,
    target: redactor.redactUrl(raw.target),
    operation: op?.operationId ?? null,
    status: raw.status,
    requestHeaders: redactor.redactHeaders(raw.requestHeaders),
    responseHeaders: redactor.redactHeaders(raw.responseHeaders),
    ...(request.text !== undefined ? { requestBody: request.text } : {}),
    files,
  });
  return { operation: op?.operationId ?? `${raw.method} ${pathname}`, findings, prism, files };
}

/** A body as recorded: parsed and redacted when it is JSON, redacted text when it is a form, else nothing. */
function parseBody(body: Buffer, headers: RawExchange["requestHeaders"], redactor: Redactor): { json?: unknown; text?: string } {
  if (body.length === 0) return {};
  const type = String(headers["content-type"] ?? "");
  if (jsonMedia.test(type)) {
    try {
      return { json: redactor.redactJson(JSON.parse(body.toString("utf8"))) };
    } catch {
      return {};
    }
  }
  if (/^application\/x-www-form-urlencoded/i.test(type)) return { text: redactor.redactForm(body.toString("utf8")) };
  return {};
}

function checkOperation(op: OperationEntry, status: number, request: unknown, response: unknown, validator: PayloadValidator): DriftFinding[] {
  const findings: DriftFinding[] = [];
  if (request !== undefined) {
    findings.push(...validator.validate(request, { kind: "request", operation: op.operationId }).problems.map((p) => classifyProblem(p, "request")));
  }
  const declared = declaredStatus(op, status);
  if (!declared) {
    findings.push({ kind: "undeclared-status", in: "response", pointer: "", message: `status ${status} (declared: ${op.statuses.join(", ")})` });
    return findings;
  }
  if (response === undefined) return findings;
  // Validated even without a JSON schema for the status, so the report says so as callspec-validate will.
  findings.push(
    ...validator.validate(response, { kind: "response", operation: op.operationId, status: declared }).problems.map((p) => classifyProblem(p, "response")),
  );
  const schema = responseSchema(validator, op, declared);
  for (const pointer of schema ? undeclaredMembers(validator.doc, schema, response) : []) {
    if (!findings.some((f) => f.kind === "undeclared-member" && f.pointer === pointer)) {
      findings.push({ kind: "undeclared-member", in: "response", pointer, message: "not declared by the schema" });
    }
  }
  return findings;
}

/** The response key that covers `status`: itself, its range (`4XX`) or `default`. */
function declaredStatus(op: OperationEntry, status: number): string | undefined {
  const code = String(status);
  return op.statuses.find((s) => s === code) ?? op.statuses.find((s) => s.toUpperCase() === `${code[0]}XX`) ?? op.statuses.find((s) => s === "default");
}

function responseSchema(validator: PayloadValidator, op: OperationEntry, status: string): string | undefined {
  const response = followRefs(validator.doc, `${op.pointer}/responses/${pointerSegment(status)}`);
  if (!response) return undefined;
  const content = (getAtPointer(validator.doc, `${response}/content`) ?? {}) as Record<string, { schema?: unknown }>;
  const media = Object.keys(content).find((m) => jsonMedia.test(m) && content[m]?.schema);
  return media ? `${response}/content/${pointerSegment(media)}/schema` : undefined;
}

function unknownOperation(method: string, pathname: string): DriftFinding {
  return { kind: "undeclared-operation", in: "request", pointer: "", message: `the spec has no operation for ${method} ${pathname}` };
}

/** Prism's `sl-violations` header: a JSON array of `{ location: string[], severity, message }`. */
function prismViolations(header: string | string[] | undefined): ExchangeDrift["prism"] {
  if (typeof header !== "string" || !header.startsWith("[")) return [];
  try {
    const list = JSON.parse(header) as { location?: string[]; severity?: string; message?: string }[];
    return list.map((v) => ({ location: (v.location ?? []).join("."), severity: v.severity ?? "", message: v.message ?? "" }));
  } catch {
    return [];
  }
}

/** `GET_calls_callId__0003`: the name `callspec-validate` maps to the operation even without the manifest. */
function fileStem(raw: RawExchange, op: OperationEntry | undefined): string {
  const seq = String(raw.seq).padStart(4, "0");
  if (!op) return `UNKNOWN_${raw.method}__${seq}`;
  const segments = op.path
    .split("/")
    .filter(Boolean)
    .map((s) => s.replace(/[{}]/g, ""));
  return `${[op.method, ...segments].join("_")}__${seq}`;
}
