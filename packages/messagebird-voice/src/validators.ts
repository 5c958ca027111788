/**
 * Validators compiled from this package's OpenAPI document when the package is built: check a request
 * body against the spec before it is sent, and check what the vendor sends to your server (a webhook's
 * query and body) and what you answer it, with every problem by field and JSON pointer, worded without
 * the value that was sent. A separate entry point, so an app that never imports it carries none of it.
 *
 * @packageDocumentation
 */
export { requestBodyOperations, validateRequestBody, validateWebhook, webhookNames } from "./generated/validators.js";
export type { RequestBodyProblem, WebhookProblem } from "./generated/validators.js";
