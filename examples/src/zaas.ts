// ZaaS / FlexContact Voice with @callspec/zaas-voice: log in, fetch the web phone's server settings, place a
// call and poll its status until it is Finished, then print the cause.
import { createZaasVoiceClient } from "@callspec/zaas-voice";

type Log = (line: string) => void;

export interface ZaasDemoOptions {
  baseUrl?: string | undefined;
  login: string;
  password: string;
  codCampaign: string;
  /** Place a call only when a destination is given (a call costs money). */
  destination?: string | undefined;
  callerId?: string | undefined;
  pollIntervalMs: number;
}

export function zaasOptionsFromEnv(): Omit<ZaasDemoOptions, "pollIntervalMs"> | undefined {
  const login = process.env["ZAAS_LOGIN"];
  const password = process.env["ZAAS_PASSWORD"];
  if (!login || !password) return undefined;
  return {
    baseUrl: process.env["ZAAS_BASE_URL"],
    login,
    password,
    codCampaign: process.env["ZAAS_CAMPAIGN"] ?? "0",
    destination: process.env["ZAAS_DESTINATION"],
    callerId: process.env["ZAAS_CALLER_ID"],
  };
}

export async function runZaasDemo(options: ZaasDemoOptions, log: Log): Promise<void> {
  const base = options.baseUrl ? { baseUrl: options.baseUrl } : {};
  const login = await createZaasVoiceClient(base).POST("/Login", { body: { login: options.login, password: options.password } });
  if (login.error || !login.data) throw new Error(`login failed: HTTP ${login.response.status}`);
  log("logged in (the token is valid for at most 6 hours)");
  const voice = createZaasVoiceClient({ token: login.data.token, codCampaign: options.codCampaign, ...base });

  const server = await voice.POST("/Call/Server", { body: {} });
  const settings = server.data?.[0];
  if (server.error || !settings) throw new Error(`fetching the server settings failed: HTTP ${server.response.status}`);
  log(`web phone: ${settings.rtcURIAddr} over ${settings.rtcWsServer}, caller id ${settings.caller_ident_external}`);
  if (!options.destination || !settings.api_key) {
    log("no ZAAS_DESTINATION set: not placing a call");
    return;
  }

  const created = await voice.POST("/Call/Create", {
    body: {
      api_key: settings.api_key,
      call_destination: options.destination,
      call_type: "external",
      call_cid: options.callerId ?? settings.caller_ident_external ?? "",
      call_recorder: "0",
    },
  });
  if (created.error) throw new Error(`placing the call failed: HTTP ${created.response.status} ${created.error.message ?? ""}`);
  const callId = created.data[0]?._id;
  if (!callId) throw new Error("the platform returned no call id");
  log(`placed call ${callId} to ${options.destination}`);

  for (let attempt = 1; attempt <= 90; attempt++) {
    const { data, error, response } = await voice.POST("/Call/Status", { body: { _id: callId } });
    if (error) throw new Error(`reading the call status failed: HTTP ${response.status}`);
    const status = data[0];
    const state = status?.status ?? "unknown";
    log(`status: ${state}`);
    if (state === "Finished") {
      log(`cause ${status?.isdn_code ?? status?.voice_code_result ?? "?"}: ${status?.isdn_reason ?? status?.voice_text_result ?? "no text"}`);
      return;
    }
    await new Promise((r) => setTimeout(r, options.pollIntervalMs));
  }
  log("the call did not finish within 90 polls");
}
