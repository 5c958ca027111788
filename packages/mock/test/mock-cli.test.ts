// The callspec-mock command as a user runs it: the built bin as a child process, its exit status and output.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { childrenOf } from "./support/processes.js";

const bin = fileURLToPath(new URL("../dist/mock-cli.js", import.meta.url));
const spec = fileURLToPath(new URL("./specs/downloads.yaml", import.meta.url));

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

const started: ChildProcessWithoutNullStreams[] = [];

/** Starts the command; a run that outlives its test (a regression that keeps serving) is ended in afterEach. */
function start(args: string[], env: NodeJS.ProcessEnv = process.env): ChildProcessWithoutNullStreams {
  const child = spawn(process.execPath, [bin, ...args], { env });
  started.push(child);
  return child;
}

// Asynchronous on purpose: a server this test process holds must keep answering while the command runs.
function run(args: string[]): Promise<Run> {
  return new Promise((resolveRun, reject) => {
    const child = start(args);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    child.once("error", reject);
    child.once("close", (status) => resolveRun({ status, stdout, stderr }));
  });
}

function firstLine(text: string): string {
  return text.split("\n")[0] ?? "";
}

let occupant: Server | undefined;
afterEach(async () => {
  // SIGTERM lets the command close its Prism group, which a SIGKILL would orphan.
  for (const child of started.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
  await new Promise((r) => (occupant ? occupant.close(r) : r(undefined)));
  occupant = undefined;
});

describe("callspec-mock", () => {
  it("exits 1 with one line naming the port when something else already answers on it", async () => {
    occupant = createServer((_req, res) => res.end("not prism"));
    await new Promise<void>((r) => occupant?.listen(0, "127.0.0.1", r));
    const { port } = occupant.address() as AddressInfo;
    const result = await run([spec, "--port", String(port)]);
    expect(result.status).toBe(1);
    expect(result.stdout).not.toContain("listening");
    expect(result.stderr.trim().split("\n")).toEqual([expect.stringMatching(new RegExp(`^callspec-mock: Port ${port} .*already in use`))]);
  });

  it.each([
    [["--bogus", spec], /^callspec-mock: Unknown option '--bogus'/],
    [[spec, "--port", "abc"], /^callspec-mock: --port must be an integer from 1 to 65535, got "abc"$/],
    [[spec, "--port", "70000"], /^callspec-mock: --port must be an integer/],
    [[spec, "--seed", "-1"], /^callspec-mock: /],
    [["no-such-vendor"], /^callspec-mock: @callspec\/specs has no spec named no-such-vendor/],
    [["./no/such/openapi.yaml"], /^callspec-mock: No OpenAPI document at /],
    [[], /^callspec-mock: missing the vendor or spec file to mock$/],
    [[spec, spec], /^callspec-mock: expected one spec, got 2/],
    [["messagebird-voice", "--callback-url", "http://127.0.0.1:9/h"], /^callspec-mock: --callback-\* options need --callbacks$/],
    [["voipstudio", "--callbacks", "--callback-url", "hooks"], /^callspec-mock: --callback-url hooks: not an absolute URL$/],
  ])("exits 2 and says what is wrong first for %j", async (args, message) => {
    const result = await run(args);
    expect(result.status).toBe(2);
    expect(firstLine(result.stderr)).toMatch(message);
    expect(result.stdout).toBe("");
  });

  it("exits 1 with one line, before starting Prism, when --callbacks lacks what the vendor needs", async () => {
    const result = await run(["messagebird-voice", "--callbacks"]);
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split("\n")).toEqual([
      "callspec-mock: callbacks.signingKey is required: the spec's callFlowFetch webhook is signed (MessageBirdSignatureJwt)",
    ]);
  });

  it("hands `proxy` to the proxy command: its usage errors exit 2 with one line", async () => {
    const result = await run(["proxy", "messagebird-voice"]);
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split("\n")).toEqual(["callspec-mock proxy: missing --upstream <url> (--help for usage)"]);
    expect((await run(["--help"])).stdout).toContain("callspec-mock proxy <vendor|path/to/openapi.yaml> --upstream <url>");
  });

  it("serves until interrupted, then exits 0", async () => {
    const child = start([spec]);
    const url = await listeningUrl(child.stdout);
    expect((await fetch(`${url}/items`)).status).toBe(200);
    const status = new Promise((r) => child.once("close", r));
    child.kill("SIGTERM");
    expect(await status).toBe(0);
  });

  it("with --callbacks, a call placed on the MessageBird mock fetches its flow from a local receiver, signed", async () => {
    const hits: Array<{ url: string; signature: string | undefined }> = [];
    occupant = createServer((req, res) => {
      hits.push({ url: req.url ?? "", signature: req.headers["messagebird-signature-jwt"] as string | undefined });
      res.writeHead(200, { "content-type": "application/json" }).end('{"steps":[{"action":"hangup"}]}');
    });
    await new Promise<void>((r) => occupant?.listen(0, "127.0.0.1", r));
    const receiver = `http://127.0.0.1:${(occupant.address() as AddressInfo).port}`;
    const child = start(["messagebird-voice", "--callbacks"], { ...process.env, CALLSPEC_MOCK_SIGNING_KEY: "cli-test-key" });
    const url = await listeningUrl(child.stdout);
    const placed = await fetch(`${url}/calls`, {
      method: "POST",
      headers: { authorization: "AccessKey test_cli", "content-type": "application/json" },
      body: JSON.stringify({
        source: "31644556677",
        destination: "31612345678",
        callFlow: { steps: [{ action: "fetchCallFlow", options: { url: `${receiver}/flow` } }] },
      }),
    });
    expect(placed.status).toBe(201);
    const { callbacks } = (await (await fetch(`${url}/__callspec/callbacks`)).json()) as { callbacks: Array<{ webhook: string; status: number }> };
    expect(callbacks.map((c) => [c.webhook, c.status])).toEqual([["callFlowFetch", 200]]);
    expect(hits).toEqual([
      {
        url: expect.stringMatching(/^\/flow\?callID=[^&]+&source=31644556677&destination=31612345678$/),
        signature: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
      },
    ]);
  });

  // Finding the Prism child of the command needs /proc; the behaviour itself is not Linux-specific.
  it.skipIf(process.platform !== "linux")("exits 1 when Prism stops on its own after starting", async () => {
    const child = start([spec]);
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    await listeningUrl(child.stdout);
    const status = new Promise((r) => child.once("close", r));
    for (const pid of childrenOf(child.pid ?? -1)) process.kill(pid, "SIGKILL");
    expect(await status).toBe(1);
    expect(stderr).toMatch(/^callspec-mock: Prism stopped on its own/);
  });
});

function listeningUrl(stdout: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolveUrl, reject) => {
    let text = "";
    stdout.on("data", (chunk: Buffer) => {
      text += chunk.toString("utf8");
      const match = /listening at (http:\/\/\S+)/.exec(text);
      if (match?.[1]) resolveUrl(match[1]);
    });
    stdout.once("end", () => reject(new Error(`the command ended without listening: ${text}`)));
  });
}
