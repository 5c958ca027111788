// The callspec demo. Each vendor runs against its local Prism mock unless its credentials are in the
// environment, in which case it talks to the real API.
import { createMessageBird } from "@callspec/voice/messagebird";
import { startMock } from "@callspec/mock";
import { messageBirdFromEnv, runMessageBirdDemo } from "./messagebird.js";
import { runVoipstudioDemo, voipstudioCredentialsFromEnv } from "./voipstudio.js";
import { runZaasDemo, zaasOptionsFromEnv } from "./zaas.js";

async function messagebird(): Promise<void> {
  const log = (line: string) => console.log(`[messagebird] ${line}`);
  const real = messageBirdFromEnv();
  if (real) {
    log("MESSAGEBIRD_ACCESS_KEY is set: using the real API");
    await runMessageBirdDemo(
      real,
      { mock: false, source: process.env["MESSAGEBIRD_SOURCE"], destination: process.env["MESSAGEBIRD_DESTINATION"] },
      log,
    );
    return;
  }
  const mock = await startMock("messagebird-voice");
  log(`no MESSAGEBIRD_ACCESS_KEY: using the Prism mock at ${mock.url}`);
  try {
    await runMessageBirdDemo(createMessageBird({ accessKey: "test_demo", baseUrl: mock.url }), { mock: true }, log);
  } finally {
    await mock.close();
  }
}

async function voipstudio(): Promise<void> {
  const log = (line: string) => console.log(`[voipstudio] ${line}`);
  const credentials = voipstudioCredentialsFromEnv();
  if (credentials) {
    log("VoIPstudio credentials are set: using the real API");
    await runVoipstudioDemo(process.env["VOIPSTUDIO_BASE_URL"], credentials, log);
    return;
  }
  const mock = await startMock("voipstudio");
  log(`no VOIPSTUDIO_API_KEY or VOIPSTUDIO_EMAIL/VOIPSTUDIO_PASSWORD: using the Prism mock at ${mock.url}`);
  try {
    await runVoipstudioDemo(mock.url, { email: "jsmith@example.com", password: "demo-password" }, log);
  } finally {
    await mock.close();
  }
}

async function zaas(): Promise<void> {
  const log = (line: string) => console.log(`[zaas] ${line}`);
  const real = zaasOptionsFromEnv();
  if (real) {
    log("ZAAS_LOGIN and ZAAS_PASSWORD are set: using the real API");
    await runZaasDemo({ ...real, pollIntervalMs: 2_000 }, log);
    return;
  }
  const mock = await startMock("zaas-voice");
  log(`no ZAAS_LOGIN/ZAAS_PASSWORD: using the Prism mock at ${mock.url}`);
  try {
    await runZaasDemo(
      { baseUrl: mock.url, login: "flex", password: "12345678", codCampaign: "0", destination: "5511980121511", pollIntervalMs: 0 },
      log,
    );
  } finally {
    await mock.close();
  }
}

const demos: [string, () => Promise<void>][] = [
  ["MessageBird Voice", messagebird],
  ["VoIPstudio", voipstudio],
  ["ZaaS Voice", zaas],
];
let failed = 0;
for (const [name, run] of demos) {
  try {
    await run();
  } catch (error) {
    failed += 1;
    // VoiceApiError messages carry the vendor, status and the vendor's own codes, never a secret.
    console.error(`${name} demo failed: ${(error as Error).message}`);
  }
}
process.exitCode = failed ? 1 : 0;
