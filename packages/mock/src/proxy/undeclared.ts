import { getAtPointer, type OpenApiDocument } from "../operation-index.js";

type Schema = Record<string, unknown>;

/** What an object schema declares once `$ref`, `allOf`, `oneOf` and `anyOf` are merged. */
interface Declared {
  properties: Map<string, Schema>;
  /** A schema for undeclared members (`additionalProperties: {…}`), or true when any member is allowed. */
  additional: Schema | true | undefined;
  items: Schema | undefined;
}

/**
 * JSON pointers of the object members in `value` that the schema at `pointer` does not declare. A JSON
 * schema allows undeclared members unless it says `additionalProperties: false`, so schema validation
 * (Ajv's, or Prism's) passes them silently; a vendor adding a member is drift all the same. A member is
 * declared when any branch of a union declares it, so a union never reports a branch's members as new.
 */
export function undeclaredMembers(doc: OpenApiDocument, pointer: string, value: unknown): string[] {
  const found: string[] = [];
  walk(doc, schemaAt(doc, pointer), value, "", found);
  return found;
}

function walk(doc: OpenApiDocument, schema: Schema | undefined, value: unknown, path: string, found: string[]): void {
  if (!schema || value === null || typeof value !== "object") return;
  const declared = merge(doc, schema);
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) walk(doc, declared.items, item, `${path}/${i}`, found);
    return;
  }
  // No properties anywhere and no `additionalProperties: false`: a free-form map, nothing to compare.
  if (declared.properties.size === 0 && declared.additional === undefined) return;
  for (const [key, member] of Object.entries(value)) {
    const at = `${path}/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`;
    const own = declared.properties.get(key);
    if (own) walk(doc, own, member, at, found);
    else if (declared.additional === undefined) found.push(at);
    else if (declared.additional !== true) walk(doc, declared.additional, member, at, found);
  }
}

function merge(doc: OpenApiDocument, start: Schema): Declared {
  const declared: Declared = { properties: new Map(), additional: undefined, items: undefined };
  const queue: Schema[] = [start];
  for (let seen = 0; queue.length > 0 && seen < 200; seen++) {
    const schema = resolve(doc, queue.shift());
    if (!schema) continue;
    for (const [name, sub] of Object.entries((schema["properties"] ?? {}) as Record<string, Schema>)) {
      if (!declared.properties.has(name)) declared.properties.set(name, sub);
    }
    const additional = schema["additionalProperties"];
    if (additional === true || (typeof additional === "object" && additional !== null && Object.keys(additional).length === 0)) declared.additional = true;
    else if (typeof additional === "object" && additional !== null && declared.additional === undefined) declared.additional = additional as Schema;
    if (schema["items"] && !declared.items) declared.items = schema["items"] as Schema;
    for (const key of ["allOf", "oneOf", "anyOf"]) queue.push(...((schema[key] ?? []) as Schema[]));
  }
  return declared;
}

function resolve(doc: OpenApiDocument, schema: Schema | undefined): Schema | undefined {
  let current = schema;
  for (let hops = 0; current && typeof current["$ref"] === "string" && hops < 20; hops++) current = schemaAt(doc, current["$ref"] as string);
  return current;
}

function schemaAt(doc: OpenApiDocument, pointer: string): Schema | undefined {
  const value = getAtPointer(doc, pointer);
  return value !== null && typeof value === "object" ? (value as Schema) : undefined;
}
