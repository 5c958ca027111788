// The callspec demo. Each vendor runs against its local Prism mock unless its credentials are in the
// environment, in which case it talks to the real API.
import { startMock, type Vendor } from "@callspec/mock";
import { createMessageBird } from "@callspec/voice/messagebird";
import { messageBirdFromEnv, runMessageBirdDemo } from "./messagebird.js";
import { runVoipstudioDemo, voipstudioCredentialsFromEnv } from "./voipstudio.js";
import { runZaasDemo, zaasOptionsFromEnv } from "./zaas.js";

type Log = (line: string) => void;

interface VendorDemo {
  name: string;
  tag: string;
  mock: Vendor;
  /** Runs against the real API when its credentials are set; returns false when they are not. */
  real(log: Log): Promise<boolean>;
  /** Runs against a mock at `url`. */
  mocked(url: string, log: Log): Promise<void>;
}

const demos: VendorDemo[] = [
  {
    name: "MessageBird Voice",
    tag: "messagebird",
    mock: "messagebird-voice",
    async real(log) {
      const mb = messageBirdFromEnv();
      if (!mb) return false;
      log("MESSAGEBIRD_ACCESS_KEY is set: using the real API");
      await runMessageBirdDemo(mb, { mock: false, source: process.env["MESSAGEBIRD_SOURCE"], destination: process.env["MESSAGEBIRD_DESTINATION"] }, log);
      return true;
    },
    mocked: (url, log) => runMessageBirdDemo(createMessageBird({ accessKey: "test_demo", baseUrl: url }), { mock: true }, log),
  },
  {
    name: "VoIPstudio",
    tag: "voipstudio",
    mock: "voipstudio",
    async real(log) {
      const credentials = voipstudioCredentialsFromEnv();
      if (!credentials) return false;
      log("VoIPstudio credentials are set: using the real API");
      await runVoipstudioDemo(process.env["VOIPSTUDIO_BASE_URL"], credentials, log);
      return true;
    },
    mocked: (url, log) => runVoipstudioDemo(url, { email: "jsmith@example.com", password: "demo-password" }, log),
  },
  {
    name: "ZaaS Voice",
    tag: "zaas",
    mock: "zaas-voice",
    async real(log) {
      const options = zaasOptionsFromEnv();
      if (!options) return false;
      log("ZAAS_LOGIN and ZAAS_PASSWORD are set: using the real API");
      await runZaasDemo({ ...options, pollIntervalMs: 2_000 }, log);
      return true;
    },
    mocked: (url, log) =>
      runZaasDemo({ baseUrl: url, login: "flex", password: "12345678", codCampaign: "0", destination: "5511980121511", pollIntervalMs: 0 }, log),
  },
];

let failed = 0;
for (const demo of demos) {
  const log: Log = (line) => console.log(`[${demo.tag}] ${line}`);
  try {
    if (await demo.real(log)) continue;
    const mock = await startMock(demo.mock);
    log(`no credentials in the environment: using the Prism mock at ${mock.url}`);
    try {
      await demo.mocked(mock.url, log);
    } finally {
      await mock.close();
    }
  } catch (error) {
    failed += 1;
    // VoiceApiError messages carry the vendor, status and the vendor's own codes, never a secret.
    console.error(`${demo.name} demo failed: ${(error as Error).message}`);
  }
}
process.exitCode = failed ? 1 : 0;
