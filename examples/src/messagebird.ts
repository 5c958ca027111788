// MessageBird Voice Calling with @callspec/messagebird-voice: create a call flow, place a call, list its
// legs, download a recording.
import { createMessageBirdVoiceClient, type MessageBirdVoiceClient, type Schemas } from "@callspec/messagebird-voice";

type Log = (line: string) => void;

/** What the demo needs to know beyond the client. */
export interface MessageBirdDemoOptions {
  /** Place a real call only when both numbers are given (a call costs money). */
  source?: string | undefined;
  destination?: string | undefined;
  /** True when talking to a mock: every step runs with the mock's canned data. */
  mock: boolean;
}

export async function runMessageBirdDemo(voice: MessageBirdVoiceClient, options: MessageBirdDemoOptions, log: Log): Promise<void> {
  const flow: Schemas["CallFlowWrite"] = {
    title: "callspec demo",
    record: false,
    steps: [
      { action: "say", options: { payload: "Hello from callspec.", voice: "female", language: "en-GB" } },
      { action: "hangup" },
    ],
  };

  const created = await voice.POST("/call-flows", { body: flow });
  if (created.error) throw new Error(`creating the call flow failed: HTTP ${created.response.status}`);
  const callFlow = created.data.data[0];
  log(`created call flow ${callFlow?.id} with ${callFlow?.steps?.length ?? 0} steps`);

  let callId: string | undefined;
  if (options.mock || (options.source && options.destination)) {
    const placed = await voice.POST("/calls", {
      body: { source: options.source ?? "31644556677", destination: options.destination ?? "31612345678", callFlow: flow },
    });
    if (placed.error) throw new Error(`placing the call failed: HTTP ${placed.response.status}`);
    callId = placed.data.data[0]?.id;
    log(`placed call ${callId} (status ${placed.data.data[0]?.status ?? "unknown"})`);
  } else {
    log("no MESSAGEBIRD_SOURCE/MESSAGEBIRD_DESTINATION set: not placing a call, using the newest existing one");
    const calls = await voice.GET("/calls", { params: { query: { page: 1, perPage: 1 } } });
    if (calls.error) throw new Error(`listing calls failed: HTTP ${calls.response.status}`);
    callId = calls.data.data[0]?.id;
  }

  if (!options.mock && created.data.data[0]?.id) {
    // Leave the account as we found it.
    await voice.DELETE("/call-flows/{callFlowId}", { params: { path: { callFlowId: created.data.data[0].id } } });
  }
  if (!callId) {
    log("no call to inspect");
    return;
  }

  const legs = await voice.GET("/calls/{callId}/legs", { params: { path: { callId } } });
  if (legs.error) throw new Error(`listing legs failed: HTTP ${legs.response.status}`);
  for (const leg of legs.data.data) {
    log(`leg ${leg.id}: ${leg.direction ?? "?"} ${leg.source ?? "?"} -> ${leg.destination ?? "?"}, ${leg.status ?? "?"}, ${leg.duration ?? 0} s`);
  }

  for (const leg of legs.data.data) {
    if (!leg.id) continue;
    const recordings = await voice.GET("/calls/{callId}/legs/{legId}/recordings", { params: { path: { callId, legId: leg.id } } });
    const recording = recordings.data?.data[0];
    if (!recording?.id) continue;
    const wav = await voice.GET("/recordings/{recordingId}.wav", {
      params: { path: { recordingId: recording.id } },
      parseAs: "arrayBuffer",
    });
    if (wav.error || !wav.data) throw new Error(`downloading recording ${recording.id} failed: HTTP ${wav.response.status}`);
    log(`downloaded recording ${recording.id}: ${wav.data.byteLength} bytes of ${wav.response.headers.get("content-type")}`);
    return;
  }
  log("no recording on this call's legs");
}

export function messageBirdClientFromEnv(baseUrl: string | undefined): MessageBirdVoiceClient | undefined {
  const accessKey = process.env["MESSAGEBIRD_ACCESS_KEY"];
  if (!accessKey) return undefined;
  return createMessageBirdVoiceClient({ accessKey, ...(baseUrl ? { baseUrl } : {}) });
}
