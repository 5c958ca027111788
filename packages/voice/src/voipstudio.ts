/**
 * VoIPstudio through the facade: log in with e-mail and password (two-factor through a callback), keep the
 * 30-minute idle `user_token` alive or mint a long-lived API token, or use a static API key; typed filters,
 * checked collection parameters, pagination, typed errors and safe retries.
 * @module
 */
import { VOIPSTUDIO_BASE_URL, VOIPSTUDIO_MAX_LIMIT, type paths } from "@callspec/voipstudio";
import { envelopeReader } from "./core/answer-errors.js";
import type { ErrorMode, SessionClientOptions } from "./core/options.js";
import type { Page, PaginateOptions } from "./core/paginate.js";
import { sessionPlan } from "./core/session-plan.js";
import { idleExpiry, neverExpires, type ExpiryPolicy, type TokenSession } from "./core/token-session.js";
import type { AuthPlan, OptionChecks, VendorDefinition } from "./core/vendor.js";
import { createVoiceClient, type VoiceMethods } from "./core/voice-client.js";
import {
  checkCollectionParams,
  checkCollectionQuery,
  type CollectionItem,
  type CollectionPath,
  type Filter,
  type PropertyOf,
} from "./voipstudio/filter-builder.js";
import { passwordLogin, type VoipstudioPasswordLogin } from "./voipstudio/login.js";

export * from "./core/public.js";
export * from "./voipstudio/filter-builder.js";
export type { VoipstudioPasswordLogin };

/** A `user_token` expires after this long without requests. */
export const VOIPSTUDIO_SESSION_IDLE_MS = 30 * 60_000;

/** Options for {@link createVoipstudio}: a static API key, or a password login. */
export type VoipstudioOptions<Mode extends ErrorMode = "throw"> = SessionClientOptions<Mode> &
  ({ apiKey: string } | VoipstudioPasswordLogin) & {
    /** Log in again this long before the idle limit (default 60 s). */
    idleMarginMs?: number;
  };

/** Options for `paginate` and `pages` of {@link VoipstudioVoice}; a {@link Filter} must be built for the same collection. */
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

/** The facade's VoIPstudio client: typed methods plus pagination, session and error helpers. */
export type VoipstudioVoice<Mode extends ErrorMode = "throw"> = VoiceMethods<paths, Mode> & {
  /** Iterates over every row of a collection (`/cdrs`, `/monitors`, `/sms`, …), page by page. */
  paginate<P extends CollectionPath>(path: P, options?: VoipstudioPaginateOptions<P>): AsyncGenerator<CollectionItem<P>, void, undefined>;
  /** The pages of a collection, each with the API's `total` of matching rows. */
  pages<P extends CollectionPath>(path: P, options?: VoipstudioPaginateOptions<P>): AsyncGenerator<Page<CollectionItem<P>>, void, undefined>;
  /** The login session (undefined with a static API key). */
  readonly session: TokenSession | undefined;
};

/** What is VoIPstudio's: [VoIPstudio REST API documentation and official CLI, via specs/voipstudio/openapi.yaml]. */
export const voipstudioVendor: VendorDefinition<VoipstudioOptions<ErrorMode>> = {
  id: "voipstudio",
  name: "VoIPstudio",
  defaultBaseUrl: VOIPSTUDIO_BASE_URL,
  auth: (options, check) => ("apiKey" in options ? { kind: "static", credential: check.credential("apiKey", options.apiKey) } : passwordPlan(options, check)),
  placement: { in: "header", name: "X-Auth-Token" },
  public: ["POST /login", "POST /login2fa"],
  callPlacing: ["POST /calls", "POST /webcalls", "POST /leadcalls"],
  safePosts: ["POST /login", "POST /login2fa"],
  secretFields: ["password", "token", "user_token", "api_key", "apiKey", "x-auth-token"],
  secretUrlParams: ["token", "user_token", "api_key"],
  // `{ message, errors: [{ message, … }] }`; the official CLI reads errors[0].message, then message.
  readErrors: envelopeReader({ listKey: "errors", codeKeys: ["code"], messageKeys: ["message"] }),
  pagination: {
    pageParam: "page",
    sizeParam: "limit",
    defaultSize: 1000,
    maxSize: VOIPSTUDIO_MAX_LIMIT,
    readPage(body) {
      const b = body as { data?: unknown; total?: unknown } | undefined;
      if (!b || !Array.isArray(b.data)) return undefined;
      return { items: b.data, total: typeof b.total === "number" ? b.total : undefined };
    },
  },
  prepareQuery: preparedQuery,
  validators: () => import("@callspec/voipstudio/validators"),
};

/** Checks a collection query; a filter text already found good (polling, paging) is not parsed again. */
function preparedQuery(query: Record<string, unknown>, memo: Map<string, unknown>): Record<string, unknown> {
  const { filter } = query;
  const known = memo.get("filter") as [given: string, canonical: string] | undefined;
  if (typeof filter === "string" && known?.[0] === filter) {
    checkCollectionParams(query);
    return filter === known[1] ? query : { ...query, filter: known[1] };
  }
  const prepared = checkCollectionQuery(query);
  if (typeof filter === "string" && typeof prepared.filter === "string") memo.set("filter", [filter, prepared.filter]);
  return prepared;
}

function passwordPlan(options: VoipstudioPasswordLogin & { idleMarginMs?: number }, check: OptionChecks): AuthPlan {
  const email = check.password("email", options.email);
  check.secret(check.password("password", options.password));
  const margin = options.idleMarginMs ?? 60_000;
  if (!(Number.isFinite(margin) && margin >= 0 && margin < VOIPSTUDIO_SESSION_IDLE_MS)) throw check.invalid("idleMarginMs", "must be between 0 and 30 minutes");
  let policy: ExpiryPolicy = idleExpiry(VOIPSTUDIO_SESSION_IDLE_MS, margin);
  const apiToken = options.apiToken;
  if (apiToken) {
    check.password("apiToken.name", apiToken.name);
    if (!Number.isInteger(apiToken.expirySeconds) || apiToken.expirySeconds < 0) {
      throw check.invalid("apiToken.expirySeconds", "must be a whole number of seconds ≥ 0 (0 = never expires)");
    }
    policy = apiToken.expirySeconds === 0 ? neverExpires : idleExpiry(apiToken.expirySeconds * 1000, Math.min(margin, apiToken.expirySeconds * 500));
  }
  return sessionPlan({
    key: `voipstudio:${check.baseUrl}:${email}${apiToken ? `:apitoken:${apiToken.name}` : ""}`,
    policy,
    login: (context) => passwordLogin(context, options),
    // Minting revokes the token of the same name, so a token another process stored meanwhile may be dead.
    revokesEarlierTokens: apiToken !== undefined,
  });
}

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
export function createVoipstudio<Mode extends ErrorMode = "throw">(options: VoipstudioOptions<Mode>): VoipstudioVoice<Mode> {
  return createVoiceClient(voipstudioVendor, options) as unknown as VoipstudioVoice<Mode>;
}

export type { paths };
export {
  voipstudioWebhooks,
  receiveVoipstudioWebhook,
  type VoipstudioWebhook,
  type VoipstudioWebhookName,
  type VoipstudioReceiveOptions,
} from "./voipstudio/webhooks.js";
