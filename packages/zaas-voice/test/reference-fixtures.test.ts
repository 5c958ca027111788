// The ZaaS fixtures in ../shared/reference/fixtures/zaas-voice: the Login body (shown on the sibling SMS
// API's page, which shares the Login scheme) must validate. The other file is a Messaging API request,
// not Voice, and is only evidence of the token-first rule.
import { existsSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { PayloadValidator, validatePayloadFolder } from "@callspec/mock";
import { describe, expect, it } from "vitest";

const folder = fileURLToPath(new URL("../../../../shared/reference/fixtures/zaas-voice", import.meta.url));
const present = existsSync(folder);
const notVoice = ["messaging-send-request.third-party-example.json"];

// Outside this repository (a user's clone) the reference folder may be absent; in CI it must be there.
describe.skipIf(!present && !process.env["CI"])("reference fixtures", () => {
  const results = validatePayloadFolder(folder, new PayloadValidator("zaas-voice"), {
    manifest: { "login-request.doc-example.json": { operation: "login", kind: "request" } },
    exclude: notVoice,
  });

  it("maps every Voice fixture in the folder", () => {
    expect(results.map((r) => r.file)).toEqual(readdirSync(folder).filter((f) => f.endsWith(".json") && !notVoice.includes(f)));
  });

  it.each(results.map((r) => [r.file, r] as const))("%s validates", (_file, result) => {
    expect(result.problems).toEqual([]);
    expect(result.valid).toBe(true);
  });
});
