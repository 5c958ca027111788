import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { isAbsolute, resolve } from "node:path";

const require = createRequire(import.meta.url);

/** The vendors whose specs ship in `@callspec/specs` (for types and messages; resolution accepts any). */
export const vendors = ["messagebird-voice", "voipstudio", "zaas-voice"] as const;

/** A vendor name known to `@callspec/specs`. */
export type Vendor = (typeof vendors)[number];

/**
 * Turns a vendor name (`"messagebird-voice"`) or a path to an OpenAPI file into an absolute file path.
 * Vendor names resolve through the `@callspec/specs` package, so this works the same inside the monorepo
 * and from an installed copy, and a vendor added there needs no change here.
 */
export function resolveSpecPath(vendorOrPath: Vendor | (string & {})): string {
  if (/^[a-z0-9][a-z0-9-]*$/.test(vendorOrPath)) {
    try {
      return require.resolve(`@callspec/specs/${vendorOrPath}/openapi.yaml`);
    } catch {
      throw new Error(`@callspec/specs has no spec named ${vendorOrPath} (known: ${vendors.join(", ")}); pass a path to use another file.`);
    }
  }
  const path = isAbsolute(vendorOrPath) ? vendorOrPath : resolve(process.cwd(), vendorOrPath);
  if (!existsSync(path)) {
    throw new Error(`No OpenAPI document at ${path}: pass one of ${vendors.join(", ")} or a path to a spec file.`);
  }
  return path;
}
