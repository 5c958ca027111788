// The call-flow builder: typed steps from the spec's per-action union, and output checked against the
// spec (by the generated validators here, and by Prism's request validation on POST /call-flows).
import { describe, expect, inject, it } from "vitest";
import { createMessageBird } from "../src/messagebird.js";
import { CallFlowError, callFlow } from "../src/messagebird/call-flow.js";
import { failure } from "./support/failure.js";

describe("callFlow", () => {
  const survey = () =>
    callFlow("Survey")
      .step("say", { payload: "Press 1 if you were satisfied.", voice: "female", language: "en-GB", repeat: 2 }, { id: "intro" })
      .step("record", { maxLength: 10, timeout: 3, finishOnKey: "#", onFinish: "https://hooks.example.com/recorded" })
      .step("pause", { length: 1 })
      .step("hangup");

  it("builds the flow MessageBird expects, in order", () => {
    expect(survey().answer()).toEqual({
      title: "Survey",
      steps: [
        { id: "intro", action: "say", options: { payload: "Press 1 if you were satisfied.", voice: "female", language: "en-GB", repeat: 2 } },
        { action: "record", options: { maxLength: 10, timeout: 3, finishOnKey: "#", onFinish: "https://hooks.example.com/recorded" } },
        { action: "pause", options: { length: 1 } },
        { action: "hangup" },
      ],
    });
  });

  it("answers a call-flow fetch as JSON", async () => {
    const response = survey().response();
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(await response.json()).toEqual(survey().answer());
    expect(JSON.parse(JSON.stringify(survey()))).toEqual(survey().answer());
  });

  it("refuses what the spec refuses, naming the field", () => {
    // @ts-expect-error: a say step needs its options
    const missing = () => callFlow().step("say").answer();
    expect(missing).toThrow(CallFlowError);
    expect(missing).toThrow(/steps\[0\]\.options is required/);
    // @ts-expect-error: "robot" is not one of the spec's voices
    const wrong = () => callFlow().step("say", { payload: "Hi", voice: "robot", language: "en-GB" }).createBody();
    let caught: unknown;
    try {
      wrong();
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CallFlowError);
    expect((caught as CallFlowError).problems).toContainEqual(
      expect.objectContaining({ pointer: "/steps/0/options/voice", message: 'must be one of "male", "female"' }),
    );
    expect(() => callFlow().createBody()).toThrow(/steps must have at least 1 item/);
    const action = "say" as "say" | "hangup";
    // @ts-expect-error: a union of actions cannot say which options it needs
    expect(() => callFlow().step(action).answer()).toThrow(CallFlowError);
  });

  it("accepts what MessageBird's own SDKs send: repeat as a string (Java fixture), Go's empty record options", () => {
    const flow = callFlow()
      .step("say", { payload: "Hi", voice: "male", language: "nl-NL", repeat: "1" })
      .step("record", { finishOnKey: "", onFinish: "", transcribeLanguage: "" })
      .createBody({ record: true });
    expect(flow.record).toBe(true);
  });

  it("creates a flow the Prism mock of the spec accepts", async () => {
    const baseUrl = inject("messagebirdUrl");
    expect(baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:/); // the Prism mock, never the real API
    const mb = createMessageBird({ accessKey: "test_builder", baseUrl });
    const { response } = await mb.POST("/call-flows", { body: survey().createBody() });
    expect(response.status).toBe(201);
    // Prism answers a body its validation refuses with the spec's 400 (else a 422): the same check on a
    // wrong body proves it looks.
    const refused = await failure(mb.POST("/call-flows", { body: { steps: [{ action: "say", options: { payload: 1 } }] } as never }));
    expect([400, 422]).toContain(refused.status);
  });
});
