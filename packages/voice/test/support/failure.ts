import type { VoiceApiError } from "../../src/index.js";

/** Resolves with what the promise rejected with; fails the test if it resolved. */
export async function failure(promise: Promise<unknown>): Promise<VoiceApiError> {
  let value: unknown;
  try {
    value = await promise;
  } catch (error) {
    return error as VoiceApiError;
  }
  throw new Error(`expected a failure, got ${JSON.stringify(value)}`);
}
