/** Hashing and comparison on Web Crypto, so receivers run on Node, Bun, Deno, Workers and edge runtimes. */

const encoder = new TextEncoder();

/** Lowercase hex SHA-256 of bytes or of a string's UTF-8 bytes. */
export async function sha256Hex(data: Uint8Array | string): Promise<string> {
  const bytes = typeof data === "string" ? encoder.encode(data) : data;
  const digest = await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>);
  return toHex(new Uint8Array(digest));
}

export function toHex(bytes: Uint8Array): string {
  let out = "";
  for (const byte of bytes) out += byte.toString(16).padStart(2, "0");
  return out;
}

/**
 * Compares two strings in time that depends on their length only, not on where they first differ:
 * a claimed hash is attacker-controlled, and an early exit would tell them how much of it is right.
 */
export function constantTimeEqual(a: string, b: string): boolean {
  const length = Math.max(a.length, b.length);
  let diff = a.length ^ b.length;
  for (let i = 0; i < length; i++) diff |= (a.charCodeAt(i) | 0) ^ (b.charCodeAt(i) | 0);
  return diff === 0;
}
