/**
 * VoIPstudio through the facade: log in with e-mail and password (two-factor through a callback), keep the
 * 30-minute idle `user_token` alive or mint a long-lived API token, or use a static API key; typed filters,
 * checked collection parameters, pagination, typed errors and safe retries.
 * @module
 */
import {
  createVoipstudioClient,
  VOIPSTUDIO_BASE_URL,
  type VoipstudioClient,
  type paths,
} from "@callspec/voipstudio";
import { checkCommonOptions, checkSecret, transportOptions, type SessionClientOptions } from "./core/client-options.js";
import { wrapClient, type ErrorHelpers } from "./core/client-wrapper.js";
import { AuthenticationError, invalidInput } from "./core/errors.js";
import { checkIssuedToken, loginFailure, pageBody } from "./core/login.js";
import { paginate, type PaginateOptions } from "./core/paginate.js";
import { SecretRegistry } from "./core/redact.js";
import { idleExpiry, neverExpires, TokenSession, type ExpiryPolicy } from "./core/token-session.js";
import { createTransport } from "./core/transport.js";
import {
  checkCollectionQuery,
  FilterError,
  type CollectionItem,
  type CollectionPath,
  type Filter,
  type PropertyOf,
} from "./voipstudio/filter-builder.js";

export * from "./core/public.js";
export * from "./voipstudio/filter-builder.js";

/** A `user_token` expires after this long without requests. */
export const VOIPSTUDIO_SESSION_IDLE_MS = 30 * 60_000;

/** Log in with e-mail and password. */
export interface VoipstudioPasswordLogin {
  email: string;
  password: string;
  /**
   * Supplies the code when the account uses two-factor login (the API answers 202 with a nonce). Without
   * it such a login fails with an {@link AuthenticationError}.
   */
  onTwoFactor?: (challenge: { nonce: string }) => Promise<string> | string;
  /**
   * After logging in, mint a long-lived API token (`POST /apitokens`) and use it instead of the 30-minute
   * session token. `expirySeconds` is its idle lifetime; `0` means it never expires. An existing token of
   * the same name is replaced, as the API allows one per name.
   */
  apiToken?: { name: string; expirySeconds: number };
}

/** Options for {@link createVoipstudio}: a static API key, or a password login. */
export type VoipstudioOptions = SessionClientOptions &
  ({ apiKey: string } | VoipstudioPasswordLogin) & {
    /** Log in again this long before the idle limit (default 60 s). */
    idleMarginMs?: number;
  };

/** Options for the `paginate` method of {@link VoipstudioVoice}; a {@link Filter} must be built for the same collection. */
export interface VoipstudioPaginateOptions<P extends CollectionPath = CollectionPath> extends PaginateOptions {
  /** Rows per page, 1–5000 (default 1000). */
  limit?: number;
  /** A {@link Filter} or its JSON text. */
  filter?: Filter<PropertyOf<P>> | string;
  sort?: string;
  dir?: "ASC" | "DESC";
  include?: string;
  group_by?: string;
}

/** The facade's VoIPstudio client: the typed openapi-fetch client plus pagination, session and error helpers. */
export type VoipstudioVoice = VoipstudioClient &
  ErrorHelpers & {
    /** Iterates over every row of a collection (`/cdrs`, `/monitors`, `/sms`, …), page by page. */
    paginate<P extends CollectionPath>(path: P, options?: VoipstudioPaginateOptions<P>): AsyncGenerator<CollectionItem<P>, void, undefined>;
    /** The login session (undefined with a static API key). */
    readonly session: TokenSession | undefined;
  };

const rules = {
  callPlacing: ["POST /calls", "POST /webcalls", "POST /leadcalls"],
  safePosts: ["POST /login", "POST /login2fa"],
};

/**
 * Creates a VoIPstudio client.
 *
 * @example
 * ```ts
 * const vs = createVoipstudio({ email, password, onTwoFactor: async () => prompt("code") });
 * const recent = filterFor("/cdrs").where("calldate", "gte", "2026-11-01 00:00:00");
 * for await (const cdr of vs.paginate("/cdrs", { filter: recent, limit: 5000, prefetch: true })) {
 *   console.log(cdr.calldate, cdr.src, cdr.dst, cdr.billsec);
 * }
 * ```
 */
export function createVoipstudio(options: VoipstudioOptions): VoipstudioVoice {
  if (options === null || typeof options !== "object") throw invalidInput("voipstudio", "options", "must be an object");
  checkCommonOptions("voipstudio", options);
  const secrets = new SecretRegistry();
  const baseUrl = (options.baseUrl ?? VOIPSTUDIO_BASE_URL).replace(/\/+$/, "");
  const common = transportOptions("voipstudio", options, secrets, baseUrl, rules);

  let session: TokenSession | undefined;
  let client: VoipstudioClient;
  if ("apiKey" in options) {
    checkSecret("voipstudio", "apiKey", options.apiKey);
    secrets.add(options.apiKey);
    client = createVoipstudioClient({ token: options.apiKey, baseUrl, fetch: createTransport(common) });
  } else {
    session = passwordSession(options, common, secrets, baseUrl);
    const active = session;
    const transport = createTransport({
      ...common,
      auth: {
        token: () => active.getToken(),
        apply: (attempt, token) => {
          attempt.headers.set("X-Auth-Token", token);
          return attempt;
        },
        rejected: (token) => active.invalidate(token),
        accepted: (token) => {
          // Recording use is best effort: a shared store that fails must not fail (or crash) the request.
          active.touch(token).catch((error: unknown) => {
            options.logger?.warn?.(secrets.redact(`VoIPstudio: could not record token use in the token store: ${(error as Error)?.message ?? String(error)}`));
          });
        },
      },
    });
    // The transport adds the token on every attempt; the placeholder only satisfies the client's check.
    client = createVoipstudioClient({ token: "session", baseUrl, fetch: transport });
  }
  const voice = wrapClient(client, "voipstudio", secrets, options.errors ?? "throw", checkQuery);
  return Object.assign(voice, {
    session,
    paginate<P extends CollectionPath>(path: P, paging: VoipstudioPaginateOptions<P> = {}) {
      const { maxItems, prefetch, startPage, ...query } = paging;
      const limit = query.limit ?? 1000;
      const checked = toValidation(() => checkCollectionQuery({ ...query, limit }));
      const get = client.GET as unknown as (p: string, init: object) => Promise<{ data?: { data: unknown[]; total: number }; error?: unknown; response: Response }>;
      // `total` counts every matching row; rows before the start page count as seen.
      let seen = ((startPage ?? 1) - 1) * limit;
      return paginate<CollectionItem<P>>(
        async (page) => {
          const data = pageBody("voipstudio", await get(path, { params: { query: { ...checked, page } } }), voice.toError);
          seen += data.data.length;
          // Not `length >= limit`: a server may cap pages below the limit asked for.
          return { items: data.data as CollectionItem<P>[], more: data.data.length > 0 && seen < data.total };
        },
        { ...(maxItems !== undefined ? { maxItems } : {}), ...(prefetch !== undefined ? { prefetch } : {}), ...(startPage !== undefined ? { startPage } : {}) },
      );
    },
  }) as VoipstudioVoice;
}

function passwordSession(
  options: SessionClientOptions & VoipstudioPasswordLogin & { idleMarginMs?: number },
  common: Parameters<typeof createTransport>[0],
  secrets: SecretRegistry,
  baseUrl: string,
): TokenSession {
  checkSecret("voipstudio", "email", options.email);
  checkSecret("voipstudio", "password", options.password, "password");
  secrets.add(options.password);
  const margin = options.idleMarginMs ?? 60_000;
  if (!(Number.isFinite(margin) && margin >= 0 && margin < VOIPSTUDIO_SESSION_IDLE_MS)) {
    throw invalidInput("voipstudio", "idleMarginMs", "must be between 0 and 30 minutes");
  }
  let policy: ExpiryPolicy = idleExpiry(VOIPSTUDIO_SESSION_IDLE_MS, margin);
  const apiToken = options.apiToken;
  if (apiToken) {
    checkSecret("voipstudio", "apiToken.name", apiToken.name, "password");
    if (!Number.isInteger(apiToken.expirySeconds) || apiToken.expirySeconds < 0) {
      throw invalidInput("voipstudio", "apiToken.expirySeconds", "must be a whole number of seconds ≥ 0 (0 = never expires)");
    }
    policy = apiToken.expirySeconds === 0 ? neverExpires : idleExpiry(apiToken.expirySeconds * 1000, Math.min(margin, apiToken.expirySeconds * 500));
  }

  // Result style, so login code reads the answers itself; unreadable bodies still become typed errors.
  const anonymous = wrapClient(createVoipstudioClient({ baseUrl, fetch: createTransport(common) }), "voipstudio", secrets, "result");
  const login = async (): Promise<string> => {
    const first = await anonymous.POST("/login", { body: { email: options.email, password: options.password } });
    let userToken: string;
    if (first.response.status === 202) {
      const nonce = (first.data as { nonce?: string } | undefined)?.nonce;
      if (!options.onTwoFactor || !nonce) {
        throw new AuthenticationError({ vendor: "voipstudio", status: 202, message: "VoIPstudio asks for a two-factor code; pass onTwoFactor to createVoipstudio" });
      }
      const code = await options.onTwoFactor({ nonce });
      const second = await anonymous.POST("/login2fa", { body: { code, nonce } });
      if (second.error !== undefined || !second.data?.user_token) throw loginFailure("voipstudio", second.response, second.error, secrets, "POST /login2fa");
      userToken = checkIssuedToken("voipstudio", second.data.user_token, "POST /login2fa");
    } else {
      const data = first.data as { user_token?: string } | undefined;
      if (first.error !== undefined || !data?.user_token) throw loginFailure("voipstudio", first.response, first.error, secrets, "POST /login");
      userToken = checkIssuedToken("voipstudio", data.user_token, "POST /login");
    }
    secrets.add(userToken);
    if (!apiToken) return userToken;
    const minting = wrapClient(createVoipstudioClient({ token: userToken, baseUrl, fetch: createTransport(common) }), "voipstudio", secrets, "result");
    return mintApiToken(minting, apiToken, secrets);
  };

  return new TokenSession({
    key: `voipstudio:${baseUrl}:${options.email}${apiToken ? `:apitoken:${apiToken.name}` : ""}`,
    policy,
    login,
    onToken: (token) => secrets.add(token),
    // Minting revokes the token of the same name, so a token another process stored meanwhile may be dead.
    ...(apiToken ? { preferOwnToken: true } : {}),
    ...(options.tokenStore ? { store: options.tokenStore } : {}),
  });
}

async function mintApiToken(client: VoipstudioClient, apiToken: { name: string; expirySeconds: number }, secrets: SecretRegistry): Promise<string> {
  // One token per (name, user): replace an existing one, as VoIPstudio's own CLI does.
  const filter = JSON.stringify([{ property: "name", operator: "eq", value: apiToken.name }]);
  const existing = await client.GET("/apitokens", { params: { query: { filter } } });
  for (const old of existing.data?.data ?? []) {
    if (!old.token || old.name !== apiToken.name) continue;
    // The old token is in the DELETE path: make sure no message or log line can show it.
    secrets.add(old.token);
    await client.DELETE("/apitokens/{token}", { params: { path: { token: old.token } } });
  }
  const created = await client.POST("/apitokens", { body: { name: apiToken.name, expiry: apiToken.expirySeconds } });
  if (created.error !== undefined || !created.data?.data?.token) throw loginFailure("voipstudio", created.response, created.error, secrets, "POST /apitokens");
  const token = checkIssuedToken("voipstudio", created.data.data.token, "POST /apitokens");
  secrets.add(token);
  return token;
}

/**
 * Checks page, limit, dir, sort, group_by and filter of every request before it is serialised, so a bad
 * value is refused with a ValidationError naming it and nothing is sent.
 */
function checkQuery(_method: string, _path: string, init: unknown): void {
  const query = (init as { params?: { query?: Record<string, unknown> } } | undefined)?.params?.query;
  if (!query) return;
  const checked: Record<string, unknown> = {};
  for (const key of ["page", "limit", "dir", "filter", "sort", "group_by"]) {
    if (query[key] !== undefined) checked[key] = query[key];
  }
  // Paging through a collection repeats the same filter text on every page: parse a given text once.
  if (checked["filter"] !== undefined && checked["filter"] === lastValidFilter) delete checked["filter"];
  if (Object.keys(checked).length === 0) return;
  toValidation(() => checkCollectionQuery(checked));
  if (typeof checked["filter"] === "string") lastValidFilter = checked["filter"];
}
let lastValidFilter: string | undefined;

function toValidation<T>(check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (error instanceof FilterError) throw invalidInput("voipstudio", error.param, error.message.replace(/^[^:]*:\s*/, ""));
    throw error;
  }
}

export type { paths };
