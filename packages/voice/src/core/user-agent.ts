declare const __CALLSPEC_VERSION__: string | undefined;

/** This package's version, written in at build time. */
export const VERSION: string = typeof __CALLSPEC_VERSION__ === "string" ? __CALLSPEC_VERSION__ : "0.0.0-dev";

/**
 * The `User-Agent` naming callspec, its version and the runtime, where the runtime lets a request set it.
 * Browsers do not (and asking would add a CORS preflight), so there it is left out.
 */
export function userAgentHeader(): Record<string, string> {
  const g = globalThis as { document?: unknown; Bun?: { version: string }; Deno?: { version: { deno: string } }; process?: { versions?: { node?: string } } };
  if (g.document !== undefined) return {};
  const runtime = g.Bun
    ? `bun/${g.Bun.version}`
    : g.Deno
      ? `deno/${g.Deno.version.deno}`
      : g.process?.versions?.node
        ? `node/${g.process.versions.node}`
        : "unknown";
  return { "User-Agent": `callspec-voice/${VERSION} (${runtime})` };
}
