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

  it("checks a single file named instead of a folder, finding its manifest entry by base name", () => {
    const dir = folder({ "GET_items__a.json": { data: [{ id: 1 }] }, "capture.json": { name: "n" } });
    const good = spawnSync(process.execPath, [bin, "--spec", spec, join(dir, "GET_items__a.json")], { encoding: "utf8" });
    expect(good.status).toBe(1);
    expect(good.stdout).toContain("0 valid, 1 invalid");
    const manifest = join(dir, "map.json.txt");
    writeFileSync(manifest, JSON.stringify({ "capture.json": { operation: "createItem", kind: "request" } }));
    const mapped = spawnSync(process.execPath, [bin, "--spec", spec, "--manifest", manifest, join(dir, "capture.json")], {
      encoding: "utf8",
    });
    expect(mapped.status).toBe(0);
    expect(mapped.stdout).toContain("ok   capture.json  (POST /items request body)");
  });

  it("exits 2 with usage when the spec or folder is missing", () => {
    const run = spawnSync(process.execPath, [bin], { encoding: "utf8" });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("Usage: callspec-validate");
  });

  // Each of these stops the check before any file is validated: one line saying why, no stack trace.
  const payloads = () => folder({ "GET_items__a.json": { data: [{ id: "x" }] } });
  const side = (name: string, text: string) => {
    const dir = mkdtempSync(join(tmpdir(), "cli-side-"));
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };
  const withManifest = (text: string) => ["--spec", spec, "--manifest", side("m.json", text), payloads()];
  it.each<[string, () => string[], RegExp]>([
    ["an unknown vendor", () => ["--spec", "no-such-vendor", payloads()], /has no spec named no-such-vendor/],
    ["a spec file that does not exist", () => ["--spec", "./no/such.yaml", payloads()], /No OpenAPI document at .*no\/such\.yaml/],
    ["a spec that is not YAML", () => ["--spec", side("bad.yaml", "a: [\n  b: {\n"), payloads()], /cannot read the spec .*bad\.yaml/],
    ["a folder that does not exist", () => ["--spec", spec, join(tmpdir(), "no-such-dir-cs")], /no folder or file at .*no-such-dir-cs/],
    ["an empty folder", () => ["--spec", spec, folder({})], /no payload files in .* match \*\.json \(/],
    ["nothing left after --exclude", () => ["--spec", spec, "--exclude", "GET_*", payloads()], /match \*\.json minus GET_\* \(/],
    ["a manifest that does not exist", () => ["--spec", spec, "--manifest", "/no/such/m.json", payloads()], /cannot read --manifest \/no\/such\/m\.json/],
    ["a manifest that is not JSON", () => withManifest("{\n  nope\n"), /--manifest .*m\.json is not valid JSON/],
    ["a manifest that is not an object", () => withManifest("[1]"), /must be a JSON object keyed by file name/],
    ["a manifest entry naming nothing", () => withManifest('{"a.json": {"status": 200}}'), /entry for "a\.json" needs/],
  ])("exits 2 with one line for %s", (_case, args, message) => {
    const run = spawnSync(process.execPath, [bin, ...args()], { encoding: "utf8" });
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    const lines = run.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^callspec-validate: /);
    expect(lines[0]).toMatch(message);
  });
});
