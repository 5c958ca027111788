/**
 * One readable line per cause for a value that fails a union (`oneOf`/`anyOf`). Ajv reports every
 * branch's complaints: a call-flow step with one bad option prints a dozen lines, one per step action
 * it is not. When the branches are tagged — each fixes one required property to its own value, like a
 * step's `action` — only the branch the value's tag selects can apply, so only its problems are kept;
 * a value whose tag selects no branch gets one line naming the allowed tags.
 */
import type { ErrorObject } from "ajv";
import { followRefs, getAtPointer, type OpenApiDocument } from "./operation-index.js";

/** What the collapse needs: the spec, and the validator of one schema pointer in it. */
export interface UnionContext {
  doc: OpenApiDocument;
  /** Validates `value` against the schema at `pointer` (`#/components/schemas/SayStep`); its errors, or none. */
  check(pointer: string, value: unknown): ErrorObject[];
}

/** Ajv errors (collected with `verbose: true`) with each tagged union reduced to the branch that applies. */
export function collapseUnions(errors: readonly ErrorObject[], payload: unknown, context: UnionContext): ErrorObject[] {
  const out: ErrorObject[] = [];
  for (const error of errors) {
    if (error.keyword !== "oneOf" && error.keyword !== "anyOf") {
      out.push(error);
      continue;
    }
    const replacement = explainUnion(error, payload, context);
    if (!replacement) {
      out.push(error);
      continue;
    }
    // The branches reported before the union, at or below its place: replaced by the one explanation.
    while (out.length && within(out[out.length - 1]!.instancePath, error.instancePath)) out.pop();
    out.push(...replacement);
  }
  return out;
}

function within(at: string, base: string): boolean {
  return at === base || at.startsWith(`${base}/`);
}

/** The problems of the branch the value's tag selects, or one line when it selects none; undefined when untagged. */
function explainUnion(error: ErrorObject, payload: unknown, context: UnionContext): ErrorObject[] | undefined {
  const branches = Array.isArray(error.schema) ? (error.schema as unknown[]) : [];
  const pointers = branches.map((b) => (isRef(b) && b.$ref.startsWith("#") ? b.$ref : undefined));
  if (pointers.some((p) => p === undefined)) return undefined;
  const tagged = pointers.map((p) => tagsOf(context.doc, p!));
  const tag = [...(tagged[0]?.keys() ?? [])].find(
    (name) => tagged.every((t) => t.has(name)) && new Set(tagged.map((t) => JSON.stringify(t.get(name)))).size === tagged.length,
  );
  if (tag === undefined) return undefined;
  const value = getAtPointer(payload as OpenApiDocument, error.instancePath);
  const own = value !== null && typeof value === "object" ? (value as Record<string, unknown>)[tag] : undefined;
  const index = tagged.findIndex((t) => t.get(tag) === own);
  if (index < 0) {
    const allowed = tagged.map((t) => t.get(tag));
    return [
      {
        ...error,
        keyword: "enum",
        instancePath: `${error.instancePath}/${tag}`,
        params: { allowedValues: allowed },
        message: "must be equal to one of the allowed values",
      },
    ];
  }
  const inner = context.check(pointers[index]!, value).map((e) => ({ ...e, instancePath: `${error.instancePath}${e.instancePath}` }));
  return collapseUnions(inner, payload, context);
}

function isRef(value: unknown): value is { $ref: string } {
  return value !== null && typeof value === "object" && typeof (value as { $ref?: unknown }).$ref === "string";
}

/** Required properties fixed to one value (a one-item `enum` or a `const`), looking through `$ref` and `allOf`. */
function tagsOf(doc: OpenApiDocument, pointer: string, depth = 0): Map<string, unknown> {
  const tags = new Map<string, unknown>();
  const at = followRefs(doc, pointer);
  const schema = at === undefined ? undefined : (getAtPointer(doc, at) as Record<string, unknown> | undefined);
  if (!schema || depth > 8) return tags;
  const required = new Set((schema.required as string[] | undefined) ?? []);
  for (const [name, raw] of Object.entries((schema.properties as Record<string, Record<string, unknown>> | undefined) ?? {})) {
    const prop = isRef(raw) ? (getAtPointer(doc, followRefs(doc, raw.$ref) ?? "") as Record<string, unknown>) : raw;
    const single = Array.isArray(prop?.enum) && prop.enum.length === 1 ? prop.enum : prop && "const" in prop ? [prop.const] : undefined;
    if (single && required.has(name)) tags.set(name, single[0]);
  }
  for (const [i] of ((schema.allOf as unknown[] | undefined) ?? []).entries()) {
    for (const [name, value] of tagsOf(doc, `${at}/allOf/${i}`, depth + 1)) tags.set(name, value);
  }
  return tags;
}
