#!/usr/bin/env node
import { parseArgs } from "node:util";
import { resolveSpecPath, vendors } from "./spec-path.js";
import { startMock, type MockOptions } from "./start-mock.js";

const usage = `Usage: callspec-mock <vendor|path/to/openapi.yaml> [--port N] [--host H] [--dynamic] [--seed N] [--no-errors] [--verbose]

Starts a Prism mock of a callspec spec and keeps it running until interrupted.
Vendors: ${vendors.join(", ")}
Exit status: 0 after an interrupt, 1 when the mock cannot start (a port in use, say) or stops on its own,
2 on a usage error (unknown option, bad --port or --seed, unknown vendor, no such spec file).`;

/** A mistake in the command line: reported in one line with exit status 2. */
class UsageError extends Error {}

interface Invocation {
  specPath: string;
  options: MockOptions;
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
  return { specPath, options };
}

function integerOption(name: string, raw: string, min: number, max: number): number {
  const value = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!(value >= min && value <= max)) throw new UsageError(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  return value;
}

async function main(): Promise<void> {
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
  const mock = await startMock(invocation.specPath, invocation.options);
  console.log(`Mock of ${mock.specPath} listening at ${mock.url}`);
  let stopping = false;
  // Without this a Prism that dies later would leave the command exiting 0 as if interrupted cleanly.
  void mock.exited.then((code) => {
    if (stopping) return;
    console.error(`callspec-mock: Prism stopped on its own (exit code ${code}); rerun with --verbose to see its log`);
    process.exitCode = 1;
  });
  const stop = () => {
    stopping = true;
    void mock.close().then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error: unknown) => {
  console.error(`callspec-mock: ${(error as Error).message}`);
  process.exitCode = 1;
});
