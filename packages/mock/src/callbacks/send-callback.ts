import { pointerSegment } from "../operation-index.js";
import { signRequest, type SignatureScheme } from "./signature.js";
import type { CallbackRequest } from "./types.js";

/** A webhook as the spec's `x-webhooks` describes it: its method, where it is, and its signature. */
export interface WebhookTarget {
  method: string;
  pointer: string;
  signature: SignatureScheme | undefined;
}

/** What one send needs besides the request. */
export interface SendSettings {
  target: WebhookTarget;
  signingKey: string | undefined;
  timeoutMs: number;
}

/** The receiver's answer to one callback. */
export interface CallbackAnswer {
  url: string;
  status: number;
  json: unknown;
}

/** The URL a callback goes to: the request's URL with its extra query appended in order. */
export function callbackUrl(request: CallbackRequest): URL {
  const url = new URL(request.url);
  for (const [name, value] of Object.entries(request.query ?? {})) url.searchParams.append(name, value);
  return url;
}

/**
 * Sends one callback as the vendor would: the spec's method, a JSON body when there is one, and the
 * vendor's signature over the URL exactly as sent and the body's bytes.
 */
export async function sendCallback(request: CallbackRequest, settings: SendSettings): Promise<CallbackAnswer> {
  const url = callbackUrl(request).href;
  const body = request.body === undefined ? undefined : Buffer.from(JSON.stringify(request.body), "utf8");
  const headers: Record<string, string> = { "user-agent": "callspec-mock" };
  if (body) headers["content-type"] = "application/json";
  const { signature } = settings.target;
  if (signature && settings.signingKey) headers[signature.header] = signRequest(signature, url, body, settings.signingKey);
  const init: RequestInit = { method: settings.target.method, headers, signal: AbortSignal.timeout(settings.timeoutMs), redirect: "manual" };
  if (body) init.body = body;
  const response = await fetch(url, init);
  const text = await response.text();
  return { url, status: response.status, json: parseJson(text, response.headers.get("content-type")) };
}

function parseJson(text: string, type: string | null): unknown {
  if (!text || !/json/i.test(type ?? "")) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The pointer of a webhook's operation, e.g. `#/x-webhooks/callFlowFetch/get`. */
export function webhookPointer(name: string, method: string): string {
  return `#/x-webhooks/${pointerSegment(name)}/${method.toLowerCase()}`;
}
