import { followRefs, getAtPointer, listOperations, loadSpec, pointerSegment, type OpenApiDocument } from "./operation-index.js";
import { resolveSpecPath, type Vendor } from "./spec-path.js";

/**
 * Reads the example a spec documents for one response of an operation: the `example` of its first media
 * type (or the first entry of `examples`). Contract tests compare what a client parsed from the mock with
 * this value, read straight from the spec, so neither side is produced by the code under test.
 */
export function responseExample(
  vendorOrSpec: Vendor | (string & {}) | OpenApiDocument,
  operationId: string,
  status?: number | string,
  mediaType?: string,
): unknown {
  const doc = typeof vendorOrSpec === "string" ? loadSpec(resolveSpecPath(vendorOrSpec)) : vendorOrSpec;
  const op = listOperations(doc).find((o) => o.operationId === operationId);
  if (!op) throw new Error(`no operation ${operationId}`);
  const code = String(status ?? op.statuses.find((s) => /^2/.test(s)) ?? "default");
  const response = followRefs(doc, `${op.pointer}/responses/${code}`);
  if (!response) throw new Error(`${operationId} declares no ${code} response`);
  const content = (getAtPointer(doc, `${response}/content`) ?? {}) as Record<string, unknown>;
  const media = mediaType ?? Object.keys(content)[0];
  if (!media || !(media in content)) throw new Error(`${operationId} ${code} has no ${mediaType ?? "content"}`);
  const holder = getAtPointer(doc, `${response}/content/${pointerSegment(media)}`) as {
    example?: unknown;
    examples?: Record<string, unknown>;
  };
  if (holder.example !== undefined) return holder.example;
  const first = Object.keys(holder.examples ?? {})[0];
  if (first === undefined) throw new Error(`${operationId} ${code} ${media} has no example`);
  const example = followRefs(doc, `${response}/content/${pointerSegment(media)}/examples/${pointerSegment(first)}`);
  return (getAtPointer(doc, `${example}`) as { value?: unknown }).value;
}

/** One operation with a JSON request body, and the example bodies its spec gives it. */
export interface RequestBodyExamples {
  /** `"METHOD /path"`, with the spec's path template. */
  key: string;
  operationId: string;
  /** `[name, body]`: `"example"` for the media type's `example`, else the name under `examples`. */
  examples: [name: string, body: unknown][];
}

/**
 * Every operation whose request body has a JSON schema, with the example bodies the spec documents for it
 * (`$ref`s followed). Tests of request validators check each one passes, read straight from the spec.
 */
export function requestBodyExamples(vendorOrSpec: Vendor | (string & {}) | OpenApiDocument): RequestBodyExamples[] {
  const doc = typeof vendorOrSpec === "string" ? loadSpec(resolveSpecPath(vendorOrSpec)) : vendorOrSpec;
  return listOperations(doc).flatMap((op) => {
    const body = followRefs(doc, `${op.pointer}/requestBody`);
    const at = body === undefined ? undefined : `${body}/content/${pointerSegment("application/json")}`;
    const media = at === undefined ? undefined : (getAtPointer(doc, at) as { schema?: unknown; example?: unknown; examples?: object } | undefined);
    if (!at || !media?.schema) return [];
    const examples: [string, unknown][] = "example" in media ? [["example", media.example]] : [];
    for (const name of Object.keys(media.examples ?? {})) {
      const example = followRefs(doc, `${at}/examples/${pointerSegment(name)}`);
      examples.push([name, (getAtPointer(doc, `${example}`) as { value?: unknown }).value]);
    }
    return [{ key: `${op.method} ${op.path}`, operationId: op.operationId, examples }];
  });
}

/** One part of a webhook (a request the vendor sends to the customer's server) and the examples its spec gives it. */
export interface WebhookExamples {
  /** The webhook's key under the spec's `x-webhooks`. */
  name: string;
  operationId: string;
  /**
   * `"query"`: the examples of its query parameters, as one object of strings (a URL's query holds
   * nothing else); `"body"`: its JSON request body; `"response"`: the JSON body of its 200 answer, else of
   * the first 2xx one.
   */
  part: "query" | "body" | "response";
  /** The JSON schema of a body as the spec writes it (`{ $ref }` for a component); none for a query. */
  schema?: unknown;
  /** `[name, value]`: `"example"` for a media type's `example`, else the name under `examples`. */
  examples: [name: string, value: unknown][];
}

/** The examples of a media type at `at`: its `example`, then each of its `examples` (`$ref`s followed). */
function mediaExamples(doc: OpenApiDocument, at: string): [string, unknown][] {
  const media = getAtPointer(doc, at) as { example?: unknown; examples?: object };
  const examples: [string, unknown][] = "example" in media ? [["example", media.example]] : [];
  for (const name of Object.keys(media.examples ?? {})) {
    const example = followRefs(doc, `${at}/examples/${pointerSegment(name)}`);
    examples.push([name, (getAtPointer(doc, `${example}`) as { value?: unknown }).value]);
  }
  return examples;
}

/** One object of every query parameter that has an example (values as a URL would carry them). */
function queryExample(doc: OpenApiDocument, pointers: string[]): Record<string, string> | undefined {
  const query: Record<string, string> = {};
  for (const pointer of pointers) {
    const parameter = getAtPointer(doc, `${followRefs(doc, pointer)}`) as { in?: string; name?: string; example?: unknown };
    if (parameter?.in === "query" && parameter.name !== undefined && parameter.example !== undefined) query[parameter.name] = String(parameter.example);
  }
  return Object.keys(query).length ? query : undefined;
}

const HTTP_METHODS = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];

/** The JSON part at `at` (a request body or a response, `$ref`s followed), when it has a schema. */
function jsonPart(doc: OpenApiDocument, at: string, entry: Omit<WebhookExamples, "schema" | "examples">): WebhookExamples[] {
  const target = followRefs(doc, at);
  const media = target === undefined ? undefined : `${target}/content/${pointerSegment("application/json")}`;
  const schema = media === undefined ? undefined : (getAtPointer(doc, media) as { schema?: unknown } | undefined)?.schema;
  return media && schema ? [{ ...entry, schema, examples: mediaExamples(doc, media) }] : [];
}

/**
 * Every part of every webhook under the spec's `x-webhooks` that has a JSON schema (a query: parameters
 * with examples), with the examples the spec documents for it. Tests of webhook validators check each one
 * passes, read straight from the spec.
 */
export function webhookExamples(vendorOrSpec: Vendor | (string & {}) | OpenApiDocument): WebhookExamples[] {
  const doc = typeof vendorOrSpec === "string" ? loadSpec(resolveSpecPath(vendorOrSpec)) : vendorOrSpec;
  const hooks = (doc["x-webhooks"] ?? {}) as Record<string, Record<string, unknown>>;
  return Object.entries(hooks).flatMap(([name, item]) => {
    const itemAt = `#/x-webhooks/${pointerSegment(name)}`;
    const method = HTTP_METHODS.find((m) => m in item);
    if (!method) return [];
    const at = `${itemAt}/${method}`;
    const op = getAtPointer(doc, at) as { operationId?: string; parameters?: unknown[]; responses?: Record<string, unknown> };
    const operationId = op.operationId ?? name;
    const parameters = [
      ...((item["parameters"] as unknown[] | undefined) ?? []).map((_, i) => `${itemAt}/parameters/${i}`),
      ...(op.parameters ?? []).map((_, i) => `${at}/parameters/${i}`),
    ];
    const query = queryExample(doc, parameters);
    const codes = Object.keys(op.responses ?? {});
    const code = codes.includes("200") ? "200" : codes.filter((c) => /^2([0-9][0-9]|XX)$/i.test(c)).sort()[0];
    return [
      ...(query ? [{ name, operationId, part: "query" as const, examples: [["parameters", query]] as [string, unknown][] }] : []),
      ...jsonPart(doc, `${at}/requestBody`, { name, operationId, part: "body" }),
      ...(code === undefined ? [] : jsonPart(doc, `${at}/responses/${pointerSegment(code)}`, { name, operationId, part: "response" })),
    ];
  });
}
