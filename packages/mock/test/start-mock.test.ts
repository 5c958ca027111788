import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
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
    expect(
      Buffer.from(await response.arrayBuffer())
        .subarray(0, 4)
        .toString("latin1"),
    ).toBe("RIFF");
  });

  it("frees its port and process on close", async () => {
    const other = await startMock(spec);
    const before = await fetch(`${other.url}/items`);
    expect(before.status).toBe(200);
    await other.close();
    await expect(fetch(`${other.url}/items`)).rejects.toThrow();
  });

  it("refuses a port another server answers on, with an error naming the port", async () => {
    const occupant = createServer((_req, res) => res.end("not prism"));
    await new Promise<void>((r) => occupant.listen(0, "127.0.0.1", r));
    const { port } = occupant.address() as AddressInfo;
    const started = startMock(spec, { port });
    try {
      await expect(started).rejects.toThrow(new RegExp(`^Port ${port} on 127\\.0\\.0\\.1 is already in use`));
      await expect(started).rejects.toMatchObject({ code: "EADDRINUSE" });
    } finally {
      // Should the check regress and a mock start anyway, it must not outlive the run.
      await started.then(
        (mock) => mock.close(),
        () => undefined,
      );
      await new Promise((r) => occupant.close(r));
    }
  });

  it("refuses a port number out of range before starting anything", async () => {
    await expect(startMock(spec, { port: 70_000 })).rejects.toThrow(/port must be an integer from 1 to 65535/);
  });

  it("settles exited once closed", async () => {
    const other = await startMock(spec);
    await other.close();
    await expect(other.exited).resolves.not.toBeUndefined();
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
