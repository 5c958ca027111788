// The fault modes as users reach them: the jest and vitest run helpers and the callspec-mock command, each
// with a real Prism behind the front server (the small harness spec, so a start takes about a second).
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { connectMock } from "../src/faults/connect-mock.js";
import { jestMockSetup } from "../src/jest.js";
import { mockGlobalSetup } from "../src/vitest.js";
import { childrenOf } from "./support/processes.js";

const spec = fileURLToPath(new URL("./specs/downloads.yaml", import.meta.url));
const bin = fileURLToPath(new URL("../dist/mock-cli.js", import.meta.url));
const createItem = (url: string) => fetch(`${url}/items`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"name":"n"}' });

describe("jestMockSetup", () => {
  it("starts the mock in globalSetup, hands its URL over in process.env, and stops it in globalTeardown", async () => {
    const pair = jestMockSetup({ CALLSPEC_TEST_FAULTY_URL: spec }, { faults: true, callPlacing: ["POST /items"] });
    await pair.globalSetup();
    const url = process.env["CALLSPEC_TEST_FAULTY_URL"] ?? "";
    try {
      const mock = connectMock(url);
      await mock.fault("reset-after-accept", { match: "POST /items" });
      await expect(createItem(url)).rejects.toThrow();
      expect(await mock.placedCalls()).toBe(1);
      expect((await createItem(url)).status).toBe(201);
      expect(await mock.count("POST /items")).toBe(2);
    } finally {
      await pair.globalTeardown();
      delete process.env["CALLSPEC_TEST_FAULTY_URL"];
    }
    await expect(fetch(`${url}/items`)).rejects.toThrow();
  });
});

describe("mockGlobalSetup with faults", () => {
  it("provides the front server's URL, with the run's faults in force", async () => {
    const provided = new Map<string, unknown>();
    const teardown = await mockGlobalSetup(spec, { faults: [{ mode: "burst", times: 1, status: 502 }] })({ provide: (k, v) => provided.set(k, v) });
    const url = provided.get("mockUrl") as string;
    try {
      expect((await fetch(`${url}/items`)).status).toBe(502);
      expect((await fetch(`${url}/items`)).status).toBe(200);
      expect((await connectMock(url).requests()).map((e) => e.fault)).toEqual(["burst", undefined]);
    } finally {
      await teardown();
    }
  });
});

describe("callspec-mock --fault", () => {
  it("refuses a malformed fault with one line and exit status 2", async () => {
    const child = spawn(process.execPath, [bin, spec, "--fault", "burst,status=999"]);
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    const status = await new Promise((r) => child.once("close", r));
    expect(status).toBe(2);
    expect(stderr.split("\n")[0]).toBe('callspec-mock: --fault burst,status=999: fault parameter status must be an integer from 100 to 599, got "999"');
  });

  it("serves with the run's faults, and exits 0 when interrupted", async () => {
    const child = spawn(process.execPath, [bin, spec, "--fault", "rate-limit,retry-after=3,match=GET /items"]);
    const url = await faultyUrl(child);
    const limited = await fetch(`${url}/items`);
    expect([limited.status, limited.headers.get("retry-after")]).toEqual([429, "3"]);
    expect((await fetch(`${url}/items`)).status).toBe(200);
    const status = new Promise((r) => child.once("close", r));
    child.kill("SIGTERM");
    expect(await status).toBe(0);
  });
  // Finding the Prism child of the command needs /proc; the behaviour itself is not Linux-specific.
  it.skipIf(process.platform !== "linux")("exits 1 when Prism stops on its own behind the front server", async () => {
    const child = spawn(process.execPath, [bin, spec, "--faults"]);
    await faultyUrl(child);
    const status = new Promise((r) => child.once("close", r));
    for (const pid of childrenOf(child.pid ?? -1)) process.kill(pid, "SIGKILL");
    // Without the fix the front server kept the command running: give up after 20 s and end it.
    const timer = setTimeout(() => child.kill("SIGTERM"), 20_000);
    expect(await status).toBe(1);
    clearTimeout(timer);
  });
});

function faultyUrl(child: ChildProcessWithoutNullStreams): Promise<string> {
  return new Promise<string>((resolveUrl, reject) => {
    let text = "";
    child.stdout.on("data", (chunk: Buffer) => {
      text += chunk.toString("utf8");
      const match = /listening at (http:\/\/\S+) \(fault injection on\)/.exec(text);
      if (match?.[1]) resolveUrl(match[1]);
    });
    child.once("close", () => reject(new Error(`the command ended: ${text}`)));
  });
}
