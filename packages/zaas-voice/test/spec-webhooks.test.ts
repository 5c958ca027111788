// The ZaaS spec's `x-webhooks` is empty (no callbacks are documented) and says so; the Login answer is an
// open object; NO_ENDPOINT_REGISTERED is a refusal, not a member of the 200 schema (the seed names neither
// its status nor its body). Everything is read from the spec file; the oracle is @callspec/mock's
// PayloadValidator.
import { loadSpec, PayloadValidator, resolveSpecPath } from "@callspec/mock";
import { describe, expect, it } from "vitest";

const vendor = "zaas-voice";
const doc = loadSpec(resolveSpecPath(vendor));
const oracle = new PayloadValidator(vendor);

describe("x-webhooks", () => {
  it("is present and empty, and the info description says why", () => {
    expect(doc["x-webhooks"]).toEqual({});
    expect((doc["info"] as { description: string }).description).toMatch(/No callbacks or webhooks are documented/);
    expect(JSON.stringify(doc)).not.toMatch(/"callbacks"/);
  });
});

describe("the Login answer is open", () => {
  const login = (body: unknown) => oracle.validate(body, { kind: "response", operation: "login", status: 200 });
  it("accepts the example, an answer with other members, and one without a token", () => {
    expect(login({ token: "5d7bd5df7b2e3252147f8bd2a1c9" }).valid).toBe(true);
    expect(login({ token: "5d7bd5df7b2e3252147f8bd2a1c9", expires: "2019-09-18 18:00:00", user: { id: 1 } }).valid).toBe(true);
    expect(login({}).valid).toBe(true);
  });
  it("still describes token as the access token", () => {
    expect(login({ token: "" }).valid).toBe(false);
    expect(login({ token: 12345 }).valid).toBe(false);
  });
});

describe("NO_ENDPOINT_REGISTERED", () => {
  const refusal = { message: "NO_ENDPOINT_REGISTERED" };
  it("is a refusal of Call/Create (status assumed), not a member of the 200 answer", () => {
    expect(oracle.validate(refusal, { kind: "response", operation: "createCall", status: 400 }).valid).toBe(true);
    expect(oracle.validate([{ _id: "5d7bd7d87b2e3252147f8be4" }], { kind: "response", operation: "createCall", status: 200 }).valid).toBe(true);
    expect(oracle.validate([refusal], { kind: "response", operation: "createCall", status: 200 }).valid).toBe(false);
  });
  it("no longer claims the text may arrive in a 200", () => {
    expect(JSON.stringify(doc)).not.toMatch(/may even arrive in a 200/);
  });
});
