#!/usr/bin/env node
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { validatePayloadFolder, type PayloadManifest } from "./payload-files.js";
import { PayloadValidator } from "./payload-validator.js";

const usage = `Usage: callspec-validate --spec <vendor|path/to/openapi.yaml> [options] <folder>

Checks every JSON payload in <folder> against the spec and prints each mismatch.
A file maps to what it is checked against by --manifest, or by its name:
  GET_calls_callId__capture1.json          response of GET /calls/{callId}
  REQUEST_POST_calls__capture2.json         request body of POST /calls
  ERROR_404__capture3.json                  the spec's error schema

Options:
  --spec <vendor|file>     messagebird-voice, or an OpenAPI 3.0 file (required)
  --manifest <file.json>   {"file.json": {"operation": "getCall", "status": 200} | {"schema": "Call"} | {"error": true}}
  --include <glob>         file names to check (repeatable; default *.json)
  --exclude <glob>         file names to skip (repeatable)
  --json                   print results as JSON
Exit status: 0 when every file validates, 1 when any does not, 2 on a usage error.`;

function main(): number {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        spec: { type: "string" },
        manifest: { type: "string" },
        include: { type: "string", multiple: true },
        exclude: { type: "string", multiple: true },
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${usage}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const folder = positionals[0];
  if (!values.spec || !folder || positionals.length > 1) {
    console.error(usage);
    return 2;
  }
  const validator = new PayloadValidator(values.spec);
  const manifest = values.manifest ? (JSON.parse(readFileSync(values.manifest, "utf8")) as PayloadManifest) : undefined;
  const results = validatePayloadFolder(folder, validator, {
    ...(manifest ? { manifest } : {}),
    ...(values.include ? { include: values.include } : {}),
    ...(values.exclude ? { exclude: values.exclude } : {}),
  });
  const failed = results.filter((r) => !r.valid);
  if (values.json) {
    console.log(JSON.stringify(results, null, 2));
  } else {
    for (const r of results) {
      console.log(`${r.valid ? "ok  " : "FAIL"} ${r.file}  (${r.against})`);
      for (const p of r.problems) console.log(`       ${p.path || "/"}: ${p.message}`);
    }
    console.log(`${results.length - failed.length} valid, ${failed.length} invalid`);
  }
  return failed.length > 0 || results.length === 0 ? 1 : 0;
}

process.exitCode = main();
