// Types for the parts of messagebird@4.0.1 the tests use as a peer (the package ships none for this file).
declare module "messagebird/lib/webhook-signature-jwt.js" {
  import type { KeyObject } from "node:crypto";
  export class VerifyOptions {
    constructor(validateUrl?: boolean, validatePayload?: boolean, jwtVerifyOptions?: Record<string, unknown>, jwtVerifyJti?: (jti: string) => boolean);
  }
  export function verify(url: string, payload: Buffer | null, jwt: string, key: KeyObject, opts?: VerifyOptions): Promise<true>;
}
