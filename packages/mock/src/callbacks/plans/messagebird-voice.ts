import type { CallbackPlan, PlanContext } from "../types.js";

/** A step of a MessageBird call flow, as far as the walk reads it. */
interface Step {
  action?: unknown;
  options?: { url?: unknown; onFinish?: unknown };
}

/**
 * MessageBird runs the call flow of a placed call (the spec's `CallFlow` and `x-webhooks`): a
 * `fetchCallFlow` step GETs its `url` with the call's `callID`, `source` and `destination` and runs the
 * steps answered instead of the rest; a `record` step with `onFinish` POSTs the recording there (the
 * spec's `recordingFinished` example) and runs the steps answered, if any; `hangup` ends it. Status events
 * (`callStatusEvent`) are not sent: no source shows their body, and the mock sends nothing it would have
 * to make up.
 */
export const messagebirdCallbacks: CallbackPlan = {
  needsUrl: false,
  webhooks: () => ["callFlowFetch", "recordingFinished"],
  async run(call, context) {
    const request = (call.body ?? {}) as { source?: unknown; destination?: unknown; callFlow?: unknown };
    const id = ((call.answer as { data?: Array<{ id?: unknown }> } | undefined)?.data ?? [])[0]?.id;
    const query = strings({ callID: id, source: request.source, destination: request.destination });
    let steps = stepsOf(request.callFlow) ?? [];
    for (let i = 0; i < steps.length; i++) {
      const next = await runStep(steps[i] ?? {}, query, context);
      if (next === "end") return;
      if (next) [steps, i] = [next, -1];
    }
  },
};

/** Runs one step; resolves with the steps that replace the rest, `"end"`, or nothing to go on. */
async function runStep(step: Step, query: Record<string, string>, context: PlanContext): Promise<Step[] | "end" | undefined> {
  const { url, onFinish } = step.options ?? {};
  if (step.action === "hangup") return "end";
  if (step.action === "fetchCallFlow" && typeof url === "string") {
    // The steps after a fetchCallFlow are skipped (FetchCallFlowOptions): no answer ends the call.
    return stepsOf(await context.send({ webhook: "callFlowFetch", url, query })) ?? "end";
  }
  if (step.action === "record" && typeof onFinish === "string" && onFinish !== "") {
    return stepsOf(await context.send({ webhook: "recordingFinished", url: onFinish, body: context.bodyExample("recordingFinished") }));
  }
  return undefined;
}

function stepsOf(flow: unknown): Step[] | undefined {
  const steps = (flow as { steps?: unknown } | undefined)?.steps;
  return Array.isArray(steps) ? (steps as Step[]) : undefined;
}

function strings(values: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).flatMap(([k, v]) => (typeof v === "string" || typeof v === "number" ? [[k, String(v)]] : [])));
}
