export { startMock, type MockOptions, type RunningMock } from "./start-mock.js";
export { resolveSpecPath, vendors, type Vendor } from "./spec-path.js";
export { createOperationCoverage, type OperationCoverage } from "./coverage.js";
export {
  listOperations,
  loadSpec,
  createOperationMatcher,
  getAtPointer,
  followRefs,
  type OpenApiDocument,
  type OperationEntry,
} from "./operation-index.js";
export {
  PayloadValidator,
  type PayloadProblem,
  type PayloadResult,
  type PayloadTarget,
} from "./payload-validator.js";
export {
  validatePayloadFolder,
  targetFromFileName,
  type PayloadFileResult,
  type PayloadFolderOptions,
  type PayloadManifest,
} from "./payload-files.js";
export { requestBodyExamples, responseExample, webhookExamples, type RequestBodyExamples, type WebhookExamples } from "./spec-examples.js";
