// The recording proxy against a local stand-in for MessageBird that has drifted from the spec.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PayloadValidator } from "../src/payload-validator.js";
import { validatePayloadFolder } from "../src/payload-files.js";
import type { DriftReport } from "../src/proxy/drift.js";
import { startProxy, type RunningProxy } from "../src/proxy/start-proxy.js";
import { revalidate, searchSecrets, startUpstream } from "./proxy-helpers.js";

const ACCESS_KEY = "mbSentinel+Key/9f3c=live";
const SIGNING_KEY = "mbSigningSentinel-77a1";

// (a) an undeclared member, (b) a changed type, (c) a dropped required member.
const drifted = {
  data: [
    { id: "c1", status: "ended", vendorExtra: "new" },
    { status: "ended", source: "31644556677" },
  ],
  pagination: { totalCount: "2", pageCount: 1, currentPage: 1, perPage: 10 },
};

describe("startProxy (MessageBird)", () => {
  let upstream: Awaited<ReturnType<typeof startUpstream>>;
  let proxy: RunningProxy;
  let dir: string;
  let report: DriftReport;

  beforeAll(async () => {
    upstream = await startUpstream((req) => {
      if (req.url?.includes("page=9")) return { status: 418, body: { teapot: true } };
      if (req.method === "POST") return { status: 201, body: { data: [{ id: "w1", url: "https://example.test/hook", token: SIGNING_KEY }] } };
      return { status: 200, body: drifted };
    });
    dir = mkdtempSync(join(tmpdir(), "proxy-mb-"));
    proxy = await startProxy("messagebird-voice", { upstream: upstream.url, record: dir });
    const auth = { Authorization: `AccessKey ${ACCESS_KEY}` };
    for (let i = 0; i < 2; i++) expect((await fetch(`${proxy.url}/calls`, { headers: auth })).status).toBe(200);
    expect((await fetch(`${proxy.url}/calls?page=9`, { headers: auth })).status).toBe(418);
    const created = await fetch(`${proxy.url}/webhooks`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({ url: "https://example.test/hook", token: SIGNING_KEY }),
    });
    expect(created.status).toBe(201);
    report = await proxy.close();
  });
  afterAll(async () => {
    await proxy?.close();
    await upstream?.close();
  });

  it("passes the upstream's answers through unchanged, with Prism's violations", () => {
    const calls = upstream.seen.filter((r) => r.url.startsWith("/calls"));
    expect(calls).toHaveLength(3);
    // The client's credentials reach the upstream as sent: redaction is for the recording only.
    expect(calls[0]?.headers.authorization).toBe(`AccessKey ${ACCESS_KEY}`);
  });

  it("lists each drift with its count, pointer and an example file", () => {
    const drift = report.operations["listCalls"]?.drift ?? [];
    const find = (kind: string, pointer: string) => drift.find((d) => d.kind === kind && d.pointer === pointer);
    expect(find("undeclared-member", "/data/*/vendorExtra")).toMatchObject({ count: 2, example: { pointer: "/data/0/vendorExtra" } });
    expect(find("type-mismatch", "/pagination/totalCount")).toMatchObject({ count: 2 });
    expect(find("missing-required", "/data/*/id")).toMatchObject({ count: 2, example: { pointer: "/data/1/id" } });
    expect(find("undeclared-status", "")).toMatchObject({ count: 1 });
    for (const d of drift) expect(d.example.file).toMatch(/^payloads\/GET_calls__\d{4}-\d{3}\.json$/);
    expect(report.operations["listCalls"]?.prism.length).toBeGreaterThan(0);
    expect(readFileSync(join(dir, "drift-report.txt"), "utf8")).toContain("/data/*/vendorExtra");
    expect(JSON.parse(readFileSync(join(dir, "drift-report.json"), "utf8")).exchanges).toBe(4);
  });

  it("records files that callspec-validate re-checks with the same problems", () => {
    const run = revalidate("messagebird-voice", dir);
    expect(run.status).toBe(1);
    const byFile = new Map(run.results.map((r) => [r.file, r]));
    const first = byFile.get("GET_calls__0001-200.json");
    expect(first?.problems.map((p) => p.path).sort()).toEqual(["/data/1", "/pagination/totalCount"]);
    expect(byFile.get("GET_calls__0003-418.json")?.problems[0]?.message).toContain("no JSON schema");
    // The library call reads the same files the same way.
    const lib = validatePayloadFolder(join(dir, "payloads"), new PayloadValidator("messagebird-voice"), {
      manifest: JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")),
    });
    expect(lib.map((r) => r.problems)).toEqual(run.results.map((r) => r.problems));
  });

  it("keeps no secret in any recorded file", () => {
    const { files, hits } = searchSecrets(dir, [ACCESS_KEY, SIGNING_KEY]);
    expect(files.length).toBeGreaterThan(6);
    expect(hits).toEqual([]);
  });
});
