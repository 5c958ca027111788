import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOperationCoverage, resolveSpecPath, startMock, type RunningMock } from "../src/index.js";

const spec = fileURLToPath(new URL("./specs/downloads.yaml", import.meta.url));

describe("startMock", () => {
  let mock: RunningMock;
  beforeAll(async () => {
    mock = await startMock(spec);
  });
  afterAll(async () => {
    await mock.close();
  });

  it("serves the spec's examples on a loopback port", async () => {
    expect(mock.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await fetch(`${mock.url}/items`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: [{ id: "a1", createdAt: "2017-03-06T13:34:14Z", endedAt: null }] });
  });

  it("validates request bodies against the spec", async () => {
    const response = await fetch(`${mock.url}/items`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "" }),
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
  });

  it("routes a suffixed download path to its own operation", async () => {
    const response = await fetch(`${mock.url}/items/a1.wav`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("audio/wav");
    expect(Buffer.from(await response.arrayBuffer()).subarray(0, 4).toString("latin1")).toBe("RIFF");
  });

  it("frees its port and process on close", async () => {
    const other = await startMock(spec);
    const before = await fetch(`${other.url}/items`);
    expect(before.status).toBe(200);
    await other.close();
    await expect(fetch(`${other.url}/items`)).rejects.toThrow();
  });

  it("explains a spec path that does not exist", async () => {
    await expect(startMock("/nonexistent/openapi.yaml")).rejects.toThrow(/No OpenAPI document/);
  });

  it("counts an operation as covered only for a status it declares", async () => {
    const coverage = createOperationCoverage(spec);
    const tracked = coverage.wrapFetch();
    await tracked(`${mock.url}/items/a1`);
    await tracked(`${mock.url}/items/a1.wav`);
    await tracked(`${mock.url}/nowhere`);
    expect(coverage.exercised()).toEqual(["getItem", "downloadItem"]);
    expect(coverage.missing()).toEqual(["listItems", "createItem"]);
  });
});

describe("resolveSpecPath", () => {
  it("resolves a vendor name through @callspec/specs", () => {
    expect(resolveSpecPath("messagebird-voice")).toMatch(/messagebird-voice[/\\]openapi\.yaml$/);
  });
});
