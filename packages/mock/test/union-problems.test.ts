// callspec-validate's wording for a value that fails a union: the branch the value's tag selects, not every
// branch's complaints (one bad call-flow step used to print a dozen lines, one per action it was not).
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { PayloadValidator } from "../src/index.js";

const messagebird = new PayloadValidator("messagebird-voice");
const problems = (body: unknown) => messagebird.validate(body, { kind: "request", operation: "POST /call-flows" }).problems;

describe("a failing tagged union", () => {
  it("reports only the branch its tag selects", () => {
    expect(problems({ steps: [{ action: "say", options: { payload: "hi", voice: "robot", language: "en-GB" } }] })).toEqual([
      { path: "/steps/0/options/voice", message: 'must be equal to one of the allowed values (["male","female"])' },
    ]);
  });

  it("names the allowed tags in one line when the tag selects no branch", () => {
    const [only, ...rest] = problems({ steps: [{ action: "dance" }] });
    expect(rest).toEqual([]);
    expect(only?.path).toBe("/steps/0/action");
    expect(only?.message).toMatch(/allowed values \(\["transfer","say","play","pause","record","fetchCallFlow","hangup","sendKeys"\]\)/);
  });

  it("keeps each bad item apart, and still accepts a valid one", () => {
    expect(problems({ steps: [{ action: "say" }, { action: "pause", options: {} }] })).toEqual([
      { path: "/steps/0", message: "must have required property 'options'" },
      { path: "/steps/1/options", message: "must have required property 'length'" },
    ]);
    expect(problems({ steps: [{ action: "say", options: { payload: "hi", voice: "male", language: "en-GB" } }] })).toEqual([]);
  });

  it("callspec-validate prints one line per cause", () => {
    const dir = mkdtempSync(join(tmpdir(), "callspec-union-"));
    writeFileSync(
      join(dir, "REQUEST_POST_call-flows__bad.json"),
      JSON.stringify({ steps: [{ action: "say", options: { payload: "hi", voice: "robot", language: "en-GB" } }] }),
    );
    const cli = fileURLToPath(new URL("../dist/validate-cli.js", import.meta.url));
    let output = "";
    try {
      execFileSync(process.execPath, [cli, "--spec", "messagebird-voice", dir], { encoding: "utf8" });
    } catch (error) {
      output = (error as { stdout: string }).stdout;
    }
    expect(output.trim().split("\n")).toEqual([
      "FAIL REQUEST_POST_call-flows__bad.json  (POST /call-flows request body)",
      '       /steps/0/options/voice: must be equal to one of the allowed values (["male","female"])',
      "0 valid, 1 invalid",
    ]);
  });
});
