import type { ValidationError, VoiceApiError } from "./errors.js";
import type { SecretRegistry } from "./redact.js";
import type { CallFunction, ClientCore } from "./client.js";
import type { ExpiryPolicy, TokenSession } from "./token-session.js";

/**
 * Where a credential or session token goes on each request:
 * - `header`: a header, optionally with a prefix (`Authorization: AccessKey <key>`);
 * - `body-first`: the first member of every JSON body, and a URL parameter on requests without a body.
 */
export type CredentialPlacement = { in: "header"; name: string; prefix?: string } | { in: "body-first"; name: string; queryParam: string };

/** An answer as login code reads it: the parsed body (or text) and the status. */
export interface LoginAnswer {
  status: number;
  ok: boolean;
  /** The parsed JSON body (or the text when it is not JSON); `undefined` without a body. */
  body: unknown;
  /** The typed error for this answer (the vendor's own error when it refused). */
  toError(): VoiceApiError;
}

/** What a vendor's login code may do: send requests through the client's own pipeline, and keep secrets secret. */
export interface LoginContext {
  /**
   * Sends one request without the session's token (or with `token`, e.g. to mint an API token with a
   * fresh session token). Retries, time limits, redaction and logging apply as to any request.
   */
  send(
    method: string,
    path: string,
    init?: { body?: unknown; query?: Record<string, unknown>; pathParams?: Record<string, string>; token?: string },
  ): Promise<LoginAnswer>;
  /** Registers a secret the login learned (an old token it is about to delete, say). */
  secret(value: string): void;
  /**
   * The token at `path` in a login answer's body (`["data", "token"]`), registered as a secret. Throws the
   * vendor's own error when the login was refused, and an {@link AuthenticationError} when the answer has no
   * token or one that could never be sent.
   */
  tokenFrom(answer: LoginAnswer, path: readonly string[], request: string): string;
  /** An {@link AuthenticationError} with this message (login impossible, e.g. a missing two-factor callback). */
  authenticationFailed(message: string, status?: number): VoiceApiError;
}

/** How a client logs in, for {@link sessionPlan}. */
export interface SessionSpec {
  /** Key of the session in the token store (unique per account and base URL). */
  key: string;
  policy: ExpiryPolicy;
  login(context: LoginContext): Promise<string>;
  /**
   * A login revokes earlier tokens of the same account (minting an API token replaces the one of the
   * same name): keep one's own token over one another process stored meanwhile.
   */
  revokesEarlierTokens?: boolean;
}

/**
 * How a client authenticates: one credential for its lifetime, or a session (made by
 * `sessionPlan(spec)`, which a definition imports only if it logs in, so static-key clients do not carry
 * the session code).
 */
export type AuthPlan = { kind: "static"; credential: string } | { kind: "session"; start(core: ClientCore, call: CallFunction): TokenSession };

/** How a vendor pages through lists. */
export interface PaginationDefinition {
  /** Query parameter of the page number (1-based). */
  pageParam: string;
  /** Query parameter of the page size, and the option name users pass it as. */
  sizeParam: string;
  defaultSize: number;
  maxSize?: number;
  /** Reads one page answer: its items, and the totals when the vendor sends them. */
  readPage(body: unknown): { items: unknown[]; total?: number | undefined; pageCount?: number | undefined } | undefined;
}

/** The request-body validators a vendor package generates from its spec (`@callspec/<vendor>/validators`). */
export interface BodyValidators {
  validateRequestBody(method: string, path: string, body: unknown): { field: string; message: string }[] | undefined;
}

/**
 * Everything that differs between vendors, as data and small functions: the one generic client factory
 * ({@link createVoiceClient}) consumes it. Adding a vendor is its spec, its package and one of these.
 */
export interface VendorDefinition<Options extends object> {
  /** Short id, in errors and token-store keys (`"acme"`). */
  id: string;
  /** Name in messages (`"Acme Voice"`). */
  name: string;
  defaultBaseUrl: string;
  /** Checks the vendor's own options (secrets included) and says how the client authenticates. */
  auth(options: Options, check: OptionChecks): AuthPlan;
  /** Where the credential or session token goes on each request. */
  placement: CredentialPlacement;
  /** Operations that go without the credential (the login itself): `"POST /login"`. */
  public?: readonly string[];
  /** Headers every request carries (an API version, say). */
  headers?(options: Options): Record<string, string>;
  /** Members every JSON object body gets unless the caller set them (after the token, if it goes first). */
  bodyDefaults?(options: Options): Record<string, unknown>;
  /** An `Accept` header for paths whose answer is not JSON (downloads), by path suffix. */
  downloads?: readonly (readonly [suffix: string, accept: string])[];
  /** Operations that place a call (they cost money): `"POST /calls"`. Sent once, their bodies checked first. */
  callPlacing: readonly string[];
  /** POST operations that are safe to repeat (reads and logins that happen to be POSTs). */
  safePosts?: readonly string[];
  /** Field, header and URL parameter names whose values are secret. */
  secretFields: readonly string[];
  secretUrlParams?: readonly string[];
  /** Reads the vendor's error envelope: its codes and messages. */
  readErrors(body: unknown): { codes: (string | number)[]; messages: string[] };
  /** Header carrying the vendor's id of a request, where the vendor documents one. */
  requestIdHeader?: string;
  pagination?: PaginationDefinition;
  /**
   * Checks a request's query before it is serialised (a filter, say), and returns it in the form to send;
   * throws a {@link ValidationError} naming the bad parameter. `memo` is the client's own scratch space,
   * to skip re-checking what it checked before (the same filter text on every page or poll).
   */
  prepareQuery?(query: Record<string, unknown>, memo: Map<string, unknown>): Record<string, unknown>;
  /** Loads the generated request-body validators, lazily: users who never need them never load them. */
  validators?: () => Promise<BodyValidators>;
}

/** Option checks a definition uses on its own options; each throws a {@link ValidationError} naming the option, never its value. */
export interface OptionChecks {
  /** A key or token, sent in a header: non-empty, printable, no whitespace. */
  credential(name: string, value: unknown): string;
  /** A password or login name, sent in a JSON body: non-empty, no control or invisible characters. */
  password(name: string, value: unknown): string;
  /** Registers a secret so no message shows it. */
  secret(value: string): void;
  /** A bad option. */
  invalid(name: string, message: string): ValidationError;
  readonly baseUrl: string;
  readonly secrets: SecretRegistry;
}
