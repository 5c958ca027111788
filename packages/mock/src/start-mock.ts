import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import type { Readable } from "node:stream";
import { resolveSpecPath, type Vendor } from "./spec-path.js";
import { withStartSlot } from "./start-slots.js";

const require = createRequire(import.meta.url);

/** Options for {@link startMock}. */
export interface MockOptions {
  /** Port to listen on (1–65535); a free one is picked when omitted. */
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
  /**
   * How long to wait for the mock to answer once it may start, in milliseconds (default 120 000). Starts
   * take turns machine-wide (one start per CPU core at a time); the time spent waiting for a turn is not counted.
   */
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
  /**
   * Settles with Prism's exit code (`null` when a signal ended it) once its process is gone, whether
   * {@link RunningMock.close} stopped it or it stopped on its own.
   */
  exited: Promise<number | null>;
  /** Stops Prism and every process it started; resolves once they are gone. */
  close(): Promise<void>;
}

/**
 * Starts a Stoplight Prism mock server for a callspec vendor (or any OpenAPI file) and resolves once that
 * Prism (not merely something on the port) answers HTTP requests.
 *
 * Rejects when the spec cannot be found, when Prism exits or stays silent before answering, and, with an
 * error whose `code` is `"EADDRINUSE"`, when the requested port is already taken.
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
  const flags: string[] = [];
  if (options.errors ?? true) flags.push("--errors");
  if (options.dynamic) flags.push("--dynamic");
  if (options.seed !== undefined) flags.push("--seed", String(options.seed));
  return startPrism({ command: ["mock", specPath], flags, specPath }, options);
}

/** What {@link startPrism} runs: `prism <command…> --host … --port … <flags…>`. */
export interface PrismLaunch {
  /** Prism's subcommand and positionals: `["mock", spec]` or `["proxy", spec, upstream]`. */
  command: string[];
  /** Options after the host and port, e.g. `["--errors"]`. */
  flags: string[];
  /** The spec file, reported back as {@link RunningMock.specPath}. */
  specPath: string;
}

/**
 * Starts Prism in any of its modes (the mock and the recording proxy share this) and resolves once it
 * answers, with the same port checks, start slots and process-group clean-up as {@link startMock}.
 * @internal
 */
export async function startPrism(launchWith: PrismLaunch, options: Pick<MockOptions, "port" | "host" | "startTimeoutMs" | "onLog">): Promise<RunningMock> {
  const host = options.host ?? "127.0.0.1";
  if (options.port !== undefined) await claimablePort(host, options.port);
  // The port is chosen (or checked again) once this start's turn has come, so it is fresh when Prism binds.
  return withStartSlot(async () => {
    const port = options.port === undefined ? await findFreePort(host) : await claimablePort(host, options.port);
    return launch(launchWith, host, port, options);
  });
}

async function launch(launchWith: PrismLaunch, host: string, port: number, options: MockOptions): Promise<RunningMock> {
  const { specPath } = launchWith;
  const args = [prismBin(), ...launchWith.command, "--host", host, "--port", String(port), ...launchWith.flags];
  // A random path only this start asks for: when Prism logs it, the answer came from our child and not
  // from some other server that took the port between the check above and Prism's own bind.
  const probe = `/__callspec-probe-${randomUUID()}`;
  const prism = spawnPrism(args, probe, options.onLog);
  const kill = once(() => killGroup(prism.child));
  const onParentExit = () => kill();
  process.once("exit", onParentExit);

  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  try {
    await waitForOwnAnswer(prism, url, probe, options.startTimeoutMs ?? 120_000);
  } catch (error) {
    kill();
    process.removeListener("exit", onParentExit);
    if (prism.sawPortClash()) throw portInUse(host, port);
    const tail = prism.tail();
    throw new Error(`Prism did not start for ${specPath}: ${(error as Error).message}${tail ? `\n${tail}` : ""}`);
  }

  return {
    url,
    specPath,
    exited: prism.exited,
    async close() {
      process.removeListener("exit", onParentExit);
      if (prism.exitCode() === undefined) {
        kill();
        await prism.exited;
      }
    },
  };
}

/** What startMock needs to know about a spawned Prism while it waits for it. */
interface PrismProcess {
  child: ChildProcess;
  exited: Promise<number | null>;
  /** The exit code once Prism is gone, `undefined` while it runs. */
  exitCode(): number | null | undefined;
  /** Whether Prism has logged a request for the probe path. */
  sawProbe(): boolean;
  /** Whether Prism reported that its port was taken. */
  sawPortClash(): boolean;
  /** Prism's last log lines, for error messages. */
  tail(): string;
}

function spawnPrism(args: string[], probe: string, onLog: ((line: string) => void) | undefined): PrismProcess {
  // Prism spawns no children today, but it runs in its own process group so close() can end the whole
  // tree if that ever changes, and so a stray mock never outlives the test run that started it.
  const child = spawn(process.execPath, args, {
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
  });
  const log: string[] = [];
  let probed = false;
  let clash = false;
  const onLine = (line: string) => {
    if (log.length > 200) log.shift();
    log.push(line);
    if (line.includes(probe)) probed = true;
    if (line.includes("EADDRINUSE")) clash = true;
    onLog?.(line);
  };
  eachLine(child.stdout, onLine);
  eachLine(child.stderr, onLine);
  let code: number | null | undefined;
  // "close" rather than "exit": it fires only after the pipes drained, so the last lines (the port
  // clash among them) have been seen by the time the exit code is known.
  const exited = new Promise<number | null>((resolveExit) =>
    child.once("close", (exitCode) => {
      code = exitCode;
      resolveExit(exitCode);
    }),
  );
  return {
    child,
    exited,
    exitCode: () => code,
    sawProbe: () => probed,
    sawPortClash: () => clash,
    tail: () => log.slice(-15).join("\n"),
  };
}

/** Calls `onLine` per complete non-blank line, so a marker split across two chunks is still seen. */
function eachLine(stream: Readable | null, onLine: (line: string) => void): void {
  if (!stream) return;
  let partial = "";
  stream.setEncoding("utf8");
  stream.on("data", (chunk: string) => {
    const lines = (partial + chunk).split("\n");
    partial = lines.pop() ?? "";
    for (const line of lines) if (line.trim()) onLine(line);
  });
  stream.on("end", () => {
    if (partial.trim()) onLine(partial);
  });
}

async function waitForOwnAnswer(prism: PrismProcess, url: string, probe: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let someoneAnswered = false;
  while (Date.now() < deadline) {
    if (prism.sawProbe()) return;
    const code = prism.exitCode();
    if (code !== undefined) throw new Error(`Prism exited with code ${code}`);
    // Any HTTP answer (a 404 included) counts, but only once Prism's own log shows it took the request.
    someoneAnswered = (await answers(url + probe)) || someoneAnswered;
    if (prism.sawProbe()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(someoneAnswered ? `something other than this Prism answers at ${url}` : `no answer from ${url} within ${timeoutMs} ms`);
}

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
    await response.body?.cancel();
    return true;
  } catch {
    return false;
  }
}

/** The error a taken port gives: one line saying what to do, `code` `"EADDRINUSE"`. @internal */
export function portInUse(host: string, port: number): Error {
  const message = `Port ${port} on ${host} is already in use: stop what listens there, or choose another port (or none, to get a free one).`;
  return Object.assign(new Error(message), { code: "EADDRINUSE", port });
}

/**
 * Checks that `port` can be bound before Prism tries: Prism reports a taken port only after printing its
 * help text, and by then another server on that port may already have answered the readiness probe.
 */
async function claimablePort(host: string, port: number): Promise<number> {
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new RangeError(`port must be an integer from 1 to 65535, got ${port}`);
  }
  try {
    await listenAndClose(host, port);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EADDRINUSE") throw portInUse(host, port);
    throw new Error(`Cannot listen on ${host}:${port}: ${(error as Error).message}`);
  }
  return port;
}

async function findFreePort(host: string): Promise<number> {
  return listenAndClose(host, 0);
}

/** Binds `host:port` (0 for any), releases it, and resolves with the port that was bound. */
function listenAndClose(host: string, port: number): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", reject);
    server.listen({ port, host, exclusive: true }, () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === "object") resolvePort(address.port);
        else reject(new Error("could not read the port of a probe socket"));
      });
    });
  });
}

function prismBin(): string {
  const pkgJson = require.resolve("@stoplight/prism-cli/package.json");
  const pkg = require(pkgJson) as { bin: string | Record<string, string> };
  const bin = typeof pkg.bin === "string" ? pkg.bin : pkg.bin["prism"];
  if (!bin) throw new Error("@stoplight/prism-cli declares no `prism` bin");
  return join(dirname(pkgJson), bin);
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
