// `generate` task of every vendor package, next to generate-types.mjs: validators compiled from the
// package's spec with Ajv into standalone code, so the published `/validators` entry carries no Ajv (and
// costs nothing to users who never import it). They check the request bodies the package sends, and the
// requests the vendor sends to the customer's server (the spec's `x-webhooks`): their query, their body
// and the answer the vendor expects back. The package names its spec in package.json (`"callspec": {
// "spec": "<vendor>" }`), so adding a vendor needs no new script.
//
// Writes src/generated/validators.js (ESM) and src/generated/validators.d.ts; the package's
// src/validators.ts re-exports them. Everything vendor-specific in those files comes from the spec.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadBundledSpec, outDir, pkg, requirePkg, specName, vendor, webhooksOf } from "./vendor-spec.mjs";

const { default: Ajv } = requirePkg("ajv");
const { default: standaloneCode } = requirePkg("ajv/dist/standalone");
const ajvVersion = requirePkg("ajv/package.json").version;

const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
/** JSON Schema keywords of OpenAPI 3.0's schema object that validate, kept as they are. */
const VALIDATION = new Set([
  "type",
  "enum",
  "multipleOf",
  "maximum",
  "minimum",
  "maxLength",
  "minLength",
  "pattern",
  "maxItems",
  "minItems",
  "uniqueItems",
  "maxProperties",
  "minProperties",
  "required",
  "format",
]);
/** Keywords that only annotate: left out of what Ajv compiles (they generate no code anyway). */
const ANNOTATIONS = new Set([
  "title",
  "description",
  "default",
  "example",
  "examples",
  "deprecated",
  "readOnly",
  "writeOnly",
  "xml",
  "externalDocs",
  "discriminator",
]);
/** Facts worth reporting: what in the spec was converted rather than passed through. */
const notes = [];

// ---------------------------------------------------------------------------------------------- the spec
const doc = loadBundledSpec();

const unescapePointer = (segment) => segment.replace(/~1/g, "/").replace(/~0/g, "~");

function atPointer(ref) {
  if (!ref.startsWith("#")) throw new Error(`${specName}: $ref ${ref} points outside the bundled document`);
  let node = doc;
  for (const segment of ref.slice(1).split("/").filter(Boolean).map(unescapePointer)) {
    if (node === null || typeof node !== "object" || !(segment in node)) throw new Error(`${specName}: $ref ${ref} leads nowhere`);
    node = node[segment];
  }
  return node;
}

/** Follows `$ref`s (of request bodies, path items, schemas) to the object they name. */
function deref(value) {
  for (let hops = 0; value && typeof value === "object" && typeof value.$ref === "string"; hops++) {
    if (hops > 32) throw new Error(`${specName}: $ref chain too long at ${value.$ref}`);
    value = atPointer(value.$ref);
  }
  return value;
}

// ------------------------------------------------------------------------ OpenAPI 3.0 schema → Ajv schema
const SCHEMAS_PREFIX = "#/components/schemas/";
const ROOT_ID = "urn:callspec:definitions";
/** Component schemas Ajv needs, converted on first use. */
const definitions = {};

/**
 * Converts one OpenAPI 3.0 schema object (at `where`, for messages) to a draft-07 schema Ajv compiles in
 * strict mode. Keyword by keyword, so a property *named* `example` is never mistaken for the annotation.
 */
function convert(schema, where, depth = 0) {
  if (typeof schema === "boolean") return schema;
  if (schema === null || typeof schema !== "object" || Array.isArray(schema)) throw new Error(`${where}: not a schema`);
  if (depth > 64) throw new Error(`${where}: schema nests too deep (a cycle through inline $refs?)`);
  if (typeof schema.$ref === "string") {
    // OpenAPI 3.0: members beside a $ref are ignored. Say so when one of them would have validated.
    const ignored = Object.keys(schema).filter((k) => k !== "$ref" && !ANNOTATIONS.has(k) && !k.startsWith("x-"));
    if (ignored.length) notes.push(`${where}: ${ignored.join(", ")} beside $ref ignored, as OpenAPI 3.0 says`);
    return convertRef(schema.$ref, where, depth);
  }
  const out = {};
  for (const [key, value] of Object.entries(schema)) {
    if (ANNOTATIONS.has(key) || key.startsWith("x-")) continue;
    if (VALIDATION.has(key)) out[key] = value;
    else if (key === "nullable") {
      // Ajv 8 knows `nullable` beside `type`; without a `type`, OpenAPI 3.0.3 gives it no effect.
      if (value === true && schema.type !== undefined) out.nullable = true;
    } else if (key === "exclusiveMinimum" || key === "exclusiveMaximum") {
      // OpenAPI 3.0 (like draft 4) makes these booleans that modify minimum/maximum; draft 7 wants the bound.
      const bound = key === "exclusiveMinimum" ? "minimum" : "maximum";
      if (typeof value === "number") out[key] = value;
      else if (value === true && typeof schema[bound] === "number") out[key] = schema[bound];
    } else if (key === "properties") {
      out.properties = Object.fromEntries(Object.entries(value).map(([name, s]) => [name, convert(s, `${where}/properties/${name}`, depth + 1)]));
    } else if (key === "items" || key === "not") {
      out[key] = convert(value, `${where}/${key}`, depth + 1);
    } else if (key === "additionalProperties") {
      out[key] = typeof value === "boolean" ? value : convert(value, `${where}/${key}`, depth + 1);
    } else if (key === "allOf" || key === "anyOf" || key === "oneOf") {
      out[key] = value.map((s, i) => convert(s, `${where}/${key}/${i}`, depth + 1));
    } else {
      throw new Error(`${where}: keyword "${key}" is not part of OpenAPI 3.0's schema object; fix the spec or teach scripts/generate-validators.mjs`);
    }
  }
  if (out.exclusiveMinimum !== undefined) delete out.minimum;
  if (out.exclusiveMaximum !== undefined) delete out.maximum;
  // A readOnly property is sent by the server only: in a request body it may (should) be left out.
  if (Array.isArray(out.required) && schema.properties) {
    const readOnly = out.required.filter((name) => schema.properties[name] && deref(schema.properties[name]).readOnly === true);
    if (readOnly.length) {
      out.required = out.required.filter((name) => !readOnly.includes(name));
      if (!out.required.length) delete out.required;
      notes.push(`${where}: readOnly ${readOnly.join(", ")} not required in request bodies`);
    }
  }
  if (schema.discriminator) notes.push(`${where}: discriminator dropped (a hint in OpenAPI 3.0; the oneOf/anyOf still decides)`);
  for (const key of ["oneOf", "anyOf"]) if (out[key]) tagUnion(out, key, schema[key], where);
  return out;
}

function convertRef(ref, where, depth) {
  if (ref.startsWith(SCHEMAS_PREFIX)) {
    const name = unescapePointer(ref.slice(SCHEMAS_PREFIX.length).split("/")[0]);
    if (!(name in definitions)) {
      const target = doc.components?.schemas?.[name];
      if (target === undefined) throw new Error(`${where}: $ref ${ref} leads nowhere`);
      definitions[name] = {}; // placeholder: recursive schemas refer to it while it is converted
      definitions[name] = convert(target, `${SCHEMAS_PREFIX}${name}`);
    }
    return { $ref: `${ROOT_ID}#/definitions/${ref.slice(SCHEMAS_PREFIX.length)}` };
  }
  // A schema somewhere else in the document (a path's inline schema, say): copied in.
  return convert(atPointer(ref), ref, depth + 1);
}

/** What every branch of a union says about itself, looking through $refs and allOf. */
function branchFacts(schema, facts = { object: false, required: new Set(), tags: new Map() }, depth = 0) {
  const s = deref(schema);
  if (!s || typeof s !== "object" || depth > 16) return facts;
  if (s.type === "object") facts.object = true;
  for (const name of s.required ?? []) facts.required.add(name);
  for (const [name, prop] of Object.entries(s.properties ?? {})) {
    const p = deref(prop);
    const single = p && "enum" in p && Array.isArray(p.enum) && p.enum.length === 1 ? p.enum : p && "const" in p ? [p.const] : undefined;
    if (single) facts.tags.set(name, single[0]);
  }
  for (const member of s.allOf ?? []) branchFacts(member, facts, depth + 1);
  return facts;
}

/**
 * A union of object shapes that each fix one required property to their own single value (`action:
 * "say"` of a call-flow step) is a tagged union. Ajv would report every branch's complaints about a
 * step; rewritten as "the tag is one of these, and the branch of that tag applies" it reports the one
 * branch that applies, and accepts and refuses exactly the same bodies: no two branches share a tag, and
 * each branch needs its own tag, so at most one branch can ever match.
 */
function tagUnion(out, key, branches, where) {
  if (branches.length < 2) return;
  const facts = branches.map((b) => branchFacts(b));
  if (!facts.every((f) => f.object)) return;
  const tag = [...facts[0].tags.keys()].find((name) => {
    if (!facts.every((f) => f.tags.has(name) && f.required.has(name))) return false;
    const values = facts.map((f) => JSON.stringify(f.tags.get(name)));
    return new Set(values).size === values.length;
  });
  if (tag === undefined) return;
  const values = facts.map((f) => f.tags.get(tag));
  const converted = out[key];
  delete out[key];
  out.allOf = [
    ...(out.allOf ?? []),
    { type: "object", required: [tag], properties: { [tag]: { enum: values } } },
    // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then keywords, not a thenable
    ...converted.map((branch, i) => ({ if: { type: "object", required: [tag], properties: { [tag]: { const: values[i] } } }, then: branch })),
  ];
  const list = values.map((v) => JSON.stringify(v)).join(", ");
  notes.push(`${where}: ${key} read as a union tagged by "${tag}" (${list}), to report the one branch that applies`);
}

// -------------------------------------------------------------------------------------------- operations
const operations = [];
for (const [path, rawItem] of Object.entries(doc.paths ?? {})) {
  const item = deref(rawItem);
  for (const method of HTTP_METHODS) {
    const op = item?.[method];
    if (!op) continue;
    const body = op.requestBody && deref(op.requestBody);
    const media = body?.content?.["application/json"];
    if (!media || media.schema === undefined) continue;
    const key = `${method.toUpperCase()} ${path}`;
    const where = `${key} request body`;
    operations.push({ key, required: body.required === true, schema: convert(media.schema, where) });
  }
}
const byKey = (a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
operations.sort(byKey);

// ---------------------------------------------------------------------------------------------- webhooks
/**
 * The one operation of a webhook's Path Item. The specs' convention is one per webhook, and it is what
 * lets `validateWebhook` name a webhook without a method.
 */
function webhookOperation(name, item) {
  const methods = HTTP_METHODS.filter((method) => item?.[method]);
  if (methods.length !== 1) {
    throw new Error(`${specName}: x-webhooks.${name} must have exactly one operation (it has ${methods.join(", ") || "none"})`);
  }
  return [methods[0], item[methods[0]]];
}

/** The operation's parameters: those of the Path Item, unless the operation redefines them (as OpenAPI says). */
function parametersOf(item, op) {
  const byPlace = new Map();
  for (const raw of [...(item.parameters ?? []), ...(op.parameters ?? [])]) {
    const parameter = deref(raw);
    byPlace.set(`${parameter.in} ${parameter.name}`, parameter);
  }
  return [...byPlace.values()];
}

/** The `type` a schema states, looking through `$ref`s and allOf members. */
function typeOf(schema, depth = 0) {
  const s = deref(schema);
  if (!s || typeof s !== "object" || depth > 16) return undefined;
  if (typeof s.type === "string") return s.type;
  for (const member of s.allOf ?? []) {
    const type = typeOf(member, depth + 1);
    if (type) return type;
  }
  return undefined;
}

/** What a list parameter's items are separated by when it is not exploded, per OpenAPI's `style`. */
const SEPARATORS = { form: ",", spaceDelimited: " ", pipeDelimited: "|" };

/**
 * How the generated `queryValues` reads one query parameter out of a URL, where every value is a
 * string: `"integer"`, `"number"` or `"boolean"` for a value it turns into that type first, `[itemType]`
 * for a list sent as repeated keys, `[itemType, separator]` for one sent as a single joined value.
 * Undefined for a plain string, which is checked as it is.
 */
function queryKind(parameter, where) {
  const type = typeOf(parameter.schema);
  if (type !== "array") return type === "integer" || type === "number" || type === "boolean" ? type : undefined;
  const style = parameter.style ?? "form";
  const explode = parameter.explode ?? style === "form";
  if (!(style in SEPARATORS)) {
    notes.push(`${where}: style ${style} is not read from a query string; the value is checked as given`);
    return undefined;
  }
  const item = typeOf(deref(parameter.schema).items) ?? "string";
  return explode ? [item] : [item, SEPARATORS[style]];
}

/** The query parameters as one object schema (any other parameter allowed), and how to read each. */
function querySchema(parameters, where) {
  const query = parameters.filter((p) => p.in === "query");
  if (!query.length) return undefined;
  const properties = [];
  const kinds = [];
  for (const parameter of query) {
    const at = `${where} query parameter ${parameter.name}`;
    if (parameter.schema === undefined) notes.push(`${at}: no schema (content-typed), only its presence is checked`);
    properties.push([parameter.name, parameter.schema === undefined ? {} : convert(parameter.schema, at)]);
    const kind = parameter.schema === undefined ? undefined : queryKind(parameter, at);
    if (kind !== undefined) kinds.push([parameter.name, kind]);
  }
  const schema = { type: "object", properties: Object.fromEntries(properties) };
  const required = query.filter((p) => p.required === true).map((p) => p.name);
  if (required.length) schema.required = required;
  return { schema, kinds: Object.fromEntries(kinds) };
}

/** The JSON schema of the answer the vendor expects: of the 200 response, else the first 2xx one. */
function responseSchema(op, where) {
  const codes = Object.keys(op.responses ?? {});
  const code = codes.includes("200") ? "200" : codes.filter((c) => /^2([0-9][0-9]|XX)$/i.test(c)).sort()[0];
  const media = code === undefined ? undefined : deref(op.responses[code])?.content?.["application/json"];
  return media?.schema === undefined ? undefined : convert(media.schema, `${where} ${code} response`);
}

/** Every webhook of the spec, by name, with the schemas of the parts that have one. */
function collectWebhooks() {
  return Object.entries(webhooksOf(doc))
    .map(([name, rawItem]) => {
      const item = deref(rawItem);
      const [method, op] = webhookOperation(name, item);
      const where = `x-webhooks.${name}`;
      const body = op.requestBody && deref(op.requestBody);
      const media = body?.content?.["application/json"];
      return {
        key: name,
        method: method.toUpperCase(),
        operationId: op.operationId,
        query: querySchema(parametersOf(item, op), where),
        body: media?.schema === undefined ? undefined : { required: body.required === true, schema: convert(media.schema, `${where} request body`) },
        response: responseSchema(op, where),
      };
    })
    .sort(byKey);
}
const webhooks = collectWebhooks();

// ----------------------------------------------------------------------------------------------- compile
const ajv = new Ajv({
  allErrors: true, // every bad field, not just the first
  messages: false, // the problems are worded by problemsOf below; Ajv's English stays out of the bundle
  // ajv-formats is not a dependency: `format` stays an annotation (an e-mail or URI is not checked).
  validateFormats: false,
  // Strict about keywords (the conversion above leaves only ones Ajv knows), lenient about OpenAPI's habit
  // of `required`/`properties` without `type: object` inside allOf members.
  strict: true,
  strictTypes: false,
  strictRequired: false,
  inlineRefs: false, // one function per component schema, called where it is used: the smaller file here
  code: { source: true, esm: true },
});
/**
 * One compiled function per distinct schema (the webhooks of one event type share theirs). Each goes into
 * the same document as the component schemas: Ajv compiles a component once per document that refers to
 * it, so a body schema of its own document would carry its own copy of every component it names.
 */
const compiled = new Map();
const exportNames = {};
function compile(schema) {
  const key = JSON.stringify(schema);
  if (!compiled.has(key)) {
    const name = `check${compiled.size}`;
    // `$` cannot begin a component name (OpenAPI allows letters, digits, ".", "-", "_"): no clash. Wrapped
    // in allOf: Ajv would follow a bare `$ref` and compile its target afresh, a second copy of it.
    definitions[`$${name}`] = { allOf: [schema] };
    exportNames[name] = `${ROOT_ID}#/definitions/$${name}`;
    compiled.set(key, name);
  }
  return compiled.get(key);
}
for (const op of operations) op.check = compile(op.schema);
for (const hook of webhooks) {
  if (hook.query) hook.query.check = compile(hook.query.schema);
  if (hook.body) hook.body.check = compile(hook.body.schema);
  if (hook.response) hook.responseCheck = compile(hook.response);
}
ajv.addSchema({ $id: ROOT_ID, definitions });
let code = compiled.size ? standaloneCode(ajv, exportNames) : '"use strict";';

// Ajv's runtime helpers arrive as `require("ajv/dist/runtime/<name>").default`. They are small
// self-contained functions: their source goes into the file, so it works unbundled (tests, tools) and the
// built package neither imports nor bundles anything from ajv.
const inlinedHelpers = new Set();
code = code.replace(/require\("(ajv\/dist\/runtime\/[a-z0-9_]+)"\)\.default/gi, (_, id) => {
  const helper = requirePkg(id).default;
  const source = typeof helper === "function" ? helper.toString() : "";
  if (!/^function\s*[\w$]*\s*\(/.test(source) || /\brequire\s*\(/.test(source)) {
    throw new Error(`${id}: not a self-contained function; bundle it instead (see scripts/generate-validators.mjs)`);
  }
  inlinedHelpers.add(id);
  return `(${source})`;
});
if (/\brequire\s*\(\s*["']|(^|[;}])\s*import\s*[\w{*"']|\bimport\s*\(\s*["']/m.test(code)) {
  throw new Error("Ajv's standalone code still loads a module; see scripts/generate-validators.mjs");
}
// The compiled functions stay private: the module's API is the names declared in validators.d.ts.
const exported = code.match(/export const check[0-9]+ = /g) ?? [];
if (exported.length !== compiled.size) throw new Error("Ajv's standalone code no longer exports one `checkN` per schema");
code = code.replace(/export const (check[0-9]+) = /g, "const $1 = ");
code = dropUnusedSchemaConstants(code);

/**
 * Ajv declares a `const schemaN = {…}` (the schema as JSON) for every schema it compiled, but the code
 * reads only a few of them (for an enum's allowed values). The others are dead weight in the bundle.
 */
function dropUnusedSchemaConstants(source) {
  let out = source;
  for (const [, name] of source.matchAll(/\bconst (schema\d+) = [{[]/g)) {
    if ((out.match(new RegExp(`\\b${name}\\b`, "g")) ?? []).length !== 1) continue;
    const start = out.indexOf(`const ${name} = `);
    let i = start + `const ${name} = `.length;
    for (let depth = 0, inString = false; i < out.length; i++) {
      const c = out[i];
      if (inString) {
        if (c === "\\") i++;
        else if (c === '"') inString = false;
      } else if (c === '"') inString = true;
      else if (c === "{" || c === "[") depth++;
      else if ((c === "}" || c === "]") && --depth === 0) break;
    }
    if (out[i + 1] !== ";") throw new Error(`cannot find the end of ${name} in Ajv's code`);
    out = out.slice(0, start) + out.slice(i + 2);
  }
  return out;
}
// ------------------------------------------------------------------------------------- runtime (emitted)
// Emitted into every generated file with Function.prototype.toString, so it must not use anything from
// this script's scope. It words Ajv's error objects from their keyword and params only: those hold the
// schema's facts (allowed values, limits, property names), while the value that was sent, which may be a
// password or a token, is never read. `root` names the value itself in `field`: "(body)" or "(query)".
function problemsOf(errors, root = "(body)") {
  const segment = (s) => s.replace(/~1/g, "/").replace(/~0/g, "~");
  const escapePointer = (s) => String(s).replace(/~/g, "~0").replace(/\//g, "~1");
  const fieldOf = (pointer) => {
    let field = "";
    for (const part of pointer.split("/").slice(1).map(segment)) {
      if (/^(0|[1-9][0-9]*)$/.test(part)) field += `[${part}]`;
      else if (/^[A-Za-z_$][\w$-]*$/.test(part)) field += field ? `.${part}` : part;
      else field += `[${JSON.stringify(part)}]`;
    }
    return field || root;
  };
  const quote = (values) => values.map((v) => JSON.stringify(v)).join(", ");
  const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;
  const describe = (e) => {
    const p = e.params || {};
    switch (e.keyword) {
      case "required":
        return [`/${escapePointer(p.missingProperty)}`, "is required"];
      case "dependencies":
      case "dependentRequired":
        return [`/${escapePointer(p.missingProperty)}`, `is required when ${JSON.stringify(p.property)} is present`];
      case "additionalProperties":
        return ["", `must not have property ${JSON.stringify(p.additionalProperty)}`];
      case "type":
        return ["", `must be ${String(p.type).split(",").join(" or ")}`];
      case "enum":
        return ["", `must be one of ${quote(p.allowedValues)}`];
      case "const":
        return ["", `must be ${JSON.stringify(p.allowedValue)}`];
      case "pattern":
        return ["", `must match the pattern ${JSON.stringify(p.pattern)}`];
      case "format":
        return ["", `must be a valid ${p.format}`];
      case "minLength":
        return ["", `must be at least ${plural(p.limit, "character")} long`];
      case "maxLength":
        return ["", `must be at most ${plural(p.limit, "character")} long`];
      case "minimum":
      case "maximum":
      case "exclusiveMinimum":
      case "exclusiveMaximum":
        return ["", `must be ${p.comparison} ${p.limit}`];
      case "multipleOf":
        return ["", `must be a multiple of ${p.multipleOf}`];
      case "minItems":
        return ["", `must have at least ${plural(p.limit, "item")}`];
      case "maxItems":
        return ["", `must have at most ${plural(p.limit, "item")}`];
      case "uniqueItems":
        return ["", `must not repeat an item (items ${p.j} and ${p.i} are the same)`];
      case "minProperties":
        return ["", `must have at least ${plural(p.limit, "property")}`.replace(/propertys$/, "properties")];
      case "maxProperties":
        return ["", `must have at most ${plural(p.limit, "property")}`.replace(/propertys$/, "properties")];
      case "not":
        return ["", "must not match the schema it is excluded from"];
      case "false schema":
        return ["", "is not allowed"];
      default:
        return ["", `does not match the schema (${e.keyword})`];
    }
  };
  const within = (at, base) => at === base || at.startsWith(`${base}/`);
  // Each entry: `at` is the JSON pointer of the value the problem is about.
  const found = [];
  for (const e of errors || []) {
    if (e.keyword === "if") continue; // a failed `then`: its own problems came just before
    if (e.keyword === "oneOf" || e.keyword === "anyOf") {
      // The union's branches reported their problems just before it, at or below its own place.
      const base = e.instancePath;
      let start = found.length;
      while (start > 0 && within(found[start - 1].at, base)) start--;
      const branches = found.splice(start);
      if (e.params && Array.isArray(e.params.passingSchemas)) {
        found.push({ at: base, message: "must match exactly one of the allowed schemas, but matches several" });
        continue;
      }
      // A branch that got past this value's own shape says more about what is wrong inside it…
      const deeper = branches.filter((b) => b.at !== base);
      if (deeper.length) found.push(...deeper);
      // …otherwise every branch refused the value itself: it must be one thing or another.
      else found.push({ at: base, message: [...new Set(branches.map((b) => b.message))].join(", or ") || "must match one of the allowed schemas" });
      continue;
    }
    const [child, message] = describe(e);
    found.push({ at: `${e.instancePath}${child}`, message });
  }
  const seen = new Set();
  const problems = [];
  for (const { at, message } of found) {
    const key = `${at}\n${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push({ field: fieldOf(at), pointer: at, message });
  }
  return problems;
}

// Emitted too. A URL's query holds strings only, so before its schema is checked each parameter the spec
// types as a number or boolean is turned into one, when its text is exactly such a value (JSON's number
// syntax, `true` or `false`); any other text stays a string and is refused by the `type` check, without
// being quoted. Lists are split or gathered as `kinds` says (see queryKind in the generator). The checked
// value is a copy: what the caller passed is never changed.
function queryValues(query, kinds) {
  const own = (o, key) => Object.hasOwn(o, key);
  const number = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$/;
  const scalar = (v, kind) => {
    if (typeof v !== "string") return v;
    if ((kind === "integer" || kind === "number") && number.test(v)) return Number(v);
    if (kind === "boolean" && (v === "true" || v === "false")) return v === "true";
    return v;
  };
  let values = typeof query === "string" ? new URLSearchParams(query) : query === undefined ? {} : query;
  if (typeof values?.getAll === "function" && typeof values.keys === "function") {
    const params = values;
    values = Object.create(null);
    for (const key of params.keys()) {
      const repeated = own(kinds, key) && Array.isArray(kinds[key]) && kinds[key].length === 1;
      values[key] = repeated ? params.getAll(key) : params.get(key);
    }
  }
  if (values === null || typeof values !== "object" || Array.isArray(values)) return values;
  const out = { ...values };
  for (const key of Object.keys(kinds)) {
    if (!own(out, key)) continue;
    const kind = kinds[key];
    if (!Array.isArray(kind)) out[key] = scalar(out[key], kind);
    else {
      const [item, separator] = kind;
      const list = typeof out[key] !== "string" ? out[key] : separator ? out[key].split(separator) : [out[key]];
      out[key] = Array.isArray(list) ? list.map((v) => scalar(v, item)) : list;
    }
  }
  return out;
}
// ---------------------------------------------------------------------------------------------- write
const title = `${doc.info?.title ?? vendor} ${doc.info?.version ?? ""}`.trim();
const generatedBy = `// Generated by scripts/generate-validators.mjs from ${specName} (${title}); do not edit.`;

/** One webhook's entry in the emitted table: `[check, required]` per body, `[check, kinds]` for its query. */
function webhookEntry(hook) {
  const parts = [];
  if (hook.query) parts.push(`query: [${hook.query.check}, ${JSON.stringify(hook.query.kinds)}]`);
  if (hook.body) parts.push(`body: [${hook.body.check}, ${hook.body.required}]`);
  if (hook.responseCheck) parts.push(`response: [${hook.responseCheck}, true]`);
  return `  [${JSON.stringify(hook.key)}, { ${parts.join(", ")} }],`;
}

/** The query half of validateWebhook, left out of the module when no webhook has query parameters. */
function queryBranch() {
  if (!webhooks.some((h) => h.query)) return ["", ""];
  const branch = `
  if (part === "query") {
    const query = queryValues(value, detail);
    return validate(query) ? [] : problemsOf(validate.errors, "(query)");
  }`;
  return [`\n${queryValues.toString()}\n`, branch];
}

function moduleSource() {
  const helpers = [...inlinedHelpers].map((id) => id.split("/").pop()).join(", ");
  const [queryRuntime, queryCheck] = queryBranch();
  // The tables are marked pure so that a bundler drops the half of the module an app never calls.
  return `${generatedBy}
// Ajv ${ajvVersion} standalone code${helpers ? ` with its runtime helpers (${helpers}) inlined` : ""}: nothing is imported.
// Not checked: \`format\` (dates, e-mail addresses, URIs), since ajv-formats is not part of the build.
${code}

const requestBodyValidators = /* @__PURE__ */ new Map([
${operations.map((op) => `  [${JSON.stringify(op.key)}, [${op.check}, ${op.required}]],`).join("\n")}
]);

const webhookValidators = /* @__PURE__ */ new Map([
${webhooks.map(webhookEntry).join("\n")}
]);

${problemsOf.toString()}
${queryRuntime}
export const requestBodyOperations = /* @__PURE__ */ Object.freeze([...requestBodyValidators.keys()]);

export const webhookNames = /* @__PURE__ */ Object.freeze([...webhookValidators.keys()]);

export function validateRequestBody(method, path, body) {
  const entry = requestBodyValidators.get(\`\${String(method).toUpperCase()} \${path}\`);
  if (entry === undefined) return undefined;
  const [validate, required] = entry;
  if (body === undefined) return required ? [{ field: "(body)", pointer: "", message: "is required" }] : [];
  return validate(body) ? [] : problemsOf(validate.errors);
}

export function validateWebhook(name, part, value) {
  const hook = webhookValidators.get(name);
  const entry = hook !== undefined && (part === "query" || part === "body" || part === "response") ? hook[part] : undefined;
  if (entry === undefined) return undefined;
  const [validate, detail] = entry;${queryCheck}
  if (value === undefined) return detail ? [{ field: "(body)", pointer: "", message: "is required" }] : [];
  return validate(value) ? [] : problemsOf(validate.errors);
}
`;
}

const problemDeclaration = `/**
 * One way a value differs from the spec. It never holds the value that was sent (bodies carry passwords
 * and tokens), only what the spec asks for.
 */
export interface RequestBodyProblem {
  /**
   * Where, as a dotted path from the value's root: \`name\`, \`steps[0].action\`, \`["odd key"]\`; \`(body)\` for a
   * body itself, \`(query)\` for a whole query. For a missing member it names that member.
   */
  field: string;
  /**
   * The same place as a JSON pointer (RFC 6901) into the value: \`/name\`, \`/steps/0/action\`, \`/odd key\`; \`""\`
   * for the value itself. For a missing member it points where that member belongs.
   */
  pointer: string;
  /**
   * What the spec asks of it, e.g. \`is required\`, \`must be string\`, \`must be one of "a", "b"\`,
   * \`must match the pattern "^[0-9]+$"\`, \`must not have property "foo"\`.
   */
  message: string;
}

/** A problem found by {@link validateWebhook}: the same shape as a request body's. */
export type WebhookProblem = RequestBodyProblem;
`;

function requestBodyDeclarations() {
  const keys = operations.map((op) => op.key);
  const [method, path] = (keys[0] ?? "POST /path").split(" ");
  return `/**
 * Every operation of the spec with a JSON request body, as \`"METHOD /path"\` keys with the spec's path
 * templates, sorted. For ${title}:
${keys.map((k) => ` * - \`${k}\``).join("\n") || " * (none)"}
 */
export declare const requestBodyOperations: readonly string[];

/**
 * Checks a request body against the operation's JSON schema in the spec, before it is sent.
 *
 * Formats (\`date-time\`, \`email\`, \`uri\`, …) are not checked. The body is never changed (no defaults are
 * filled in).
 *
 * @param method - The HTTP method, in any case: \`"POST"\`.
 * @param path - The spec's path template, not a filled-in URL: \`${path}\`.
 * @param body - The body as it will be serialised to JSON; \`undefined\` for none.
 * @returns \`undefined\` when the operation has no JSON body schema (nothing to check); \`[]\` when the body is
 *   valid; otherwise every problem found.
 *
 * @example
 * \`\`\`ts
 * const problems = validateRequestBody(${JSON.stringify(method)}, ${JSON.stringify(path)}, body);
 * if (problems?.length) throw new Error(problems.map((p) => \`\${p.field} \${p.message}\`).join("; "));
 * \`\`\`
 */
export declare function validateRequestBody(method: string, path: string, body: unknown): RequestBodyProblem[] | undefined;
`;
}

/** `- \`callHangup\` (POST, \`onCallHangup\`): body`: what each webhook has a schema for. */
function webhookList() {
  const line = (h) => {
    const parts = [h.query && "query", h.body && "body", h.responseCheck && "response"].filter(Boolean);
    return ` * - \`${h.key}\` (${h.method}${h.operationId ? `, \`${h.operationId}\`` : ""}): ${parts.join(", ") || "nothing to check"}`;
  };
  return webhooks.map(line).join("\n") || " * (none)";
}

/** The @example of validateWebhook: with the spec's own webhooks, when it has any. */
function webhookExample() {
  const bodyHook = webhooks.find((h) => h.body);
  const queryHook = webhooks.find((h) => h.query);
  const lines = [];
  if (bodyHook) {
    lines.push(`const problems = validateWebhook(${JSON.stringify(bodyHook.key)}, "body", await request.json());`);
    lines.push(`if (problems?.length) return new Response(problems.map((p) => \`\${p.pointer} \${p.message}\`).join("; "), { status: 400 });`);
  }
  if (queryHook) {
    // A problem the spec can produce: a required parameter left out, when there is one.
    const param = queryHook.query.schema.required?.[0];
    const problem = param && `{ field: ${JSON.stringify(param)}, pointer: ${JSON.stringify(`/${param}`)}, message: "is required" }`;
    const answer = problem ? `[] or, say, [${problem}]` : "[] or every problem found";
    lines.push(`validateWebhook(${JSON.stringify(queryHook.key)}, "query", new URL(request.url).searchParams); // ${answer}`);
  }
  if (!lines.length) lines.push(`validateWebhook("callEnded", "body", {}); // undefined: the spec describes no webhooks`);
  return lines.map((line) => ` * ${line}`).join("\n");
}

function webhookDeclarations() {
  return `/**
 * Every webhook of the spec (its \`x-webhooks\`: the requests the vendor sends to your server), by name,
 * sorted. For ${title}, with the parts that have a schema:
${webhookList()}
 */
export declare const webhookNames: readonly string[];

/**
 * Checks one part of a request the vendor sent to your server, or of your answer, against the spec.
 *
 * \`"query"\` takes the URL's query as a \`URLSearchParams\`, a query string, or an object of strings (string
 * arrays for repeated keys). A parameter the spec types as a number or boolean passes when its text is
 * exactly one (\`42\`, \`-1.5e3\`, \`true\`); other text is refused by type. Of a repeated key that is not a
 * list, \`URLSearchParams\` gives the first value. Headers (a signature, say) are not checked: verify them
 * as the vendor documents. Formats are not checked either, and nothing passed in is changed.
 *
 * @param name - A webhook's name, one of {@link webhookNames}.
 * @param part - \`"query"\`, \`"body"\` (the request's JSON body, parsed) or \`"response"\` (the JSON body of
 *   your 200 answer, or of the first 2xx one the spec describes).
 * @param value - That part; \`undefined\` for none.
 * @returns \`undefined\` when there is no such webhook or the spec gives that part no JSON schema; \`[]\` when
 *   the value is valid; otherwise every problem found.
 *
 * @example
 * \`\`\`ts
${webhookExample()}
 * \`\`\`
 */
export declare function validateWebhook(name: string, part: "query" | "body" | "response", value: unknown): WebhookProblem[] | undefined;
`;
}

const js = moduleSource();
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, "validators.js"), js);
writeFileSync(join(outDir, "validators.d.ts"), `${generatedBy}\n\n${problemDeclaration}\n${requestBodyDeclarations()}\n${webhookDeclarations()}`);
for (const note of notes) console.log(`  note: ${note}`);
const counts = `${operations.length} request bodies, ${webhooks.length} webhooks, ${compiled.size} schemas`;
console.log(`${pkg.name}: ${join(outDir, "validators.js")} (${counts}, ${Math.round(js.length / 1024)} KiB)`);
