// MessageBird Voice Calling through the facade: answer a signed call-flow fetch from a local server,
// create a call flow, place a call, list its legs, download a recording.
import { randomUUID } from "node:crypto";
import { createMessageBird, createMessageBirdTestSignature, type MessageBirdVoice } from "@callspec/voice/messagebird";
import { type CallFlowAnswer, callFlow } from "@callspec/voice/messagebird/call-flow";
import { startCallFlowServer } from "./call-flow-server.js";

type Log = (line: string) => void;

/** What the demo needs to know beyond the client. */
export interface MessageBirdDemoOptions {
  /** Place a real call only when both numbers are given (a call costs money). */
  source?: string | undefined;
  destination?: string | undefined;
  /** True when talking to a mock: every step runs with the mock's canned data. */
  mock: boolean;
}

export function messageBirdFromEnv(): MessageBirdVoice | undefined {
  const accessKey = process.env["MESSAGEBIRD_ACCESS_KEY"];
  if (!accessKey) return undefined;
  const baseUrl = process.env["MESSAGEBIRD_BASE_URL"];
  return createMessageBird({ accessKey, ...(baseUrl ? { baseUrl } : {}) });
}

export async function runMessageBirdDemo(mb: MessageBirdVoice, options: MessageBirdDemoOptions, log: Log): Promise<void> {
  const fetched = await answerOneCallFlowFetch(log);
  const flow = callFlow("callspec demo").step("say", { payload: "Hello from callspec.", voice: "female", language: "en-GB" }).step("hangup").createBody();

  // Errors throw typed VoiceApiErrors, so the happy path reads straight through.
  const created = await mb.POST("/call-flows", { body: flow });
  const stored = created.data.data[0]!;
  log(`created call flow ${stored.id} with ${stored.steps?.length ?? 0} steps`);

  let callId: string | undefined;
  if (options.mock || (options.source && options.destination)) {
    const placed = await mb.POST("/calls", {
      body: { source: options.source ?? "31644556677", destination: options.destination ?? "31612345678", callFlow: fetched },
    });
    callId = placed.data.data[0]?.id;
    log(`placed call ${callId} (status ${placed.data.data[0]?.status ?? "unknown"})`);
  } else {
    log("no MESSAGEBIRD_SOURCE/MESSAGEBIRD_DESTINATION set: not placing a call, using the newest existing one");
    for await (const call of mb.paginate("/calls", { perPage: 1, maxItems: 1 })) callId = call.id;
  }
  if (!options.mock && stored.id) {
    // Leave the account as we found it.
    await mb.DELETE("/call-flows/{callFlowId}", { params: { path: { callFlowId: stored.id } } });
  }
  if (!callId) {
    log("no call to inspect");
    return;
  }

  const legs = [];
  for await (const leg of mb.paginate("/calls/{callId}/legs", { path: { callId } })) {
    legs.push(leg);
    log(`leg ${leg.id}: ${leg.direction ?? "?"} ${leg.source ?? "?"} -> ${leg.destination ?? "?"}, ${leg.status ?? "?"}, ${leg.duration ?? 0} s`);
  }
  for (const leg of legs) {
    if (!leg.id) continue;
    for await (const recording of mb.paginate("/calls/{callId}/legs/{legId}/recordings", { path: { callId, legId: leg.id }, maxItems: 1 })) {
      if (!recording.id) continue;
      const wav = await mb.GET("/recordings/{recordingId}.wav", { params: { path: { recordingId: recording.id } }, parseAs: "arrayBuffer" });
      log(`downloaded recording ${recording.id}: ${wav.data.byteLength} bytes of ${wav.response.headers.get("content-type")}`);
      return;
    }
  }
  log("no recording on this call's legs");
}

/**
 * Starts the local call-flow server and fetches a flow from it the way MessageBird does when a call
 * arrives: a GET with `callID`, `source` and `destination`, signed with the account's signing key
 * (`MESSAGEBIRD_SIGNING_KEY`, or a throwaway key for the demo). Returns the flow it answered.
 */
async function answerOneCallFlowFetch(log: Log) {
  const signingKey = process.env["MESSAGEBIRD_SIGNING_KEY"] || `demo-${randomUUID()}`;
  const server = await startCallFlowServer({ signingKey });
  try {
    const url = `${server.url}?callID=${randomUUID()}&source=31612345678&destination=31201234567`;
    const answer = await fetch(url, { headers: { "MessageBird-Signature-JWT": await createMessageBirdTestSignature({ url, signingKey }) } });
    if (!answer.ok) throw new Error(`the call-flow server answered ${answer.status}: ${await answer.text()}`);
    const flow = (await answer.json()) as CallFlowAnswer;
    log(`call-flow server at ${server.url} answered a signed fetch with ${flow.steps.length} steps (${flow.steps.map((s) => s.action).join(", ")})`);
    const forged = await fetch(url, { headers: { "MessageBird-Signature-JWT": await createMessageBirdTestSignature({ url, signingKey: "not-the-key" }) } });
    log(`the same fetch signed with another key: ${forged.status} ${forged.statusText}`);
    return flow;
  } finally {
    await server.close();
  }
}
