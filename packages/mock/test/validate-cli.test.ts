// The callspec-validate command as a user runs it: the built bin, a real folder, exit codes and output.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const bin = fileURLToPath(new URL("../dist/validate-cli.js", import.meta.url));
const spec = fileURLToPath(new URL("./specs/downloads.yaml", import.meta.url));

function folder(files: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), "cli-payloads-"));
  for (const [name, body] of Object.entries(files)) writeFileSync(join(dir, name), JSON.stringify(body));
  return dir;
}

describe("callspec-validate", () => {
  it("exits 0 and lists each file when every payload validates", () => {
    const dir = folder({ "GET_items__a.json": { data: [{ id: "x" }] } });
    const out = execFileSync(process.execPath, [bin, "--spec", spec, dir], { encoding: "utf8" });
    expect(out).toContain("ok   GET_items__a.json");
    expect(out).toContain("1 valid, 0 invalid");
  });

  it("exits 1 and prints the pointer of each mismatch", () => {
    const dir = folder({ "GET_items__a.json": { data: [{ id: 1 }] }, "GET_items__b.json": { data: [] } });
    const run = spawnSync(process.execPath, [bin, "--spec", spec, dir], { encoding: "utf8" });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain("FAIL GET_items__a.json");
    expect(run.stdout).toMatch(/\/data\/0\/id: must be string/);
    expect(run.stdout).toContain("1 valid, 1 invalid");
  });

  it("honours --exclude and a manifest, and reports JSON on request", () => {
    const dir = folder({ "capture.json": { name: "n" }, "skip__node.json": { nope: true } });
    const manifest = join(dir, "..", `manifest-${Date.now()}.json`);
    writeFileSync(manifest, JSON.stringify({ "capture.json": { operation: "createItem", kind: "request" } }));
    const out = execFileSync(process.execPath, [bin, "--spec", spec, "--manifest", manifest, "--exclude", "*__node.json", "--json", dir], {
      encoding: "utf8",
    });
    expect(JSON.parse(out)).toEqual([{ file: "capture.json", valid: true, against: "POST /items request body", problems: [] }]);
  });

  it("exits 2 with usage when the spec or folder is missing", () => {
    const run = spawnSync(process.execPath, [bin], { encoding: "utf8" });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("Usage: callspec-validate");
  });
});
