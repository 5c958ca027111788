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
 * secret in any encoding, so each is remembered raw, JSON-escaped (also with `\u` and `\/` escapes),
 * HTML-escaped, percent-encoded and base64-encoded (at each of the three byte alignments it can have
 * inside a longer encoded text, such as a Basic authorization).
 */
export class SecretRegistry {
  #forms: string[] = [];
  readonly #known = new Set<string>();
  readonly #fields: RegExp | undefined;
  readonly #urlParams: RegExp | undefined;

  constructor(rules: RedactionRules = {}) {
    const fields = [...httpSecretHeaders, ...(rules.secretFields ?? [])];
    this.#fields = new RegExp(`^(?:${fields.map(escapeRegExp).join("|")})$`, "i");
    const params = rules.secretUrlParams ?? [];
    this.#urlParams = params.length ? new RegExp(`([?&](?:${params.map(escapeRegExp).join("|")})=)[^&#\\s"']*`, "gi") : undefined;
  }

  /** Remembers a secret and its encoded forms. Values shorter than 4 characters are ignored: redacting them would mangle ordinary text. */
  add(secret: string | undefined | null): void {
    if (typeof secret !== "string" || secret.length < 4 || this.#known.has(secret)) return;
    this.#known.add(secret);
    const forms = new Set(this.#forms);
    for (const form of encodedForms(secret)) if (form.length >= 4) forms.add(form);
    // Longest first: a form that contains another must be replaced before it.
    this.#forms = [...forms].sort((a, b) => b.length - a.length);
  }

  /** Replaces every known secret (in every form) and secret URL parameters in a text with `[REDACTED]`. */
  redact(text: string): string {
    let out = text;
    for (const form of this.#forms) {
      if (out.includes(form)) out = out.split(form).join(REDACTED);
    }
    return this.#urlParams ? out.replace(this.#urlParams, `$1${REDACTED}`) : out;
  }

  /** Redacts every string inside a JSON-like value, and the values of secret fields whatever they hold. */
  redactValue<T>(value: T, depth = 0): T {
    if (typeof value === "string") return this.redact(value) as T;
    if (depth > 8 || value === null || typeof value !== "object") return value;
    if (Array.isArray(value)) return value.map((v) => this.redactValue(v, depth + 1)) as T;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = this.isSecretField(k) ? REDACTED : this.redactValue(v, depth + 1);
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

/** Every form in which a server might echo `secret`. */
function encodedForms(secret: string): string[] {
  const json = JSON.stringify(secret).slice(1, -1);
  const ascii = json.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  const forms = [secret, json, ascii, ascii.toUpperCase() === ascii ? ascii : upperHexEscapes(ascii), json.replace(/\//g, "\\/"), ascii.replace(/\//g, "\\/")];
  forms.push(...htmlForms(secret));
  const percent = encodeURIComponent(secret);
  forms.push(percent, percent.replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase()), percent.replace(/%20/g, "+"), new URLSearchParams({ s: secret }).toString().slice(2));
  forms.push(...base64Forms(new TextEncoder().encode(secret)));
  return forms;
}

function upperHexEscapes(text: string): string {
  return text.replace(/\\u([0-9a-f]{4})/g, (_m, hex: string) => `\\u${hex.toUpperCase()}`);
}

/** HTML escapes: the named entities for markup characters (with the usual spellings of `'`) and numeric ones for the rest. */
function htmlForms(secret: string): string[] {
  const named = (apos: string) =>
    secret.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": apos })[c] ?? c);
  const numeric = (c: string, hex: boolean) => {
    const code = c.codePointAt(0) ?? 0;
    return hex ? `&#x${code.toString(16)};` : `&#${code};`;
  };
  const forms = ["&#39;", "&#039;", "&apos;", "&#x27;"].map(named);
  for (const hex of [false, true]) {
    forms.push([...named("&#39;")].map((c) => (c.charCodeAt(0) > 0x7e ? numeric(c, hex) : c)).join(""));
  }
  return forms;
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
    if (core.length >= 6) forms.push(core, core.replace(/\+/g, "-").replace(/\//g, "_"));
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
