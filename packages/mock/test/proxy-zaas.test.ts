// Secrets at rest through the proxy: ZaaS sends its token as the first body member and in the URL.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startProxy, type RunningProxy } from "../src/proxy/start-proxy.js";
import { revalidate, searchSecrets, startUpstream } from "./proxy-helpers.js";

const PASSWORD = "zaasPassword#Sentinel 9";
const TOKEN = "zaasTokenSentinel+5e6f/7a8b";

describe("startProxy (ZaaS)", () => {
  let upstream: Awaited<ReturnType<typeof startUpstream>>;
  let proxy: RunningProxy;
  let dir: string;

  beforeAll(async () => {
    upstream = await startUpstream((req) =>
      req.url === "/Login" ? { status: 200, body: { token: TOKEN } } : { status: 200, body: [{ status: "Finished", cause: 16 }] },
    );
    dir = mkdtempSync(join(tmpdir(), "proxy-zaas-"));
    proxy = await startProxy("zaas-voice", { upstream: upstream.url, record: dir });
    const json = { "content-type": "application/json" };
    await fetch(`${proxy.url}/Login`, { method: "POST", headers: json, body: JSON.stringify({ login: "acme", password: PASSWORD }) });
    await fetch(`${proxy.url}/Call/Status?token=${encodeURIComponent(TOKEN)}`, {
      method: "POST",
      headers: json,
      body: JSON.stringify({ token: TOKEN, codCampaign: "0", _id: "5d7bd5df7b2e3252147f8bd2" }),
    });
    await proxy.close();
  });
  afterAll(async () => {
    await proxy?.close();
    await upstream?.close();
  });

  it("forwards the token and records it nowhere", () => {
    expect(upstream.seen.some((r) => r.body.startsWith(`{"token":"${TOKEN}"`))).toBe(true);
    const { files, hits } = searchSecrets(dir, [PASSWORD, TOKEN]);
    expect(files.length).toBeGreaterThan(4);
    expect(hits).toEqual([]);
  });

  it("records requests that callspec-validate re-checks", () => {
    const run = revalidate("zaas-voice", dir);
    expect(run.results.find((r) => r.file === "REQUEST_POST_Call_Status__0002.json")?.valid).toBe(true);
  });
});
