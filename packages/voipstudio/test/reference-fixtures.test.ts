// The spec must accept the payloads gathered in ../shared/reference/fixtures/voipstudio (real captures,
// vendor doc examples, third-party webhook samples). Their names follow no convention, so
// reference-fixtures.manifest.json says what each one is.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { PayloadValidator, validatePayloadFolder, type PayloadManifest } from "@callspec/mock";
import { describe, expect, it } from "vitest";

// CALLSPEC_REFERENCE_DIR only relocates the fixtures root, e.g. to rehearse a clone that lacks ../shared.
const root = process.env["CALLSPEC_REFERENCE_DIR"] ?? fileURLToPath(new URL("../../../../shared/reference/fixtures", import.meta.url));
const folder = join(root, "voipstudio");
const manifest = JSON.parse(readFileSync(new URL("./reference-fixtures.manifest.json", import.meta.url), "utf8")) as PayloadManifest;
// A JSON Schema of CDR records from a third-party tap, not a payload.
const notPayloads = ["cdrs-record.jsonschema.tap-voipstudio.json"];
const present = existsSync(folder);
// CI runners set CI=true (or 1); an empty, "false" or "0" value is a developer machine.
const inCi = /^(?!false$|0$)./i.test(process.env["CI"] ?? "");

describe("reference fixtures", () => {
  // Nothing may touch the folder while vitest collects when it is absent, or the whole file crashes
  // instead of skipping (a user's clone) or failing by name (CI, where the folder must be there).
  if (!present) {
    const reason = `no reference fixtures at ${folder} (set CALLSPEC_REFERENCE_DIR to their root)`;
    if (inCi) it("are present in CI", () => expect.fail(`CI is set but there are ${reason}`));
    else {
      // The default reporter names no skipped test, so the reason goes to the console as well.
      console.warn(`[voipstudio] reference fixtures skipped: ${reason}; with CI=true this fails`);
      it.skip(`skipped: ${reason}; with CI=true this fails`);
    }
    return;
  }
  const results = validatePayloadFolder(folder, new PayloadValidator("voipstudio"), { manifest, exclude: notPayloads });

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
