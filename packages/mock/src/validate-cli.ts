#!/usr/bin/env node
import { readFileSync, statSync } from "node:fs";
import { parseArgs } from "node:util";
import { UsageError } from "./cli-args.js";
import { validatePayloadFile, validatePayloadFolder, type PayloadFileResult, type PayloadManifest } from "./payload-files.js";
import { PayloadValidator } from "./payload-validator.js";

const usage = `Usage: callspec-validate --spec <vendor|path/to/openapi.yaml> [options] <folder|file.json>

Checks every JSON payload in <folder> (or the one file named) against the spec and prints each mismatch.
A file maps to what it is checked against by --manifest, or by its name:
  GET_calls_callId__capture1.json          response of GET /calls/{callId}
  REQUEST_POST_calls__capture2.json         request body of POST /calls
  ERROR_404__capture3.json                  the spec's error schema

Options:
  --spec <vendor|file>     messagebird-voice, or an OpenAPI 3.0 file (required)
  --manifest <file.json>   {"file.json": {"operation": "getCall", "status": 200} | {"schema": "Call"} | {"error": true}}
  --include <glob>         file names to check in a folder (repeatable; default *.json)
  --exclude <glob>         file names to skip in a folder (repeatable)
  --json                   print results as JSON
A file named directly is checked whatever --include and --exclude say.
Exit status: 0 when every file validates, 1 when any does not, 2 on a usage error: an unknown option,
no --spec or no folder, a spec or folder that does not exist, an unreadable or malformed --manifest,
or a folder with no file to check.`;

interface Request {
  spec: string;
  target: string;
  manifest?: string;
  include?: string[];
  exclude?: string[];
  json: boolean;
}

function parseRequest(argv: string[]): Request | "help" {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
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
    throw new UsageError((error as Error).message, true);
  }
  const { values, positionals } = parsed;
  if (values.help) return "help";
  if (!values.spec) throw new UsageError("missing --spec <vendor|path/to/openapi.yaml>", true);
  if (positionals.length === 0) throw new UsageError("missing the folder of payloads to check", true);
  if (positionals.length > 1) throw new UsageError(`expected one folder or file, got ${positionals.length}`, true);
  return {
    spec: values.spec,
    target: positionals[0] ?? "",
    json: values.json ?? false,
    ...(values.manifest !== undefined ? { manifest: values.manifest } : {}),
    ...(values.include ? { include: values.include } : {}),
    ...(values.exclude ? { exclude: values.exclude } : {}),
  };
}

function loadValidator(spec: string): PayloadValidator {
  try {
    return new PayloadValidator(spec);
  } catch (error) {
    // resolveSpecPath already words its errors for people; anything later failed reading the document.
    const message = (error as Error).message;
    const worded = /^(No OpenAPI document|@callspec\/specs has no spec)/.test(message);
    throw new UsageError(worded ? message : `cannot read the spec ${spec}: ${message}`);
  }
}

function readManifest(path: string): PayloadManifest {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new UsageError(`cannot read --manifest ${path}: ${(error as Error).message}`);
  }
  let manifest: unknown;
  try {
    manifest = JSON.parse(text);
  } catch (error) {
    // JSON.parse quotes the offending text, newlines included; keep the report on one line.
    throw new UsageError(`--manifest ${path} is not valid JSON: ${(error as Error).message.replace(/\s+/g, " ")}`);
  }
  if (typeof manifest !== "object" || manifest === null || Array.isArray(manifest)) {
    throw new UsageError(`--manifest ${path} must be a JSON object keyed by file name`);
  }
  for (const [file, entry] of Object.entries(manifest)) {
    if (!isManifestEntry(entry)) {
      throw new UsageError(`--manifest ${path}: the entry for "${file}" needs "operation", "schema" or "error": true`);
    }
  }
  return manifest as PayloadManifest;
}

function isManifestEntry(entry: unknown): boolean {
  if (typeof entry !== "object" || entry === null) return false;
  const e = entry as Record<string, unknown>;
  return typeof e["operation"] === "string" || typeof e["schema"] === "string" || e["error"] === true;
}

function check(request: Request, validator: PayloadValidator, manifest: PayloadManifest | undefined): PayloadFileResult[] {
  let isFolder: boolean;
  try {
    isFolder = statSync(request.target).isDirectory();
  } catch {
    throw new UsageError(`no folder or file at ${request.target}`);
  }
  if (!isFolder) return [validatePayloadFile(request.target, validator, manifest)];
  let results: PayloadFileResult[];
  try {
    results = validatePayloadFolder(request.target, validator, {
      ...(manifest ? { manifest } : {}),
      ...(request.include ? { include: request.include } : {}),
      ...(request.exclude ? { exclude: request.exclude } : {}),
    });
  } catch (error) {
    throw new UsageError(`cannot list ${request.target}: ${(error as Error).message}`);
  }
  if (results.length === 0) {
    const filter = `${(request.include ?? ["*.json"]).join(", ")}${request.exclude ? ` minus ${request.exclude.join(", ")}` : ""}`;
    throw new UsageError(`no payload files in ${request.target} match ${filter}`);
  }
  return results;
}

function report(results: PayloadFileResult[], json: boolean): number {
  const failed = results.filter((r) => !r.valid);
  if (json) {
    console.log(JSON.stringify(results, null, 2));
  } else {
    for (const r of results) {
      console.log(`${r.valid ? "ok  " : "FAIL"} ${r.file}  (${r.against})`);
      for (const p of r.problems) console.log(`       ${p.path || "/"}: ${p.message}`);
    }
    console.log(`${results.length - failed.length} valid, ${failed.length} invalid`);
  }
  return failed.length > 0 ? 1 : 0;
}

function main(argv: string[]): number {
  try {
    const request = parseRequest(argv);
    if (request === "help") {
      console.log(usage);
      return 0;
    }
    const validator = loadValidator(request.spec);
    const manifest = request.manifest !== undefined ? readManifest(request.manifest) : undefined;
    return report(check(request, validator, manifest), request.json);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    // Parser messages (YAML's among them) can carry a code frame; the first line says what is wrong.
    const line = error.message.split("\n")[0];
    console.error(error.showUsage ? `callspec-validate: ${line}\n\n${usage}` : `callspec-validate: ${line} (--help for usage)`);
    return 2;
  }
}

process.exitCode = main(process.argv.slice(2));
