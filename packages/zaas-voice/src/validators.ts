/**
 * Request-body validators, compiled from this package's OpenAPI document when the package is built:
 * check a body against the spec before it is sent, and get every problem by field, worded without the
 * value that was sent. A separate entry point, so an app that never imports it carries none of it.
 *
 * @packageDocumentation
 */
export { requestBodyOperations, validateRequestBody } from "./generated/validators.js";
export type { RequestBodyProblem } from "./generated/validators.js";
