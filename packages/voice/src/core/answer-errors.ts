import { errorClassFor, parseRetryAfter, type ApiStatusError } from "./errors.js";
import type { SecretRegistry } from "./redact.js";

/** What turning an error answer into a typed error needs to know about the client. */
export interface AnswerErrorContext {
  vendor: string;
  vendorName: string;
  secrets: SecretRegistry;
  readErrors(body: unknown): { codes: (string | number)[]; messages: string[] };
  requestIdHeader?: string | undefined;
}

/** The request an answer belongs to, for the message. */
export interface AnswerRequest {
  method: string;
  url: string;
  attempts?: number | undefined;
}

/**
 * The typed error for an HTTP error answer whose body has been parsed (or read as text): its class from
 * the status, codes and messages from the vendor's envelope, and, for an answer in another format (a
 * proxy's page, a mock's problem document), the detail that answer gives. Everything is redacted; the raw
 * `Response` is not kept.
 */
export function errorFromAnswer(ctx: AnswerErrorContext, response: Response, body: unknown, request: AnswerRequest): ApiStatusError {
  const safeBody = ctx.secrets.redactValue(body);
  const own = ctx.readErrors(safeBody);
  const messages = own.messages.length || own.codes.length ? own.messages : foreignDetail(safeBody);
  const Class = errorClassFor(response.status);
  const detail = messages.length ? `: ${messages.join("; ")}` : "";
  return new Class({
    vendor: ctx.vendor,
    status: response.status,
    message: ctx.secrets.redact(`${ctx.vendorName} answered HTTP ${response.status}${detail} (${request.method} ${request.url})`),
    codes: own.codes,
    messages,
    body: safeBody,
    headers: ctx.secrets.redactHeaders(response.headers),
    method: request.method,
    url: request.url,
    requestId: requestIdOf(ctx, response),
    retryAfterMs: parseRetryAfter(response.headers.get("retry-after")),
    attempts: request.attempts,
  });
}

/** The vendor's id of the request, from the header it documents (redacted, as every header). */
export function requestIdOf(ctx: Pick<AnswerErrorContext, "requestIdHeader" | "secrets">, response: Response): string | undefined {
  const id = ctx.requestIdHeader ? response.headers.get(ctx.requestIdHeader) : null;
  return id ? ctx.secrets.redact(id) : undefined;
}

/** What an answer outside the vendor's envelope says: an RFC 9457 problem's title and detail, or a short text. */
function foreignDetail(body: unknown): string[] {
  if (typeof body === "string") {
    const text = body.trim();
    if (text === "") return [];
    // An HTML error page from a proxy or load balancer says nothing useful in its markup.
    return [text.startsWith("<") ? "an HTML page instead of JSON" : text.slice(0, 200)];
  }
  if (body === null || typeof body !== "object") return [];
  const o = body as Record<string, unknown>;
  return ["title", "detail", "message", "error"].flatMap((key) => (typeof o[key] === "string" && o[key] !== "" ? [o[key] as string] : []));
}

/**
 * Reads codes and messages from an envelope of objects with code and message members, either the body
 * itself or a list under `listKey` (a vendor definition picks the member names).
 */
export function envelopeReader(spec: { listKey?: string; codeKeys: readonly string[]; messageKeys: readonly string[] }) {
  return (body: unknown): { codes: (string | number)[]; messages: string[] } => {
    const codes: (string | number)[] = [];
    const messages: string[] = [];
    const visit = (value: unknown) => {
      if (value === null || typeof value !== "object") return;
      const o = value as Record<string, unknown>;
      for (const key of spec.codeKeys) {
        const c = o[key];
        if (typeof c === "number" || (typeof c === "string" && c !== "")) codes.push(c);
      }
      for (const key of spec.messageKeys) {
        const m = o[key];
        if (typeof m === "string" && m !== "") messages.push(m);
      }
    };
    if (Array.isArray(body)) body.forEach(visit);
    else if (body && typeof body === "object") {
      visit(body);
      const list = spec.listKey ? (body as Record<string, unknown>)[spec.listKey] : undefined;
      if (Array.isArray(list)) list.forEach(visit);
    }
    return { codes, messages };
  };
}
