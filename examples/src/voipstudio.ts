// VoIPstudio with @callspec/voipstudio: log in, list CDRs with the seed's filter page by page, download a
// call recording.
import { createVoipstudioClient, type VoipstudioClient } from "@callspec/voipstudio";

type Log = (line: string) => void;

/** How the demo authenticates. */
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
  const base = baseUrl ? { baseUrl } : {};
  let token: string;
  if ("apiKey" in credentials) {
    token = credentials.apiKey;
    log("using the API key from VOIPSTUDIO_API_KEY");
  } else {
    const login = await createVoipstudioClient(base).POST("/login", {
      body: { email: credentials.email, password: credentials.password },
    });
    if (login.error) throw new Error(`login failed: HTTP ${login.response.status} ${login.error.message ?? ""}`);
    if (login.response.status === 202 || !login.data || !("user_token" in login.data)) {
      throw new Error("this account needs two-factor login; use VOIPSTUDIO_API_KEY instead");
    }
    token = login.data.user_token;
    log(`logged in as user ${login.data.user_id}`);
  }
  const vs: VoipstudioClient = createVoipstudioClient({ token, ...base });

  // The seed's example: calls to user 123456 after 1 September 2018.
  const filter = JSON.stringify([
    { property: "dst_id", operator: "eq", value: "123456" },
    { property: "calldate", operator: "gt", value: "2018-09-01 00:00:00" },
  ]);
  const limit = 2;
  let seen = 0;
  for (let page = 1; ; page++) {
    const { data, error, response } = await vs.GET("/cdrs", { params: { query: { filter, page, limit, sort: "calldate", dir: "DESC" } } });
    if (error) throw new Error(`listing CDRs failed: HTTP ${response.status} ${error.message ?? ""}`);
    for (const cdr of data.data) {
      log(`cdr ${cdr.id}: ${cdr.calldate} ${cdr.src} -> ${cdr.dst}, ${cdr.billsec ?? 0} s billed, charge ${cdr.charge ?? 0}`);
    }
    seen += data.data.length;
    log(`page ${page}: ${data.data.length} rows (${seen} of ${data.total})`);
    if (data.data.length === 0 || seen >= data.total) break;
  }

  const monitors = await vs.GET("/monitors", { params: { query: { limit: 1, sort: "timestamp", dir: "DESC" } } });
  if (monitors.error) throw new Error(`listing recordings failed: HTTP ${monitors.response.status}`);
  const recording = monitors.data.data[0];
  if (recording?.id === undefined) {
    log("no call recording on this account");
    return;
  }
  const mp3 = await vs.GET("/monitors/{id}.mp3", { params: { path: { id: recording.id } }, parseAs: "arrayBuffer" });
  if (mp3.error || !mp3.data) throw new Error(`downloading recording ${recording.id} failed: HTTP ${mp3.response.status}`);
  log(`downloaded recording ${recording.id}: ${mp3.data.byteLength} bytes of ${mp3.response.headers.get("content-type")}`);
}
