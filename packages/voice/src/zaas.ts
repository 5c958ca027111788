/**
 * ZaaS / FlexContact Voice through the facade: logs in lazily, keeps the token (valid 6 hours) fresh,
 * refreshes it once on a refusal, and never sends `Call/Create` twice.
 * @module
 */
import { createZaasVoiceClient, ZAAS_TOKEN_LIFETIME_MS, ZAAS_VOICE_BASE_URL, type ZaasVoiceClient } from "@callspec/zaas-voice";
import { checkCommonOptions, checkSecret, transportOptions, type SessionClientOptions } from "./core/client-options.js";
import { wrapClient, type ErrorHelpers } from "./core/client-wrapper.js";
import { invalidInput } from "./core/errors.js";
import { checkIssuedToken, loginFailure } from "./core/login.js";
import { SecretRegistry } from "./core/redact.js";
import { absoluteExpiry, TokenSession } from "./core/token-session.js";
import { createTransport, type Attempt } from "./core/transport.js";

export * from "./core/public.js";

/** Options for {@link createZaas}. */
export interface ZaasOptions extends SessionClientOptions {
  /** Login issued by the vendor's IT team. */
  login: string;
  password: string;
  /** Campaign code added to every call request that does not set its own. */
  codCampaign: string;
  /** Log in again this long before the 6-hour limit (default 5 minutes). */
  refreshMarginMs?: number;
}

/** The facade's ZaaS client: the typed openapi-fetch client (bodies never carry the token) plus its session. */
export type ZaasVoice = ZaasVoiceClient &
  ErrorHelpers & {
    /** The login session; `getToken()` returns a valid token, logging in if needed. */
    readonly session: TokenSession;
  };

const rules = {
  callPlacing: ["POST /Call/Create"],
  // Reads that happen to be POSTs: repeating them changes nothing.
  safePosts: ["POST /Login", "POST /Call/Server", "POST /Call/Status"],
};

/**
 * Creates a ZaaS Voice client that manages its own login.
 *
 * @example
 * ```ts
 * const zaas = createZaas({ login: process.env.ZAAS_LOGIN!, password: process.env.ZAAS_PASSWORD!, codCampaign: "0" });
 * const { data } = await zaas.POST("/Call/Server", { body: {} });
 * ```
 */
export function createZaas(options: ZaasOptions): ZaasVoice {
  if (options === null || typeof options !== "object") throw invalidInput("zaas", "options", "must be an object");
  checkSecret("zaas", "login", options.login, "password");
  checkSecret("zaas", "password", options.password, "password");
  if (typeof options.codCampaign !== "string" || options.codCampaign === "") {
    throw invalidInput("zaas", "codCampaign", "must be a non-empty string");
  }
  checkCommonOptions("zaas", options);
  const margin = options.refreshMarginMs ?? 5 * 60_000;
  if (!(Number.isFinite(margin) && margin >= 0 && margin < ZAAS_TOKEN_LIFETIME_MS)) {
    throw invalidInput("zaas", "refreshMarginMs", "must be between 0 and 6 hours");
  }

  const secrets = new SecretRegistry();
  secrets.add(options.password);
  const baseUrl = options.baseUrl ?? ZAAS_VOICE_BASE_URL;
  const common = transportOptions("zaas", options, secrets, baseUrl, rules);

  // Result style, so the login reads the answer itself; unreadable bodies still become typed errors.
  const loginClient = wrapClient(createZaasVoiceClient({ baseUrl, fetch: createTransport(common) }), "zaas", secrets, "result");
  const session = new TokenSession({
    key: `zaas:${baseUrl}:${options.login}`,
    policy: absoluteExpiry(ZAAS_TOKEN_LIFETIME_MS, margin),
    ...(options.tokenStore ? { store: options.tokenStore } : {}),
    onToken: (token) => secrets.add(token),
    login: async () => {
      const { data, error, response } = await loginClient.POST("/Login", { body: { login: options.login, password: options.password } });
      if (error !== undefined || !data?.token) throw loginFailure("zaas", response, error, secrets, "POST /Login");
      return checkIssuedToken("zaas", data.token, "POST /Login");
    },
  });

  const transport = createTransport({
    ...common,
    auth: {
      token: () => session.getToken(),
      apply: putTokenFirst,
      rejected: (token) => session.invalidate(token),
    },
  });
  // The transport is the one place that asks the session for the token (a shared store is read once per
  // attempt); the client writes a placeholder first, which the transport swaps for the real token.
  const client = createZaasVoiceClient({ token: PLACEHOLDER, codCampaign: options.codCampaign, baseUrl, fetch: transport });
  return Object.assign(wrapClient(client, "zaas", secrets, options.errors ?? "throw"), { session }) as ZaasVoice;
}

const PLACEHOLDER = "callspec-session-token";
const placeholderPrefix = `{"token":${JSON.stringify(PLACEHOLDER)}`;

/** Rewrites an attempt so the session's current token is the first body member, or in the URL of a GET. */
function putTokenFirst(attempt: Attempt, token: string): Attempt {
  if (attempt.method === "GET" || attempt.method === "HEAD") {
    const url = new URL(attempt.url);
    url.searchParams.set("token", token);
    return { ...attempt, url: url.toString() };
  }
  if (!attempt.body) return attempt;
  const text = new TextDecoder().decode(attempt.body);
  const prefix = `{"token":${JSON.stringify(token)}`;
  if (text.startsWith(prefix) || new URL(attempt.url).pathname.endsWith("/Login")) return attempt;
  // First attempt: swap the placeholder the client wrote. A retry after a refresh: rewrite the old token.
  const rewritten = text.startsWith(placeholderPrefix)
    ? prefix + text.slice(placeholderPrefix.length)
    : JSON.stringify({ token, ...withoutToken(JSON.parse(text) as Record<string, unknown>) });
  const body = new TextEncoder().encode(rewritten);
  return { ...attempt, body: body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer };
}

function withoutToken({ token: _old, ...rest }: Record<string, unknown>): Record<string, unknown> {
  return rest;
}
