/** What a client redacts besides the secret values it registers: field, header and URL parameter names. */
export interface RedactionRules {
  /** Body and header names whose values are secret wherever they appear (matched case-insensitively). */
  secretFields?: readonly string[];
  /** URL query parameters that carry secrets. */
  secretUrlParams?: readonly string[];
}

const REDACTED = "[REDACTED]";

/** Headers that carry credentials on any HTTP API. */
const httpSecretHeaders = ["authorization", "proxy-authorization", "cookie", "set-cookie"];

/**
 * Keeps secrets (access keys, passwords, tokens) out of every message, log line and serialised error.
 * Each facade client owns one registry and registers its secrets as it learns them (a refreshed token
 * included); anything shown to a caller passes through {@link SecretRegistry.redact}. A server may echo a
 * secret in any encoding, and encoders disagree on which characters they escape (Go's JSON escapes `<>&`,
 * Python's `quote` leaves `/`), so each character of a secret is matched in every form it can take —
 * raw, JSON-escaped (`\"`, `\/`, `\u00e4` in either case), an HTML entity (named, decimal or hex), or
 * percent-encoded UTF-8 (`+` for a space) — in any mix. Base64 is matched at each of the three byte
 * alignments the secret can have inside a longer encoded value (a Basic authorization, say).
 */
export class SecretRegistry {
  #patterns: RegExp[] = [];
  #literals: string[] = [];
  readonly #known = new Set<string>();
  readonly #fields: RegExp | undefined;
  readonly #urlParams: RegExp | undefined;

  constructor(rules: RedactionRules = {}) {
    const fields = [...httpSecretHeaders, ...(rules.secretFields ?? [])];
    this.#fields = new RegExp(`^(?:${fields.map(escapeRegExp).join("|")})$`, "i");
    const params = rules.secretUrlParams ?? [];
    this.#urlParams = params.length ? new RegExp(`([?&](?:${params.map(escapeRegExp).join("|")})=)[^&#\\s"']*`, "gi") : undefined;
  }

  /** Remembers a secret. Values shorter than 4 characters are ignored: redacting them would mangle ordinary text. */
  add(secret: string | undefined | null): void {
    if (typeof secret !== "string" || secret.length < 4 || this.#known.has(secret)) return;
    this.#known.add(secret);
    // Longest first: a secret that contains another must be replaced before it.
    this.#patterns = [...this.#known].sort((a, b) => b.length - a.length).map(encodedPattern);
    this.#literals = [...new Set([...this.#literals, ...base64Forms(new TextEncoder().encode(secret))])].sort((a, b) => b.length - a.length);
  }

  /** Replaces every known secret (in every form) and secret URL parameters in a text with `[REDACTED]`. */
  redact(text: string): string {
    let out = text;
    for (const pattern of this.#patterns) out = out.replace(pattern, REDACTED);
    for (const form of this.#literals) if (out.includes(form)) out = out.split(form).join(REDACTED);
    return this.#urlParams ? out.replace(this.#urlParams, `$1${REDACTED}`) : out;
  }

  /** Redacts every string inside a JSON-like value, and the values of secret fields whatever they hold. */
  redactValue<T>(value: T, depth = 0): T {
    if (typeof value === "string") return this.redact(value) as T;
    if (value === null || typeof value !== "object") return value;
    // Nothing is passed on unredacted: what lies deeper than any real error body is dropped.
    if (depth > 32) return REDACTED as T;
    if (Array.isArray(value)) return value.map((v) => this.redactValue(v, depth + 1)) as T;
    const out: Record<string, unknown> = {};
    // Keys too: a server may echo a secret as a member name.
    for (const [k, v] of Object.entries(value)) out[this.redact(k)] = this.isSecretField(k) ? REDACTED : this.redactValue(v, depth + 1);
    return out as T;
  }

  /** A redacted plain copy of response headers, for errors (a `Headers` object would show them raw). */
  redactHeaders(headers: Headers): Record<string, string> {
    const out: Record<string, string> = {};
    headers.forEach((value, name) => {
      out[name] = this.isSecretField(name) ? REDACTED : this.redact(value);
    });
    return out;
  }

  /** Whether values under this field or header name are secret. */
  isSecretField(name: string): boolean {
    return this.#fields?.test(name) ?? false;
  }
}

/** One pattern matching `secret` with each character in any of its encoded forms. */
function encodedPattern(secret: string): RegExp {
  return new RegExp([...secret].map(characterForms).join(""), "g");
}

const named: Record<string, string> = { "&": "amp", "<": "lt", ">": "gt", '"': "quot", "'": "apos" };
const jsonEscapes: Record<string, string> = { '"': '\\\\"', "\\": "\\\\\\\\", "/": "\\\\/" };

/** The alternatives one character may be written as, as a regular-expression group. */
function characterForms(ch: string): string {
  const code = ch.codePointAt(0) ?? 0;
  const forms = [escapeRegExp(ch), `&#0*${code};`, `&#[xX]0*${anyCase(code.toString(16))};`];
  if (named[ch]) forms.push(`&${named[ch]};`);
  if (jsonEscapes[ch]) forms.push(jsonEscapes[ch]);
  forms.push(
    utf16Units(ch)
      .map((unit) => `\\\\u${anyCase(unit.toString(16).padStart(4, "0"))}`)
      .join(""),
  );
  forms.push([...new TextEncoder().encode(ch)].map((byte) => `%${anyCase(byte.toString(16).padStart(2, "0"))}`).join(""));
  if (ch === " ") forms.push("\\+");
  return `(?:${forms.join("|")})`;
}

function utf16Units(ch: string): number[] {
  return Array.from({ length: ch.length }, (_, i) => ch.charCodeAt(i));
}

/** Hex digits matched in upper or lower case (`e4` → `[eE]4`). */
function anyCase(hex: string): string {
  return hex.replace(/[a-f]/g, (d) => `[${d}${d.toUpperCase()}]`);
}

/**
 * The parts of the base64 (standard and URL-safe) encodings of `bytes` that do not depend on the bytes
 * around them, for each of the three alignments the secret can have inside a longer encoded value.
 */
function base64Forms(bytes: Uint8Array): string[] {
  const forms: string[] = [];
  for (let lead = 0; lead < 3; lead++) {
    const padded = new Uint8Array(lead + bytes.length);
    padded.set(bytes, lead);
    const full = toBase64(padded);
    // Groups of 4 characters encode 3 bytes: drop the group mixing in leading bytes and the one that
    // would mix in whatever follows, keeping only characters fixed by the secret alone.
    const start = lead === 0 ? 0 : 4;
    const whole = Math.floor(padded.length / 3) * 4;
    const core = full.slice(start, whole);
    if (core.length >= 4) forms.push(core, core.replace(/\+/g, "-").replace(/\//g, "_"));
    if (lead === 0) forms.push(full, full.replace(/=+$/, ""));
  }
  return forms;
}

function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
