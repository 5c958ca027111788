import { parseArgs } from "node:util";
import { formatDriftReport } from "./proxy/drift-text.js";
import { DRIFT_PATH, startProxy, type ProxyOptions, type RunningProxy } from "./proxy/start-proxy.js";
import { integerOption, UsageError } from "./cli-args.js";
import { resolveSpecPath, vendors } from "./spec-path.js";

const usage = `Usage: callspec-mock proxy <vendor|path/to/openapi.yaml> --upstream <url> [--record <dir>] [--port N] [--host H] [--verbose]

Forwards requests through Prism's proxy mode to <url>, checks each exchange against the spec and, with
--record, writes it to <dir>/payloads (secrets redacted) for callspec-validate to re-check:
  callspec-validate --spec <vendor> --manifest <dir>/manifest.json <dir>/payloads
The drift report (per operation: undeclared members, enum values outside the spec, missing required
members, type mismatches, undeclared status codes) is printed and written to <dir>/drift-report.json and
.txt on SIGINT or SIGTERM, rewritten on SIGUSR2, and served at GET ${DRIFT_PATH} (?format=text).
Vendors: ${vendors.join(", ")}
Exit status: 0 after an interrupt, 1 when the proxy cannot start (a port in use, say) or Prism stops on
its own, 2 on a usage error.`;

/** Where the command writes, and what else may stop it (the process's signals always do). */
export interface ProxyCommandIo {
  out?: (line: string) => void;
  err?: (line: string) => void;
  /** Resolving it stops the proxy as SIGINT would; for embedding and tests. */
  until?: Promise<unknown>;
}

/**
 * Runs `callspec-mock proxy …` (`argv` is what follows `proxy`) and resolves with the exit status once the
 * proxy has stopped and its final drift report is written.
 */
export async function runProxyCommand(argv: string[], io: ProxyCommandIo = {}): Promise<number> {
  const out = io.out ?? ((line: string) => console.log(line));
  const err = io.err ?? ((line: string) => console.error(line));
  let parsed: { target: string; options: ProxyOptions } | "help";
  try {
    parsed = parseCommand(argv, err);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    err(`callspec-mock proxy: ${error.message} (--help for usage)`);
    return 2;
  }
  if (parsed === "help") {
    out(usage);
    return 0;
  }
  let proxy: RunningProxy;
  try {
    proxy = await startProxy(parsed.target, parsed.options);
  } catch (error) {
    err(`callspec-mock proxy: ${(error as Error).message.split("\n")[0]}`);
    return 1;
  }
  out(
    `Proxy for ${parsed.options.upstream} checked against ${proxy.specPath}, listening at ${proxy.url}${parsed.options.record ? `, recording to ${parsed.options.record}` : ""}`,
  );
  return serve(proxy, out, err, io.until);
}

async function serve(proxy: RunningProxy, out: (line: string) => void, err: (line: string) => void, until?: Promise<unknown>): Promise<number> {
  const onDemand = () => out(formatDriftReport(proxy.report()));
  let stop: () => void = () => {};
  const stopped = new Promise<"signal">((resolveStop) => {
    stop = () => resolveStop("signal");
  });
  process.on("SIGUSR2", onDemand);
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  void until?.then(stop);
  const why = await Promise.race([stopped, proxy.exited.then(() => "prism" as const)]);
  for (const [signal, listener] of [
    ["SIGUSR2", onDemand],
    ["SIGINT", stop],
    ["SIGTERM", stop],
  ] as const)
    process.removeListener(signal, listener);
  const report = await proxy.close();
  out(formatDriftReport(report));
  if (why === "prism") {
    err("callspec-mock proxy: Prism stopped on its own; rerun with --verbose to see its log");
    return 1;
  }
  return 0;
}

function parseCommand(argv: string[], err: (line: string) => void): { target: string; options: ProxyOptions } | "help" {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        upstream: { type: "string" },
        record: { type: "string" },
        port: { type: "string" },
        host: { type: "string" },
        verbose: { type: "boolean", short: "v" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return "help";
  if (positionals.length !== 1) throw new UsageError(`expected one vendor or spec file, got ${positionals.length}`);
  const target = positionals[0] ?? "";
  try {
    resolveSpecPath(target);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (!values.upstream) throw new UsageError("missing --upstream <url>");
  if (!/^https?:\/\/[^/]/.test(values.upstream)) throw new UsageError(`--upstream must be an http(s) URL, got "${values.upstream}"`);
  const options: ProxyOptions = { upstream: values.upstream };
  if (values.record !== undefined) options.record = values.record;
  if (values.port !== undefined) options.port = integerOption("--port", values.port, 1, 65_535);
  if (values.host) options.host = values.host;
  if (values.verbose) options.onLog = err;
  return { target, options };
}
