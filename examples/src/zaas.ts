// ZaaS / FlexContact Voice through the facade: the session logs in by itself; fetch the web phone's
// settings, place a call and poll its status until it is Finished, then print the cause.
import { createZaas } from "@callspec/voice/zaas";

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
  const zaas = createZaas({
    login: options.login,
    password: options.password,
    codCampaign: options.codCampaign,
    ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
  });

  const server = await zaas.POST("/Call/Server", { body: {} });
  const settings = server.data[0]!;
  log(`web phone: ${settings.rtcURIAddr} over ${settings.rtcWsServer}, caller id ${settings.caller_ident_external}`);
  if (!options.destination || !settings.api_key) {
    log("no ZAAS_DESTINATION set: not placing a call");
    return;
  }

  // Call/Create costs money: the facade never sends it twice, whatever fails.
  const created = await zaas.POST("/Call/Create", {
    body: {
      api_key: settings.api_key,
      call_destination: options.destination,
      call_type: "external",
      call_cid: options.callerId ?? settings.caller_ident_external ?? "",
      call_recorder: "0",
    },
  });
  const callId = created.data[0]!._id;
  log(`placed call ${callId} to ${options.destination}`);

  for (let attempt = 1; attempt <= 90; attempt++) {
    const status = (await zaas.POST("/Call/Status", { body: { _id: callId } })).data[0];
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
