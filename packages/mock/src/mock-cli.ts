#!/usr/bin/env node
import { parseArgs } from "node:util";
import { integerOption, UsageError } from "./cli-args.js";
import { resolveSpecPath, vendors } from "./spec-path.js";
import { type FaultRule, parseFault } from "./faults/fault-rules.js";
import { startFaultyMock } from "./faults/start-faulty-mock.js";
import type { CallbackOptions } from "./callbacks/types.js";
import { runProxyCommand } from "./proxy-cli.js";
import { type RunningMock, startMock, type MockOptions } from "./start-mock.js";

const usage = `Usage: callspec-mock <vendor|path/to/openapi.yaml> [--port N] [--host H] [--dynamic] [--seed N] [--no-errors] [--verbose]
                     [--faults] [--fault <mode>[,key=value]...]...
                     [--callbacks [--callback-url <url>] [--callback-event <name>]... [--callback-allow-host <host>]...]
       callspec-mock proxy <vendor|path/to/openapi.yaml> --upstream <url> [--record <dir>] [--port N]

Starts a Prism mock of a callspec spec and keeps it running until interrupted.
"proxy" instead forwards to the real API (or any upstream), validates both ways, records redacted
payload files and writes a drift report (callspec-mock proxy --help).
--faults puts a front server before Prism that injects faults per request (header
"Prefer: callspec-fault=<mode>; key=value") and logs requests (GET /__callspec/requests);
each --fault adds a fault for the whole run and implies --faults, e.g. --fault latency,ms=2000
or --fault "rate-limit,retry-after=1,match=GET /calls,times=*". Modes: latency, cut-body,
reset-before-read, reset-after-accept, rate-limit, burst, expired-token.
--callbacks makes a placed call call back (implies --faults): MessageBird's call-flow fetches and record
results go to the URLs in the call flow, signed with the key in CALLSPEC_MOCK_SIGNING_KEY; VoIPstudio's
events go to --callback-url. Only loopback hosts unless --callback-allow-host names more ("*": any).
GET /__callspec/callbacks lists what was sent.
Vendors: ${vendors.join(", ")}
Exit status: 0 after an interrupt, 1 when the mock cannot start (a port in use, say) or stops on its own,
2 on a usage error (unknown option, bad --port or --seed, unknown vendor, no such spec file).`;

interface Invocation {
  /** The vendor name or spec file as given (a vendor name also selects its call-placing operations). */
  target: string;
  specPath: string;
  options: MockOptions;
  /** The run's faults; `undefined` without --faults, --fault or --callbacks (plain Prism, no front server). */
  faults: FaultRule[] | undefined;
  callbacks: CallbackOptions | undefined;
}

function parseInvocation(argv: string[]): Invocation | "help" {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        port: { type: "string" },
        host: { type: "string" },
        dynamic: { type: "boolean" },
        seed: { type: "string" },
        "no-errors": { type: "boolean" },
        verbose: { type: "boolean", short: "v" },
        faults: { type: "boolean" },
        fault: { type: "string", multiple: true },
        callbacks: { type: "boolean" },
        "callback-url": { type: "string" },
        "callback-event": { type: "string", multiple: true },
        "callback-allow-host": { type: "string", multiple: true },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return "help";
  if (positionals.length === 0) throw new UsageError("missing the vendor or spec file to mock");
  if (positionals.length > 1) throw new UsageError(`expected one spec, got ${positionals.length}: ${positionals.join(" ")}`);
  let specPath: string;
  try {
    specPath = resolveSpecPath(positionals[0] ?? "");
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const options: MockOptions = { errors: !values["no-errors"] };
  if (values.port !== undefined) options.port = integerOption("--port", values.port, 1, 65_535);
  if (values.seed !== undefined) options.seed = integerOption("--seed", values.seed, 0, Number.MAX_SAFE_INTEGER);
  if (values.host) options.host = values.host;
  if (values.dynamic) options.dynamic = true;
  if (values.verbose) options.onLog = (line) => console.error(line);
  const callbacks = callbacksOption(values);
  const faults = faultsOption(values.faults || Boolean(callbacks), values.fault);
  return { target: positionals[0] ?? "", specPath, options, faults, callbacks };
}

/** The callbacks' options from the flags; the signing key from the environment, never from argv (`ps` shows argv). */
function callbacksOption(values: {
  callbacks?: boolean;
  "callback-url"?: string;
  "callback-event"?: string[];
  "callback-allow-host"?: string[];
}): CallbackOptions | undefined {
  const url = values["callback-url"];
  if (!values.callbacks) {
    if (url || values["callback-event"] || values["callback-allow-host"]) throw new UsageError("--callback-* options need --callbacks");
    return undefined;
  }
  if (url !== undefined && !URL.canParse(url)) throw new UsageError(`--callback-url ${url}: not an absolute URL`);
  const options: CallbackOptions = {};
  if (url) options.url = url;
  if (values["callback-event"]) options.events = values["callback-event"];
  if (values["callback-allow-host"]) options.allowHosts = values["callback-allow-host"];
  const key = process.env["CALLSPEC_MOCK_SIGNING_KEY"];
  if (key) options.signingKey = key;
  return options;
}

function faultsOption(enabled: boolean | undefined, texts: string[] | undefined): FaultRule[] | undefined {
  if (!enabled && !texts?.length) return undefined;
  return (texts ?? []).map((text) => {
    try {
      return parseFault(text);
    } catch (error) {
      throw new UsageError(`--fault ${text}: ${(error as Error).message}`);
    }
  });
}

async function main(): Promise<void> {
  if (process.argv[2] === "proxy") {
    process.exitCode = await runProxyCommand(process.argv.slice(3));
    return;
  }
  let invocation;
  try {
    invocation = parseInvocation(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`callspec-mock: ${error.message}\n\n${usage}`);
    process.exitCode = 2;
    return;
  }
  if (invocation === "help") {
    console.log(usage);
    return;
  }
  const mock = await start(invocation);
  console.log(
    `Mock of ${mock.specPath} listening at ${mock.url}${invocation.faults ? " (fault injection on)" : ""}${invocation.callbacks ? " (callbacks on)" : ""}`,
  );
  let stopping = false;
  // Without this a Prism that dies later would leave the command exiting 0 as if interrupted cleanly.
  void mock.exited.then((code) => {
    if (stopping) return;
    console.error(`callspec-mock: Prism stopped on its own (exit code ${code}); rerun with --verbose to see its log`);
    process.exitCode = 1;
    // A fault-injecting front server would otherwise keep the command alive with nothing behind it.
    void mock.close();
  });
  const stop = () => {
    stopping = true;
    void mock.close().then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

function start({ target, specPath, options, faults, callbacks }: Invocation): Promise<RunningMock> {
  return faults ? startFaultyMock(target, { ...options, faults, ...(callbacks ? { callbacks } : {}) }) : startMock(specPath, options);
}

main().catch((error: unknown) => {
  console.error(`callspec-mock: ${(error as Error).message}`);
  process.exitCode = 1;
});
