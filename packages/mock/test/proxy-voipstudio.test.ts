// Secrets at rest through the proxy: a VoIPstudio login (password in, user_token out) and an X-Auth-Token.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startProxy, type RunningProxy } from "../src/proxy/start-proxy.js";
import { revalidate, searchSecrets, startUpstream } from "./proxy-helpers.js";

const PASSWORD = "vsPassword!Sentinel&42";
const USER_TOKEN = "vsUserTokenSentinel0c1d2e3f";
const API_KEY = "vsApiKeySentinel/9a8b+7c";

describe("startProxy (VoIPstudio)", () => {
  let upstream: Awaited<ReturnType<typeof startUpstream>>;
  let proxy: RunningProxy;
  let dir: string;

  beforeAll(async () => {
    upstream = await startUpstream((req) =>
      req.url === "/login"
        ? { status: 200, body: { message: "Login success", user_token: USER_TOKEN, user_id: 7 } }
        : { status: 200, body: { data: { id: 7 } } },
    );
    dir = mkdtempSync(join(tmpdir(), "proxy-vs-"));
    proxy = await startProxy("voipstudio", { upstream: upstream.url, record: dir });
    const login = await fetch(`${proxy.url}/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "jsmith@example.com", password: PASSWORD }),
    });
    expect(((await login.json()) as { user_token: string }).user_token).toBe(USER_TOKEN);
    await fetch(`${proxy.url}/me`, { headers: { "X-Auth-Token": USER_TOKEN } });
    await fetch(`${proxy.url}/me?api_key=${encodeURIComponent(API_KEY)}`);
    await proxy.close();
  });
  afterAll(async () => {
    await proxy?.close();
    await upstream?.close();
  });

  it("forwards the credentials and records none of them", () => {
    expect(upstream.seen.some((r) => r.body.includes(PASSWORD))).toBe(true);
    expect(upstream.seen.some((r) => r.headers["x-auth-token"] === USER_TOKEN)).toBe(true);
    const { files, hits } = searchSecrets(dir, [PASSWORD, USER_TOKEN, API_KEY]);
    expect(files.length).toBeGreaterThan(4);
    expect(hits).toEqual([]);
  });

  it("records a login that callspec-validate accepts", () => {
    const run = revalidate("voipstudio", dir);
    const login = run.results.filter((r) => r.file.includes("login"));
    expect(login.map((r) => [r.file, r.valid])).toEqual(
      [
        ["REQUEST_POST_login__0001.json", true],
        ["POST_login__0001-200.json", true],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
  });
});
