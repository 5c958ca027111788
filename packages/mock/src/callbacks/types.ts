/** A call-placing request the mock accepted, as a callback plan reads it. */
export interface PlacedCall {
  /** `"POST /calls"`: the method and the concrete path. */
  route: string;
  /** The request's JSON body (`undefined` when it had none or it was not JSON). */
  body: unknown;
  /** The mock's JSON answer. */
  answer: unknown;
}

/** One request a plan asks the mock to send to the user's server. */
export interface CallbackRequest {
  /** The webhook's key under the spec's `x-webhooks`; its method and signature come from there. */
  webhook: string;
  url: string;
  /** Parameters appended to the URL's query, after those it has. */
  query?: Record<string, string>;
  /** A JSON body. */
  body?: unknown;
}

/** What a plan may do while it runs. */
export interface PlanContext {
  /** Sends one callback and resolves with the receiver's JSON answer (`undefined` when it gave none). */
  send(request: CallbackRequest): Promise<unknown>;
  /** The example the spec gives a webhook's body. */
  bodyExample(webhook: string): unknown;
  /** Where webhooks set up outside the call request go (a vendor's dashboard webhooks). */
  url: string | undefined;
  /** The events to send, when the user chose them. */
  events: readonly string[] | undefined;
}

/**
 * What one vendor's server sends back after a call was placed: the vendor part of the callbacks, as data
 * and one small walk. One per spec; shared code names none.
 */
export interface CallbackPlan {
  /** Whether the plan needs `callbacks.url` (webhooks configured in a dashboard, not in the request). */
  needsUrl: boolean;
  /** The webhooks it may send, checked against the spec when the mock starts. */
  webhooks(events: readonly string[] | undefined): readonly string[];
  run(call: PlacedCall, context: PlanContext): Promise<void>;
}

/** Options of the mock's callbacks. */
export interface CallbackOptions {
  /**
   * The key to sign with, for a vendor that signs (MessageBird: the signing key your receiver verifies
   * with; use a test key, never the production one).
   */
  signingKey?: string;
  /** Where dashboard-configured webhooks go (VoIPstudio's events); required for such a vendor. */
  url?: string;
  /** The events to send for each placed call, by `x-webhooks` name; default the vendor plan's. */
  events?: readonly string[];
  /**
   * Hosts callbacks may go to besides loopback (`localhost`, `127.0.0.1`, `::1`); `["*"]` allows any. A call
   * flow copied from production names production URLs, which a mock must not call by surprise.
   */
  allowHosts?: readonly string[];
  /** At most this many callbacks per placed call (default 20): a flow that fetches itself stops there. */
  maxPerCall?: number;
  /** How long to wait for the receiver's answer (default 10 000 ms). */
  timeoutMs?: number;
}

/** One callback the mock sent, or refused to send. Neither headers nor bodies are kept. */
export interface DeliveredCallback {
  /** The call-placing request it follows (`"POST /calls"`). */
  call: string;
  webhook: string;
  method: string;
  url: string;
  /** Whether it carried the vendor's signature. */
  signed: boolean;
  /** The receiver's status; `undefined` when none came. */
  status: number | undefined;
  /** Why it failed or was not sent. */
  error?: string;
}
