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
