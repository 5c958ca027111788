#!/usr/bin/env node
import { parseArgs } from "node:util";
import { vendors } from "./spec-path.js";
import { startMock } from "./start-mock.js";

const usage = `Usage: callspec-mock <vendor|path/to/openapi.yaml> [--port N] [--host H] [--dynamic] [--seed N] [--no-errors]

Starts a Prism mock of a callspec spec and keeps it running until interrupted.
Vendors: ${vendors.join(", ")}`;

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
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
  const target = positionals[0];
  if (values.help || !target) {
    console.log(usage);
    process.exitCode = values.help ? 0 : 2;
    return;
  }
  const mock = await startMock(target, {
    ...(values.port ? { port: Number(values.port) } : {}),
    ...(values.host ? { host: values.host } : {}),
    ...(values.dynamic ? { dynamic: true } : {}),
    ...(values.seed ? { seed: Number(values.seed) } : {}),
    errors: !values["no-errors"],
    ...(values.verbose ? { onLog: (line: string) => console.error(line) } : {}),
  });
  console.log(`Mock of ${mock.specPath} listening at ${mock.url}`);
  const stop = () => void mock.close().then(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exitCode = 1;
});
