/**
 * Benchmark 1: the CPU cost the facade adds per request over raw openapi-fetch.
 *
 * Every client gets the same stubbed `fetch` that answers with a new `Response` over prebuilt bytes (no
 * network, no sockets), so what is left is the clients' own work: building the URL and the `Request`,
 * middleware, the facade's transport (request copy, classification, time limit) and result wrapping, and
 * parsing the JSON answer. Variants run interleaved, in rotating order, for several rounds after a warm-up;
 * the table shows the median and the best round. No GC is forced between rounds: a forced full GC resets
 * the heap's sizing and made every client slower and noisier than in a long-running process.
 */
import createClient from "openapi-fetch";
import { createMessageBirdVoiceClient, type paths as MessageBirdPaths } from "@callspec/messagebird-voice";
import { createVoipstudioClient, type paths as VoipstudioPaths } from "@callspec/voipstudio";
import { createMessageBird } from "@callspec/voice/messagebird";
import { createVoipstudio } from "@callspec/voice/voipstudio";
import { ACCESS_KEY, CALL_ID, CDR_FILTER, callEnvelope, cdrRows, VOIPSTUDIO_API_KEY } from "./lib/fixtures.js";
import { machineLine } from "./lib/machine.js";
import { fmt, heading, median, percentile, table } from "./lib/stats.js";

const WARMUP = 2_000;
const ITERATIONS = 2_500;
const ROUNDS = 20;
const TARGET = 1.1;

interface Variant {
  name: string;
  op: () => Promise<unknown>;
  check: (result: unknown) => boolean;
}

/** A `fetch` that never touches the network: a fresh `Response` over the same prebuilt bytes each time. */
function stubFetch(body: unknown): (request: Request) => Promise<Response> {
  const bytes = new TextEncoder().encode(JSON.stringify(body));
  const headers = { "content-type": "application/json; charset=utf-8", "content-length": String(bytes.byteLength) };
  return async () => new Response(bytes, { status: 200, headers });
}

async function run(variants: Variant[]): Promise<Map<string, number[]>> {
  for (const v of variants) {
    if (!v.check(await v.op())) throw new Error(`${v.name}: unexpected result`);
  }
  for (const v of variants) for (let i = 0; i < WARMUP; i++) await v.op();
  const perRound = new Map<string, number[]>(variants.map((v) => [v.name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    // Rotate the order so no variant always runs right after the same neighbour.
    for (let k = 0; k < variants.length; k++) {
      const v = variants[(round + k) % variants.length]!;
      const start = process.hrtime.bigint();
      for (let i = 0; i < ITERATIONS; i++) await v.op();
      const elapsedNs = Number(process.hrtime.bigint() - start);
      perRound.get(v.name)!.push(elapsedNs / 1000 / ITERATIONS);
    }
  }
  return perRound;
}

function report(title: string, variants: Variant[], perRound: Map<string, number[]>, floor: string, raw: string, facade: string): string {
  const rawRounds = perRound.get(raw)!;
  const rawMedian = median(rawRounds);
  const rawBest = Math.min(...rawRounds);
  const rows = variants.map((v) => {
    const rounds = perRound.get(v.name)!;
    const us = median(rounds);
    const best = Math.min(...rounds);
    return [
      v.name,
      fmt(us, 2),
      fmt(best, 2),
      fmt(Math.max(...rounds), 2),
      fmt(1e6 / us, 0),
      v.name === floor ? "-" : `${fmt(us / rawMedian, 2)}×`,
      v.name === floor ? "-" : `${fmt(best / rawBest, 2)}×`,
    ];
  });
  // Three estimates of facade / raw. On a quiet machine they agree; when other work steals the CPU for a
  // while, it inflates whichever variant was running, and the estimates drift apart. The verdict uses the
  // median of the per-round ratios (facade and raw measured in the same round, moments apart).
  const facadeRounds = perRound.get(facade)!;
  const ratios = facadeRounds.map((f, i) => f / rawRounds[i]!);
  const paired = median(ratios);
  const ofMedians = median(facadeRounds) / rawMedian;
  const ofBest = Math.min(...facadeRounds) / rawBest;
  const extraUs = median(facadeRounds.map((f, i) => f - rawRounds[i]!));
  const verdict = (r: number) => (r <= TARGET ? "PASS" : "MISS");
  const agree = verdict(paired) === verdict(ofMedians) && verdict(paired) === verdict(ofBest);
  return [
    heading(title),
    table(["client", "median µs/op", "best µs/op", "worst µs/op", "ops/s", "vs raw (median)", "vs raw (best)"], rows),
    "",
    `facade / raw openapi-fetch: paired per round ${fmt(paired, 2)}× (quartiles ${fmt(percentile(ratios, 25), 2)}–${fmt(percentile(ratios, 75), 2)}×), ratio of medians ${fmt(ofMedians, 2)}×, ratio of best rounds ${fmt(ofBest, 2)}×`,
    `facade adds ${fmt(extraUs, 2)} µs/op over raw openapi-fetch (median of per-round differences)`,
    `target facade / raw ≤ ${fmt(TARGET, 2)}× (paired): ${fmt(paired, 2)}× → ${verdict(paired)}${agree ? "" : "  (the three estimates disagree on the verdict: the machine was busy; rerun on a quiet machine)"}`,
  ].join("\n");
}

async function main(): Promise<void> {
  console.log("# Benchmark 1: client overhead (stubbed fetch, no network)");
  console.log(machineLine());
  console.log(
    `${ROUNDS} rounds × ${ITERATIONS.toLocaleString("en-US")} sequential awaited requests per client after ${WARMUP.toLocaleString("en-US")} warm-up requests; per client the median and the best round are shown.`,
  );

  // --- MessageBird GET /calls/{callId} ---
  const mbBase = "https://voice.messagebird.com";
  const mbFetch = stubFetch(callEnvelope());
  const mbRaw = createClient<MessageBirdPaths>({
    baseUrl: mbBase,
    headers: { Authorization: `AccessKey ${ACCESS_KEY}`, "X-MessageBird-Version": "20170314" },
    fetch: mbFetch,
  });
  const mbVendor = createMessageBirdVoiceClient({ accessKey: ACCESS_KEY, baseUrl: mbBase, fetch: mbFetch });
  const mbFacade = createMessageBird({ accessKey: ACCESS_KEY, baseUrl: mbBase, fetch: mbFetch });
  const callInit = { params: { path: { callId: CALL_ID } } };
  const isCall = (r: unknown) => (r as { data?: { data?: { id?: string }[] } }).data?.data?.[0]?.id === CALL_ID;
  const mbVariants: Variant[] = [
    {
      name: "floor: new Request + stub fetch + json()",
      op: async () => (await mbFetch(new Request(`${mbBase}/calls/${CALL_ID}`, { headers: { Authorization: `AccessKey ${ACCESS_KEY}` } }))).json(),
      check: (r) => isCall({ data: r }),
    },
    { name: "raw openapi-fetch (createClient<paths>)", op: () => mbRaw.GET("/calls/{callId}", callInit), check: isCall },
    { name: "vendor client (createMessageBirdVoiceClient)", op: () => mbVendor.GET("/calls/{callId}", callInit), check: isCall },
    { name: "facade (createMessageBird, defaults)", op: () => mbFacade.GET("/calls/{callId}", callInit), check: isCall },
  ];
  const mbResults = await run(mbVariants);
  console.log(
    report(
      `MessageBird GET /calls/{callId} (one call, ${JSON.stringify(callEnvelope()).length}-byte JSON answer)`,
      mbVariants,
      mbResults,
      mbVariants[0]!.name,
      mbVariants[1]!.name,
      mbVariants[3]!.name,
    ),
  );

  // --- VoIPstudio GET /cdrs with a filter ---
  const vsBase = "https://l7api.com/v1.2/voipstudio";
  const page = { data: cdrRows(10), total: 10 };
  const vsFetch = stubFetch(page);
  const vsRaw = createClient<VoipstudioPaths>({ baseUrl: vsBase, headers: { "X-Auth-Token": VOIPSTUDIO_API_KEY }, fetch: vsFetch });
  const vsVendor = createVoipstudioClient({ token: VOIPSTUDIO_API_KEY, baseUrl: vsBase, fetch: vsFetch });
  const vsFacade = createVoipstudio({ apiKey: VOIPSTUDIO_API_KEY, baseUrl: vsBase, fetch: vsFetch });
  const cdrInit = { params: { query: { filter: CDR_FILTER, limit: 10, page: 1, sort: "calldate", dir: "DESC" as const } } };
  const isPage = (r: unknown) => (r as { data?: { data?: unknown[] } }).data?.data?.length === 10;
  const vsVariants: Variant[] = [
    {
      name: "floor: new Request + stub fetch + json()",
      op: async () =>
        (
          await vsFetch(
            new Request(`${vsBase}/cdrs?filter=${encodeURIComponent(CDR_FILTER)}&limit=10&page=1&sort=calldate&dir=DESC`, {
              headers: { "X-Auth-Token": VOIPSTUDIO_API_KEY },
            }),
          )
        ).json(),
      check: (r) => isPage({ data: r }),
    },
    { name: "raw openapi-fetch (createClient<paths>)", op: () => vsRaw.GET("/cdrs", cdrInit), check: isPage },
    { name: "vendor client (createVoipstudioClient)", op: () => vsVendor.GET("/cdrs", cdrInit), check: isPage },
    { name: "facade (createVoipstudio({ apiKey }), defaults)", op: () => vsFacade.GET("/cdrs", cdrInit), check: isPage },
  ];
  const vsResults = await run(vsVariants);
  const bytes = JSON.stringify(page).length;
  console.log(
    report(
      `VoIPstudio GET /cdrs?filter=…&limit=10&page=1&sort=calldate&dir=DESC (2-condition filter, 10 CDRs, ${fmt(bytes / 1000, 1)} kB JSON answer)`,
      vsVariants,
      vsResults,
      vsVariants[0]!.name,
      vsVariants[1]!.name,
      vsVariants[3]!.name,
    ),
  );
}

await main();
