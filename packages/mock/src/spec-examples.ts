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
