// The spec must accept the real payloads gathered from MessageBird's own SDK test suites
// (../shared/reference/fixtures/messagebird-voice). The Node SDK's are synthetic (dates are the string
// "timestamp") and are checked only to document that they fail.
import { existsSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { PayloadValidator, validatePayloadFolder } from "@callspec/mock";
import { describe, expect, it } from "vitest";

const folder = fileURLToPath(new URL("../../../../shared/reference/fixtures/messagebird-voice", import.meta.url));
const present = existsSync(folder);

describe.skipIf(!present)("reference fixtures", () => {
  const validator = new PayloadValidator("messagebird-voice");
  const results = present
    ? validatePayloadFolder(folder, validator, { include: ["*__go.json", "*__python.json", "*__csharp*.json", "*__php.json"] })
    : [];

  it("covers every go, python, csharp and php fixture", () => {
    const required = readdirSync(folder).filter((f) => /__(go|python|csharp[\w-]*|php)\.json$/.test(f));
    expect(required.length).toBeGreaterThan(40);
    expect(results.map((r) => r.file).sort()).toEqual(required.sort());
  });

  it.each(results.map((r) => [r.file, r] as const))("%s validates", (_file, result) => {
    expect(result.problems).toEqual([]);
    expect(result.valid).toBe(true);
  });
});
