/**
 * Benchmark 3: bulk export of a large VoIPstudio CDR collection through `paginate`, sequential vs
 * `prefetch: true`.
 *
 * A local server (its own process) holds 50,000 realistic CDRs and answers `GET /cdrs?page&limit` with
 * `{ data, total }` after 50 ms per page (a typical WAN round trip plus the API's own query time). The
 * consumer does what an export job does: it turns every row into a CSV line (real CPU work) and, per 500
 * rows, awaits a simulated batched write of 10 ms (a database `INSERT … VALUES` round trip, modelled as a
 * timer). Prefetching lets the next page travel while the consumer works on the current one.
 */
import { createVoipstudio } from "@callspec/voice/voipstudio";
import { setTimeout as sleep } from "node:timers/promises";
import { CDR_BASE_ID, VOIPSTUDIO_API_KEY, type Cdr } from "./lib/fixtures.js";
import { machineLine } from "./lib/machine.js";
import { startApiServer } from "./lib/server-process.js";
import { fmt, heading, mean, table } from "./lib/stats.js";

const ROWS = 50_000;
const LATENCY_MS = 50;
const BATCH_ROWS = 500;
const WRITE_MS = 10;
const RUNS = 2;
const LIMITS = [1000, 5000] as const;

const columns = ["id", "calldate", "src", "dst", "type", "disposition", "duration", "billsec", "rate", "charge", "t_cause", "user_id"] as const;

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

interface RunResult {
  wallMs: number;
  waitMs: number;
  consumerMs: number;
  rows: number;
  unique: number;
  duplicates: number;
  foreign: number;
  bytesOut: number;
}

async function exportAll(baseUrl: string, limit: number, prefetch: boolean): Promise<RunResult> {
  const client = createVoipstudio({ apiKey: VOIPSTUDIO_API_KEY, baseUrl });
  const seen = new Uint8Array(ROWS);
  let rows = 0;
  let duplicates = 0;
  let foreign = 0;
  let bytesOut = 0;
  let waitNs = 0n;
  let batch: string[] = [];

  const write = async (lines: string[]) => {
    const chunk = `${lines.join("\n")}\n`;
    bytesOut += chunk.length;
    await sleep(WRITE_MS);
  };

  const start = process.hrtime.bigint();
  const iterator = client.paginate("/cdrs", { limit, prefetch })[Symbol.asyncIterator]();
  for (;;) {
    const before = process.hrtime.bigint();
    const next = await iterator.next();
    waitNs += process.hrtime.bigint() - before;
    if (next.done) break;
    const row: Cdr = next.value;
    const index = (row.id ?? -1) - CDR_BASE_ID;
    if (index < 0 || index >= ROWS) foreign++;
    else if (seen[index]) duplicates++;
    else seen[index] = 1;
    rows++;
    batch.push(columns.map((c) => csvCell(row[c])).join(","));
    if (batch.length === BATCH_ROWS) {
      await write(batch);
      batch = [];
    }
  }
  if (batch.length > 0) await write(batch);
  const wallNs = process.hrtime.bigint() - start;
  const unique = seen.reduce((n, v) => n + v, 0);
  return {
    wallMs: Number(wallNs) / 1e6,
    waitMs: Number(waitNs) / 1e6,
    consumerMs: Number(wallNs - waitNs) / 1e6,
    rows,
    unique,
    duplicates,
    foreign,
    bytesOut,
  };
}

async function main(): Promise<void> {
  console.log("# Benchmark 3: bulk export through paginate(), sequential vs prefetch");
  console.log(machineLine());
  console.log(
    `${ROWS.toLocaleString("en-US")} CDRs on a local server adding ${LATENCY_MS} ms per page; consumer: one CSV line per row (CPU) + an awaited ${WRITE_MS} ms simulated write per ${BATCH_ROWS} rows; ${RUNS} runs per case, mean shown.`,
  );
  const server = await startApiServer({ kind: "cdrs", rows: ROWS, latencyMs: LATENCY_MS });
  try {
    const baseUrl = `${server.origin}/v1.2/voipstudio`;
    // Warm the JIT and the connection on the first 5 pages (not measured).
    let warm = 0;
    for await (const _row of createVoipstudio({ apiKey: VOIPSTUDIO_API_KEY, baseUrl }).paginate("/cdrs", { limit: 1000, maxItems: 5000 })) warm++;
    if (warm !== 5000) throw new Error(`warm-up read ${warm} rows, expected 5000`);

    const rows: (string | number)[][] = [];
    const checks: string[] = [];
    let allOk = true;
    for (const limit of LIMITS) {
      const pages = Math.ceil(ROWS / limit);
      const results: Record<"seq" | "pre", RunResult[]> = { seq: [], pre: [] };
      for (let run = 0; run < RUNS; run++) {
        // Alternate which mode goes first, so neither always gets the warmer process.
        const order: ("seq" | "pre")[] = run % 2 === 0 ? ["seq", "pre"] : ["pre", "seq"];
        for (const mode of order) results[mode].push(await exportAll(baseUrl, limit, mode === "pre"));
      }
      const seqWall = mean(results.seq.map((r) => r.wallMs));
      for (const mode of ["seq", "pre"] as const) {
        const rs = results[mode];
        const wall = mean(rs.map((r) => r.wallMs));
        const ok = rs.every((r) => r.rows === ROWS && r.unique === ROWS && r.duplicates === 0 && r.foreign === 0);
        allOk &&= ok;
        rows.push([
          mode === "seq" ? "sequential" : "prefetch: true",
          String(limit),
          String(pages),
          fmt(wall / 1000, 2),
          rs.map((r) => fmt(r.wallMs / 1000, 2)).join(" / "),
          fmt(ROWS / (wall / 1000), 0),
          fmt(mean(rs.map((r) => r.waitMs)) / 1000, 2),
          fmt(mean(rs.map((r) => r.consumerMs)) / 1000, 2),
          mode === "seq" ? "1.00×" : `${fmt(seqWall / wall, 2)}×`,
          ok ? "OK" : "FAIL",
        ]);
        const r = rs[rs.length - 1]!;
        checks.push(
          `limit ${limit}, ${mode === "seq" ? "sequential" : "prefetch"}: ${r.rows.toLocaleString("en-US")} rows, ${r.unique.toLocaleString("en-US")} distinct ids, ${r.duplicates} duplicates, ${r.foreign} unknown ids, ${(ROWS - r.unique).toLocaleString("en-US")} missing; ${fmt(r.bytesOut / 1e6, 1)} MB of CSV written`,
        );
      }
    }
    console.log(heading(`export of ${ROWS.toLocaleString("en-US")} rows with createVoipstudio({ apiKey }).paginate("/cdrs", { limit, prefetch })`));
    console.log(table(["mode", "limit", "pages", "wall s", "runs s", "rows/s", "waiting for pages s", "consumer s", "speed-up", "ids once"], rows));
    const writes = (ROWS / BATCH_ROWS) * WRITE_MS;
    const floors = LIMITS.map((l) => `limit ${l}: ${fmt((Math.ceil(ROWS / l) * LATENCY_MS) / 1000, 2)} s`).join(", ");
    console.log(
      `\nlower bounds: page latency alone (pages × ${LATENCY_MS} ms) = ${floors}; simulated writes alone = ${fmt(writes / 1000, 2)} s (+ CSV CPU). Sequential pays roughly the sum, a perfect one-page prefetch roughly the larger of the two.`,
    );
    console.log("every row id exactly once (last run of each case):");
    for (const line of checks) console.log(`  - ${line}`);
    console.log(`id check: ${allOk ? "PASS" : "FAIL"}`);
    if (!allOk) process.exitCode = 1;
  } finally {
    await server.close();
  }
}

await main();
process.exit(process.exitCode ?? 0);
