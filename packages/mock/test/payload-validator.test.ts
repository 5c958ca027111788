import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { PayloadValidator, validatePayloadFolder } from "../src/index.js";

const spec = fileURLToPath(new URL("./specs/downloads.yaml", import.meta.url));
const validator = new PayloadValidator(spec);
const item = { id: "a1", createdAt: "2017-03-06T13:34:14Z", endedAt: null };

describe("PayloadValidator", () => {
  it("accepts a response that matches, following response $refs and nullable", () => {
    expect(validator.validate({ data: [item] }, { kind: "response", operation: "getItem" }).valid).toBe(true);
    expect(validator.validate({ data: [item] }, { kind: "response", operation: "GET /items/{itemId}" }).valid).toBe(true);
    expect(validator.validate({ data: [item] }, { kind: "response", operation: "GET /items/x9" }).valid).toBe(true);
  });

  it("reports each mismatch with its path", () => {
    const result = validator.validate({ data: [{ id: 5, createdAt: "yesterday" }] }, { kind: "response", operation: "listItems" });
    expect(result.valid).toBe(false);
    expect(result.problems.map((p) => p.path).sort()).toEqual(["/data/0/createdAt", "/data/0/id"]);
  });

  it("checks request bodies and component schemas", () => {
    expect(validator.validate({ name: "x" }, { kind: "request", operation: "createItem" }).valid).toBe(true);
    const extra = validator.validate({ name: "x", colour: "red" }, { kind: "request", operation: "createItem" });
    expect(extra.valid).toBe(false);
    expect(extra.problems[0]?.message).toContain("colour");
    expect(validator.validate(item, { kind: "schema", schema: "Item" }).valid).toBe(true);
  });

  it("finds the error schema from the 4xx responses", () => {
    expect(validator.validate({ errors: [{ code: 13, message: "gone" }] }, { kind: "error" }).valid).toBe(true);
    expect(validator.validate({ errors: [{ message: "no code" }] }, { kind: "error" }).valid).toBe(false);
  });

  it("maps a folder by file name or manifest and fails files it cannot place", () => {
    const dir = mkdtempSync(join(tmpdir(), "payloads-"));
    writeFileSync(join(dir, "GET_items_itemId__capture.json"), JSON.stringify({ data: [item] }));
    writeFileSync(join(dir, "REQUEST_POST_items__capture.json"), JSON.stringify({ name: "n" }));
    writeFileSync(join(dir, "ERROR_404__capture.json"), JSON.stringify({ errors: [{ code: 13 }] }));
    writeFileSync(join(dir, "bad_GET_items__capture.json"), JSON.stringify({ data: "nope" }));
    writeFileSync(join(dir, "anything.json"), JSON.stringify({ data: "nope" }));
    writeFileSync(join(dir, "broken.json"), "{");
    const results = validatePayloadFolder(dir, validator, {
      manifest: { "anything.json": { operation: "listItems" } },
      exclude: ["broken.json"],
    });
    expect(results.map((r) => [r.file, r.valid])).toEqual([
      ["ERROR_404__capture.json", true],
      ["GET_items_itemId__capture.json", true],
      ["REQUEST_POST_items__capture.json", true],
      ["anything.json", false],
      ["bad_GET_items__capture.json", false],
    ]);
    expect(results.find((r) => r.file === "bad_GET_items__capture.json")?.problems[0]?.message).toMatch(/names no operation/);
  });
});
