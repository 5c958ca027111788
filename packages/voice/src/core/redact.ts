/**
 * Keeps secrets (access keys, passwords, tokens) out of every message, log line and serialised error.
 * Each facade client owns one registry and registers its secrets as it learns them (a refreshed token
 * included); anything shown to a caller passes through {@link SecretRegistry.redact}.
 */
export class SecretRegistry {
  readonly #secrets = new Set<string>();

  /**
   * Remembers a secret, with the forms it takes inside JSON text and URLs (a password with a quote or a
   * backslash is escaped in an echoed body; a token in a path is percent-encoded). Values shorter than 4
   * characters are ignored: redacting them would mangle ordinary text.
   */
  add(secret: string | undefined | null): void {
    if (typeof secret !== "string" || secret.length < 4) return;
    this.#secrets.add(secret);
    this.#secrets.add(JSON.stringify(secret).slice(1, -1));
    this.#secrets.add(encodeURIComponent(secret));
  }

  /** Replaces every known secret in a text, and token-bearing URL parameters, with `[REDACTED]`. */
  redact(text: string): string {
    let out = text;
    for (const secret of this.#secrets) {
      if (out.includes(secret)) out = out.split(secret).join("[REDACTED]");
    }
    return redactUrlSecrets(out);
  }

  /** Redacts every string inside a JSON-like value (for error bodies kept on errors). */
  redactValue<T>(value: T, depth = 0): T {
    if (typeof value === "string") return this.redact(value) as T;
    if (depth > 8 || value === null || typeof value !== "object") return value;
    if (Array.isArray(value)) return value.map((v) => this.redactValue(v, depth + 1)) as T;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = secretKeys.test(k) ? "[REDACTED]" : this.redactValue(v, depth + 1);
    return out as T;
  }
}

const secretKeys = /^(password|token|user_token|access_?key|api_?key|rtcUAPassword|authorization|x-auth-token)$/i;
const urlSecretParams = /([?&](?:token|user_token|access_?key|api_?key|password)=)[^&#\s"']*/gi;

function redactUrlSecrets(text: string): string {
  return text.replace(urlSecretParams, "$1[REDACTED]");
}
