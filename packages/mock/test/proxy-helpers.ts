// Shared by the proxy tests: a local stand-in for a vendor, and a search of a recording for secrets.
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** A node:http server on 127.0.0.1 answering with `handle`; it records what it was sent. */
export async function startUpstream(handle: (req: IncomingMessage, body: string) => { status: number; body: unknown }) {
  const seen: { method: string; url: string; headers: IncomingMessage["headers"]; body: string }[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      seen.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body });
      const answer = handle(req, body);
      res.writeHead(answer.status, { "content-type": "application/json" }).end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** Every form a secret could be written in: raw, percent-encoded, JSON-escaped, base64. */
function forms(secret: string): string[] {
  return [
    secret,
    encodeURIComponent(secret),
    JSON.stringify(secret).slice(1, -1),
    Buffer.from(secret).toString("base64"),
    Buffer.from(secret).toString("base64url"),
  ];
}

/** The files of a recording (recursively) and, per file, each secret form found in its raw bytes. */
export function searchSecrets(dir: string, secrets: string[]): { files: string[]; hits: string[] } {
  const files: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else files.push(path);
    }
  };
  walk(dir);
  const hits: string[] = [];
  for (const file of files) {
    const bytes = readFileSync(file).toString("latin1");
    for (const secret of secrets) for (const form of forms(secret)) if (bytes.includes(form)) hits.push(`${file}: ${form}`);
  }
  return { files, hits };
}

const validateBin = fileURLToPath(new URL("../dist/validate-cli.js", import.meta.url));

/** Runs the built `callspec-validate` over a recording's payloads with its manifest, as a user would. */
export function revalidate(spec: string, dir: string) {
  const run = spawnSync(process.execPath, [validateBin, "--spec", spec, "--manifest", join(dir, "manifest.json"), "--json", join(dir, "payloads")], {
    encoding: "utf8",
  });
  return {
    status: run.status,
    results: JSON.parse(run.stdout || "[]") as { file: string; valid: boolean; problems: { path: string; message: string }[] }[],
    stderr: run.stderr,
  };
}
