/** Realistic response bodies for the benchmarks (shapes from the callspec OpenAPI documents). */
import type { components as MessageBirdComponents } from "@callspec/messagebird-voice";
import type { components as VoipstudioComponents } from "@callspec/voipstudio";

export type CallEnvelope = MessageBirdComponents["schemas"]["CallEnvelope"];
export type Cdr = VoipstudioComponents["schemas"]["Cdr"];

export const CALL_ID = "8e2f6a40-3c9d-4b17-a5e8-0d4c7b1f9a26";
export const ACCESS_KEY = "test_gshuPaZoeEG6ovbc8M79w0QyM";
export const VOIPSTUDIO_API_KEY = "5f1c2a9e7b3d4c8a9e0f1b2c3d4e5f6a7b8c9d0e";

/** A typical `GET /calls/{callId}` answer: one ended call, its links, and the zeroed pagination MessageBird sends. */
export function callEnvelope(callId = CALL_ID): CallEnvelope {
  return {
    data: [
      {
        id: callId,
        status: "ended",
        source: "31644556677",
        destination: "31612345678",
        numberId: "13f38f34-7ff4-45b3-8783-8d5b1143f22b",
        createdAt: "2026-05-11T16:35:53Z",
        updatedAt: "2026-05-11T16:37:28Z",
        endedAt: "2026-05-11T16:37:28Z",
        _links: { self: `/calls/${callId}`, legs: `/calls/${callId}/legs` },
      },
    ],
    _links: { self: `/calls/${callId}` },
    pagination: { totalCount: 0, pageCount: 0, currentPage: 0, perPage: 0 },
  };
}

/** First CDR id of the generated collection; ids are consecutive. */
export const CDR_BASE_ID = 731_245_809;

const names = ["Pablo Gonzalez", "Maria Lopez", "Jan de Vries", "Anna Schmidt", "Sofia Rossi", "Liam Murphy"];
const causes = ["Normal Clearing", "No Answer", "User Busy", "Normal Clearing", "Normal Clearing", "Call Rejected"];
const uas = ["VoIPstudio 3.4.0 / win32", "Yealink SIP-T46U 108.86.0.45", "VoIPstudio iOS 2.9.1", "Zoiper rv2.10.20.6"];
const codecs = ["opus", "alaw", "ulaw", "g722"];
const contexts = ["LOCAL_USER", "OUTBOUND", "QUEUE", "IVR"];

/** Deterministic pseudo-random numbers (mulberry32), so every run serves the same rows. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n: number) => String(n).padStart(2, "0");
const phone = (r: () => number, prefix: string) => prefix + String(Math.floor(r() * 1e9)).padStart(9, "0");

/** `count` realistic VoIPstudio CDRs (every field of the `Cdr` schema, ~700 bytes of JSON each). */
export function cdrRows(count: number, seed = 42): Cdr[] {
  const r = rng(seed);
  const start = Date.UTC(2026, 4, 1, 7, 0, 0);
  const rows: Cdr[] = [];
  for (let i = 0; i < count; i++) {
    const kind = r();
    const type = kind < 0.45 ? "O" : kind < 0.85 ? "I" : "M";
    const answered = type !== "M" && r() > 0.12;
    const billsec = answered ? Math.floor(r() * 600) : 0;
    const duration = billsec + Math.floor(r() * 25);
    const user = 42_598 + (i % 37);
    const d = new Date(start + i * 53_000 + Math.floor(r() * 50_000));
    const calldate = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
    const outside = phone(r, type === "O" ? "346" : "447");
    const own = phone(r, "3488");
    const src = type === "O" ? own : outside;
    const dst = type === "O" ? outside : own;
    const rate = type === "O" ? [0.035, 0.012, 0.0089, 0.11][i % 4]! : 0;
    const live = 900_000_000 + i * 3;
    rows.push({
      id: CDR_BASE_ID + i,
      calldate,
      call_id: 139_543_232 + i,
      live_id: live,
      parent_live_id: live,
      root_live_id: live,
      is_root: true,
      clid: `"+${src}" <+${src}>`,
      src,
      src_id: type === "O" ? String(user) : "0",
      src_name: type === "O" ? names[user % names.length]! : "",
      src_ua: type === "O" ? uas[i % uas.length]! : "",
      src_codec: codecs[i % codecs.length]!,
      dst,
      dst_id: type === "O" ? "0" : String(user),
      dst_name: type === "O" ? "Spain Mobile (Local)" : names[user % names.length]!,
      dst_ua: type === "O" ? "" : uas[(i + 1) % uas.length]!,
      dst_codec: codecs[(i + 1) % codecs.length]!,
      duration,
      billsec,
      disposition: answered ? "ANSWERED" : "NO ANSWER",
      type,
      destination: type === "O" ? "out" : "in",
      context: contexts[i % contexts.length]!,
      rate,
      charge: Math.round(((rate * billsec) / 60) * 10_000) / 10_000,
      t_cause: answered ? causes[i % causes.length]! : "No Answer",
      info: "",
      user_id: user,
      server_id: 12 + (i % 3),
      sip_endpoint_id: 880_000 + (user % 500),
      labels: i % 11 === 0 ? ["sales"] : [],
      metadata: "",
      nb_notes: i % 17 === 0 ? 1 : 0,
    });
  }
  return rows;
}

/** The VoIPstudio filter used by the overhead benchmark (two ANDed conditions). */
export const CDR_FILTER = JSON.stringify([
  { property: "calldate", operator: "gte", value: "2026-05-01 00:00:00" },
  { property: "type", operator: "eq", value: "O" },
]);
