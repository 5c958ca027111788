import type { SecretRegistry } from "./redact.js";

/** Receives the facade's diagnostics; every text is already redacted. */
export interface Logger {
  debug?(message: string): void;
  info?(message: string): void;
  warn?(message: string): void;
}

/** How much the facade reports: `debug` every attempt, `info` retries and logins, `warn` what needs attention. */
export type LogLevel = "debug" | "info" | "warn" | "off";

const order: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, off: 3 };

/** The logger a client writes to: one level filter and one redaction in front of every line. */
export interface ClientLogger {
  debug(message: () => string): void;
  info(message: () => string): void;
  warn(message: () => string): void;
}

/**
 * Builds a client's logger. The level is `options.logLevel`, else the `CALLSPEC_LOG` environment variable
 * (where the runtime has one), else `debug` for a logger passed in and `warn` for the console; lines go to
 * `options.logger`, else to the console. Messages are
 * built lazily, so a disabled level costs one comparison.
 */
export function createClientLogger(
  options: { logger?: Logger | undefined; logLevel?: LogLevel | undefined },
  secrets: SecretRegistry,
  prefix: string,
): ClientLogger {
  // A logger passed in asked for the diagnostics: it gets every level unless told otherwise.
  const level = order[options.logLevel ?? envLevel() ?? (options.logger ? "debug" : "warn")];
  const sink = options.logger ?? consoleSink;
  // The console is shared with the application: say whose lines these are. A logger passed in knows.
  const tag = options.logger ? "" : `[callspec ${prefix}] `;
  const line = (at: LogLevel, write: ((message: string) => void) | undefined) => (message: () => string) => {
    if (order[at] < level || !write) return;
    write.call(sink, secrets.redact(tag + message()));
  };
  // A logger with only `debug` still hears about retries and logins.
  return { debug: line("debug", sink.debug), info: line("info", sink.info ?? sink.debug), warn: line("warn", sink.warn) };
}

/** Whether `value` names a log level. */
export function isLogLevel(value: unknown): value is LogLevel {
  return typeof value === "string" && Object.hasOwn(order, value);
}

function envLevel(): LogLevel | undefined {
  const value = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.["CALLSPEC_LOG"]?.toLowerCase();
  return isLogLevel(value) ? value : undefined;
}

const consoleSink: Logger = {
  debug: (m) => console.debug(m),
  info: (m) => console.info(m),
  warn: (m) => console.warn(m),
};
