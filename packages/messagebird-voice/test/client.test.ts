// createMessageBirdVoiceClient's own behaviour, observed at the wire through a recording fetch.
import { describe, expect, it } from "vitest";
import { createMessageBirdVoiceClient, MESSAGEBIRD_VOICE_API_VERSION } from "../src/index.js";

function recorder() {
  const requests: Request[] = [];
  const fetch = async (request: Request) => {
    requests.push(request);
    return new Response(JSON.stringify({ data: [] }), { status: 200, headers: { "content-type": "application/json" } });
  };
  return { requests, fetch };
}

describe("createMessageBirdVoiceClient", () => {
  it("sends the access key and the pinned API version", async () => {
    const { requests, fetch } = recorder();
    const voice = createMessageBirdVoiceClient({ accessKey: "live_abc123", fetch });
    await voice.GET("/calls", {});
    const request = requests[0]!;
    expect(request.url).toBe("https://voice.messagebird.com/calls");
    expect(request.headers.get("authorization")).toBe("AccessKey live_abc123");
    expect(request.headers.get("x-messagebird-version")).toBe(MESSAGEBIRD_VOICE_API_VERSION);
  });

  it("sends no version header when apiVersion is null", async () => {
    const { requests, fetch } = recorder();
    await createMessageBirdVoiceClient({ accessKey: "k", apiVersion: null, fetch }).GET("/calls", {});
    expect(requests[0]!.headers.has("x-messagebird-version")).toBe(false);
  });

  it("asks for audio/wav and text/plain on downloads, and leaves a caller's choice alone", async () => {
    const { requests, fetch } = recorder();
    const voice = createMessageBirdVoiceClient({ accessKey: "k", fetch });
    await voice.GET("/recordings/{recordingId}.wav", { params: { path: { recordingId: "r1" } }, parseAs: "arrayBuffer" });
    await voice.GET("/transcriptions/{transcriptionId}.txt", { params: { path: { transcriptionId: "t1" } }, parseAs: "text" });
    await voice.GET("/recordings/{recordingId}.wav", {
      params: { path: { recordingId: "r1" } },
      parseAs: "arrayBuffer",
      headers: { Accept: "audio/*" },
    });
    expect(requests.map((r) => r.headers.get("accept"))).toEqual(["audio/wav", "text/plain", "audio/*"]);
  });

  it.each([
    [{ accessKey: "" }, /accessKey/],
    [{ accessKey: "   " }, /accessKey/],
    [{ accessKey: "has space" }, /accessKey/],
    [{ accessKey: "k", apiVersion: "v2" }, /apiVersion/],
    [{ accessKey: "k", baseUrl: "voice.messagebird.com" }, /baseUrl/],
  ])("refuses bad options %# with a TypeError naming the option", (options, message) => {
    expect(() => createMessageBirdVoiceClient(options as never)).toThrow(TypeError);
    expect(() => createMessageBirdVoiceClient(options as never)).toThrow(message);
  });

  it("never puts the access key in its errors", () => {
    const secret = "live_SENTINEL_a8f5f167f44f4964e6c998dee827110c";
    try {
      createMessageBirdVoiceClient({ accessKey: secret, apiVersion: "nope" });
      expect.unreachable();
    } catch (error) {
      expect(String(error)).not.toContain(secret);
      expect(JSON.stringify(error, Object.getOwnPropertyNames(error))).not.toContain(secret);
    }
  });
});
