import { readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import type { PayloadResult, PayloadTarget, PayloadValidator } from "./payload-validator.js";

/**
 * How a file in a payload folder maps to what it is checked against. Keys of a manifest are file names;
 * values name an operation (`operationId` or `"GET /calls/{callId}"`) or a component schema.
 */
export type PayloadManifest = Record<
  string,
  { operation: string; kind?: "response" | "request"; status?: number | string } | { schema: string } | { error: true }
>;

/** One validated file. */
export interface PayloadFileResult extends PayloadResult {
  file: string;
}

/** Options for {@link validatePayloadFolder}. */
export interface PayloadFolderOptions {
  manifest?: PayloadManifest;
  /** Shell-style patterns (`*` and `?`) of file names to check; all `*.json` by default. */
  include?: string[];
  /** Patterns of file names to skip. */
  exclude?: string[];
}

/**
 * Derives a target from a file name when no manifest entry names one. The convention:
 * `GET_calls_callId__anything.json` is a response of `GET /calls/{callId}` (path parameters written by
 * name, segments joined by `_`); a `REQUEST_` prefix makes it a request body; `ERROR_…` is an error body.
 * Everything after `__` is free text (the capture's source).
 */
export function targetFromFileName(file: string, validator: PayloadValidator): PayloadTarget | undefined {
  const stem =
    basename(file)
      .replace(/\.json$/i, "")
      .split("__")[0] ?? "";
  if (/^ERROR(_|$)/.test(stem)) return { kind: "error" };
  const request = stem.startsWith("REQUEST_");
  const key = request ? stem.slice("REQUEST_".length) : stem;
  const op = validator.operations.find((o) => operationKey(o.method, o.path) === key);
  if (!op) return undefined;
  return request ? { kind: "request", operation: op.operationId } : { kind: "response", operation: op.operationId };
}

function operationKey(method: string, path: string): string {
  const segments = path
    .split("/")
    .filter(Boolean)
    .map((s) => s.replace(/[{}]/g, ""));
  return [method, ...segments].join("_");
}

/** Validates every matching `*.json` file of a folder. Files whose target cannot be found fail. */
export function validatePayloadFolder(dir: string, validator: PayloadValidator, options: PayloadFolderOptions = {}): PayloadFileResult[] {
  const include = (options.include ?? ["*.json"]).map(globToRegExp);
  const exclude = (options.exclude ?? []).map(globToRegExp);
  const files = readdirSync(dir)
    .filter((f) => include.some((r) => r.test(f)) && !exclude.some((r) => r.test(f)))
    .sort();
  return files.map((file) => validatePayloadFile(join(dir, file), validator, options.manifest));
}

/**
 * Validates one payload file, found in `manifest` by its base name or else mapped by its name's convention.
 * A file that cannot be read or parsed, or whose target cannot be found, fails rather than throws.
 */
export function validatePayloadFile(path: string, validator: PayloadValidator, manifest?: PayloadManifest): PayloadFileResult {
  const file = basename(path);
  let payload: unknown;
  try {
    payload = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    return { file, valid: false, against: "JSON syntax", problems: [{ path: "", message: (error as Error).message }] };
  }
  const target = fromManifest(manifest?.[file]) ?? targetFromFileName(file, validator);
  if (!target) {
    return {
      file,
      valid: false,
      against: "nothing",
      problems: [{ path: "", message: "no manifest entry and the file name names no operation of the spec" }],
    };
  }
  try {
    return { file, ...validator.validate(payload, target) };
  } catch (error) {
    return { file, valid: false, against: "nothing", problems: [{ path: "", message: (error as Error).message }] };
  }
}

function fromManifest(entry: PayloadManifest[string] | undefined): PayloadTarget | undefined {
  if (!entry) return undefined;
  if ("schema" in entry) return { kind: "schema", schema: entry.schema };
  if ("error" in entry) return { kind: "error" };
  return entry.kind === "request"
    ? { kind: "request", operation: entry.operation }
    : { kind: "response", operation: entry.operation, ...(entry.status !== undefined ? { status: entry.status } : {}) };
}

function globToRegExp(glob: string): RegExp {
  const body = glob
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${body}$`);
}
