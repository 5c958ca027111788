/**
 * Types of a vendor's webhooks, read from the `webhooks` interface its package generates from the
 * spec's `x-webhooks` (openapi-typescript's shape: one operation per webhook).
 */

/** The one operation (`get` or `post`, …) of webhook `N`. */
export type WebhookOperation<W, N extends keyof W> = W[N] extends { post: infer O }
  ? O
  : W[N] extends { get: infer O }
    ? O
    : W[N] extends { put: infer O }
      ? O
      : never;

/** Webhook `N`'s query parameters (`{}` when it has none). */
export type WebhookQuery<W, N extends keyof W> =
  WebhookOperation<W, N> extends { parameters: { query?: infer Q } }
    ? [Q] extends [undefined | never]
      ? Record<string, never>
      : NonNullable<Q>
    : Record<string, never>;

/** Webhook `N`'s JSON body (`undefined` when it has none). */
export type WebhookBody<W, N extends keyof W> =
  // openapi-typescript writes `requestBody?: never` for none, which the optional branch would read as unknown.
  [NonNullable<WebhookOperation<W, N> extends { requestBody?: infer R } ? R : never>] extends [never]
    ? undefined
    : WebhookOperation<W, N> extends { requestBody: { content: { "application/json": infer B } } }
      ? B
      : WebhookOperation<W, N> extends { requestBody?: { content: { "application/json": infer B } } }
        ? B | undefined
        : undefined;

/** What the app answers webhook `N` with, as JSON (`never` when the spec sets no JSON answer). */
export type WebhookAnswer<W, N extends keyof W> =
  WebhookOperation<W, N> extends { responses: { 200: { content: { "application/json": infer R } } } } ? R : never;
