import type { CallbackPlan } from "../types.js";

/** The events of a call that is answered and ends: the two whose bodies the vendor's docs and samples show. */
const CALL_EVENTS = ["callConnected", "callHangup"] as const;

/**
 * VoIPstudio posts the events chosen in its dashboard to the one URL set there (the spec's `x-webhooks`),
 * unsigned. For each placed call the mock posts the chosen events (default `callConnected`, then
 * `callHangup`) to `callbacks.url`, each with the body the spec gives as its example.
 */
export const voipstudioCallbacks: CallbackPlan = {
  needsUrl: true,
  webhooks: (events) => events ?? CALL_EVENTS,
  async run(_call, context) {
    for (const webhook of context.events ?? CALL_EVENTS) {
      await context.send({ webhook, url: context.url ?? "", body: context.bodyExample(webhook) });
    }
  },
};
