// scripts/generate-validators.mjs on an invented document (test/fixtures/webhooks.yaml) with the shapes of
// `x-webhooks` no vendor spec uses yet: typed, required and list query parameters, a parameter of the
// Path Item redefined by its operation, a body that may be left out, an answer without a body. The
// generator runs here as the `generate` task runs it, only with `--spec` and `--out`.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type * as Validators from "../src/validators.js";

const cwd = fileURLToPath(new URL("..", import.meta.url));
const fixture = fileURLToPath(new URL("fixtures/webhooks.yaml", import.meta.url));
const out = mkdtempSync(join(tmpdir(), "callspec-webhooks-"));

/** Runs the generator on `spec` into `dir`; the error output when it refuses. */
function generate(spec: string, dir: string): string {
  try {
    execFileSync(process.execPath, ["../../scripts/generate-validators.mjs", "--spec", spec, "--out", dir], {
      cwd,
      env: { ...process.env, REDOCLY_TELEMETRY: "off" },
      stdio: "pipe",
    });
    return "";
  } catch (error) {
    return String((error as { stderr?: Buffer }).stderr ?? error);
  }
}

let m: typeof Validators;
beforeAll(async () => {
  expect(generate(fixture, out)).toBe("");
  writeFileSync(join(out, "package.json"), '{ "type": "module" }\n');
  m = await import(pathToFileURL(join(out, "validators.js")).href);
}, 60_000);
afterAll(() => rmSync(out, { recursive: true, force: true }));

const query = (value: unknown) => m.validateWebhook("digitsCollected", "query", value);

describe("webhook validators generated from a fixture spec", () => {
  it("list the webhooks, sorted", () => {
    expect([...m.webhookNames]).toEqual(["callEnded", "digitsCollected"]);
    expect(m.requestBodyOperations).toEqual([]);
  });

  it("read numbers, booleans and lists out of a query's strings", () => {
    expect(query(new URLSearchParams("callId=c1&digits=42&timedOut=true&score=0.5&legs=1&legs=2&tags=a,b&attempt=3"))).toEqual([]);
    expect(query("?callId=c1&digits=0&score=1e-1")).toEqual([]);
    expect(query({ callId: "c1", digits: "7", legs: "5" })).toEqual([]);
    // Values a framework has already parsed are checked as they are.
    expect(query({ callId: "c1", digits: 7, timedOut: false, legs: [1] })).toEqual([]);
  });

  it("point at a parameter whose text is not of its type, without quoting it", () => {
    // In the order the parameters are declared: the Path Item's first.
    expect(query("callId=c1&digits=4x2&timedOut=yes&legs=1&legs=two&attempt=")).toEqual([
      { field: "attempt", pointer: "/attempt", message: "must be integer" },
      { field: "digits", pointer: "/digits", message: "must be integer" },
      { field: "timedOut", pointer: "/timedOut", message: "must be boolean" },
      { field: "legs[1]", pointer: "/legs/1", message: "must be integer" },
    ]);
    expect(query("callId=c1&digits=1.5")).toEqual([{ field: "digits", pointer: "/digits", message: "must be integer" }]);
    const sentinel = "s3cr3t-sentinel-XYZ";
    const problems = query(`callId=c1&digits=${sentinel}&legs=${sentinel}&timedOut=${sentinel}`);
    expect(problems).toHaveLength(3);
    expect(JSON.stringify(problems)).not.toContain(sentinel);
  });

  it("check the limits of the schema a parameter names, and which parameters are required", () => {
    expect(query("callId=c1&digits=-1&score=2")).toEqual([
      { field: "digits", pointer: "/digits", message: "must be >= 0" },
      { field: "score", pointer: "/score", message: "must be <= 1" },
    ]);
    expect(query(undefined)).toEqual([
      { field: "callId", pointer: "/callId", message: "is required" },
      { field: "digits", pointer: "/digits", message: "is required" },
    ]);
    // The operation's callId (a string) replaces the Path Item's (an integer).
    expect(query("callId=abc&digits=1")).toEqual([]);
    expect(query("callId=&digits=1")).toEqual([{ field: "callId", pointer: "/callId", message: "must be at least 1 character long" }]);
  });

  it("leave what was passed in unchanged, and headers unchecked", () => {
    const given = { callId: "c1", digits: "42" };
    expect(query(given)).toEqual([]);
    expect(given).toEqual({ callId: "c1", digits: "42" });
  });

  it("check the answer, allow a body the spec does not require, and skip what has no JSON schema", () => {
    expect(m.validateWebhook("digitsCollected", "response", { action: "dance" })).toEqual([
      { field: "action", pointer: "/action", message: 'must be one of "hangup", "continue"' },
    ]);
    expect(m.validateWebhook("callEnded", "body", undefined)).toEqual([]);
    expect(m.validateWebhook("callEnded", "body", { duration: 3 })).toEqual([{ field: "callId", pointer: "/callId", message: "is required" }]);
    expect(m.validateWebhook("callEnded", "response", {})).toBeUndefined();
    expect(m.validateWebhook("digitsCollected", "body", {})).toBeUndefined();
  });

  it("refuse a webhook with more than one operation, which no name alone could pick", () => {
    const spec = join(out, "two-operations.yaml");
    writeFileSync(
      spec,
      "openapi: 3.0.3\ninfo: { title: t, version: '1' }\npaths: {}\nx-webhooks:\n  both:\n    get: { responses: { '200': { description: x } } }\n    post: { responses: { '200': { description: x } } }\n",
    );
    expect(generate(spec, join(out, "two"))).toContain("x-webhooks.both must have exactly one operation (it has get, post)");
  });
});
