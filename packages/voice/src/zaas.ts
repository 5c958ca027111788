/**
 * ZaaS / FlexContact Voice through the facade: logs in lazily, keeps the token (valid 6 hours) fresh,
 * refreshes it once on a refusal, puts it where ZaaS reads it, and never sends `Call/Create` twice.
 * @module
 */
import { ZAAS_TOKEN_LIFETIME_MS, ZAAS_VOICE_BASE_URL, type ZaasVoicePaths } from "@callspec/zaas-voice";
import { envelopeReader } from "./core/answer-errors.js";
import type { ErrorMode, SessionClientOptions } from "./core/options.js";
import { sessionPlan } from "./core/session-plan.js";
import { absoluteExpiry, type TokenSession } from "./core/token-session.js";
import type { VendorDefinition } from "./core/vendor.js";
import { createVoiceClient, type VoiceMethods } from "./core/voice-client.js";

export * from "./core/public.js";

/** Options for {@link createZaas}. */
export interface ZaasOptions<Mode extends ErrorMode = "throw"> extends SessionClientOptions<Mode> {
  /** Login issued by the vendor's IT team. */
  login: string;
  password: string;
  /** Campaign code added to every call request that does not set its own. */
  codCampaign: string;
  /** Log in again this long before the 6-hour limit (default 5 minutes). */
  refreshMarginMs?: number;
}

/** The facade's ZaaS client: typed methods (bodies never carry the token) plus its session. */
export type ZaasVoice<Mode extends ErrorMode = "throw"> = VoiceMethods<ZaasVoicePaths, Mode> & {
  /** The login session; `getToken()` returns a valid token, logging in if needed. */
  readonly session: TokenSession;
};

/**
 * What is ZaaS's: [ZaaS Voice documentation and seed, via specs/zaas-voice/openapi.yaml]. The token is the
 * first member of every POST body (Login's excepted) and a URL parameter of every GET.
 */
export const zaasVendor: VendorDefinition<ZaasOptions<ErrorMode>> = {
  id: "zaas",
  name: "ZaaS",
  defaultBaseUrl: ZAAS_VOICE_BASE_URL,
  auth(options, check) {
    const login = check.password("login", options.login);
    const password = check.password("password", options.password);
    check.secret(password);
    if (typeof options.codCampaign !== "string" || options.codCampaign === "") throw check.invalid("codCampaign", "must be a non-empty string");
    const margin = options.refreshMarginMs ?? 5 * 60_000;
    if (!(Number.isFinite(margin) && margin >= 0 && margin < ZAAS_TOKEN_LIFETIME_MS)) throw check.invalid("refreshMarginMs", "must be between 0 and 6 hours");
    return sessionPlan({
      key: `zaas:${check.baseUrl}:${login}`,
      policy: absoluteExpiry(ZAAS_TOKEN_LIFETIME_MS, margin),
      async login(context) {
        const answer = await context.send("POST", "/Login", { body: { login, password } });
        return context.tokenFrom(answer, ["token"], "POST /Login");
      },
    });
  },
  placement: { in: "body-first", name: "token", queryParam: "token" },
  public: ["POST /Login"],
  bodyDefaults: (options) => ({ codCampaign: options.codCampaign }),
  callPlacing: ["POST /Call/Create"],
  // Reads that happen to be POSTs: repeating them changes nothing.
  safePosts: ["POST /Login", "POST /Call/Server", "POST /Call/Status"],
  secretFields: ["password", "token", "rtcUAPassword"],
  secretUrlParams: ["token"],
  readErrors: envelopeReader({ codeKeys: ["code", "error_code"], messageKeys: ["message", "error"] }),
  validators: () => import("@callspec/zaas-voice/validators"),
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
export function createZaas<Mode extends ErrorMode = "throw">(options: ZaasOptions<Mode>): ZaasVoice<Mode> {
  return createVoiceClient(zaasVendor, options) as unknown as ZaasVoice<Mode>;
}
