import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { isAbsolute, resolve } from "node:path";

const require = createRequire(import.meta.url);

/** The vendors whose specs ship in `@callspec/specs`. */
export const vendors = ["messagebird-voice", "voipstudio", "zaas-voice"] as const;

/** A vendor name known to `@callspec/specs`. */
export type Vendor = (typeof vendors)[number];

/**
 * Turns a vendor name (`"messagebird-voice"`) or a path to an OpenAPI file into an absolute file path.
 * Vendor names resolve through the `@callspec/specs` package, so this works the same inside the monorepo
 * and from an installed copy.
 */
export function resolveSpecPath(vendorOrPath: Vendor | (string & {})): string {
  if ((vendors as readonly string[]).includes(vendorOrPath)) {
    return require.resolve(`@callspec/specs/${vendorOrPath}/openapi.yaml`);
  }
  const path = isAbsolute(vendorOrPath) ? vendorOrPath : resolve(process.cwd(), vendorOrPath);
  if (!existsSync(path)) {
    throw new Error(
      `No OpenAPI document at ${path}: pass one of ${vendors.join(", ")} or a path to a spec file.`,
    );
  }
  return path;
}
