import type { VoiceApiError } from "../../src/index.js";

/** Resolves with what the promise rejected with (typed as `E`, a VoiceApiError unless said); fails the test if it resolved. */
export async function failure<E = VoiceApiError>(promise: Promise<unknown>): Promise<E> {
  let value: unknown;
  try {
    value = await promise;
  } catch (error) {
    return error as E;
  }
  throw new Error(`expected a failure, got ${JSON.stringify(value)}`);
}
