// `callspec-mock proxy`, run in-process through runProxyCommand: usage errors, a busy port, a run.
import { mkdtempSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runProxyCommand } from "../src/proxy-cli.js";
import { startUpstream } from "./proxy-helpers.js";

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) } };
}

describe("callspec-mock proxy", () => {
  let upstream: Awaited<ReturnType<typeof startUpstream>>;
  beforeAll(async () => {
    upstream = await startUpstream(() => ({ status: 200, body: { data: [{ id: "c1", extra: 1 }] } }));
  });
  afterAll(async () => upstream?.close());

  it.each([
    [["messagebird-voice"], "missing --upstream"],
    [["messagebird-voice", "--upstream", "ftp://x"], "--upstream must be an http(s) URL"],
    [["no-such-vendor", "--upstream", "http://127.0.0.1:9"], "no spec named no-such-vendor"],
    [["messagebird-voice", "--upstream", "http://127.0.0.1:9", "--port", "0"], "--port must be an integer"],
    [["messagebird-voice", "--upstream", "http://127.0.0.1:9", "--nope"], "Unknown option"],
  ])("exits 2 with one line for %j", async (argv, message) => {
    const { err, io } = capture();
    expect(await runProxyCommand(argv, io)).toBe(2);
    expect(err).toHaveLength(1);
    expect(err[0]).toContain(message);
  });

  it("exits 1 with a clear line when the port is taken", async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, "127.0.0.1", r));
    const port = (blocker.address() as AddressInfo).port;
    const { err, io } = capture();
    try {
      expect(await runProxyCommand(["messagebird-voice", "--upstream", upstream.url, "--port", String(port)], io)).toBe(1);
    } finally {
      blocker.close();
    }
    expect(err).toEqual([expect.stringContaining(`Port ${port} on 127.0.0.1 is already in use`)]);
  });

  it("serves, answers the drift endpoint, and writes the report when stopped", async () => {
    const dir = mkdtempSync(join(tmpdir(), "proxy-cli-"));
    const { out, io } = capture();
    let stop = () => {};
    const until = new Promise<void>((r) => {
      stop = r;
    });
    const run = runProxyCommand(["messagebird-voice", "--upstream", upstream.url, "--record", dir], { ...io, until });
    while (!out[0]) await new Promise((r) => setTimeout(r, 50));
    const url = /listening at (\S+?),/.exec(out[0])?.[1];
    expect((await fetch(`${url}/calls`, { headers: { Authorization: "AccessKey x" } })).status).toBe(200);
    const drift = (await (await fetch(`${url}/__callspec/drift`)).json()) as { exchanges: number };
    expect(drift.exchanges).toBe(1);
    expect(await (await fetch(`${url}/__callspec/drift?format=text`)).text()).toContain("/data/*/extra");
    stop();
    expect(await run).toBe(0);
    expect(out.at(-1)).toContain("member the spec does not declare");
    expect(readFileSync(join(dir, "drift-report.txt"), "utf8")).toContain("/data/*/extra");
  });
});
