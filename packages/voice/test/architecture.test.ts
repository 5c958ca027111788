import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { messagebirdVendor } from "../src/messagebird.js";
import { voipstudioVendor } from "../src/voipstudio.js";
import { zaasVendor } from "../src/zaas.js";

const coreDir = join(import.meta.dirname, "../src/core");

describe("a vendor is data", () => {
  it("no file of src/core names a vendor, by id or by name, not even in a comment", () => {
    const names = [messagebirdVendor, voipstudioVendor, zaasVendor].flatMap((v) => [v.id, v.name]);
    const files = readdirSync(coreDir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
    expect(files.map((f) => f.name)).toContain("signed-request.ts"); // the walk reaches core/webhooks too
    const hits = files
      .map((entry) => join(entry.parentPath, entry.name).slice(coreDir.length + 1))
      .flatMap((file) => {
        const text = readFileSync(join(coreDir, file), "utf8").toLowerCase();
        return names.filter((name) => text.includes(name.toLowerCase())).map((name) => `${file}: ${name}`);
      });
    expect(hits).toEqual([]);
  });
});
