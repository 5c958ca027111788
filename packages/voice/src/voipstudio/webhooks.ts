/**
 * Receiving VoIPstudio's webhook events (call state changes, SMS, recordings). VoIPstudio documents no
 * signature (voipstudio.com docs, "integrations/webhooks"), so these requests cannot be verified:
 * give the endpoint a hard-to-guess path, and treat an event as a hint to look the call up with the API.
 */
import type { webhooks } from "@callspec/voipstudio";
import { type ReceivedWebhook, type ReceiveOptions, receiveWebhook, type WebhookVendor } from "../core/webhooks/receive.js";
import type { WebhookBody, WebhookQuery } from "../core/webhooks/types.js";

/** VoIPstudio's side of the receiving code: no signature, the validators generated from its spec. */
export const voipstudioWebhooks: WebhookVendor = {
  validators: () => import("@callspec/voipstudio/validators"),
};

/** The names of VoIPstudio's webhooks in the spec; `anyEvent` is an endpoint that receives every event. */
export type VoipstudioWebhookName = keyof webhooks & string;

/**
 * Options of {@link receiveVoipstudioWebhook}: no signature options, since VoIPstudio signs nothing (a
 * `signingKey` here would suggest a check that cannot happen).
 */
export type VoipstudioReceiveOptions = Pick<ReceiveOptions, "validate" | "bodyLimitBytes" | "publicUrl" | "trustForwardedHeaders">;

/** A received VoIPstudio event, its body typed from the spec. */
export type VoipstudioWebhook<N extends VoipstudioWebhookName> = ReceivedWebhook<WebhookQuery<webhooks, N>, WebhookBody<webhooks, N>>;

/**
 * Parses and validates one of VoIPstudio's webhook requests against the spec. An event the spec does
 * not describe is a `WebhookPayloadError` with each problem's JSON pointer (`validate: false` accepts it).
 *
 * @example
 * ```ts
 * const { body: event } = await receiveVoipstudioWebhook(request, "anyEvent");
 * if (event.event_name === "call.hangup") console.log(event.call_id);
 * ```
 */
export function receiveVoipstudioWebhook<N extends VoipstudioWebhookName>(
  request: Request,
  name: N,
  options: VoipstudioReceiveOptions = {},
): Promise<VoipstudioWebhook<N>> {
  return receiveWebhook(voipstudioWebhooks, request, name, options);
}
