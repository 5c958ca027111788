// The generated types (scripts/generate-types.mjs) carry the spec's `x-webhooks` as openapi-typescript's
// `webhooks`, exported beside `paths`. The type assertions are checked by `tsc --noEmit` (the typecheck
// task); the test run checks that the generated interface lists every webhook of the spec.
import { readFileSync } from "node:fs";
import { loadSpec, resolveSpecPath } from "@callspec/mock";
import { describe, expect, expectTypeOf, it } from "vitest";
import type { components, webhooks } from "../src/index.js";

const doc = loadSpec(resolveSpecPath("messagebird-voice"));

describe("webhook types", () => {
  it("type the query, the signature header and the answer of a GET webhook", () => {
    type Fetch = webhooks["callFlowFetch"]["get"];
    expectTypeOf<NonNullable<Fetch["parameters"]["query"]>["callID"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<Fetch["parameters"]["header"]["MessageBird-Signature-JWT"]>().toEqualTypeOf<string>();
    expectTypeOf<Fetch["responses"][200]["content"]["application/json"]>().toEqualTypeOf<components["schemas"]["CallFlowAnswer"]>();
  });

  it("type the body of a POST webhook", () => {
    type Finished = webhooks["recordingFinished"]["post"]["requestBody"]["content"]["application/json"];
    expectTypeOf<Finished>().toEqualTypeOf<components["schemas"]["RecordingFinished"]>();
    expectTypeOf<Finished["legId"]>().toEqualTypeOf<string | undefined>();
    // @ts-expect-error a GET webhook has no POST operation
    expectTypeOf<webhooks["callFlowFetch"]["post"]["requestBody"]>().toBeObject();
  });

  it("list every x-webhooks entry in the generated interface", () => {
    const schema = readFileSync(new URL("../src/generated/schema.ts", import.meta.url), "utf8");
    const block = /^export interface webhooks \{\n([\s\S]*?)^\}/m.exec(schema)?.[1] ?? "";
    const names = [...block.matchAll(/^ {4}"?([\w$-]+)"?: \{$/gm)].map((m) => m[1]);
    expect(names.sort()).toEqual(Object.keys(doc["x-webhooks"] as object).sort());
  });
});
