import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { resolveSpecPath, type Vendor } from "./spec-path.js";

const require = createRequire(import.meta.url);

/** Options for {@link startMock}. */
export interface MockOptions {
  /** Port to listen on; a free one is picked when omitted. */
  port?: number;
  /** Interface to bind; defaults to the loopback address. */
  host?: string;
  /**
   * Make Prism answer 500 when a response it serves breaks its own schema (`--errors`). On by default, so
   * a spec example that drifts from its schema fails contract tests instead of passing silently.
   */
  errors?: boolean;
  /** Generate responses from schemas instead of serving the spec's examples (`--dynamic`). */
  dynamic?: boolean;
  /** Seed for `dynamic` responses, for repeatable runs. */
  seed?: number;
  /** How long to wait for the mock to answer, in milliseconds (default 30 000). */
  startTimeoutMs?: number;
  /** Receives Prism's log lines; by default they are dropped. */
  onLog?: (line: string) => void;
}

/** A running mock server. */
export interface RunningMock {
  /** Base URL to point a client at, e.g. `http://127.0.0.1:4321`. */
  url: string;
  /** The spec file the mock serves. */
  specPath: string;
  /** Stops Prism and every process it started; resolves once they are gone. */
  close(): Promise<void>;
}

/**
 * Starts a Stoplight Prism mock server for a callspec vendor (or any OpenAPI file) and resolves once it
 * answers HTTP requests.
 *
 * @example
 * ```ts
 * const mock = await startMock("messagebird-voice");
 * const client = createMessageBirdVoiceClient({ accessKey: "test_key", baseUrl: mock.url });
 * // ...
 * await mock.close();
 * ```
 */
export async function startMock(vendorOrSpec: Vendor | (string & {}), options: MockOptions = {}): Promise<RunningMock> {
  const specPath = resolveSpecPath(vendorOrSpec);
  const host = options.host ?? "127.0.0.1";
  const port = options.port ?? (await findFreePort(host));
  const args = [prismBin(), "mock", specPath, "--host", host, "--port", String(port)];
  if (options.errors ?? true) args.push("--errors");
  if (options.dynamic) args.push("--dynamic");
  if (options.seed !== undefined) args.push("--seed", String(options.seed));

  // Prism spawns no children today, but it runs in its own process group so close() can end the whole
  // tree if that ever changes, and so a stray mock never outlives the test run that started it.
  const child = spawn(process.execPath, args, {
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
  });
  const log: string[] = [];
  const onData = (chunk: Buffer) => {
    for (const line of chunk.toString("utf8").split("\n")) {
      if (!line.trim()) continue;
      if (log.length > 200) log.shift();
      log.push(line);
      options.onLog?.(line);
    }
  };
  child.stdout?.on("data", onData);
  child.stderr?.on("data", onData);
  const exited = new Promise<number | null>((resolveExit) => child.once("exit", (code) => resolveExit(code)));
  const kill = once(() => killGroup(child));
  const onParentExit = () => kill();
  process.once("exit", onParentExit);

  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  try {
    await waitUntilAnswering(url, exited, options.startTimeoutMs ?? 30_000);
  } catch (error) {
    kill();
    process.removeListener("exit", onParentExit);
    const tail = log.slice(-15).join("\n");
    throw new Error(`Prism did not start for ${specPath}: ${(error as Error).message}${tail ? `\n${tail}` : ""}`);
  }

  return {
    url,
    specPath,
    async close() {
      process.removeListener("exit", onParentExit);
      if (child.exitCode === null && child.signalCode === null) {
        kill();
        await exited;
      }
    },
  };
}

function prismBin(): string {
  const pkgJson = require.resolve("@stoplight/prism-cli/package.json");
  const pkg = require(pkgJson) as { bin: string | Record<string, string> };
  const bin = typeof pkg.bin === "string" ? pkg.bin : pkg.bin["prism"];
  if (!bin) throw new Error("@stoplight/prism-cli declares no `prism` bin");
  return join(dirname(pkgJson), bin);
}

function findFreePort(host: string): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === "object") resolvePort(address.port);
        else reject(new Error("could not read the port of a probe socket"));
      });
    });
  });
}

async function waitUntilAnswering(url: string, exited: Promise<number | null>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let gone: number | null | undefined;
  void exited.then((code) => (gone = code));
  while (Date.now() < deadline) {
    if (gone !== undefined) throw new Error(`Prism exited with code ${gone}`);
    try {
      // Any HTTP answer (a 401 or 404 included) means the server is up.
      const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
      await response.body?.cancel();
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`no answer from ${url} within ${timeoutMs} ms`);
}

function killGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {
    child.kill("SIGTERM");
  }
}

function once(fn: () => void): () => void {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    fn();
  };
}
