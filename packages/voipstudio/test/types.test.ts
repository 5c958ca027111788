// The generated types (scripts/generate-types.mjs) carry the spec's `x-webhooks` as openapi-typescript's
// `webhooks`, exported beside `paths`. The type assertions are checked by `tsc --noEmit` (the typecheck
// task); the test run checks that the generated interface lists every webhook of the spec.
import { readFileSync } from "node:fs";
import { loadSpec, resolveSpecPath } from "@callspec/mock";
import { describe, expect, expectTypeOf, it } from "vitest";
import type { components, operations, webhooks } from "../src/index.js";

const doc = loadSpec(resolveSpecPath("voipstudio"));

describe("webhook types", () => {
  it("type a webhook's body as its component schema", () => {
    type Hangup = webhooks["callHangup"]["post"]["requestBody"]["content"]["application/json"];
    expectTypeOf<Hangup>().toEqualTypeOf<components["schemas"]["WebhookCallEvent"]>();
    expectTypeOf<webhooks["smsReceived"]["post"]>().toEqualTypeOf<operations["onSmsReceived"]>();
    expectTypeOf<Hangup["event_name"]>().toEqualTypeOf<string>();
    // @ts-expect-error a webhook the spec does not describe
    expectTypeOf<webhooks["noSuchWebhook"]>().toBeObject();
  });

  it("list every x-webhooks entry in the generated interface", () => {
    const schema = readFileSync(new URL("../src/generated/schema.ts", import.meta.url), "utf8");
    const block = /^export interface webhooks \{\n([\s\S]*?)^\}/m.exec(schema)?.[1] ?? "";
    const names = [...block.matchAll(/^ {4}"?([\w$-]+)"?: \{$/gm)].map((m) => m[1]);
    expect(names.sort()).toEqual(Object.keys(doc["x-webhooks"] as object).sort());
  });
});
