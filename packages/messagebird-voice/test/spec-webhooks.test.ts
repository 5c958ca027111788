// The spec's `x-webhooks` (the requests MessageBird sends to the customer's server) against the spec's own
// schemas: the convention every entry follows, every example it gives (query parameters, bodies, answers),
// the signature header's example against the scheme the spec describes, and the audit fixes that decide
// what these schemas accept. Everything is read from the spec file; the oracle is @callspec/mock's
// PayloadValidator (Ajv with formats), plus a plain Ajv for the inline schemas of parameters.
import { createHash, createHmac } from "node:crypto";
import { loadSpec, PayloadValidator, resolveSpecPath } from "@callspec/mock";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";

const vendor = "messagebird-voice";
const doc = loadSpec(resolveSpecPath(vendor));
const oracle = new PayloadValidator(vendor);
const hooks = doc["x-webhooks"] as Record<string, Record<string, Operation>>;
const schemas = doc.components?.["schemas"] as Record<string, unknown>;

interface Media {
  schema?: { $ref?: string; type?: string };
  example?: unknown;
  examples?: Record<string, { value: unknown }>;
}
interface Operation {
  operationId: string;
  tags: string[];
  security?: Record<string, string[]>[];
  parameters?: { $ref: string }[];
  requestBody?: { content: Record<string, Media> };
  responses: Record<string, { content?: Record<string, Media> }>;
}
interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schema: { type?: string };
  example?: unknown;
}

const at = (pointer: string): unknown =>
  pointer
    .replace(/^#\//, "")
    .split("/")
    .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], doc);
const entries = Object.entries(hooks).map(([name, item]) => {
  const methods = Object.keys(item).filter((k) => ["get", "put", "post", "delete", "patch", "head", "options", "trace"].includes(k));
  return { name, methods, method: methods[0]!, op: item[methods[0]!]! };
});
const examplesOf = (media: Media): [string, unknown][] => [
  ...("example" in media ? [["example", media.example] as [string, unknown]] : []),
  ...Object.entries(media.examples ?? {}).map(([label, e]) => [label, e.value] as [string, unknown]),
];
const refName = (schema: Media["schema"]) => schema?.$ref?.replace("#/components/schemas/", "");

// Inline parameter schemas are not components, so PayloadValidator cannot name them: a plain Ajv over the spec.
const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, validateFormats: false });
ajv.addSchema(doc as object, "spec");
const validParameter = (pointer: string, value: unknown) => ajv.compile({ $ref: `spec${pointer}/schema` })(value);
const valid = (schema: string, value: unknown) => oracle.validate(value, { kind: "schema", schema });

describe("x-webhooks: the convention", () => {
  it("lists exactly the three requests MessageBird sends", () => {
    expect(Object.keys(hooks)).toEqual(["callFlowFetch", "recordingFinished", "callStatusEvent"]);
  });

  it.each(entries.map((e) => [e.name, e] as const))("%s: one operation, on<Name>, tag Webhooks, signed, $ref schemas", (name, { methods, method, op }) => {
    expect(methods).toHaveLength(1);
    expect(["get", "post"]).toContain(method);
    expect(op.operationId).toBe(`on${name[0]!.toUpperCase()}${name.slice(1)}`);
    expect(op.tags).toEqual(["Webhooks"]);
    expect(op.security).toEqual([{ MessageBirdSignatureJwt: [] }]);
    expect(op.parameters).toContainEqual({ $ref: "#/components/parameters/SignatureJwtHeader" });
    const json = op.requestBody?.content["application/json"];
    if (json) expect(refName(json.schema)).toBeDefined();
    const answer = op.responses["200"]?.content?.["application/json"];
    if (answer) expect(refName(answer.schema)).toBeDefined();
    for (const { $ref } of op.parameters ?? []) {
      const p = at($ref) as Parameter;
      if (p.in === "query") expect(p.schema.type, `${$ref} has a concrete type`).toBe("string");
    }
  });

  it("declares the Webhooks tag and the signature scheme, and says where the requests are", () => {
    expect((doc["tags"] as { name: string }[]).map((t) => t.name)).toContain("Webhooks");
    const scheme = at("#/components/securitySchemes/MessageBirdSignatureJwt") as Record<string, string>;
    expect(scheme).toMatchObject({ type: "apiKey", in: "header", name: "MessageBird-Signature-JWT" });
    expect(at("#/components/parameters/SignatureJwtHeader")).toMatchObject({ name: "MessageBird-Signature-JWT", in: "header", required: true });
    expect((doc["info"] as { description: string }).description).toMatch(/x-webhooks/);
    expect(JSON.stringify(doc)).not.toMatch(/"callbacks"/);
  });

  it("answers the call-flow fetch with a bare call flow, as JSON or XML", () => {
    const content = hooks["callFlowFetch"]!["get"]!.responses["200"]!.content!;
    expect(Object.keys(content).sort()).toEqual(["application/json", "application/xml"]);
    expect(refName(content["application/json"]!.schema)).toBe("CallFlowAnswer");
    expect(hooks["callFlowFetch"]!["get"]!.requestBody).toBeUndefined();
  });
});

describe("x-webhooks: every example validates against its schema", () => {
  const cases = entries.flatMap(({ name, op }) => [
    ...(op.parameters ?? []).flatMap(({ $ref }) => {
      const p = at($ref) as Parameter;
      return p.example === undefined ? [] : [[`${name} ${p.in} ${p.name}`, () => validParameter($ref, p.example)] as const];
    }),
    ...Object.entries(op.requestBody?.content ?? {}).flatMap(([media, m]) =>
      examplesOf(m).map(([label, value]) => [`${name} body ${media} (${label})`, () => checkMedia(m, value)] as const),
    ),
    ...Object.entries(op.responses).flatMap(([status, r]) =>
      Object.entries(r.content ?? {}).flatMap(([media, m]) =>
        examplesOf(m).map(([label, value]) => [`${name} ${status} ${media} (${label})`, () => checkMedia(m, value)] as const),
      ),
    ),
  ]);
  function checkMedia(media: Media, value: unknown): boolean {
    const name = refName(media.schema);
    if (!name) throw new Error("an x-webhooks schema is not a $ref");
    if ((schemas[name] as { type?: string }).type === "string") return typeof value === "string";
    const result = valid(name, value);
    expect(result.problems).toEqual([]);
    return result.valid;
  }

  it("has examples of every kind to check", () => {
    const labels = cases.map(([label]) => label).join("\n");
    expect(labels).toMatch(/query callID/);
    expect(labels).toMatch(/header MessageBird-Signature-JWT/);
    expect(labels).toMatch(/recordingFinished body application\/json/);
    expect(labels).toMatch(/callFlowFetch 200 application\/json/);
    expect(labels).toMatch(/callFlowFetch 200 application\/xml/);
    expect(labels).toMatch(/recordingFinished 200 application\/json/);
  });
  it.each(cases)("%s", (_label, check) => expect(check()).toBe(true));
});

describe("the signature header's example follows the scheme the spec describes", () => {
  const param = at("#/components/parameters/SignatureJwtHeader") as Parameter & { description: string };
  const token = String(param.example);
  const [head, payload, signature] = token.split(".") as [string, string, string];
  const claims = JSON.parse(Buffer.from(payload, "base64url").toString()) as Record<string, unknown>;
  // Both named in the parameter's description, which says what the example was signed for.
  const key = "PlLrKaqvZNRR5zAjm42ZT6q1SQxgbbGd";
  const url = "https://ivr.acme-logistics.nl/voice/flow?callID=8e2f6a40-3c9d-4b17-a5e8-0d4c7b1f9a26&source=31612345678&destination=31201234567";
  const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

  it("names its key and URL, which match the callFlowFetch examples", () => {
    expect(param.description).toContain(key);
    expect(param.description).toContain(url);
    const query = new URL(url).searchParams;
    for (const ref of ["WebhookCallId", "WebhookSource", "WebhookDestination"]) {
      const p = at(`#/components/parameters/${ref}`) as Parameter;
      expect(query.get(p.name)).toBe(p.example);
    }
  });
  it("is an HS256 JWT signed with the signing key's UTF-8 bytes", () => {
    expect(JSON.parse(Buffer.from(head, "base64url").toString())).toEqual({ alg: "HS256", typ: "JWT" });
    expect(createHmac("sha256", Buffer.from(key, "utf8")).update(`${head}.${payload}`).digest("base64url")).toBe(signature);
  });
  it("carries iss, nbf, exp = nbf + 60, jti and url_hash; no payload_hash for an empty body", () => {
    expect(claims).toMatchObject({ iss: "MessageBird", jti: expect.any(String) });
    expect(claims["exp"]).toBe((claims["nbf"] as number) + 60);
    expect(claims["url_hash"]).toBe(sha256(url));
    expect(claims).not.toHaveProperty("payload_hash");
  });
  it("would not match the URL with its query re-ordered", () => {
    expect(claims["url_hash"]).not.toBe(sha256(url.replace(/\?(.*)$/, (_m, q: string) => `?${q.split("&").reverse().join("&")}`)));
  });
});

describe("what the webhook schemas accept", () => {
  const say = { action: "say", options: { payload: "Hello", voice: "female", language: "en-GB" } };

  it("CallFlowAnswer: a bare flow, not one wrapped in data", () => {
    expect(valid("CallFlowAnswer", { steps: [say] }).valid).toBe(true);
    expect(valid("CallFlowAnswer", { title: "Survey", steps: [say, { action: "hangup" }] }).valid).toBe(true);
    expect(valid("CallFlowAnswer", { data: [{ steps: [say] }] }).valid).toBe(false);
    expect(valid("CallFlowAnswer", { steps: [{ action: "dance" }] }).valid).toBe(false);
  });
  it("RecordingFinished: id and legId, other members allowed, none required", () => {
    expect(valid("RecordingFinished", { id: "r", legId: "l", status: "done", duration: 7 }).valid).toBe(true);
    expect(valid("RecordingFinished", {}).valid).toBe(true);
    expect(valid("RecordingFinished", { id: 7 }).valid).toBe(false);
    expect(valid("RecordingFinished", [{ id: "r" }]).valid).toBe(false);
  });
  it("CallStatusEvent: an open object (its payload is unknown)", () => {
    expect(schemas["CallStatusEvent"]).toMatchObject({ type: "object", additionalProperties: true });
    expect(schemas["CallStatusEvent"]).not.toHaveProperty("properties");
    expect(valid("CallStatusEvent", { anything: [1, { deep: true }] }).valid).toBe(true);
    expect(valid("CallStatusEvent", "call.ended").valid).toBe(false);
  });
  it("say.repeat: 1 to 10, as a number or a string of digits", () => {
    const repeat = (value: unknown) => valid("SayOptions", { ...say.options, repeat: value }).valid;
    expect([1, 10, "1", "10"].map(repeat)).toEqual([true, true, true, true]);
    expect([0, 11, "0", "11", "one", 1.5].map(repeat)).toEqual([false, false, false, false, false, false]);
  });
  it("record options: what the Go SDK sends for unset options, and the documented values", () => {
    const record = (options: unknown) => valid("RecordOptions", options).valid;
    expect(record({ maxLength: 0, timeout: 0, finishOnKey: "", transcribeLanguage: "", onFinish: "" })).toBe(true);
    expect(record({ maxLength: 10_000_000_000, timeout: 5_000_000_000 })).toBe(true);
    expect(record({ finishOnKey: "#", transcribe: true, transcribeLanguage: "nl-NL", onFinish: "https://example.com/done" })).toBe(true);
    expect(record({ finishOnKey: "5" })).toBe(false);
    expect(record({ transcribeLanguage: "en-GB" })).toBe(false);
    expect(record({ onFinish: "/relative/path" })).toBe(false);
    expect(record({ maxLength: -1 })).toBe(false);
  });
});

describe("audit fixes in the prose", () => {
  const text = JSON.stringify(doc);
  it("claims no live_ prefix for live keys", () => expect(text).not.toMatch(/live_/));
  it("no longer calls a webhook token the signing secret", () => {
    expect(text).not.toMatch(/Secret used to sign the events|New signing secret/);
    const token = (schemas["Webhook"] as { properties: { token: { description: string } } }).properties.token.description;
    expect(token).toMatch(/Objects\/Voice\/Webhook\.php/);
    expect(token).toMatch(/not known/);
  });
  it.each(["deleteLeg", "holdLeg", "unholdLeg", "replaceCallFlowNumbers"])("%s is marked as known only from the endpoint list", (operationId) => {
    const op = Object.values(doc.paths)
      .flatMap((item) => Object.values(item) as { operationId?: string; description?: string }[])
      .find((o) => o.operationId === operationId)!;
    expect(op.description).toMatch(/Known only from the endpoint list/);
    expect(op.description).toMatch(/assum/);
  });
});
