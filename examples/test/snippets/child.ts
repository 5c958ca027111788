// Entry point of the child process that runs one snippet: `node --import tsx child.ts <snippet.ts>`.
// Snippets talk to the vendors' real base URLs, so fetch is wrapped before the snippet loads: requests to
// a vendor with a mock go to the mock, loopback (a mock the snippet started itself) goes through, and
// anything else is refused, so no snippet can reach the internet or leak a credential there.
import { writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

/** What the parent learns once the snippet's module has finished evaluating. */
export interface ChildOutcome {
  /** Requests that reached a mock. */
  requests: number;
  /** URLs the snippet tried to reach that are neither a mocked vendor nor loopback. */
  strays: string[];
}

const [snippetFile] = process.argv.slice(2);
const resultFile = process.env["CALLSPEC_SNIPPET_RESULT"];
const routes = JSON.parse(process.env["CALLSPEC_SNIPPET_ROUTES"] ?? "[]") as [vendorBase: string, mockUrl: string][];
if (!snippetFile || !resultFile) throw new Error("usage: CALLSPEC_SNIPPET_RESULT=<file> node --import tsx child.ts <snippet.ts>");

const outcome: ChildOutcome = { requests: 0, strays: [] };
const realFetch = globalThis.fetch;

globalThis.fetch = async function mockedFetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
  const request = new Request(input, init);
  const target = mockUrlFor(request.url);
  if (target === undefined) {
    // Recorded as well as thrown: a snippet may catch the error and carry on, the test must not.
    outcome.strays.push(request.url);
    throw new TypeError(`snippet test: ${new URL(request.url).origin} is neither a mocked vendor API nor loopback`);
  }
  outcome.requests += 1;
  if (target === request.url) return realFetch(request);
  const body = request.method === "GET" || request.method === "HEAD" ? undefined : await request.arrayBuffer();
  return realFetch(target, { method: request.method, headers: request.headers, body, signal: request.signal, redirect: request.redirect });
};

function mockUrlFor(url: string): string | undefined {
  for (const [base, mock] of routes) {
    const rest = url.slice(base.length);
    if (url.startsWith(base) && (rest === "" || rest.startsWith("/") || rest.startsWith("?"))) return mock + rest;
  }
  const { hostname } = new URL(url);
  return hostname === "127.0.0.1" || hostname === "localhost" || hostname === "[::1]" ? url : undefined;
}

// The import settles only once the snippet's top-level awaits have, so the result file exists only when
// the snippet ran to its last line; a throw leaves no file and a non-zero exit code.
await import(pathToFileURL(snippetFile).href);
writeFileSync(resultFile, JSON.stringify(outcome));
