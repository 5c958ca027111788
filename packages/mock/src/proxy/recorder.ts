import { appendFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { PayloadManifest } from "../payload-files.js";
import type { Redactor } from "./redact.js";

/** The folder, inside the record directory, that holds the payload files `callspec-validate` re-checks. */
export const PAYLOAD_FOLDER = "payloads";

/**
 * Writes a recording: one JSON file per payload under `payloads/`, a `manifest.json` telling
 * `callspec-validate` what each file is (operation, side and status), and `exchanges.ndjson` with one line
 * of metadata per exchange. Every byte goes through the redactor's scrub on its way to disk, so a secret
 * the name-based redaction missed is still taken out if its value was seen anywhere.
 */
export class Recorder {
  private readonly manifest: PayloadManifest = {};

  constructor(
    readonly dir: string,
    private readonly redactor: Redactor,
  ) {
    mkdirSync(join(dir, PAYLOAD_FOLDER), { recursive: true });
  }

  /** Writes one payload file; returns its path relative to the record directory. */
  writePayload(name: string, payload: unknown, entry: PayloadManifest[string] | undefined): string {
    const path = `${PAYLOAD_FOLDER}/${name}`;
    this.write(path, `${JSON.stringify(payload, null, 2)}\n`);
    // No entry for a request the spec has no operation for: callspec-validate then says so, as the report does.
    if (entry) this.manifest[name] = entry;
    this.write("manifest.json", `${JSON.stringify(this.manifest, null, 2)}\n`);
    return path;
  }

  /** Appends one exchange's metadata (already redacted by name) to `exchanges.ndjson`. */
  logExchange(meta: Record<string, unknown>): void {
    appendFileSync(join(this.dir, "exchanges.ndjson"), `${this.redactor.scrub(JSON.stringify(meta))}\n`);
  }

  /** Writes any file of the recording (the drift reports among them), scrubbed. */
  write(relativePath: string, text: string): void {
    writeFileSync(join(this.dir, relativePath), this.redactor.scrub(text));
  }
}
