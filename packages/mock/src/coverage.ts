import { createOperationMatcher, listOperations, loadSpec } from "./operation-index.js";
import { resolveSpecPath, type Vendor } from "./spec-path.js";

/** Tracks which operations of a spec a test run has called. */
export interface OperationCoverage {
  /** Every operationId of the spec. */
  readonly operations: readonly string[];
  /**
   * Wraps a `fetch` so every request it answers is recorded. Give the result to a client's `fetch` option.
   * @param inner - the fetch to call; defaults to the global one.
   */
  wrapFetch(inner?: typeof fetch): typeof fetch;
  /** Records one answered request by hand (for clients that do not take a `fetch`). */
  record(method: string, url: string, status: number): void;
  /** operationIds answered with a status code their operation declares. */
  exercised(): string[];
  /** operationIds never answered with a declared status code. */
  missing(): string[];
}

/**
 * Creates a coverage tracker for a vendor's spec. A request counts for an operation only when the answer
 * carries a status the operation declares, so a Prism "no such route" 404 never counts as coverage.
 */
export function createOperationCoverage(vendorOrSpec: Vendor | (string & {})): OperationCoverage {
  const entries = listOperations(loadSpec(resolveSpecPath(vendorOrSpec)));
  const match = createOperationMatcher(entries);
  const hit = new Set<string>();

  const record = (method: string, url: string, status: number) => {
    const entry = match(method, new URL(url, "http://localhost").pathname);
    if (!entry) return;
    if (entry.statuses.includes(String(status)) || entry.statuses.includes("default")) hit.add(entry.operationId);
  };

  return {
    operations: entries.map((e) => e.operationId),
    wrapFetch(inner = globalThis.fetch) {
      return async (input, init) => {
        const request = input instanceof Request && init === undefined ? input : new Request(input, init);
        const response = await inner(request);
        record(request.method, request.url, response.status);
        return response;
      };
    },
    record,
    exercised: () => entries.map((e) => e.operationId).filter((id) => hit.has(id)),
    missing: () => entries.map((e) => e.operationId).filter((id) => !hit.has(id)),
  };
}
