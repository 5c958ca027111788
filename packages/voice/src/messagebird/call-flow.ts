/**
 * `@callspec/voice/messagebird/call-flow`. An entry of its own because it carries the generated
 * validators statically (a flow is checked synchronously as it is built): apps that never build one
 * do not load them.
 *
 * A typed builder of MessageBird call flows: steps are the spec's per-action union (`say`, `record`,
 * `transfer`, …, each with its own options), and what it builds is checked against the spec by the
 * validators generated from it, so a flow that MessageBird would refuse fails here, with the field.
 * @module
 */
import type { components, paths, webhooks } from "@callspec/messagebird-voice";
import { validateRequestBody, validateWebhook } from "@callspec/messagebird-voice/validators";
import { ValidationError } from "../core/errors.js";
import type { WebhookProblem } from "../core/webhooks/errors.js";
import type { WebhookAnswer } from "../core/webhooks/types.js";

/** One step of a call flow, as the spec describes it. */
export type CallFlowStep = components["schemas"]["Step"];
/** The actions a step can take. */
export type CallFlowAction = CallFlowStep["action"];
/** The step of one action. */
export type StepOf<A extends CallFlowAction> = Extract<CallFlowStep, { action: A }>;
/** The options of one action's step. */
export type StepOptions<A extends CallFlowAction> = NonNullable<StepOf<A>["options"]>;
/** What a step may carry besides its action and options (`id`, `onKeypressGoto`, …). */
export type StepExtras = Omit<components["schemas"]["StepBase"], "action">;
/** A call flow as the answer to a call-flow fetch: `{ title?, steps }`, not wrapped in `data`. */
export type CallFlowAnswer = WebhookAnswer<webhooks, "callFlowFetch">;
/** The body of `POST /call-flows`. */
export type CallFlowCreateBody = NonNullable<paths["/call-flows"]["post"]["requestBody"]>["content"]["application/json"];

/** `step("say", options)` where the action requires options, `step("hangup")` where it has none. */
type IsUnion<T, U = T> = T extends unknown ? ([U] extends [T] ? false : true) : never;
/** One action at a time: `step(action as "say" | "hangup")` could not say which options it needs. */
type StepArgs<A extends CallFlowAction> = true extends IsUnion<A> ? never : StepArgsOf<A>;
type StepArgsOf<A extends CallFlowAction> = undefined extends StepOf<A>["options"]
  ? [options?: StepOptions<A>, extras?: StepExtras]
  : [options: StepOptions<A>, extras?: StepExtras];

/** A call flow the spec refuses: `problems` lists each field and what the spec asks of it. */
export class CallFlowError extends ValidationError {
  // A getter, not a static block assigning the prototype: bundlers can then drop the class when unused.
  override get name(): string {
    return "CallFlowError";
  }
  readonly problems: readonly WebhookProblem[];
  constructor(problems: readonly WebhookProblem[]) {
    const list = problems.map((p) => `${p.field} ${p.message}`).join("; ");
    super({ vendor: "messagebird", message: `the call flow does not match the spec: ${list}`, param: problems[0]?.field });
    this.problems = problems;
  }
}

/** Builds a call flow step by step; see {@link callFlow}. */
export class CallFlowBuilder {
  readonly #title: string | undefined;
  readonly #steps: CallFlowStep[] = [];

  constructor(title?: string) {
    this.#title = title;
  }

  /** Adds a step of `action`, with its options (required where the action requires them). */
  step<A extends CallFlowAction>(action: A, ...args: StepArgs<A>): this {
    const [options, extras] = args;
    this.#steps.push({ ...extras, action, ...(options === undefined ? {} : { options }) } as CallFlowStep);
    return this;
  }

  /** Adds a step written out whole. */
  add(step: CallFlowStep): this {
    this.#steps.push(step);
    return this;
  }

  /** The flow as the answer to a call-flow fetch, checked against the spec. */
  answer(): CallFlowAnswer {
    const flow = this.#flow();
    throwIfAny(validateWebhook("callFlowFetch", "response", flow) ?? []);
    return flow as CallFlowAnswer;
  }

  /**
   * The flow as the body of `POST /call-flows` (or a new call's `callFlow`), checked against the spec;
   * `record` and `default` are the stored flow's own settings.
   */
  createBody(settings: Omit<CallFlowCreateBody, "steps" | "title"> = {}): CallFlowCreateBody {
    const flow = { ...this.#flow(), ...settings };
    throwIfAny(validateRequestBody("POST", "/call-flows", flow) ?? []);
    return flow as CallFlowCreateBody;
  }

  /** The answer to a call-flow fetch as a JSON `Response`, for any web-standard handler. */
  response(init: ResponseInit = {}): Response {
    const headers = new Headers(init.headers);
    headers.set("content-type", "application/json");
    return new Response(JSON.stringify(this.answer()), { ...init, headers });
  }

  /** `JSON.stringify(builder)` gives the checked answer. */
  toJSON(): CallFlowAnswer {
    return this.answer();
  }

  #flow(): { title?: string; steps: CallFlowStep[] } {
    return { ...(this.#title === undefined ? {} : { title: this.#title }), steps: this.#steps.map((s) => ({ ...s })) };
  }
}

function throwIfAny(problems: readonly { field: string; message: string; pointer?: string }[]): void {
  if (problems.length) throw new CallFlowError(problems.map((p) => ({ pointer: p.pointer ?? "", field: p.field, message: p.message })));
}

/**
 * Starts a call flow.
 *
 * @example
 * ```ts
 * const flow = callFlow("Welcome")
 *   .step("say", { payload: "Thanks for calling.", voice: "female", language: "en-GB" })
 *   .step("record", { maxLength: 30, onFinish: "https://hooks.example.com/recorded" })
 *   .step("hangup");
 * return flow.response(); // answers a call-flow fetch
 * ```
 */
export function callFlow(title?: string): CallFlowBuilder {
  return new CallFlowBuilder(title);
}
