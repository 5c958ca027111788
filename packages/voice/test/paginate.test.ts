// The generic paginator, and the vendor paginators against local servers that really page.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { paginate } from "../src/index.js";
import { createMessageBird } from "../src/messagebird.js";
import { createVoipstudio, filterFor } from "../src/voipstudio.js";

describe("paginate", () => {
  const pages = (sizes: number[]) => {
    const requested: number[] = [];
    const fetchPage = async (page: number) => {
      requested.push(page);
      const size = sizes[page - 1] ?? 0;
      return { items: Array.from({ length: size }, (_, i) => `${page}.${i}`), more: page < sizes.length };
    };
    return { requested, fetchPage };
  };
  const all = async <T>(it: AsyncIterable<T>) => {
    const out: T[] = [];
    for await (const x of it) out.push(x);
    return out;
  };

  it("walks every page and stops after the last", async () => {
    const { requested, fetchPage } = pages([2, 2, 1]);
    expect(await all(paginate(fetchPage))).toEqual(["1.0", "1.1", "2.0", "2.1", "3.0"]);
    expect(requested).toEqual([1, 2, 3]);
  });

  it("stops on an empty page even if the server claims more", async () => {
    const requested: number[] = [];
    const out = await all(
      paginate(async (page) => {
        requested.push(page);
        return { items: page === 1 ? ["a"] : [], more: true };
      }),
    );
    expect(out).toEqual(["a"]);
    expect(requested).toEqual([1, 2]);
  });

  it("honours maxItems without fetching pages it does not need", async () => {
    const { requested, fetchPage } = pages([3, 3, 3]);
    expect(await all(paginate(fetchPage, { maxItems: 4 }))).toEqual(["1.0", "1.1", "1.2", "2.0"]);
    expect(requested).toEqual([1, 2]);
  });

  it("fetches lazily: nothing before the first read, one page at a time", async () => {
    const { requested, fetchPage } = pages([2, 2]);
    const iterator = paginate(fetchPage);
    expect(requested).toEqual([]);
    await iterator.next();
    expect(requested).toEqual([1]);
    await iterator.next();
    expect(requested).toEqual([1]);
    await iterator.next();
    expect(requested).toEqual([1, 2]);
  });

  it("with prefetch, asks for the next page before the current one is consumed", async () => {
    const { requested, fetchPage } = pages([2, 2, 2]);
    const iterator = paginate(fetchPage, { prefetch: true });
    await iterator.next();
    expect(requested).toEqual([1, 2]);
    expect((await all({ [Symbol.asyncIterator]: () => iterator })).length).toBe(5);
    expect(requested).toEqual([1, 2, 3]);
  });

  it("passes a page failure to the reader", async () => {
    const out: string[] = [];
    const failing = paginate(async (page) => {
      if (page === 2) throw new Error("page 2 failed");
      return { items: ["a"], more: true };
    });
    await expect(
      (async () => {
        for await (const x of failing) out.push(x);
      })(),
    ).rejects.toThrow("page 2 failed");
    expect(out).toEqual(["a"]);
  });
});

describe("vendor paginators against a real paging server", () => {
  let server: Server;
  let baseUrl: string;
  const cdrQueries: URLSearchParams[] = [];
  beforeAll(async () => {
    const total = 23;
    server = createServer((req, res) => {
      const url = new URL(req.url ?? "/", "http://x");
      res.setHeader("content-type", "application/json");
      if (url.pathname === "/cdrs") {
        cdrQueries.push(url.searchParams);
        const page = Number(url.searchParams.get("page"));
        const limit = Number(url.searchParams.get("limit"));
        const rows = Array.from({ length: Math.max(0, Math.min(limit, total - (page - 1) * limit)) }, (_, i) => ({ id: (page - 1) * limit + i + 1 }));
        res.end(JSON.stringify({ data: rows, total }));
      } else if (url.pathname === "/calls") {
        const page = Number(url.searchParams.get("page"));
        const perPage = Number(url.searchParams.get("perPage"));
        const pageCount = Math.ceil(total / perPage);
        const rows = Array.from({ length: Math.max(0, Math.min(perPage, total - (page - 1) * perPage)) }, (_, i) => ({
          id: `c${(page - 1) * perPage + i + 1}`,
        }));
        res.end(JSON.stringify({ data: rows, pagination: { totalCount: total, pageCount, currentPage: page, perPage } }));
      } else {
        res.statusCode = 404;
        res.end("{}");
      }
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it("VoIPstudio: every CDR exactly once, with the filter and limit on every page request", async () => {
    const vs = createVoipstudio({ apiKey: "k", baseUrl });
    const filter = filterFor("/cdrs").where("calldate", "gte", "2026-11-01 00:00:00");
    const ids: number[] = [];
    for await (const cdr of vs.paginate("/cdrs", { filter, limit: 5, sort: "id", dir: "ASC" })) ids.push(cdr.id!);
    expect(ids).toEqual(Array.from({ length: 23 }, (_, i) => i + 1));
    expect(cdrQueries.map((q) => q.get("page"))).toEqual(["1", "2", "3", "4", "5"]);
    expect(new Set(cdrQueries.map((q) => q.get("filter")))).toEqual(new Set([filter.toString()]));
    expect(new Set(cdrQueries.map((q) => q.get("limit")))).toEqual(new Set(["5"]));
  });

  it("VoIPstudio: refuses limit 5001 before sending anything", () => {
    const vs = createVoipstudio({ apiKey: "k", baseUrl });
    const before = cdrQueries.length;
    expect(() => vs.paginate("/cdrs", { limit: 5001 })).toThrow(expect.objectContaining({ name: "ValidationError", param: "limit" }));
    expect(cdrQueries.length).toBe(before);
  });

  it("MessageBird: every call exactly once, stopping at pageCount", async () => {
    const mb = createMessageBird({ accessKey: "test_k", baseUrl });
    const ids: string[] = [];
    for await (const call of mb.paginate("/calls", { perPage: 10, prefetch: true })) ids.push(call.id!);
    expect(ids).toEqual(Array.from({ length: 23 }, (_, i) => `c${i + 1}`));
  });
});
