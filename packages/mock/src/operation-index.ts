import { readFileSync } from "node:fs";
import { parse } from "yaml";

/** The parts of an OpenAPI 3.0 document this package reads. */
export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, unknown>>;
  components?: Record<string, Record<string, unknown>>;
  [key: string]: unknown;
}

/** One operation of a spec, with a matcher for concrete request paths. */
export interface OperationEntry {
  operationId: string;
  /** Upper-case HTTP method. */
  method: string;
  /** The path template, e.g. `/calls/{callId}`. */
  path: string;
  /** JSON pointer of the operation object inside the document. */
  pointer: string;
  /** Status codes the operation declares (`"default"` included when present). */
  statuses: string[];
}

const methods = ["get", "put", "post", "delete", "patch", "head", "options", "trace"] as const;

/** Reads and parses an OpenAPI document (YAML or JSON). */
export function loadSpec(path: string): OpenApiDocument {
  return parse(readFileSync(path, "utf8")) as OpenApiDocument;
}

/** Escapes a key for use as one JSON-pointer segment. */
export function pointerSegment(key: string): string {
  return key.replace(/~/g, "~0").replace(/\//g, "~1");
}

/** Lists every operation of a document in document order. */
export function listOperations(doc: OpenApiDocument): OperationEntry[] {
  const entries: OperationEntry[] = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of methods) {
      const op = item[method] as { operationId?: string; responses?: Record<string, unknown> } | undefined;
      if (!op) continue;
      entries.push({
        operationId: op.operationId ?? `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        pointer: `#/paths/${pointerSegment(path)}/${method}`,
        statuses: Object.keys(op.responses ?? {}),
      });
    }
  }
  return entries;
}

interface CompiledMatcher {
  entry: OperationEntry;
  pattern: RegExp;
  /** Characters of the template outside `{…}`: more means more specific. */
  literal: number;
}

/**
 * Finds the operation a concrete request belongs to. When several templates match
 * (`/recordings/{id}` and `/recordings/{id}.wav` both match `/recordings/x.wav`), the one with the most
 * literal characters wins, which is how servers route these paths too.
 */
export function createOperationMatcher(entries: OperationEntry[]) {
  const compiled: CompiledMatcher[] = entries.map((entry) => ({
    entry,
    pattern: new RegExp(
      `^${entry.path
        .split(/(\{[^}]+\})/)
        .map((part) => (part.startsWith("{") ? "([^/]+)" : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
        .join("")}$`,
    ),
    literal: entry.path.replace(/\{[^}]+\}/g, "").length,
  }));
  return (method: string, pathname: string): OperationEntry | undefined => {
    let best: CompiledMatcher | undefined;
    for (const candidate of compiled) {
      if (candidate.entry.method !== method.toUpperCase()) continue;
      if (!candidate.pattern.test(pathname)) continue;
      if (!best || candidate.literal > best.literal) best = candidate;
    }
    return best?.entry;
  };
}

/** Reads the value at a JSON pointer (`#/components/schemas/Call`) of a document. */
export function getAtPointer(doc: OpenApiDocument, pointer: string): unknown {
  let node: unknown = doc;
  for (const raw of pointer
    .replace(/^#\/?/, "")
    .split("/")
    .filter((s) => s !== "")) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/**
 * Follows `$ref`s from a pointer until it reaches an object that is not a reference (used for responses,
 * request bodies and parameters, whose `$ref`s a JSON-schema validator does not follow). Returns the
 * pointer of that object, or undefined when nothing is there.
 */
export function followRefs(doc: OpenApiDocument, pointer: string): string | undefined {
  let current = pointer;
  for (let hops = 0; hops < 10; hops++) {
    const value = getAtPointer(doc, current) as { $ref?: unknown } | undefined;
    if (value === undefined) return undefined;
    if (typeof value.$ref !== "string") return current;
    current = value.$ref;
  }
  throw new Error(`$ref chain too long at ${pointer}`);
}
