import { getAtPointer, type OpenApiDocument } from "../operation-index.js";
import { webhookExamples } from "../spec-examples.js";
import { refusalOf } from "./allowed-hosts.js";
import type { CallbackLog } from "./callback-log.js";
import { callbackUrl, sendCallback, webhookPointer, type WebhookTarget } from "./send-callback.js";
import { webhookSignature } from "./signature.js";
import { redactedUrl } from "../faults/redact.js";
import type { CallbackOptions, CallbackPlan, CallbackRequest, PlacedCall, PlanContext } from "./types.js";

/** Thrown inside a plan when its call used up `maxPerCall`; ends the walk. */
class BudgetSpent extends Error {}

/** Everything a dispatcher holds; built once per mock. */
interface Dispatch {
  plan: CallbackPlan;
  options: CallbackOptions;
  targets: ReadonlyMap<string, WebhookTarget>;
  bodies: ReadonlyMap<string, unknown>;
  log: CallbackLog;
}

/**
 * Checks the options against the plan and the spec (every webhook it may send exists; a signing key where
 * the spec says the vendor signs; a URL where the vendor's webhooks are set in a dashboard) and returns
 * what the front server calls for each placed call. Throws a `TypeError` before the mock starts otherwise.
 */
export function createDispatcher(doc: OpenApiDocument, plan: CallbackPlan, options: CallbackOptions, log: CallbackLog): (call: PlacedCall) => void {
  if (plan.needsUrl && !options.url)
    throw new TypeError("callbacks.url is required: this vendor's webhooks are set up in its dashboard, not in the call request");
  if (options.url !== undefined && !URL.canParse(options.url)) throw new TypeError("callbacks.url must be an absolute URL");
  const targets = new Map<string, WebhookTarget>();
  for (const name of plan.webhooks(options.events)) {
    const target = webhookTarget(doc, name);
    if (target.signature && !options.signingKey) {
      throw new TypeError(`callbacks.signingKey is required: the spec's ${name} webhook is signed (${target.signature.name})`);
    }
    targets.set(name, target);
  }
  const bodies = new Map(webhookExamples(doc).flatMap((e) => (e.part === "body" && e.examples[0] ? [[e.name, e.examples[0][1]] as const] : [])));
  const dispatch: Dispatch = { plan, options, targets, bodies, log };
  // After the answer is on its way, as a vendor calls back once the API call returned.
  return (call) => log.track(new Promise((r) => setImmediate(r)).then(() => runPlan(dispatch, call)));
}

function webhookTarget(doc: OpenApiDocument, name: string): WebhookTarget {
  const item = (doc["x-webhooks"] as Record<string, Record<string, unknown>> | undefined)?.[name];
  const method = item && ["get", "post", "put", "patch", "delete"].find((m) => m in item);
  if (!method) throw new TypeError(`callbacks: the spec has no webhook ${JSON.stringify(name)} under x-webhooks`);
  const pointer = webhookPointer(name, method);
  if (getAtPointer(doc, pointer) === undefined) throw new TypeError(`callbacks: no operation at ${pointer}`);
  return { method: method.toUpperCase(), pointer, signature: webhookSignature(doc, pointer) };
}

async function runPlan(dispatch: Dispatch, call: PlacedCall): Promise<void> {
  const generation = dispatch.log.generation;
  const max = dispatch.options.maxPerCall ?? 20;
  let left = max;
  const context: PlanContext = {
    url: dispatch.options.url,
    events: dispatch.options.events,
    bodyExample: (webhook) => dispatch.bodies.get(webhook),
    send: async (request) => {
      if (left-- <= 0) throw new BudgetSpent(`stopped: more than ${max} callbacks for one call`);
      return deliverOne(dispatch, call, request, generation);
    },
  };
  try {
    await dispatch.plan.run(call, context);
  } catch (error) {
    const reason = error instanceof BudgetSpent ? error.message : `callback plan failed: ${(error as Error).message}`;
    dispatch.log.add({ call: call.route, webhook: "", method: "", url: "", signed: false, status: undefined, error: reason }, generation);
  }
}

/** Sends one callback and logs it; a refused, failed or non-2xx one resolves `undefined` so the walk ends. */
async function deliverOne(dispatch: Dispatch, call: PlacedCall, request: CallbackRequest, generation: number): Promise<unknown> {
  const target = dispatch.targets.get(request.webhook);
  if (!target) throw new Error(`the plan sent ${request.webhook}, which it did not declare`);
  const url = callbackUrl(request);
  const entry = {
    call: call.route,
    webhook: request.webhook,
    method: target.method,
    url: redactedUrl(url),
    signed: false,
    status: undefined as number | undefined,
  };
  const refusal = refusalOf(url, dispatch.options.allowHosts ?? []);
  if (refusal) return void dispatch.log.add({ ...entry, error: refusal }, generation);
  const { signingKey, timeoutMs = 10_000 } = dispatch.options;
  try {
    const answer = await sendCallback(request, { target, signingKey, timeoutMs });
    dispatch.log.add({ ...entry, signed: Boolean(target.signature), status: answer.status }, generation);
    return answer.status >= 200 && answer.status < 300 ? answer.json : undefined;
  } catch (error) {
    dispatch.log.add(
      { ...entry, signed: Boolean(target.signature), error: `not delivered: ${failureText(error).replaceAll(url.href, entry.url)}` },
      generation,
    );
    return undefined;
  }
}

/** A fetch failure in a line: Node puts the reason (`ECONNREFUSED`, a timeout) in the cause. */
function failureText(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return [(error as Error).message, cause?.code ?? cause?.message].filter(Boolean).join(": ");
}
