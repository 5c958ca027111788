/**
 * Receiving one of a vendor's webhooks (a callback, an event, a call-flow fetch): verify the signature
 * where the vendor signs, read the query and the JSON body, and check both against the spec's schema
 * for that webhook with the validators generated from the spec.
 */
import { WebhookPayloadError, type WebhookProblem } from "./errors.js";
import { DEFAULT_BODY_LIMIT_BYTES, readRawBody } from "./raw-body.js";
import { publicUrlOf } from "./received-url.js";
import { type JwtSignatureScheme, type VerifyOptions, verifySignedRequest } from "./signed-request.js";

/** The generated check of one part of a webhook (`validateWebhook` of a vendor package's `/validators`). */
export type WebhookValidator = (name: string, part: "query" | "body" | "response", value: unknown) => WebhookProblem[] | undefined;

/** What the receiving side knows about one vendor: data, one definition per vendor. */
export interface WebhookVendor {
  /** How the vendor signs its requests; absent when it documents no signature. */
  signature?: JwtSignatureScheme;
  /** Loads the generated validators (lazily: only receivers pay for them). */
  validators: () => Promise<{ validateWebhook: WebhookValidator }>;
}

/** Options of {@link receiveWebhook}. */
export interface ReceiveOptions extends Partial<VerifyOptions> {
  /**
   * Check the query and body against the spec (default `true`). `false` accepts what the spec does not
   * describe yet (a new member type or event), typed as the spec says but not checked.
   */
  validate?: boolean;
}

/** A received webhook request, checked. */
export interface ReceivedWebhook<Query, Body> {
  /** The webhook's name in the spec's `x-webhooks`. */
  name: string;
  /** The query parameters (the first value of each). */
  query: Query;
  /** The JSON body, parsed; `undefined` when there was none. */
  body: Body;
  /** The body's bytes as received. */
  raw: Uint8Array;
  /** The public URL the request was sent to. */
  url: string;
  /** The signature's claims, when the vendor signs. */
  claims?: Readonly<Record<string, unknown>>;
}

/** Verifies (where the vendor signs), parses and validates one webhook request. */
export async function receiveWebhook<Query, Body>(
  vendor: WebhookVendor,
  request: Request,
  name: string,
  options: ReceiveOptions,
): Promise<ReceivedWebhook<Query, Body>> {
  const { raw, url, claims } = await readVerified(vendor, request, options);
  const params = new URL(url, "http://localhost").searchParams;
  // The first value of each parameter (fromEntries of the params would keep the last).
  const query = Object.fromEntries([...new Set(params.keys())].map((key) => [key, params.get(key)]));
  const body = raw.byteLength ? parseJson(name, raw) : undefined;
  if (options.validate !== false) {
    const { validateWebhook } = await vendor.validators();
    check(name, "query", validateWebhook(name, "query", params));
    if (body !== undefined || request.method !== "GET") check(name, "body", validateWebhook(name, "body", body));
  }
  return { name, query: query as Query, body: body as Body, raw, url, ...(claims ? { claims } : {}) };
}

async function readVerified(vendor: WebhookVendor, request: Request, options: ReceiveOptions) {
  if (vendor.signature) {
    const verified = await verifySignedRequest(request, vendor.signature, options as VerifyOptions);
    return { raw: verified.body, url: verified.url, claims: verified.claims };
  }
  const raw = await readRawBody(request, options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES);
  return { raw, url: publicUrlOf(request, options), claims: undefined };
}

function parseJson(name: string, raw: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(raw));
  } catch {
    // No cause: a JSON parser's message quotes the text it choked on, and the body may hold secrets.
    throw new WebhookPayloadError(name, "body", [{ pointer: "", field: "(body)", message: "is not JSON" }]);
  }
}

function check(name: string, part: "query" | "body", problems: WebhookProblem[] | undefined): void {
  if (problems?.length) throw new WebhookPayloadError(name, part, problems);
}
