// Every operation of the MessageBird Voice spec, called through the generated client against a Prism mock
// of the same spec. Expected bodies are read from the spec file itself (responseExample), never from the
// client under test. The last test fails when any operation was not exercised.
import { createOperationCoverage, responseExample } from "@callspec/mock";
import createClient from "openapi-fetch";
import { describe, expect, inject, it } from "vitest";
import { createMessageBirdVoiceClient, type paths, type Schemas } from "../src/index.js";

const vendor = "messagebird-voice";
const coverage = createOperationCoverage(vendor);
const baseUrl = inject("mockUrl");
const voice = createMessageBirdVoiceClient({ accessKey: "test_gshuPaZoeEG6ovbc8M79w0QyM", baseUrl, fetch: coverage.wrapFetch() });
const example = (operationId: string, status?: number) => responseExample(vendor, operationId, status);

const callFlowId = "de3ed163-d5fc-45f4-b8c4-7eea7458c635";
const callId = "f1aa71c0-8f2a-4fe8-b5ef-9a330454ef58";
const legId = "d4f07ab3-b17c-44a8-bd93-f04b8a6ffa7f";
const recordingId = "4c444e1e-3cea-4b52-90f7-55dec7b2e05e";
const transcriptionId = "87c377ce-1629-48b6-ad4e-5f2e4ad6a2d5";
const webhookId = "534e1848-235f-482d-983d-e3e11a04f58a";
const nested = { callId, legId, recordingId };

// The seed's own request example.
const seedCallFlow: Schemas["CallFlowWrite"] = {
  title: "Example Call Flow",
  steps: [
    { id: "foo", action: "transfer", options: { destination: "31612345678" } },
    { id: "bar", action: "hangup" },
  ],
};

describe("call flows", () => {
  it("listCallFlows", async () => {
    const { data, error, response } = await voice.GET("/call-flows", { params: { query: { page: 1, perPage: 10 } } });
    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expect(data).toEqual(example("listCallFlows"));
  });
  it("createCallFlow with the seed's example", async () => {
    const { data, response } = await voice.POST("/call-flows", { body: seedCallFlow });
    expect(response.status).toBe(201);
    expect(data).toEqual(example("createCallFlow"));
  });
  it("getCallFlow", async () => {
    const { data } = await voice.GET("/call-flows/{callFlowId}", { params: { path: { callFlowId } } });
    expect(data).toEqual(example("getCallFlow"));
  });
  it("updateCallFlow", async () => {
    const { data, response } = await voice.PUT("/call-flows/{callFlowId}", { params: { path: { callFlowId } }, body: seedCallFlow });
    expect(response.status).toBe(200);
    expect(data).toEqual(example("updateCallFlow"));
  });
  it("deleteCallFlow", async () => {
    const { response } = await voice.DELETE("/call-flows/{callFlowId}", { params: { path: { callFlowId } } });
    expect(response.status).toBe(204);
  });
  it("listCallFlowNumbers", async () => {
    const { data } = await voice.GET("/call-flows/{callFlowId}/numbers", { params: { path: { callFlowId } } });
    expect(data).toEqual(example("listCallFlowNumbers"));
  });
  it("assignCallFlowNumbers", async () => {
    const { response, error } = await voice.POST("/call-flows/{callFlowId}/numbers", {
      params: { path: { callFlowId } },
      body: { numbers: ["31611111111", "31611111112"] },
    });
    expect(error).toBeUndefined();
    expect(response.ok).toBe(true);
  });
  it("replaceCallFlowNumbers", async () => {
    const { response, error } = await voice.PUT("/call-flows/{callFlowId}/numbers", {
      params: { path: { callFlowId } },
      body: { numbers: ["31611111111"] },
    });
    expect(error).toBeUndefined();
    expect(response.ok).toBe(true);
  });
});

describe("calls and legs", () => {
  it("listCalls", async () => {
    const { data } = await voice.GET("/calls", { params: { query: { page: 1 } } });
    expect(data).toEqual(example("listCalls"));
  });
  it("createCall", async () => {
    const { data, response } = await voice.POST("/calls", {
      body: {
        source: "31644556677",
        destination: "33766723144",
        callFlow: { title: "Say message", steps: [{ action: "say", options: { payload: "This is a journey into sound.", voice: "male", language: "en-GB" } }] },
        webhook: { url: "https://example.com", token: "token_to_sign_the_call_events_with" },
      },
    });
    expect(response.status).toBe(201);
    expect(data).toEqual(example("createCall"));
  });
  it("getCall", async () => {
    const { data } = await voice.GET("/calls/{callId}", { params: { path: { callId } } });
    expect(data).toEqual(example("getCall"));
  });
  it("updateCall", async () => {
    const { data, error } = await voice.PUT("/calls/{callId}", { params: { path: { callId } }, body: {} });
    expect(error).toBeUndefined();
    expect(data).toEqual(example("updateCall"));
  });
  it("deleteCall", async () => {
    const { response } = await voice.DELETE("/calls/{callId}", { params: { path: { callId } } });
    expect(response.status).toBe(204);
  });
  it("listLegs", async () => {
    const { data } = await voice.GET("/calls/{callId}/legs", { params: { path: { callId }, query: { page: 1, perPage: 10 } } });
    expect(data).toEqual(example("listLegs"));
  });
  it("getLeg", async () => {
    const { data } = await voice.GET("/calls/{callId}/legs/{legId}", { params: { path: { callId, legId } } });
    expect(data).toEqual(example("getLeg"));
  });
  it("deleteLeg", async () => {
    const { response, error } = await voice.DELETE("/legs/{legId}", { params: { path: { legId } } });
    expect(error).toBeUndefined();
    expect(response.ok).toBe(true);
  });
  it("holdLeg and unholdLeg", async () => {
    const hold = await voice.POST("/legs/{legId}/hold", { params: { path: { legId } } });
    expect(hold.error).toBeUndefined();
    expect(hold.response.ok).toBe(true);
    const unhold = await voice.POST("/legs/{legId}/unhold", { params: { path: { legId } } });
    expect(unhold.error).toBeUndefined();
    expect(unhold.response.ok).toBe(true);
  });
});

describe("recordings", () => {
  it("listLegRecordings", async () => {
    const { data } = await voice.GET("/calls/{callId}/legs/{legId}/recordings", { params: { path: { callId, legId } } });
    expect(data).toEqual(example("listLegRecordings"));
  });
  it("getLegRecording", async () => {
    const { data } = await voice.GET("/calls/{callId}/legs/{legId}/recordings/{recordingId}", { params: { path: nested } });
    expect(data).toEqual(example("getLegRecording"));
  });
  it("downloadLegRecording yields the WAV bytes", async () => {
    const { data, response } = await voice.GET("/calls/{callId}/legs/{legId}/recordings/{recordingId}.wav", {
      params: { path: nested },
      parseAs: "arrayBuffer",
    });
    expect(response.headers.get("content-type")).toMatch(/^audio\/wav/);
    const bytes = new Uint8Array(data!);
    expect(Buffer.from(bytes).toString("latin1")).toBe(example("downloadLegRecording"));
    expect(Buffer.from(bytes.subarray(0, 4)).toString("latin1")).toBe("RIFF");
  });
  it("deleteLegRecording", async () => {
    const { response } = await voice.DELETE("/calls/{callId}/legs/{legId}/recordings/{recordingId}", { params: { path: nested } });
    expect(response.status).toBe(204);
  });
  it("getRecording", async () => {
    const { data } = await voice.GET("/recordings/{recordingId}", { params: { path: { recordingId } } });
    expect(data).toEqual(example("getRecording"));
  });
  it("downloadRecording yields the WAV bytes", async () => {
    const { data } = await voice.GET("/recordings/{recordingId}.wav", { params: { path: { recordingId } }, parseAs: "arrayBuffer" });
    expect(data!.byteLength).toBe(Buffer.byteLength(example("downloadRecording") as string, "latin1"));
    expect(Buffer.from(data!).subarray(8, 12).toString("latin1")).toBe("WAVE");
  });
});

describe("transcriptions", () => {
  it("listLegRecordingTranscriptions", async () => {
    const { data } = await voice.GET("/calls/{callId}/legs/{legId}/recordings/{recordingId}/transcriptions", { params: { path: nested } });
    expect(data).toEqual(example("listLegRecordingTranscriptions"));
  });
  it("createLegRecordingTranscription", async () => {
    const { data, response } = await voice.POST("/calls/{callId}/legs/{legId}/recordings/{recordingId}/transcriptions", {
      params: { path: nested },
      body: { language: "en-US" },
    });
    expect(response.status).toBe(201);
    expect(data).toEqual(example("createLegRecordingTranscription"));
  });
  it("getLegRecordingTranscription", async () => {
    const { data } = await voice.GET("/calls/{callId}/legs/{legId}/recordings/{recordingId}/transcriptions/{transcriptionId}", {
      params: { path: { ...nested, transcriptionId } },
    });
    expect(data).toEqual(example("getLegRecordingTranscription"));
  });
  it("downloadLegRecordingTranscription yields the text", async () => {
    const { data, response } = await voice.GET("/calls/{callId}/legs/{legId}/recordings/{recordingId}/transcriptions/{transcriptionId}.txt", {
      params: { path: { ...nested, transcriptionId } },
      parseAs: "text",
    });
    expect(response.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(data).toBe(example("downloadLegRecordingTranscription"));
  });
  it("listRecordingTranscriptions", async () => {
    const { data } = await voice.GET("/recordings/{recordingId}/transcriptions", { params: { path: { recordingId } } });
    expect(data).toEqual(example("listRecordingTranscriptions"));
  });
  it("createRecordingTranscription", async () => {
    const { data, response } = await voice.POST("/recordings/{recordingId}/transcriptions", {
      params: { path: { recordingId } },
      body: { language: "nl-NL" },
    });
    expect(response.status).toBe(201);
    expect(data).toEqual(example("createRecordingTranscription"));
  });
  it("getTranscription", async () => {
    const { data } = await voice.GET("/transcriptions/{transcriptionId}", { params: { path: { transcriptionId } } });
    expect(data).toEqual(example("getTranscription"));
  });
  it("downloadTranscription yields the text", async () => {
    const { data } = await voice.GET("/transcriptions/{transcriptionId}.txt", { params: { path: { transcriptionId } }, parseAs: "text" });
    expect(data).toBe(example("downloadTranscription"));
  });
});

describe("webhooks", () => {
  it("listWebhooks", async () => {
    const { data } = await voice.GET("/webhooks", {});
    expect(data).toEqual(example("listWebhooks"));
  });
  it("createWebhook", async () => {
    const { data, response } = await voice.POST("/webhooks", { body: { url: "https://example.com/voice-events", token: "foobar" } });
    expect(response.status).toBe(201);
    expect(data).toEqual(example("createWebhook"));
  });
  it("getWebhook", async () => {
    const { data } = await voice.GET("/webhooks/{webhookId}", { params: { path: { webhookId } } });
    expect(data).toEqual(example("getWebhook"));
  });
  it("updateWebhook", async () => {
    const { data } = await voice.PUT("/webhooks/{webhookId}", { params: { path: { webhookId } }, body: { url: "https://example.com/v2", token: "rotated" } });
    expect(data).toEqual(example("updateWebhook"));
  });
  it("deleteWebhook", async () => {
    const { response } = await voice.DELETE("/webhooks/{webhookId}", { params: { path: { webhookId } } });
    expect(response.status).toBe(204);
  });
});

describe("errors", () => {
  it("a request without an access key is answered 401 and surfaces as a typed error result", async () => {
    const bare = createClient<paths>({ baseUrl });
    const { data, error, response } = await bare.GET("/calls", {});
    expect(data).toBeUndefined();
    expect(response.status).toBe(401);
    expect(error).toEqual(example("listCalls", 401));
    expect(error?.errors[0]?.code).toBeTypeOf("number");
  });

  it("a call flow without steps is refused with a 4xx before it reaches a handler", async () => {
    const { error, response } = await voice.POST("/call-flows", {
      body: { title: "no steps" } as unknown as Schemas["CallFlowWrite"],
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(error).toBeDefined();
  });

  it("Prefer: code=404 returns the parsed MessageBird error envelope", async () => {
    const { data, error, response } = await voice.GET("/calls/{callId}", {
      params: { path: { callId } },
      headers: { Prefer: "code=404" },
    });
    expect(data).toBeUndefined();
    expect(response.status).toBe(404);
    expect(error).toEqual(example("getCall", 404));
    expect(error?.errors.map((e) => e.code)).toContain(13);
  });

  it("an unknown X-MessageBird-Version format is refused before any request", () => {
    expect(() => createMessageBirdVoiceClient({ accessKey: "k", apiVersion: "2017-03-14" })).toThrow(TypeError);
  });
});

describe("coverage", () => {
  it("every operation of the spec was exercised", () => {
    expect(coverage.missing()).toEqual([]);
  });
});
