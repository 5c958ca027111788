// Typed, runtime-validated receivers: MessageBird's call-flow fetch, record-step result and events
// (signed), VoIPstudio's events (unsigned), each checked by the validators generated from the spec.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { webhookExamples } from "@callspec/mock";
import { describe, expect, expectTypeOf, it } from "vitest";
import { createMessageBirdTestSignature, receiveMessageBirdWebhook } from "../src/messagebird.js";
import { receiveVoipstudioWebhook, type VoipstudioWebhookName } from "../src/voipstudio.js";
import { WebhookBodyError, WebhookPayloadError, WebhookVerificationError } from "../src/webhooks.js";
import { failure } from "./support/failure.js";

const signingKey = "receivers-test-signing-key";
const BASE = "https://hooks.example.com";

async function signed(path: string, body?: string, method = body === undefined ? "GET" : "POST"): Promise<Request> {
  const url = `${BASE}${path}`;
  const signature = await createMessageBirdTestSignature({ url, signingKey, ...(body === undefined ? {} : { body }) });
  return new Request(url, {
    method,
    headers: { "MessageBird-Signature-JWT": signature, "content-type": "application/json" },
    ...(body === undefined ? {} : { body }),
  });
}

describe("receiveMessageBirdWebhook", () => {
  it("callFlowFetch: the query, typed from the spec", async () => {
    const hook = await receiveMessageBirdWebhook(await signed("/call-flow?callID=c-1&source=31612345678&destination=31201234567"), "callFlowFetch", {
      signingKey,
    });
    expect(hook.query).toEqual({ callID: "c-1", source: "31612345678", destination: "31201234567" });
    expect(hook.body).toBeUndefined();
    expect(hook.claims?.iss).toBe("MessageBird");
    expectTypeOf(hook.query.callID).toEqualTypeOf<string | undefined>();
    expectTypeOf(hook.body).toEqualTypeOf<undefined>();
  });

  it("a repeated query parameter counts with its first value", async () => {
    const hook = await receiveMessageBirdWebhook(await signed("/call-flow?callID=first&callID=second"), "callFlowFetch", { signingKey });
    expect(hook.query.callID).toBe("first");
  });

  it("recordingFinished: the body, typed and validated", async () => {
    const hook = await receiveMessageBirdWebhook(await signed("/recorded?callID=c-1", JSON.stringify({ id: "rec-1", legId: "leg-1" })), "recordingFinished", {
      signingKey,
    });
    expect(hook.body).toMatchObject({ id: "rec-1", legId: "leg-1" });
    // The spec keeps both optional: one guide and two SDK shapes show them, none says they are always sent.
    expectTypeOf(hook.body.id).toEqualTypeOf<string | undefined>();
  });

  it("a body the spec refuses is a WebhookPayloadError with the JSON pointer, unless validate is false", async () => {
    const body = JSON.stringify({ id: 42, legId: "leg-1" });
    const error = await failure<WebhookPayloadError>(receiveMessageBirdWebhook(await signed("/recorded", body), "recordingFinished", { signingKey }));
    expect(error).toBeInstanceOf(WebhookPayloadError);
    expect(error.problems).toContainEqual(expect.objectContaining({ pointer: "/id" }));
    expect(error.status).toBe(400);
    expect(error.message).not.toContain("42");
    const accepted = await receiveMessageBirdWebhook(await signed("/recorded", body), "recordingFinished", { signingKey, validate: false });
    expect(accepted.body).toEqual({ id: 42, legId: "leg-1" });
  });

  it("a body that is not JSON is a WebhookPayloadError at the root, without quoting it", async () => {
    const error = await failure<WebhookPayloadError>(
      receiveMessageBirdWebhook(await signed("/recorded", "token=s3cr3t-value"), "recordingFinished", { signingKey }),
    );
    expect(error).toBeInstanceOf(WebhookPayloadError);
    expect(error.problems).toEqual([{ pointer: "", field: "(body)", message: "is not JSON" }]);
    expect(JSON.stringify({ message: error.message, cause: String(error.cause) })).not.toContain("s3cr3t");
  });

  it("callStatusEvent: an open payload (no source shows its members)", async () => {
    const hook = await receiveMessageBirdWebhook(await signed("/events", JSON.stringify({ anything: ["goes"] })), "callStatusEvent", { signingKey });
    expect(hook.body).toEqual({ anything: ["goes"] });
  });

  it("verifies before it parses: an unsigned request is refused", async () => {
    const request = new Request(`${BASE}/recorded`, { method: "POST", body: JSON.stringify({ id: "rec-1", legId: "leg-1" }) });
    const error = await failure<WebhookVerificationError>(receiveMessageBirdWebhook(request, "recordingFinished", { signingKey }));
    expect(error).toBeInstanceOf(WebhookVerificationError);
    expect(error.reason).toBe("missing_signature");
  });

  it("every webhook example in the MessageBird spec is received as valid", async () => {
    const examples = webhookExamples("messagebird-voice").filter((e) => e.part !== "response");
    expect(examples.length).toBeGreaterThan(0);
    for (const { name, part, examples: list } of examples) {
      for (const [, value] of list) {
        const query = part === "query" ? `?${new URLSearchParams(value as Record<string, string>)}` : "";
        const request = await signed(`/hook${query}`, part === "body" ? JSON.stringify(value) : undefined);
        await expect(receiveMessageBirdWebhook(request, name as "callFlowFetch", { signingKey }), `${name} ${part}`).resolves.toBeDefined();
      }
    }
  });
});

// ----------------------------------------------------------------------------------------- VoIPstudio
const FIXTURES = join(process.env["CALLSPEC_REFERENCE_DIR"] ?? fileURLToPath(new URL("../../../../shared/reference/fixtures", import.meta.url)), "voipstudio");

function post(body: unknown): Request {
  return new Request(`${BASE}/voipstudio/events`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
}

describe("receiveVoipstudioWebhook", () => {
  const examples = webhookExamples("voipstudio").filter((e) => e.part === "body");

  it("has an example for each of the dashboard's eight events, plus the recording event and anyEvent", () => {
    expect(examples.map((e) => e.name).sort()).toEqual(
      [
        "anyEvent",
        "callConnected",
        "callDtmf",
        "callHangup",
        "callMissed",
        "callRinging",
        "callStateChange",
        "monitorAudioReady",
        "queueWrapUp",
        "smsReceived",
      ].sort(),
    );
  });

  it.each(examples.flatMap((e) => e.examples.map(([label, value]) => [e.name, label, value] as const)))(
    "%s (%s): received by its own name and by anyEvent",
    async (name, _label, value) => {
      const own = await receiveVoipstudioWebhook(post(value), name as VoipstudioWebhookName);
      expect(own.body).toEqual(value);
      const any = await receiveVoipstudioWebhook(post(value), "anyEvent");
      expect(any.body).toEqual(value);
    },
  );

  it.each(readdirSync(FIXTURES).filter((f) => f.startsWith("webhook-")))("the reference capture %s is received as anyEvent", async (file) => {
    const value = JSON.parse(readFileSync(join(FIXTURES, file), "utf8"));
    const { body } = await receiveVoipstudioWebhook(post(value), "anyEvent");
    expect(body.event_name).toBe(value.event_name);
    expectTypeOf(body.event_name).toEqualTypeOf<string>();
  });

  it("an event without event_name is refused with its pointer; a new event name is accepted", async () => {
    const error = await failure<WebhookPayloadError>(receiveVoipstudioWebhook(post({ id: "x", event_time: "2021-04-28 08:46:13" }), "anyEvent"));
    expect(error).toBeInstanceOf(WebhookPayloadError);
    expect(error.problems.map((p) => p.pointer)).toContain("/event_name");
    const wrapUp = await receiveVoipstudioWebhook(post({ event_name: "queue.wrap_up", queue_id: 7 }), "anyEvent");
    expect(wrapUp.body.event_name).toBe("queue.wrap_up");
  });

  it("takes no signature options: VoIPstudio signs nothing", () => {
    // @ts-expect-error: a signingKey would suggest a check that cannot happen
    void receiveVoipstudioWebhook(post({ event_name: "sms.received" }), "anyEvent", { signingKey: "x" }).catch(() => undefined);
  });

  it("refuses an oversized event before parsing it", async () => {
    const error = await failure<WebhookBodyError>(
      receiveVoipstudioWebhook(post({ event_name: "sms.received", text: "x".repeat(2048) }), "anyEvent", { bodyLimitBytes: 1024 }),
    );
    expect(error).toBeInstanceOf(WebhookBodyError);
    expect(error.fault).toBe("too_large");
    expect(error.status).toBe(413);
  });
});
