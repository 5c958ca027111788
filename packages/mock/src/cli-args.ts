/** What the package's commands share when they read their command line. */

/**
 * A mistake in the command line: one line on stderr and exit status 2, followed by the usage text only
 * when `showUsage` says the command line itself was malformed (the usage would not help with a bad path).
 */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly showUsage = false,
  ) {
    super(message);
  }
}

/** A whole-number option from `min` to `max`, or a UsageError naming the option and what it got. */
export function integerOption(name: string, raw: string, min: number, max: number): number {
  const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(value >= min && value <= max)) throw new UsageError(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  return value;
}
