// The spec must accept the payloads gathered in ../shared/reference/fixtures/voipstudio (real captures,
// vendor doc examples, third-party webhook samples). Their names follow no convention, so
// reference-fixtures.manifest.json says what each one is.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { PayloadValidator, validatePayloadFolder, type PayloadManifest } from "@callspec/mock";
import { describe, expect, it } from "vitest";

const folder = fileURLToPath(new URL("../../../../shared/reference/fixtures/voipstudio", import.meta.url));
const manifest = JSON.parse(readFileSync(new URL("./reference-fixtures.manifest.json", import.meta.url), "utf8")) as PayloadManifest;
// A JSON Schema of CDR records from a third-party tap, not a payload.
const notPayloads = ["cdrs-record.jsonschema.tap-voipstudio.json"];
const present = existsSync(folder);

// Outside this repository (a user's clone) the reference folder may be absent; in CI it must be there.
describe.skipIf(!present && !process.env["CI"])("reference fixtures", () => {
  const results = present
    ? validatePayloadFolder(folder, new PayloadValidator("voipstudio"), { manifest, exclude: notPayloads })
    : [];

  it("maps every payload fixture in the folder", () => {
    const payloads = readdirSync(folder).filter((f) => f.endsWith(".json") && !notPayloads.includes(f));
    expect(Object.keys(manifest).sort()).toEqual(payloads.sort());
    expect(results).toHaveLength(payloads.length);
  });

  it.each(results.map((r) => [r.file, r] as const))("%s validates", (_file, result) => {
    expect(result.problems).toEqual([]);
    expect(result.valid).toBe(true);
  });
});
