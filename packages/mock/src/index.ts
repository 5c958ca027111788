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
export { startFaultyMock, type FaultyMock, type FaultyMockOptions } from "./faults/start-faulty-mock.js";
export { connectMock, type MockControl } from "./faults/connect-mock.js";
export { parseFault, faultModes, FAULT_PREFERENCE, type FaultMode, type FaultRule } from "./faults/fault-rules.js";
export { RequestLog, type LoggedRequest } from "./faults/request-log.js";
export { FaultBook } from "./faults/fault-book.js";
export { callPlacingBySpec } from "./faults/call-placing.js";
export { jestMockSetup, type JestMockSetup } from "./jest.js";
export type { RunnerMockOptions, Target } from "./start-targets.js";
export { startProxy, DRIFT_PATH, type ProxyOptions, type RunningProxy } from "./proxy/start-proxy.js";
export type { DriftEntry, DriftFinding, DriftKind, DriftReport, OperationDrift, PrismViolationCount } from "./proxy/drift.js";
export { formatDriftReport } from "./proxy/drift-text.js";
export { vendorSecrets, type SecretNames } from "./proxy/vendor-secrets.js";
export { CallbackLog } from "./callbacks/callback-log.js";
export { callbackPlansBySpec } from "./callbacks/plans/index.js";
export type { CallbackOptions, CallbackPlan, CallbackRequest, DeliveredCallback, PlacedCall, PlanContext } from "./callbacks/types.js";
