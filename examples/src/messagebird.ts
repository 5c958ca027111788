// MessageBird Voice Calling through the facade: create a call flow, place a call, list its legs, download
// a recording.
import { createMessageBird, type MessageBirdVoice } from "@callspec/voice/messagebird";
import type { Schemas } from "@callspec/messagebird-voice";

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
  const flow: Schemas["CallFlowWrite"] = {
    title: "callspec demo",
    record: false,
    steps: [{ action: "say", options: { payload: "Hello from callspec.", voice: "female", language: "en-GB" } }, { action: "hangup" }],
  };

  // Errors throw typed VoiceApiErrors, so the happy path reads straight through.
  const created = await mb.POST("/call-flows", { body: flow });
  const callFlow = created.data.data[0]!;
  log(`created call flow ${callFlow.id} with ${callFlow.steps?.length ?? 0} steps`);

  let callId: string | undefined;
  if (options.mock || (options.source && options.destination)) {
    const placed = await mb.POST("/calls", {
      body: { source: options.source ?? "31644556677", destination: options.destination ?? "31612345678", callFlow: flow },
    });
    callId = placed.data.data[0]?.id;
    log(`placed call ${callId} (status ${placed.data.data[0]?.status ?? "unknown"})`);
  } else {
    log("no MESSAGEBIRD_SOURCE/MESSAGEBIRD_DESTINATION set: not placing a call, using the newest existing one");
    for await (const call of mb.paginate("/calls", { perPage: 1, maxItems: 1 })) callId = call.id;
  }
  if (!options.mock && callFlow.id) {
    // Leave the account as we found it.
    await mb.DELETE("/call-flows/{callFlowId}", { params: { path: { callFlowId: callFlow.id } } });
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
