import type { SecretNames } from "./vendor-secrets.js";

/** What a redacted value is replaced with; a string, so a redacted string member keeps its type. */
export const REDACTED = "[redacted]";

/** Secrets shorter than this are only redacted by name: scrubbing them by value would mangle ordinary text. */
const MIN_SCRUB_LENGTH = 6;

/**
 * Redacts secrets by name (headers, body members, query parameters) and remembers every value it removed,
 * so {@link Redactor.scrub} can take the same value out wherever else it shows up (a path segment, an
 * echoed header, a violation message) in its raw, percent-encoded, JSON-escaped and base64 forms.
 * One per proxy: the values seen are the proxy's own state.
 */
export class Redactor {
  private readonly headers: Set<string>;
  private readonly fields: Set<string>;
  private readonly params: Set<string>;
  private readonly seen = new Set<string>();

  constructor(names: SecretNames) {
    this.headers = new Set(names.headers.map((h) => h.toLowerCase()));
    this.fields = new Set(names.fields.map((f) => f.toLowerCase()));
    this.params = new Set(names.urlParams.map((p) => p.toLowerCase()));
  }

  /** A copy of `headers` with every secret header's value replaced. */
  redactHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [name, raw] of Object.entries(headers)) {
      if (raw === undefined) continue;
      const value = Array.isArray(raw) ? raw.join(", ") : raw;
      if (this.headers.has(name.toLowerCase())) {
        this.noteCredential(value);
        out[name] = REDACTED;
      } else out[name] = value;
    }
    return out;
  }

  /** A deep copy of a parsed JSON body with every secret member's value replaced, at any depth. */
  redactJson(value: unknown): unknown {
    if (Array.isArray(value)) return value.map((item) => this.redactJson(item));
    if (value === null || typeof value !== "object") return value;
    const out: Record<string, unknown> = {};
    for (const [key, member] of Object.entries(value)) {
      if (this.fields.has(key.toLowerCase()) && member !== null && typeof member !== "object") {
        this.note(String(member));
        out[key] = REDACTED;
      } else out[key] = this.redactJson(member);
    }
    return out;
  }

  /** A form-encoded body with secret fields replaced. */
  redactForm(body: string): string {
    const form = new URLSearchParams(body);
    for (const [key, value] of [...form]) {
      if (this.fields.has(key.toLowerCase()) || this.params.has(key.toLowerCase())) {
        this.note(value);
        form.set(key, REDACTED);
      }
    }
    return form.toString();
  }

  /** A request target (`/path?query`) with secret query parameters replaced, then scrubbed of known values. */
  redactUrl(target: string): string {
    const url = new URL(target, "http://placeholder.invalid");
    for (const [key, value] of [...url.searchParams]) {
      if (this.params.has(key.toLowerCase()) || this.fields.has(key.toLowerCase())) {
        this.note(value);
        url.searchParams.set(key, REDACTED);
      }
    }
    return this.scrub(`${url.pathname}${url.search}`);
  }

  /** `text` with every secret value seen so far removed, in each form it may have been written in. */
  scrub(text: string): string {
    let out = text;
    for (const secret of this.seen) {
      for (const form of encodings(secret)) if (form.length >= MIN_SCRUB_LENGTH) out = out.split(form).join(REDACTED);
    }
    return out;
  }

  /** A credential header: `AccessKey <key>`, `Bearer <token>`, `Basic base64(user:password)` or a bare token. */
  private noteCredential(value: string): void {
    this.note(value);
    const [scheme, credential] = value.split(/\s+/, 2);
    if (!credential) return;
    this.note(credential);
    if (scheme?.toLowerCase() === "basic") {
      const decoded = Buffer.from(credential, "base64").toString("utf8");
      for (const part of [decoded, ...decoded.split(":")]) this.note(part);
    }
  }

  private note(value: string): void {
    if (value.length >= MIN_SCRUB_LENGTH && value !== REDACTED) this.seen.add(value);
  }
}

/** The forms a secret is written in: raw, percent-encoded (both flavours), JSON-escaped, base64. */
export function encodings(secret: string): string[] {
  const forms = [
    secret,
    encodeURIComponent(secret),
    new URLSearchParams({ s: secret }).toString().slice(2),
    JSON.stringify(secret).slice(1, -1),
    Buffer.from(secret).toString("base64"),
    Buffer.from(secret).toString("base64url"),
  ];
  // Longest first, so a form that contains another is replaced whole.
  return [...new Set(forms)].sort((a, b) => b.length - a.length);
}
