// VoIPstudio through the facade: a session that logs in by itself, a typed filter (the vendor's own
// example), every page of CDRs, and a call recording.
import { createVoipstudio, filterFor, type VoipstudioOptions } from "@callspec/voice/voipstudio";

type Log = (line: string) => void;

/** How the demo authenticates: an API key, or e-mail and password. */
export type VoipstudioCredentials = { apiKey: string } | { email: string; password: string };

export function voipstudioCredentialsFromEnv(): VoipstudioCredentials | undefined {
  const apiKey = process.env["VOIPSTUDIO_API_KEY"];
  if (apiKey) return { apiKey };
  const email = process.env["VOIPSTUDIO_EMAIL"];
  const password = process.env["VOIPSTUDIO_PASSWORD"];
  if (email && password) return { email, password };
  return undefined;
}

export async function runVoipstudioDemo(baseUrl: string | undefined, credentials: VoipstudioCredentials, log: Log): Promise<void> {
  const vs = createVoipstudio({ ...credentials, ...(baseUrl ? { baseUrl } : {}) } as VoipstudioOptions);
  log("apiKey" in credentials ? "using the API key" : "logging in with e-mail and password (on first request)");

  // The seed's example: calls to user 123456 after 1 September 2018.
  const filter = filterFor("/cdrs").where("dst_id", "eq", "123456").and("calldate", "gt", "2018-09-01 00:00:00");
  log(`filter=${filter}`);
  let rows = 0;
  for await (const cdr of vs.paginate("/cdrs", { filter, limit: 2, sort: "calldate", dir: "DESC", maxItems: 10 })) {
    rows++;
    log(`cdr ${cdr.id}: ${cdr.calldate} ${cdr.src} -> ${cdr.dst}, ${cdr.billsec ?? 0} s billed, charge ${cdr.charge ?? 0}`);
  }
  log(`${rows} CDRs read, page by page`);

  for await (const recording of vs.paginate("/monitors", { limit: 1, sort: "timestamp", dir: "DESC", maxItems: 1 })) {
    if (recording.id === undefined) continue;
    const mp3 = await vs.GET("/monitors/{id}.mp3", { params: { path: { id: recording.id } }, parseAs: "arrayBuffer" });
    log(`downloaded recording ${recording.id}: ${mp3.data.byteLength} bytes of ${mp3.response.headers.get("content-type")}`);
    return;
  }
  log("no call recording on this account");
}
